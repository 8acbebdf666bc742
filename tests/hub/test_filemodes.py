"""File modes of the data folder: what the hub keeps (database with its -wal/-shm, session
key, keys, sources, pictures, the demo terminals' kiosk.toml with their tokens) is readable
by the hub's user alone; the published tree stays readable for the web server."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import requests

from hub.db import open_db
from tests.hub.conftest import make_app

BIN = Path(sys.executable).parent


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _private(data: Path) -> list[str]:
    """Everything below the data folder outside published/ and releases/ that others may
    read."""
    found = []
    for root, dirs, files in os.walk(data):
        here = Path(root)
        if here == data:
            dirs[:] = [d for d in dirs if d not in ("published", "releases")]
        for name in dirs + files:
            if _mode(here / name) & 0o077:
                found.append(f"{(here / name).relative_to(data)} {oct(_mode(here / name))}")
    return found


def test_filemodes_serve_keeps_data_private_and_the_published_tree_readable(tmp_path):
    data = tmp_path / "hub"
    proc = subprocess.Popen(
        [str(BIN / "quartier-hub"), "serve", "--data", str(data), "--port", "0", "--demo",
         "--no-scheduler"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"}, umask=0o022)
    try:
        for line in proc.stdout:  # type: ignore[union-attr]
            if "läuft" in line:
                break
        url = re.search(r"(http://127\.0\.0\.1:\d+)/", line)[1]
        # The -wal and -shm files live while a connection is open (each request closes
        # its own): this one keeps them while the hub writes a failed login.
        watcher = sqlite3.connect(data / "hub.sqlite")
        watcher.execute("SELECT count(*) FROM users").fetchone()
        browser = requests.Session()
        token = re.search(r'name="csrf_token" value="([^"]+)"',
                          browser.get(f"{url}/anmelden", timeout=30).text)[1]
        assert browser.post(f"{url}/anmelden", timeout=30, data={
            "csrf_token": token, "email": "x@y.example", "password": "falsch"}).ok
        assert (data / "hub.sqlite-wal").exists() and (data / "hub.sqlite-shm").exists()
        assert list((data / "content").glob("*.json"))
        assert list((data / "content" / "bilder").iterdir())
        assert list((data / "demo").glob("kiosk-*.toml"))
        assert _private(data) == []
        # Others may pass through the data folder (to published/), never list or write it.
        assert _mode(data) == 0o711
        assert _mode(data / "hub.sqlite") == 0o600
        assert _mode(data / "published") == 0o755
        # sites/<site> is a link to the live version folder (sync.publish_tree).
        feed = (data / "published" / "sites" / "lindenbach-alte-schule" / "feed.json").resolve()
        assert _mode(feed) == 0o644 and _mode(feed.parent) == 0o755
        assert _mode(feed.parent.parent) == 0o755 and _mode(feed.parents[2]) == 0o755
        watcher.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0


def test_filemodes_an_old_installation_is_made_private_at_start(tmp_path):
    data = tmp_path / "hub"
    old = os.umask(0o022)
    try:
        data.mkdir(mode=0o755)
        open_db(data / "hub.sqlite").conn.close()
        (data / "content").mkdir()
        (data / "content" / "ort-a.json").write_text("{}")
        (data / "hub.toml").write_text("[hub]\n")
        (data / "published").mkdir()
        (data / "published" / "index.html").write_text("")
        (data / "hub.sqlite").chmod(0o644)
        make_app(data)
    finally:
        os.umask(old)
    assert _private(data) == []
    assert _mode(data) == 0o711 and _mode(data / "content" / "ort-a.json") == 0o600
    assert _mode(data / "published" / "index.html") == 0o644


def test_filemodes_releases_stay_readable_for_the_web_server(tmp_path):
    """nginx serves <data>/releases/ (terminal software, the ring files) as it serves
    published/: a start of the hub must not take that away."""
    data = tmp_path / "hub"
    old = os.umask(0o022)
    try:
        wheels = data / "releases" / "1.0.0" / "wheels"
        wheels.mkdir(parents=True)
        (wheels / "pip-26.3-py3-none-any.whl").write_bytes(b"PK")
        (data / "releases" / "1.0.0" / "manifest.json").write_text("{}")
        make_app(data)
    finally:
        os.umask(old)
    assert _private(data) == []
    assert _mode(data / "releases") == 0o755 and _mode(wheels) == 0o755
    assert _mode(wheels / "pip-26.3-py3-none-any.whl") == 0o644
    assert _mode(data / "releases" / "1.0.0" / "manifest.json") == 0o644
