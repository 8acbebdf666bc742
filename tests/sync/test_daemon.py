"""The daemon: interval with jitter, exponential backoff, a heartbeat after every attempt."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sync import daemon
from sync.state import load_state
from tests.sync.conftest import terminal_config

BIN = Path(sys.executable).parent


def test_next_delay_after_success_is_the_interval_with_jitter(config):
    rng = random.Random(1)
    delays = [daemon.next_delay(config, 0, rng) for _ in range(200)]
    assert 270 <= min(delays) < 290 and 310 < max(delays) <= 330


@pytest.mark.parametrize(("failures", "ceiling"), [(1, 30), (2, 60), (5, 480), (8, 3600),
                                                   (30, 3600)])
def test_next_delay_backs_off_exponentially_with_jitter(config, failures, ceiling):
    rng = random.Random(2)
    delays = [daemon.next_delay(config, failures, rng) for _ in range(200)]
    assert ceiling / 2 <= min(delays) and max(delays) <= ceiling
    assert max(delays) - min(delays) > ceiling / 4  # really spread, not one fixed value


def test_daemon_syncs_and_sends_a_heartbeat_after_each_attempt(publisher, tmp_path, server,
                                                               key_dir):
    config = terminal_config(tmp_path, server, key_dir, interval_s=0)
    publisher()
    failures = daemon.run(config, threading.Event(), cycles=2)
    assert failures == 0
    order = [(h.method, h.status) for h in server.hits if "assets" not in h.path]
    assert order == [("GET", 200), ("GET", 200), ("POST", 200), ("GET", 304), ("POST", 200)]


def test_daemon_sends_heartbeats_between_syncs(publisher, tmp_path, server, key_dir):
    """[hub] heartbeat_s: the kiosk's last frame reaches the hub within a minute, not
    only after the next sync (interval_s, 300 s by default)."""
    config = terminal_config(tmp_path, server, key_dir)
    config.sync.interval_s = 3600
    config.hub.heartbeat_s = 0.2
    publisher()
    stop = threading.Event()
    worker = threading.Thread(target=daemon.run, args=(config, stop))
    worker.start()
    try:
        deadline = time.monotonic() + 20
        while len(server.posts()) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        worker.join(timeout=10)
    feeds = [h for h in server.hits if h.path.endswith("feed.json")]
    assert len(server.posts()) >= 4 and len(feeds) == 1


def test_daemon_keeps_going_after_failures_and_counts_them(publisher, tmp_path, server,
                                                           key_dir):
    config = terminal_config(tmp_path, server, key_dir, retry_s=0)
    publisher()
    server.faults["feed.json"] = "500"
    assert daemon.run(config, threading.Event(), cycles=3) == 3
    assert len(server.posts()) == 3
    assert load_state(config.data_dir)["consecutive_failures"] == 3
    server.faults.clear()
    assert daemon.run(config, threading.Event(), cycles=1) == 0


def test_daemon_process_stops_cleanly_on_sigterm(publisher, config, server):
    publisher()
    proc = subprocess.Popen([str(BIN / "quartier-sync"), "daemon", "--config",
                             str(config.source)], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while not server.posts() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.posts(), "no heartbeat from the daemon"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "daemon started" in proc.stderr.read()
    body = json.loads(server.posts()[0].body)
    assert body["last_sync"]["ok"] is True and body["feed_version"]


def test_daemon_process_tells_systemd_it_is_ready_and_pings_the_watchdog(publisher, config,
                                                                          server, tmp_path):
    """Type=notify + WatchdogSec=: READY=1 once it runs, then WATCHDOG=1 while it waits
    (here every 0.2 s for a WatchdogSec of 0.4 s), STOPPING=1 on SIGTERM."""
    publisher()
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(10)
    env = {**os.environ, "NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "400000"}
    proc = subprocess.Popen([str(BIN / "quartier-sync"), "daemon", "--config",
                             str(config.source)], env=env, stderr=subprocess.DEVNULL)
    messages: list[str] = []
    try:
        while sum(m == "WATCHDOG=1" for m in messages) < 8:
            messages.extend(sock.recv(4096).decode().split("\n"))
        assert server.posts(), "pinged before its first heartbeat"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        sock.settimeout(0.5)
        with contextlib.suppress(TimeoutError):
            while True:
                messages.extend(sock.recv(4096).decode().split("\n"))
    finally:
        if proc.poll() is None:
            proc.kill()
        sock.close()
    assert messages[0] == "READY=1"
    assert any(m.startswith("STATUS=ok, next sync in") for m in messages)
    assert messages[-1] == "STOPPING=1"
