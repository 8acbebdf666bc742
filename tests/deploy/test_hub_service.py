"""The hub as a service (deploy/hub/): gunicorn started with the unit's own ExecStart,
behind the nginx site rendered into a temporary nginx with TLS, on 127.0.0.1. Staff log
in and publish through nginx; a terminal pulls its feed through nginx and gets 304 the
second time; the static tree carries its caching and security headers; the units are
hardened and pass `systemd-analyze verify`."""

from __future__ import annotations

import configparser
import contextlib
import gzip
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
import requests

from hub.demo import ADMIN
from sync import heartbeat
from sync.config import load_config
from tests.deploy import hub_stack
from tests.staff_http import PASSWORD, SITE, Staff

pytestmark = pytest.mark.skipif(not Path(hub_stack.NGINX).exists(),
                                reason="nginx is not installed (deploy/system-deps.sh dev)")
UNIT_DIR = hub_stack.ROOT / "deploy" / "hub" / "systemd"
UNITS = sorted(UNIT_DIR.glob("*.service"))
TOKEN = "demo-token-schule-1"


@pytest.fixture(scope="module")
def stack():
    with hub_stack.demo_stack() as running:
        yield running


@pytest.fixture
def trusting(stack, monkeypatch):
    """requests (here and in subprocesses) trusts the stack's self-signed certificate."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", stack.ca)
    return stack


def _kiosk_toml(stack, folder: Path) -> Path:
    public = (stack.data / "keys" / "signing.pub").read_text().strip()
    path = folder / "kiosk.toml"
    path.write_text(
        f'[terminal]\nsite = "{SITE}"\nid = "schule-1"\ntoken = "{TOKEN}"\n'
        f'[sync]\nfeed_url = "{stack.base}/inhalte/sites/{SITE}/feed.json"\n'
        f'public_keys = ["{public}"]\n[paths]\ndata = "{folder / "terminal"}"\n'
        f'[hub]\nurl = "{stack.base}/hub"\n', encoding="utf-8")
    return path


def _pull(config: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(hub_stack.BIN / "quartier-sync"), "pull", "--config",
                           str(config)], capture_output=True, text=True, timeout=120)


def _feed_statuses(stack) -> list[str]:
    return [re.search(r'" (\d{3}) ', line)[1] for line in stack.access_log()
            if f"GET /inhalte/sites/{SITE}/feed.json " in line]


def test_hub_service_staff_log_in_and_publish_through_nginx(trusting):
    staff = Staff(trusting.base)
    # as a browser does; Flask-WTF checks it against the host nginx passes on (https)
    staff.session.headers["Referer"] = f"{trusting.base}/hub/anmelden"
    login = staff.form("/hub/anmelden").set("email", ADMIN).set("password", PASSWORD)
    assert login.action == "/hub/anmelden"  # the prefix from X-Forwarded-Prefix
    answer = staff.submit(login, "/hub/anmelden")
    assert answer.status_code == 302, answer.text[:300]
    assert answer.headers["Location"].startswith("/hub/")
    cookie = answer.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie  # https seen through the proxy
    assert "Abmelden" in staff.page("/hub/")
    form = staff.form("/hub/veroeffentlichen", action="/hub/veroeffentlichen", site=SITE)
    result = staff.submit(form, "/hub/veroeffentlichen")
    assert result.status_code == 302 and result.headers["Location"].startswith("/hub/")
    page = staff.session.get(trusting.base + result.headers["Location"], timeout=30)
    assert page.status_code == 200 and "Alte Schule" in page.text
    assert page.headers["Strict-Transport-Security"] == "max-age=63072000"
    # the editor's own headers pass unchanged; nginx adds none of the static tree's
    assert "frame-ancestors 'none'" not in page.headers.get("Content-Security-Policy", "")
    assert page.headers.get("Cache-Control", "") != "no-cache"


def test_hub_service_terminal_pulls_through_nginx_with_304_on_repeat(trusting, tmp_path):
    config = _kiosk_toml(trusting, tmp_path)
    before = len(_feed_statuses(trusting))
    first = _pull(config)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Aktualisiert: Version"), first.stdout
    second = _pull(config)
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("Nicht geändert"), second.stdout
    assert _feed_statuses(trusting)[before:] == ["200", "304"]
    # the heartbeat reaches the hub through nginx (Authorization passed on)
    answer = heartbeat.send(load_config(config), requests.Session())
    assert answer is not None and answer["ok"] is True


def test_hub_service_static_tree_headers(trusting):
    base = f"{trusting.base}/inhalte"
    feed = requests.get(f"{base}/sites/{SITE}/feed.json", timeout=10,
                        headers={"Accept-Encoding": "gzip"}, stream=True)
    raw = feed.raw.read(decode_content=False)
    assert feed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(raw).startswith(b"{")
    assert feed.headers["Cache-Control"] == "no-cache" and feed.headers["ETag"]
    assert feed.headers["Content-Type"] == "application/json; charset=utf-8"
    assert feed.headers["X-Content-Type-Options"] == "nosniff"
    assert feed.headers["Referrer-Policy"] == "no-referrer"
    assert feed.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert feed.headers["Strict-Transport-Security"] == "max-age=63072000"
    sig = requests.get(f"{base}/sites/{SITE}/feed.json.sig", timeout=10)
    assert sig.headers["Content-Type"].startswith("application/json") and sig.json()["sig"]

    body = requests.get(f"{base}/sites/{SITE}/feed.json", timeout=10).json()
    asset = next(iter(body["assets"]))
    kind = body["assets"][asset]["type"].split("/")[1].replace("jpeg", "jpg")
    image = requests.get(f"{base}/assets/{asset}.{kind}", timeout=10)
    assert image.status_code == 200
    assert image.headers["Cache-Control"] == "public, max-age=31536000, immutable"

    entry = next(e["id"] for e in body["entries"] if e.get("links", {}).get("ics"))
    phone = requests.get(f"{base}/e/{entry}.html", timeout=10)
    assert phone.status_code == 200 and phone.headers["Content-Type"].startswith("text/html")
    assert "frame-ancestors 'self'" in phone.headers["Content-Security-Policy"]
    assert phone.headers["Cache-Control"] == "public, max-age=300"
    ics = requests.get(f"{base}/e/{entry}.ics", timeout=10)
    assert ics.status_code == 200 and ics.text.startswith("BEGIN:VCALENDAR")
    assert ics.headers["Content-Type"].startswith("text/calendar")

    # atomic publishing may make sites/<site> a link into a version folder of the tree
    version = trusting.data / "published" / "sites" / ".v" / "verlinkt" / "7"
    version.mkdir(parents=True)
    (version / "feed.json").write_bytes(b'{"version": 7}')
    (trusting.data / "published" / "sites" / "verlinkt").symlink_to(".v/verlinkt/7")
    linked = requests.get(f"{base}/sites/verlinkt/feed.json", timeout=10)
    assert linked.status_code == 200 and linked.json() == {"version": 7}
    again = requests.get(f"{base}/sites/verlinkt/feed.json", timeout=10,
                         headers={"If-None-Match": linked.headers["ETag"]})
    assert again.status_code == 304

    for hidden in ("/.quartier-publish/", "/sites/.v/verlinkt/7/feed.json"):
        assert requests.get(base + hidden, timeout=10).status_code == 404
    plain = requests.get(f"http://127.0.0.1:{trusting.http_port}/inhalte/x", timeout=10,
                         allow_redirects=False)
    assert plain.status_code == 301
    assert plain.headers["Location"] == f"https://{hub_stack.HOST}/inhalte/x"


@pytest.mark.parametrize("path", UNITS, ids=[p.name for p in UNITS])
def test_hub_service_units_are_hardened(path):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment]
    parser.read(path)
    service = parser["Service"]
    assert service["User"] == "quartier-hub" and service["NoNewPrivileges"] == "true"
    assert service["ProtectSystem"] == "strict" and service["PrivateTmp"] == "true"
    assert "/var/lib/quartier-hub" in service["ReadWritePaths"]
    assert service["CapabilityBoundingSet"] == ""
    if service.get("Type") != "oneshot":
        assert service["Restart"] == "always" and "StartLimitBurst" in parser["Unit"]


def test_hub_service_runs_one_server_process_and_no_scheduler_in_it():
    argv, env = hub_stack.unit_command(hub_stack.UNIT, Path("/d"), 1)
    assert argv[argv.index("--workers") + 1] == "1" and argv[-1] == "hub.wsgi:app"
    assert env == {"QUARTIER_HUB_DATA": "/d"}
    scheduler = (hub_stack.ROOT / "deploy/hub/systemd/quartier-hub-scheduler.service")
    assert "quartier-hub scheduler --data /var/lib/quartier-hub" in scheduler.read_text()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed on this machine")
def test_hub_service_units_pass_systemd_analyze_verify(tmp_path):
    for path in sorted(UNIT_DIR.iterdir()):
        text = path.read_text().replace(hub_stack.INSTALLED_BIN, str(hub_stack.BIN))
        (tmp_path / path.name).write_text(text)
    result = subprocess.run(["systemd-analyze", "verify",
                             *sorted(str(p) for p in tmp_path.iterdir())],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"})
    assert result.returncode == 0, result.stderr


def test_hub_service_install_script_is_valid_sh_and_installs_every_unit():
    script = hub_stack.ROOT / "deploy" / "hub" / "install-hub.sh"
    result = subprocess.run(["sh", "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = script.read_text()
    for unit in UNIT_DIR.iterdir():
        assert unit.name in text, unit.name
    assert "systemctl restart quartier-hub.service quartier-hub-scheduler.service" in text


def _daily_run(data: Path) -> str | None:
    with contextlib.closing(sqlite3.connect(data / "hub.sqlite")) as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = 'daily_publish_date'"
                           ).fetchone()
    return row[0] if row else None


def test_hub_service_scheduler_runs_the_daily_publish_beside_gunicorn(stack):
    """gunicorn never runs the daily publish; `quartier-hub scheduler` (its own unit) does,
    and stops cleanly on SIGTERM."""
    assert _daily_run(stack.data) is None  # the server process did not run it
    argv = [str(hub_stack.BIN / "quartier-hub"), "scheduler", "--data", str(stack.data)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert "tägliches Veröffentlichen um 00:00 Uhr" in proc.stdout.readline()
        deadline = time.monotonic() + 60
        while _daily_run(stack.data) is None and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read()
            time.sleep(0.2)
        assert _daily_run(stack.data) is not None
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "daily publish:" in err and "tägliches Veröffentlichen beendet" in out
