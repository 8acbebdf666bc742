#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Make sure the Debian packages the project needs are installed.
#
# As root, missing packages are installed with apt-get. Otherwise the exact apt-get line
# is printed and the script exits 1, so `make` stops before anything half-works.
# With DRY_RUN=1 the apt-get lines are only printed.
# Usage: deploy/system-deps.sh [runtime|hub|dev] [EXTRA-PACKAGE...]
#   runtime: a terminal; hub: the hub's server (deploy/hub/install-hub.sh);
#   dev (default): both + test and benchmark tools (make test runs the hub behind nginx)
set -eu

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

runtime="espeak-ng alsa-utils sox libgl1 libgl1-mesa-dri libegl1 libmtdev1 xauth python3-venv v4l-utils"
hub="nginx sqlite3 openssl python3-venv"
dev="xvfb libxtst6 zbar-tools libzbar0 chromium chromium-l10n fonts-dejavu-core shellcheck debootstrap wrk"

case "${1:-dev}" in
  runtime) wanted="$runtime" ;;
  hub) wanted="$hub" ;;
  dev) wanted="$runtime $hub $dev" ;;
  *)
    echo "usage: $0 [runtime|hub|dev] [EXTRA-PACKAGE...]" >&2
    exit 2
    ;;
esac
[ $# -gt 0 ] && shift
wanted="$wanted $*"

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian system; please install the equivalents of: $wanted" >&2
  exit 0
fi

# shellcheck disable=SC2086  # a list of package names
missing=$(missing_packages $wanted)
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ] || [ "$DRY_RUN" = 1 ]; then
  echo "system-deps: missing: $missing"
  export DEBIAN_FRONTEND=noninteractive
  run apt-get update -qq
  # shellcheck disable=SC2086
  run apt-get install -y -qq --no-install-recommends $missing
else
  echo "system-deps: these Debian packages are missing. Please run:" >&2
  echo "  sudo apt-get install -y --no-install-recommends $missing" >&2
  exit 1
fi
