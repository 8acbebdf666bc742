#!/bin/sh
# Make sure the Debian packages the project needs are installed.
#
# As root, missing packages are installed with apt-get. Otherwise the exact apt-get line
# is printed and the script exits 1, so `make` stops before anything half-works.
# Usage: deploy/system-deps.sh [runtime|hub|dev]
#   runtime: a terminal; hub: the hub's server (deploy/hub/install-hub.sh);
#   dev (default): both + test and benchmark tools (make test runs the hub behind nginx)
set -eu

runtime="espeak-ng alsa-utils sox libgl1 libgl1-mesa-dri libegl1 libmtdev1 xauth"
hub="nginx sqlite3 openssl python3-venv"
dev="xvfb zbar-tools libzbar0 chromium chromium-l10n fonts-dejavu-core wrk"

case "${1:-dev}" in
  runtime) wanted="$runtime" ;;
  hub) wanted="$hub" ;;
  dev) wanted="$runtime $hub $dev" ;;
  *) echo "usage: $0 [runtime|hub|dev]" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian system; please install the equivalents of: $wanted" >&2
  exit 0
fi

missing=""
for pkg in $wanted; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $pkg"
  fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "system-deps: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
else
  echo "system-deps: these Debian packages are missing. Please run:" >&2
  echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi
