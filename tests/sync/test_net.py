"""HTTP details of the terminal's downloads: the Date header, and total deadlines that
hold against a server that drips its answer (headers or body) slower than any read
timeout would notice."""

from __future__ import annotations

import threading
import time

import pytest

from sync import daemon, heartbeat
from sync.errors import DeadlineError, FetchError
from sync.files import exclusive_lock
from sync.net import _date, make_session
from sync.pull import pull
from sync.state import load_state
from tests.sync.conftest import terminal_config

BUDGET_S = 1.5
# Generous: the contract is "ends at the deadline", not a speed; a dripping server
# without a working deadline keeps a pull busy for 20 s or more.
MARGIN_S = 2.0


def test_net_date_header_garbled_or_without_zone_is_ignored():
    assert _date("Tue, 01 Dec 2026 09:00:00 GMT").utcoffset().total_seconds() == 0
    assert _date("Tue, 01 Dec 2026 09:00:00 GMT, Tue, 01 Dec 2026 09:00:01 GMT") is None
    assert _date("Tue, 01 Dec 2026 09:00:00 -0000") is None  # RFC 2822: zone unknown
    assert _date("gestern") is None and _date(None) is None


@pytest.mark.parametrize("fault", ["drip_headers", "drip_body"])
def test_net_total_deadline_bounds_the_whole_pull(fault, publisher, tmp_path, server,
                                                   key_dir):
    config = terminal_config(tmp_path, server, key_dir, total_timeout_s=BUDGET_S)
    publisher()
    server.faults[""] = fault  # every file: feed, signature, images
    start = time.monotonic()
    with pytest.raises(DeadlineError, match="total deadline"):
        pull(config)
    assert time.monotonic() - start < BUDGET_S + MARGIN_S
    assert "total deadline" in load_state(config.data_dir)["last_error"]["reason"]
    # The lock is free again and the heartbeat reaches the hub.
    with exclusive_lock(config.data_dir / "sync.lock", "test"):
        pass
    with make_session("test-1", "testort") as session:
        assert heartbeat.send(config, session) == {"ok": True, "confirmed": []}


def test_net_daemon_cycle_against_a_dripping_server_ends_with_its_heartbeat(
        publisher, tmp_path, server, key_dir):
    config = terminal_config(tmp_path, server, key_dir, total_timeout_s=BUDGET_S)
    publisher()
    server.faults["feed.json"] = "drip_headers"
    start = time.monotonic()
    assert daemon.run(config, threading.Event(), cycles=1) == 1
    assert time.monotonic() - start < BUDGET_S + config.hub.timeout_s + MARGIN_S
    assert len(server.posts()) == 1


def test_net_304_to_an_unconditional_request_is_refused(publisher, config, server):
    """A fresh terminal asked for everything; "not modified" cannot be the answer."""
    publisher()
    server.faults["feed.json"] = "not_modified"
    with pytest.raises(FetchError, match="304"):
        pull(config)
    state = load_state(config.data_dir)
    assert state["last_result"] == "failed" and state["last_success"] is None
