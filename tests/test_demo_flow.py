"""`make demo` without a display (deploy/run_demo.py): hub, sync daemon and the rendered
tour come up; an edit published in the hub is in the terminal's database within two sync
intervals and the terminal reports the new version to the fleet page; Ctrl+C stops every
process the demo started."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import requests

from tests.staff_http import EDITOR, SITE, Staff, version_on

pytestmark = pytest.mark.timeout(240)
RUNNER = Path(__file__).resolve().parents[1] / "deploy" / "run_demo.py"
INTERVAL_S = 2
NEW_TITLE = "Offener Mittagstisch mit Nachtisch"


def _read_until(proc: subprocess.Popen, marker: str, seen: list[str]) -> None:
    for line in proc.stdout:  # type: ignore[union-attr]
        seen.append(line)
        if marker in line:
            return
    raise AssertionError(f"the demo ended (exit {proc.wait()}):\n{''.join(seen)[-3000:]}")


def _terminal(db_path: Path) -> tuple[int, str]:
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        version = db.execute("SELECT version FROM feed").fetchone()[0]
        title = db.execute("SELECT title FROM entries WHERE id = 'lb-mittagstisch'").fetchone()[0]
    finally:
        db.close()
    return version, title


def test_demo_flow_published_edit_reaches_the_terminal_within_two_intervals(tmp_path):
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    data, tour = tmp_path / "demo-data", tmp_path / "tour"
    proc = subprocess.Popen(
        [sys.executable, str(RUNNER), "--data", str(data), "--port", "0", "--interval",
         str(INTERVAL_S), "--tour", str(tour)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    seen: list[str] = []
    children: list[psutil.Process] = []
    url = ""
    try:
        _read_until(proc, "Demo running", seen)
        output = "".join(seen)
        url = re.search(r"Hub: (http://127\.0\.0\.1:\d+)/", output)[1]
        assert "Passwort: Demo-Passwort-2026" in output
        assert "Offener Mittagstisch · Begegnungsstätte Alte Schule" in output  # the listing
        assert (tour / "tour.json").exists() and len(list(tour.glob("*.png"))) > 20
        children = psutil.Process(proc.pid).children(recursive=True)
        assert len(children) >= 2  # hub and sync daemon

        staff = Staff(url).login(EDITOR)
        path = "/eintraege/lb-mittagstisch/bearbeiten"
        form = staff.form(path, form_id="entry-form").set("title", NEW_TITLE)
        assert staff.submit(form, path, action="save").status_code == 302
        # A saved change is a draft until "Freigeben"; the terminal keeps the released text.
        release_path = "/eintraege/lb-mittagstisch/freigeben"
        release = staff.form("/eintraege/lb-mittagstisch", action=release_path)
        assert staff.submit(release, release_path).status_code == 302
        version = version_on(staff.publish(SITE), SITE)
        published = time.monotonic()
        db_path = data / "terminal" / "kiosk.sqlite"
        while _terminal(db_path) != (version, NEW_TITLE):
            assert time.monotonic() - published < 2 * INTERVAL_S, _terminal(db_path)
            time.sleep(0.05)
        print(f"published → on the terminal: {time.monotonic() - published:.2f} s")
        # The daemon's heartbeat follows its sync: the fleet page knows the new version.
        while f"Versionsnummer {version}<" not in staff.page("/geraete/schule-1"):
            assert time.monotonic() - published < 4 * INTERVAL_S
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl+C
        code = proc.wait(timeout=30)
    assert code == 0, "".join(seen)[-2000:]
    assert not [p for p in children if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    with pytest.raises(requests.ConnectionError):
        requests.get(url or "http://127.0.0.1:9", timeout=2)
