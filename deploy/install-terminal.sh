#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Install (or update) a Quartier-Kiosk terminal on Raspberry Pi OS Bookworm Lite 64-bit.
# Run as root from a checkout of the repository; docs/install.md walks through it.
#
#   sudo deploy/install-terminal.sh --enrol zeilen.txt          (or --enrol - : stdin)
#
# Options:
#   --dry-run               print every action, change nothing (root not needed)
#   --enrol FILE|-          the lines from the hub's enrolment page, into kiosk.toml
#   --audio-device DEV      ALSA device for speech, e.g. plughw:CARD=UACDemoV10,DEV=0
#                           (default: kept from kiosk.toml, else found with `aplay -L`)
#   --ntp SERVER            the municipality's time server (repeat for several)
#   --video-mode WxH@HZ     pin this mode instead of [screen] width_px x height_px @ 60
#   --requirements FILE     install the app's dependencies from this lock/requirements
#                           file (pip -r; hashes in it are enforced)
#                           (default: the checkout's hashed lock requirements/terminal.txt)
#   --wheelhouse DIR        install from these wheels only, without the internet
#   --switch-to-console     on a Desktop image: boot to the console instead (multi-user)
#   --readonly              switch on the read-only root at the end (quartier-readonly on)
#   --boot-dir DIR          where cmdline.txt and config.txt are (default /boot/firmware)
#
# Idempotent: a second run with the same input changes nothing. Exit codes: 0 done,
# 1 a step failed, 2 bad usage or input or the wrong system (German message).
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib.sh
. "$here/deploy/lib.sh"

PREFIX=/opt/quartier-kiosk
VENV=$PREFIX/.venv
DATA=/var/lib/quartier-kiosk
ETC=/etc/quartier-kiosk
CONFIG=$ETC/kiosk.toml
TOOLS=/usr/local/lib/quartier-kiosk
USER_NAME=quartier
GROUPS_NEEDED="video render input audio"
UNITS="quartier-kiosk.service quartier-sync.service"
UPDATE_UNITS="quartier-update.service quartier-update.timer"
helper="python3 $here/deploy/terminal_config.py"

usage() {
  sed -n '3,24p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-2}"
}

enrol="" audio_device="" ntp_given="" video_mode="" requirements="" wheelhouse=""
switch_console="" readonly_root="" ntp_args=""
while [ $# -gt 0 ]; do
  case $1 in
    --dry-run) DRY_RUN=1 ;;
    --enrol) enrol=${2:?--enrol braucht eine Datei oder -}; shift ;;
    --audio-device) audio_device=${2:?--audio-device braucht ein Gerät}; shift ;;
    --ntp)
      case ${2:-} in
        "" | *[!A-Za-z0-9.:-]*) die 2 "--ntp '${2:-}': kein Rechnername" ;;
      esac
      ntp_given=1
      ntp_args="$ntp_args --item clock.ntp=$2"
      shift
      ;;
    --video-mode) video_mode=${2:?--video-mode braucht z. B. 1920x1080@60}; shift ;;
    --requirements) requirements=${2:?--requirements braucht eine Datei}; shift ;;
    --wheelhouse) wheelhouse=${2:?--wheelhouse braucht einen Ordner}; shift ;;
    --switch-to-console) switch_console=1 ;;
    --readonly) readonly_root=1 ;;
    --boot-dir) BOOT_DIR=${2:?--boot-dir braucht einen Ordner}; shift ;;
    -h | --help) usage 0 ;;
    *) echo "Unbekannte Option: $1" >&2; usage ;;
  esac
  shift
done
export DRY_RUN

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- 1. Is this the right system? (reads only) ------------------------------------------

