#!/bin/sh
# Install Quartier-Kiosk on a Raspberry Pi OS (Bookworm, Lite) or Debian 12 terminal.
# Run as root from a checkout of the repository:   sudo deploy/install-terminal.sh
# Afterwards: edit /etc/quartier-kiosk/kiosk.toml (the hub shows the lines), then reboot.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
prefix=/opt/quartier-kiosk
data=/var/lib/quartier-kiosk
etc=/etc/quartier-kiosk

if [ "$(id -u)" -ne 0 ]; then
  echo "Bitte als root starten: sudo $0" >&2
  exit 2
fi

"$here/deploy/system-deps.sh" runtime
apt-get install -y -qq --no-install-recommends python3-venv rsync

id kiosk >/dev/null 2>&1 || useradd --system --home-dir "$data" --shell /usr/sbin/nologin \
  --groups video,render,input,audio,tty kiosk

mkdir -p "$prefix" "$data" "$etc"
rsync -a --delete --exclude .venv --exclude .git "$here/" "$prefix/"
python3 -m venv "$prefix/.venv"
"$prefix/.venv/bin/pip" install -q --upgrade pip
"$prefix/.venv/bin/pip" install -q "$prefix"
chown -R kiosk:kiosk "$data"

if [ ! -f "$etc/kiosk.toml" ]; then
  install -m 0640 -o root -g kiosk "$here/deploy/kiosk.toml.example" "$etc/kiosk.toml"
  echo "Neu angelegt: $etc/kiosk.toml – bitte die Zeilen aus dem Hub eintragen."
fi

install -m 0644 "$here/deploy/systemd/quartier-kiosk.service" /etc/systemd/system/
install -m 0644 "$here/deploy/systemd/quartier-sync.service" /etc/systemd/system/
systemctl daemon-reload
systemctl enable quartier-sync.service quartier-kiosk.service
systemctl disable getty@tty1.service 2>/dev/null || true
echo "Fertig. Nach dem Eintragen der Zugangsdaten: sudo reboot"
