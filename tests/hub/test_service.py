"""`quartier-hub scheduler`: the daily publish as its own process (production: beside
gunicorn, deploy/hub/systemd/quartier-hub-scheduler.service)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hub.demo import SITE
from tests.deploy.hub_stack import seed_demo

BIN = Path(sys.executable).parent


def test_service_scheduler_publishes_when_due_and_stops_on_sigterm(tmp_path):
    data = tmp_path / "hub"
    seed_demo(data)
    feed = data / "published" / "sites" / SITE / "feed.json"
    feed.unlink()  # gone: only the scheduler's run can bring it back
    # due at any moment of any day: publish_time 00:00 and no run yet
    (data / "hub.toml").write_text('[hub]\npublish_time = "00:00"\n', encoding="utf-8")
    proc = subprocess.Popen([str(BIN / "quartier-hub"), "scheduler", "--data", str(data)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert "tägliches Veröffentlichen um 00:00 Uhr" in proc.stdout.readline()
        deadline = time.monotonic() + 60
        while not feed.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        assert feed.exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "tägliches Veröffentlichen beendet" in out