check_system() {
  if [ "$DRY_RUN" = 1 ]; then
    say "Probelauf (--dry-run): Es wird nichts verändert; jede Aktion wird mit + angezeigt."
  elif [ "$(id -u)" -ne 0 ]; then
    die 2 "Bitte als root starten: sudo $0 (oder mit --dry-run nur anzeigen)"
  fi
  command -v python3 >/dev/null || die 2 "python3 fehlt (gehört zu Raspberry Pi OS Lite)."
  codename=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release | tr -d '"')
  [ "$codename" = bookworm ] ||
    die 2 "Dieses System ist ${codename:-unbekannt}; das Terminal braucht Raspberry Pi OS Bookworm Lite 64-bit (Debian 12)."
  arch=$(dpkg --print-architecture)
  [ "$arch" = arm64 ] || note "Architektur $arch statt arm64: kein 64-Bit-Raspberry-Pi-OS – weiter, aber so nicht im Einsatz erprobt."
  is_rpi=""
  [ -f /etc/rpi-issue ] && is_rpi=1
  [ -n "$is_rpi" ] || note "kein Raspberry Pi OS (/etc/rpi-issue fehlt): kein Startbild (Plymouth)."
  check_desktop
  if [ -n "$enrol" ]; then
    if [ "$enrol" = - ]; then
      cat >"$work/enrol.toml"
      enrol=$work/enrol.toml
    fi
    [ -f "$enrol" ] || die 2 "--enrol $enrol: Datei nicht gefunden"
    $helper check-enrolment "$enrol" || exit 2
  elif [ ! -f "$CONFIG" ]; then
    note "ohne --enrol: $CONFIG bekommt Platzhalter; das Terminal lädt erst Inhalte, wenn die Zeilen aus dem Hub eingetragen sind (Installation mit --enrol wiederholen)."
  fi
  if [ -n "$wheelhouse" ]; then
    ls "$wheelhouse"/quartier_kiosk-*.whl >/dev/null 2>&1 ||
      die 2 "--wheelhouse $wheelhouse: kein quartier_kiosk-*.whl darin"
  fi
  if [ -n "$requirements" ] && [ ! -f "$requirements" ]; then
    die 2 "--requirements $requirements: Datei nicht gefunden"
  fi
}

# A Desktop image starts a display manager, which holds the screen (and its PipeWire the
# sound); the kiosk draws straight on the GPU and cannot share it.
check_desktop() {
  dm_link=/etc/systemd/system/display-manager.service
  [ -L "$dm_link" ] || return 0
  dm=$(basename "$(readlink "$dm_link")")
  if [ -z "$switch_console" ]; then
    die 2 "Desktop-Abbild erkannt: $dm startet eine grafische Oberfläche und belegt den Bildschirm (und PipeWire den Ton). Das Terminal braucht Raspberry Pi OS Lite. Entweder Lite neu aufspielen (empfohlen) oder dieses Programm mit --switch-to-console erneut starten: dann startet der Pi ohne Desktop auf der Konsole (multi-user.target); der Desktop bleibt installiert, startet aber nicht mehr."
  fi
}

switch_to_console() {
  [ -n "${dm:-}" ] || return 0
  say "== Desktop-Abbild erkannt ($dm): wird auf Konsole umgestellt (--switch-to-console)."
  run systemctl disable "$dm"
  run systemctl set-default multi-user.target
}

# --- 2. Packages, user, folders ----------------------------------------------------------

install_packages() {
  say "== Pakete"
  extra=""
  [ -n "$is_rpi" ] && extra="rpd-plym-splash"
  [ -n "$readonly_root" ] && extra="$extra overlayroot"
  # shellcheck disable=SC2086  # a list of package names
  "$here/deploy/system-deps.sh" runtime $extra
}

create_user() {
  say "== Benutzer $USER_NAME"
  for group in $GROUPS_NEEDED; do
    getent group "$group" >/dev/null || run groupadd --system "$group"
  done
  if ! id "$USER_NAME" >/dev/null 2>&1; then
    run useradd --system --user-group --home-dir "$DATA" --no-create-home \
      --shell /usr/sbin/nologin --comment "Quartier-Kiosk" \
      --groups "$(echo "$GROUPS_NEEDED" | tr ' ' ,)" "$USER_NAME"
  else
    for group in $GROUPS_NEEDED; do
      id -nG "$USER_NAME" | tr ' ' '\n' | grep -qx "$group" || run usermod -aG "$group" "$USER_NAME"
    done
  fi
  ensure_dir 0755 root root "$PREFIX"
  ensure_dir 0750 "$USER_NAME" "$USER_NAME" "$DATA"
  ensure_dir 0755 root root "$ETC"
  # Content written by an older install (user "kiosk") becomes quartier's.
  if id "$USER_NAME" >/dev/null 2>&1 && [ -d "$DATA" ] &&
    [ -n "$(find "$DATA" ! -user "$USER_NAME" -print -quit)" ]; then
    run chown -R "$USER_NAME:$USER_NAME" "$DATA"
  fi
}

