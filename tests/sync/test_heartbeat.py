"""The heartbeat to the hub: the body of DESIGN.md section 4, and it never gets in the way."""

from __future__ import annotations

import json
import logging
import socket
import time

import pytest
import requests

from sync import heartbeat
from sync.errors import FetchError
from sync.net import software_version
from sync.pull import pull
from sync.state import load_state
from tests.sync.conftest import SITE, terminal_config


def test_heartbeat_posts_the_documented_body_with_the_bearer_token(publisher, config,
                                                                   server):
    version = publisher()
    pull(config)
    with requests.Session() as session:
        answer = heartbeat.send(config, session)
    assert answer == {"ok": True, "confirmed": []}
    (hit,) = server.posts()
    assert hit.path == "/hub/api/v1/heartbeat"
    assert hit.headers["Authorization"] == "Bearer geheim-123"
    body = json.loads(hit.body)
    assert set(body) == {"terminal", "site", "software", "feed_version", "last_sync",
                         "clock_skew_s", "disk_free_mb", "uptime_s", "counters", "kiosk",
                         "update"}
    assert body["kiosk"] is None  # the kiosk app has not started on this test terminal
    # no update has run on this test terminal: its ring and nothing else
    assert body["update"] == {"ring": "alle", "target": None, "result": None, "at": None,
                              "error": None, "german": None}
    assert body["terminal"] == "test-1" and body["site"] == SITE
    assert body["software"] == software_version() and body["feed_version"] == version
    state = load_state(config.data_dir)
    assert body["last_sync"] == {"at": state["last_attempt"], "ok": True, "error": None}
    assert isinstance(body["clock_skew_s"], float) and body["counters"] == []
    assert body["disk_free_mb"] > 0 and body["uptime_s"] > 0


def test_heartbeat_reports_the_last_failure(publisher, config, server):
    server.faults["feed.json"] = "500"
    with pytest.raises(FetchError):
        pull(config)
    with requests.Session() as session:
        heartbeat.send(config, session)
    body = json.loads(server.posts()[0].body)
    assert body["last_sync"]["ok"] is False and "HTTP 500" in body["last_sync"]["error"]
    assert body["feed_version"] is None


def test_heartbeat_wrong_token_is_logged_not_raised(config, server, caplog):
    server.hub_status = 401
    with requests.Session() as session:
        assert heartbeat.send(config, session) is None
    assert "wrong terminal token" in caplog.text


def test_heartbeat_slow_hub_gives_up_after_the_short_timeout(config, server):
    server.hub_delay_s = 3
    start = time.monotonic()
    with requests.Session() as session:
        assert heartbeat.send(config, session) is None
    assert time.monotonic() - start < 2


def test_heartbeat_unreachable_hub_returns_none(tmp_path, server, key_dir):
    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = terminal_config(tmp_path, server, key_dir)
    config.hub.url = f"http://127.0.0.1:{port}/hub"
    with requests.Session() as session:
        assert heartbeat.send(config, session) is None


def test_heartbeat_without_hub_url_sends_nothing(config, server):
    config.hub.url = ""
    with requests.Session() as session:
        assert heartbeat.send(config, session) is None
    assert server.posts() == []


def test_heartbeat_carries_what_the_kiosk_app_reported(config):
    from sync import heartbeat, kiosk_status

    kiosk_status.write(config.data_dir, {"speech": {"available": False, "text":
                                                    "Keine Tonausgabe gefunden"}})
    body = heartbeat.build(config, {})
    assert body["kiosk"]["speech"]["available"] is False


def test_heartbeat_total_deadline_holds_against_a_dripping_hub(config, server):
    """The hub answers one byte every 0.3 s: within the read timeout each time, so only a
    total deadline ([hub] timeout_s) ends it."""
    server.hub_drip = True
    start = time.monotonic()
    with requests.Session() as session:
        assert heartbeat.send(config, session) is None
    assert time.monotonic() - start < config.hub.timeout_s + 2.0


def test_heartbeat_429_is_logged_and_the_hub_not_asked_again_before_retry_after(
        config, server, caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="sync.heartbeat")
    server.hub_status, server.hub_retry_after = 429, "7"
    with requests.Session() as session:
        assert heartbeat.send(config, session) is None
        assert heartbeat.send(config, session) is None  # held: nothing sent
        assert len(server.posts()) == 1 and "asks to wait 7 s" in caplog.text
        later = time.monotonic() + 8
        monkeypatch.setattr(heartbeat.time, "monotonic", lambda: later)
        server.hub_status, server.hub_retry_after = 200, ""
        assert heartbeat.send(config, session) == {"ok": True, "confirmed": []}
    assert len(server.posts()) == 2
