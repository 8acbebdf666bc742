# shellcheck shell=sh
# Shared by the terminal's set-up scripts (install-terminal.sh, quartier-readonly,
# system-deps.sh): messages, the dry run, idempotent file writes, the kernel command line.
#
# Every change goes through `run` (a command) or `put_file` / `remove_file` (a file). Both
# print the action first ("+ ..."); with DRY_RUN=1 they only print. A file whose content,
# mode and owner are already right is left alone ("unverändert: ..."), so a second run
# changes nothing. Messages for the technician are German; the action lines are commands.

DRY_RUN=${DRY_RUN:-0}

say() { printf '%s\n' "$*"; }
note() { printf 'Hinweis: %s\n' "$*" >&2; }
die() {
  code=$1
  shift
  printf 'Fehler: %s\n' "$*" >&2
  exit "$code"
}

# Print the arguments as one shell command line, quoting where needed.
quote_args() {
  out=""
  for arg in "$@"; do
    case $arg in
      "" | *[!A-Za-z0-9_./:=@%+,-]*)
        arg="'$(printf '%s' "$arg" | sed "s/'/'\\\\''/g")'" ;;
    esac
    out="$out${out:+ }$arg"
  done
  printf '%s' "$out"
}

run() {
  printf '+ %s\n' "$(quote_args "$@")"
  [ "$DRY_RUN" = 1 ] || "$@"
}

# put_file MODE OWNER GROUP PATH [secret|from:SOURCE] < content
# Writes PATH atomically when its content, mode or owner differ. A dry run shows the
# content; with "secret" `token = ...` lines masked, with "from:SOURCE" only the source's
# name. MODE "-" keeps mode and owner as they are (the boot partition is FAT: no owners,
# no modes).
put_file() {
  pf_mode=$1 pf_owner=$2 pf_group=$3 pf_path=$4 pf_secret=${5:-}
  pf_content=$(cat)
  pf_want="${pf_mode#0} $pf_owner $pf_group"
  [ "$pf_mode" = - ] && pf_want=-
  if [ -f "$pf_path" ] && printf '%s\n' "$pf_content" | cmp -s - "$pf_path" &&
    { [ "$pf_want" = - ] || [ "$(stat -c '%a %U %G' "$pf_path")" = "$pf_want" ]; }; then
    say "unverändert: $pf_path"
    return 0
  fi
  if [ "$pf_mode" = - ]; then
    printf '+ write %s\n' "$pf_path"
  else
    printf '+ write %s (%s %s:%s)\n' "$pf_path" "$pf_mode" "$pf_owner" "$pf_group"
  fi
  if [ "$DRY_RUN" = 1 ]; then
    case $pf_secret in
      secret) printf '%s\n' "$pf_content" | sed 's/^\([[:space:]]*token[[:space:]]*=\).*/\1 "…"/' ;;
      from:*) printf '%s\n' "(${pf_secret#from:})" ;;
      *) printf '%s\n' "$pf_content" ;;
    esac | sed 's/^/    | /'
    return 0
  fi
  mkdir -p "$(dirname "$pf_path")"
  pf_tmp="$pf_path.quartier-new"
  printf '%s\n' "$pf_content" >"$pf_tmp"
  if [ "$pf_mode" != - ]; then
    chown "$pf_owner:$pf_group" "$pf_tmp"
    chmod "$pf_mode" "$pf_tmp"
  fi
  mv -f "$pf_tmp" "$pf_path"
}

# ensure_dir MODE OWNER GROUP PATH
ensure_dir() {
  if [ -d "$4" ] && [ "$(stat -c '%a %U %G' "$4")" = "${1#0} $2 $3" ]; then
    return 0
  fi
  run install -d -m "$1" -o "$2" -g "$3" "$4"
}

# ensure_symlink TARGET LINK
ensure_symlink() {
  if [ "$(readlink "$2" 2>/dev/null)" = "$1" ]; then
    return 0
  fi
  run ln -sfn "$1" "$2"
}

remove_file() {
  if [ -e "$1" ] || [ -L "$1" ]; then
    run rm -f "$1"
  fi
}

pkg_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# The packages of the list that are not installed, space-separated.
missing_packages() {
  mp_out=""
  for mp_pkg in "$@"; do
    pkg_installed "$mp_pkg" || mp_out="$mp_out${mp_out:+ }$mp_pkg"
  done
  printf '%s' "$mp_out"
}

# --- the kernel command line (cmdline.txt: one line of space-separated tokens) ----------

# cmdline_edit LINE PATTERN [TOKEN]: LINE with the first token matching the glob PATTERN
# replaced by TOKEN in place (appended when none matches) and every other match removed;
# without TOKEN every match is removed. Tokens keep their order, so editing twice gives
# the same line.
cmdline_edit() {
  ce_line=$1 ce_pattern=$2 ce_token=${3:-}
  ce_out="" ce_placed=""
  set -f
  for ce_t in $ce_line; do
    # shellcheck disable=SC2254  # the pattern is a glob on purpose
    case $ce_t in
      $ce_pattern)
        if [ -n "$ce_token" ] && [ -z "$ce_placed" ]; then
          ce_out="$ce_out${ce_out:+ }$ce_token"
          ce_placed=1
        fi
        ;;
      *) ce_out="$ce_out${ce_out:+ }$ce_t" ;;
    esac
  done
  set +f
  if [ -n "$ce_token" ] && [ -z "$ce_placed" ]; then
    ce_out="$ce_out${ce_out:+ }$ce_token"
  fi
  printf '%s' "$ce_out"
}

# The cmdline.txt of the boot partition: $BOOT_DIR/cmdline.txt (Bookworm: /boot/firmware).
find_cmdline() {
  for fc_dir in ${BOOT_DIR:-/boot/firmware /boot}; do
    if [ -f "$fc_dir/cmdline.txt" ]; then
      printf '%s' "$fc_dir/cmdline.txt"
      return 0
    fi
  done
  return 1
}

# Read cmdline.txt; it must be one line (the firmware reads only the first).
read_cmdline() {
  if [ "$(grep -c . "$1")" -gt 1 ]; then
    die 2 "$1 hat mehr als eine Zeile; der Raspberry Pi liest nur die erste. Bitte zu einer Zeile zusammenfassen."
  fi
  tr -d '\n' <"$1"
}

# write_cmdline PATH LINE: write it (keeping the first original as PATH.quartier-orig).
write_cmdline() {
  if [ "$(read_cmdline "$1")" = "$2" ]; then
    say "unverändert: $1"
    return 0
  fi
  if [ ! -e "$1.quartier-orig" ]; then
    run cp -p "$1" "$1.quartier-orig"
  fi
  printf '%s\n' "$2" | put_file - - - "$1"
}