# --- 3. The app ---------------------------------------------------------------------------

install_app() {
  say "== Programm in $VENV"
  [ -x "$VENV/bin/python" ] || run python3 -m venv "$VENV"
  pip="$VENV/bin/pip"
  lock=$requirements
  if [ -n "$wheelhouse" ]; then
    source_args="--no-index --find-links $wheelhouse"
    app=quartier-kiosk
  else
    source_args=""
    app=$here
    # Without options: the versions the project tested, from its hashed lock
    # (requirements/terminal.txt, docs/install.md), never whatever is newest today.
    [ -n "$lock" ] || lock=$here/requirements/terminal.txt
    # pip and setuptools from their own lock first: one dependency comes only as source.
    [ -n "$requirements" ] ||
      run "$pip" install -q --no-cache-dir --require-hashes --no-deps -r "$here/requirements/build.txt"
  fi
  # shellcheck disable=SC2086  # source_args is a list of options
  if [ -n "$lock" ]; then
    run "$pip" install -q --no-cache-dir $source_args --no-build-isolation -r "$lock"
    run "$pip" install -q --no-cache-dir $source_args --no-build-isolation --no-deps "$app"
  else
    run "$pip" install -q --no-cache-dir $source_args "${app}[terminal]"
  fi
  link_current
}

# The units start $PREFIX/current/bin/…: this installation, until quartier-update switches
# the link to a release from the hub (releases/<version>/, docs/install.md "Updates").
link_current() {
  current=$PREFIX/current
  target=$(readlink "$current" 2>/dev/null || true)
  case $target in
    "" | .venv | "$VENV") ensure_symlink .venv "$current" ;;
    *) note "$current zeigt auf $target (ein Update aus dem Hub) und bleibt so. Zurück auf diese Installation: sudo ln -sfn .venv $current && sudo systemctl restart $UNITS" ;;
  esac
}

# --- 4. kiosk.toml (worked out before anything changes) --------------------------

prepare_config() {
  base=$CONFIG
  [ -f "$base" ] || base=$here/deploy/kiosk.toml.example
  set --
  [ -n "$enrol" ] && set -- "$@" --enrol "$enrol"
  [ -n "$video_mode" ] && set -- "$@" --text "screen.video_mode=$video_mode"
  # shellcheck disable=SC2086  # ntp_args is a list of options without spaces in them
  [ -n "$ntp_given" ] && set -- "$@" $ntp_args
  current_device=$($helper get "$base" audio.device) || exit 2
  if [ -n "$audio_device" ]; then
    set -- "$@" --text "audio.device=$audio_device"
  elif [ -z "$current_device" ]; then
    aplay -L >"$work/aplay" 2>/dev/null || : >"$work/aplay"
    cat /proc/asound/cards >"$work/cards" 2>/dev/null || : >"$work/cards"
    output=$($helper get "$base" screen.output) || exit 2
    device=$($helper audio-device --aplay "$work/aplay" --cards "$work/cards" \
      --output "${output:-HDMI-A-1}") || exit 2
    set -- "$@" --text "audio.device=$device"
  fi
  $helper merge --base "$base" "$@" >"$work/kiosk.toml" || exit 2
  video_token=$($helper video "$work/kiosk.toml") || exit 2
  servers=$($helper ntp "$work/kiosk.toml") || exit 2
}

write_config() {
  say "== $CONFIG"
  put_file 0640 root "$USER_NAME" "$CONFIG" secret <"$work/kiosk.toml"
}

# --- 5. systemd -----------------------------------------------------------------------------

