"""Usage counters travel with the heartbeat to a real hub on 127.0.0.1: counted by the
kiosk's API, stored per hour, sent once the hour is over, confirmed by the hub and then
deleted on the terminal; the body holds no time finer than an hour and no order."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from hub import context
from hub.queries import polls as poll_q
from hub.queries import terminals as terminal_q
from kiosk.counters import Counters
from sync import counters, heartbeat
from sync.config import load_config
from tests.hub.conftest import NOW, TOKENS, Clock, make_app, seed

HOUR = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}$")


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[tuple[object, str]]:
    app = make_app(tmp_path / "hub", clock=Clock(NOW))
    seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _config(tmp_path: Path, url: str):
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[terminal]\nsite = "ort-a"\nid = "a-1"\ntoken = "{TOKENS["a-1"]}"\n'
                    f'[sync]\nfeed_url = "{url}/sites/ort-a/feed.json"\npublic_keys = []\n'
                    f'[paths]\ndata = "terminal"\n[hub]\nurl = "{url}"\ntimeout_s = 5\n',
                    "utf-8")
    return load_config(path)


class TerminalClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _use_the_terminal(data_dir: Path) -> None:
    """Two visits between 06:10 and 06:40 UTC; stored when the hour is over."""
    clock = TerminalClock(datetime(2026, 12, 1, 6, 10, tzinfo=UTC))
    usage = Counters(data_dir, clock)
    usage.count("screen", "home")
    usage.count("entry", "a-treff")
    usage.count("poll_shown", "a-frage")
    assert usage.vote("a-frage", "musik")
    assert not usage.vote("a-frage", "kaffee")     # the same visit: refused
    usage.new_visit()                              # idle reset
    clock.now += timedelta(minutes=30)
    usage.count("screen", "home")
    usage.count("speech")
    usage.count("poll_shown", "a-frage")
    assert usage.vote("a-frage", "kaffee")
    clock.now = datetime(2026, 12, 1, 7, 0, 2, tzinfo=UTC)
    usage.tick()


def test_heartbeat_counters_are_confirmed_by_a_real_hub_and_deleted(tmp_path, hub):
    app, url = hub
    config = _config(tmp_path, url)
    _use_the_terminal(config.data_dir)
    with requests.Session() as session:
        answer = heartbeat.send(config, session, state={}, now=NOW)
    assert answer == {"ok": True, "confirmed": ["2026-12-01T06"], "refused": [],
                      "dropped": []}
    with sqlite3.connect(config.data_dir / counters.FILE) as conn:
        assert conn.execute("SELECT count(*) FROM counts").fetchone()[0] == 0
    with app.app_context():
        db = context.db()
        (row,) = terminal_q.counters(db, ["ort-a"])
        totals = poll_q.totals(db, "a-frage")
    assert row["hour"] == "2026-12-01T06"
    assert row["data"] == {"visits": 2, "screens.home": 2, "entries.a-treff": 1, "speech": 1}
    assert totals == {"ort-a": {"": 2, "musik": 1, "kaffee": 1}}


def test_heartbeat_counters_unconfirmed_stay_for_the_next_heartbeat(tmp_path, hub):
    _app, url = hub
    config = _config(tmp_path, url)
    _use_the_terminal(config.data_dir)
    config.terminal.token = "falsch"
    with requests.Session() as session:
        assert heartbeat.send(config, session, state={}, now=NOW) is None    # 401
    assert counters.pending(config.data_dir / counters.FILE, NOW)


def test_heartbeat_body_holds_no_time_finer_than_an_hour_and_no_order(tmp_path, hub):
    """Every field of the body: the counter rows have an hour or a day and sums; the only
    moments are the sync's own (last_sync.at) and the kiosk app's start."""
    _app, url = hub
    config = _config(tmp_path, url)
    _use_the_terminal(config.data_dir)
    rows = counters.pending(config.data_dir / counters.FILE, NOW)
    body = heartbeat.build(config, {"last_attempt": "2026-12-01T07:55:00+00:00"}, rows)
    body = json.loads(json.dumps(body))
    moments = []

    def walk(value: object, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}")
        elif isinstance(value, list):
            for item in value:
                walk(item, f"{path}[]")
        elif isinstance(value, str) and re.search(r"\d{2}:\d{2}", value):
            moments.append(path)

    walk(body, "")
    assert moments == [".last_sync.at"]
    for row in body["counters"]:
        assert set(row) <= {"hour", "day", *counters.FIELDS.values()}
        assert HOUR.match(row["hour"])
        for field in ("screens", "entries", "qr", "text_size", "contrast"):
            # Sums per key: a key appears once, its value is a count, never a list.
            assert all(isinstance(n, int) for n in row.get(field, {}).values())
        for poll in row.get("polls", {}).values():
            assert set(poll) <= {"shown", "votes"}
            assert all(isinstance(n, int) for n in poll.get("votes", {}).values())
    assert not any(isinstance(v, list) for row in body["counters"] for v in row.values())
