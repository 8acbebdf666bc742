#!/bin/sh
# Install or update the Quartier-Kiosk hub on a Debian 12 server (docs/hub.md, "The hub as
# a service"). Run as root from a checkout of the repository:
#     sudo deploy/hub/install-hub.sh
# Installs the locked dependencies (requirements/hub.txt, with hashes) into
# /opt/quartier-hub/.venv, the systemd units, the nginx site (first time only, to be
# edited), and starts or restarts the hub. Run it again after `git pull` to update.
set -eu

here=$(cd "$(dirname "$0")/../.." && pwd)
prefix=/opt/quartier-hub
data=/var/lib/quartier-hub
backups=/var/backups/quartier-hub
site=/etc/nginx/sites-available/quartier-hub

if [ "$(id -u)" -ne 0 ]; then
  echo "Bitte als root starten: sudo $0" >&2
  exit 2
fi

"$here/deploy/system-deps.sh" hub
apt-get install -y -qq --no-install-recommends rsync

id quartier-hub >/dev/null 2>&1 || useradd --system --home-dir "$data" --no-create-home \
  --shell /usr/sbin/nologin quartier-hub
install -d -m 0711 -o quartier-hub -g quartier-hub "$data"
install -d -m 0700 -o quartier-hub -g quartier-hub "$backups"

mkdir -p "$prefix"
rsync -a --delete --delete-excluded --exclude .venv --exclude .git --exclude .cache --exclude build \
  "$here/" "$prefix/src/"
[ -x "$prefix/.venv/bin/python" ] || python3 -m venv "$prefix/.venv"
# Build tools first, then the hub's locked packages, then the hub itself: every download
# is checked against a hash from the lock, nothing is built in an unchecked environment.
"$prefix/.venv/bin/pip" install -q --require-hashes --no-deps -r "$here/requirements/build.txt"
"$prefix/.venv/bin/pip" install -q --require-hashes --no-build-isolation -r "$here/requirements/hub.txt"
"$prefix/.venv/bin/pip" install -q --no-deps --no-build-isolation --force-reinstall "$prefix/src"

for unit in quartier-hub.service quartier-hub-scheduler.service \
    quartier-hub-backup.service quartier-hub-backup.timer; do
  install -m 0644 "$here/deploy/hub/systemd/$unit" /etc/systemd/system/
done
systemctl daemon-reload

if [ ! -f "$data/hub.toml" ]; then
  install -m 0600 -o quartier-hub -g quartier-hub /dev/null "$data/hub.toml"
  cat > "$data/hub.toml" <<'TOML'
# Quartier-Hub, docs/hub.md "Configuration". Replace hub.example.org with this server's name.
[hub]
base_url = "https://hub.example.org/hub"
published_url = "https://hub.example.org/inhalte"
serve_published = false
behind_proxy = true
TOML
  echo "Neu angelegt: $data/hub.toml – bitte den Servernamen eintragen."
fi

if [ ! -f "$site" ]; then
  install -m 0644 "$here/deploy/hub/nginx/quartier-hub.conf" "$site"
  echo "Neu angelegt: $site – Servernamen und Zertifikat eintragen (docs/hub.md, TLS), dann:"
  echo "  ln -s $site /etc/nginx/sites-enabled/ && nginx -t && systemctl reload nginx"
fi

systemctl enable quartier-hub.service quartier-hub-scheduler.service quartier-hub-backup.timer
systemctl restart quartier-hub.service quartier-hub-scheduler.service
systemctl start quartier-hub-backup.timer
echo "Fertig. Erstes Konto (Verwaltung):"
echo "  sudo -u quartier-hub $prefix/.venv/bin/quartier-hub add-user --data $data --email ADRESSE --role admin"