install_units() {
  say "== systemd"
  for unit in $UNITS $UPDATE_UNITS; do
    put_file 0644 root root "/etc/systemd/system/$unit" "from:deploy/systemd/$unit" \
      <"$here/deploy/systemd/$unit"
  done
  for dropin in journald.conf.d system.conf.d systemd-time-wait-sync.service.d; do
    conf=90-quartier-kiosk.conf
    case $dropin in
      *.service.d) target=/etc/systemd/system/$dropin/$conf ;;
      *) target=/etc/systemd/$dropin/$conf ;;
    esac
    put_file 0644 root root "$target" <"$here/deploy/systemd/$dropin/$conf"
  done
  timesync=/etc/systemd/timesyncd.conf.d/90-quartier-kiosk.conf
  if [ -n "$servers" ]; then
    printf '%s\n' "# Written by deploy/install-terminal.sh from [clock] ntp in $CONFIG." \
      "[Time]" "NTP=$servers" | put_file 0644 root root "$timesync"
  else
    remove_file "$timesync"
  fi
  # shellcheck disable=SC2086  # a list of units
  run systemctl enable $UNITS quartier-update.timer systemd-timesyncd.service \
    systemd-time-wait-sync.service
  # The kiosk owns tty1; no login prompt underneath it.
  run systemctl disable getty@tty1.service
}

# --- 6. Boot: pinned video mode, quiet boot with a splash --------------------------------

configure_boot() {
  say "== Systemstart"
  if ! cmdline=$(find_cmdline); then
    note "keine cmdline.txt in ${BOOT_DIR:-/boot/firmware oder /boot}: Bildmodus und ruhiger Start übersprungen (kein Raspberry Pi?)."
    return 0
  fi
  line=$(read_cmdline "$cmdline")
  line=$(cmdline_edit "$line" 'video=HDMI-A-[0-9]:*' "$video_token")
  # Kernel and systemd messages to tty3; tty1 is the kiosk's, the panel shows nothing else.
  line=$(cmdline_edit "$line" 'console=tty[0-9]*' console=tty3)
  line=$(cmdline_edit "$line" quiet quiet)
  line=$(cmdline_edit "$line" 'loglevel=*' loglevel=3)
  line=$(cmdline_edit "$line" logo.nologo logo.nologo)
  line=$(cmdline_edit "$line" 'vt.global_cursor_default=*' vt.global_cursor_default=0)
  line=$(cmdline_edit "$line" 'consoleblank=*' consoleblank=0)
  if [ -n "$is_rpi" ]; then
    line=$(cmdline_edit "$line" splash splash)
    line=$(cmdline_edit "$line" plymouth.ignore-serial-consoles plymouth.ignore-serial-consoles)
  fi
  write_cmdline "$cmdline" "$line"
  config_txt=$(dirname "$cmdline")/config.txt
  if [ -f "$config_txt" ] && ! grep -qx 'disable_splash=1' "$config_txt"; then
    # No rainbow square from the firmware; appended under [all] so it counts on every Pi.
    {
      cat "$config_txt"
      [ "$(grep '^\[' "$config_txt" | tail -n 1)" = "[all]" ] || echo "[all]"
      echo "disable_splash=1"
    } | put_file - - - "$config_txt"
  fi
}

# --- 7. Tools, read-only root, finish --------------------------------------------------------

install_tools() {
  say "== Werkzeuge"
  put_file 0644 root root "$TOOLS/lib.sh" from:deploy/lib.sh <"$here/deploy/lib.sh"
  put_file 0755 root root "$TOOLS/quartier-readonly" from:deploy/quartier-readonly \
    <"$here/deploy/quartier-readonly"
  ensure_symlink "$TOOLS/quartier-readonly" /usr/local/sbin/quartier-readonly
}

finish() {
  if [ -n "$readonly_root" ]; then
    say "== Schreibschutz"
    "$here/deploy/quartier-readonly" on
  fi
  if [ "$DRY_RUN" != 1 ] && [ -x "$VENV/bin/python" ]; then
    # The app's own loader reads the file as the terminal will (types, ranges).
    "$VENV/bin/python" -c 'import sys; from sync.config import load_config; load_config(sys.argv[1])' "$CONFIG" ||
      die 2 "$CONFIG: die App kann die Datei nicht lesen (siehe oben)"
  fi
  if [ -d /run/systemd/system ]; then
    run systemctl daemon-reload
    # shellcheck disable=SC2086  # a list of units
    run systemctl try-restart $UNITS
  fi
  say "Fertig. Bitte neu starten: sudo reboot"
}

check_system
prepare_config
switch_to_console
install_packages
create_user
install_app
write_config
install_units
configure_boot
install_tools
finish
