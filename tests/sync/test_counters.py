"""The terminal's counters file: hourly sums only, finished hours for the heartbeat, the
bound when the hub is away for weeks, nothing finer than an hour and no order of events."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta

from kiosk.counters import Counters
from sync import counters

NOW = datetime(2026, 12, 1, 14, 20, tzinfo=UTC)
HOUR = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Clock:
    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _rows(path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT period, kind, key, n FROM counts ORDER BY 1, 2, 3").fetchall()


def test_counters_finished_hours_become_heartbeat_rows(tmp_path):
    path = tmp_path / counters.FILE
    counters.add(path, {("2026-12-01T12", "visit", ""): 3,
                        ("2026-12-01T12", "screen", "list:week"): 4,
                        ("2026-12-01T12", "entry", "lb-mittagstisch"): 2,
                        ("2026-12-01T12", "vote", "lindenplatz/baenke"): 1,
                        ("2026-12-01T12", "poll_shown", "lindenplatz"): 2,
                        ("2026-12-01T13", "visit", ""): 1,
                        ("2026-12-01T14", "visit", ""): 1}, NOW - timedelta(minutes=75))
    # 14:20: the 13 o'clock hour ended 20 minutes ago, the current one is still open.
    assert counters.pending(path, NOW) == [
        {"hour": "2026-12-01T12", "visits": 3, "screens": {"list:week": 4},
         "entries": {"lb-mittagstisch": 2},
         "polls": {"lindenplatz": {"shown": 2, "votes": {"baenke": 1}}}},
        {"hour": "2026-12-01T13", "visits": 1}]
    assert counters.forget(path, ["2026-12-01T12"]) == 5
    assert [r["hour"] for r in counters.pending(path, NOW)] == ["2026-12-01T13"]


def test_counters_an_hour_waits_until_it_has_settled(tmp_path):
    path = tmp_path / counters.FILE
    counters.add(path, {("2026-12-01T13", "visit", ""): 1}, NOW.replace(minute=1))
    assert counters.pending(path, NOW.replace(minute=5)) == []
    assert counters.pending(path, NOW.replace(minute=11)) == [{"hour": "2026-12-01T13",
                                                               "visits": 1}]


def test_counters_late_counts_go_into_the_current_hour(tmp_path):
    """The hub replaces an hour it gets again: counts for an hour that may have been sent
    already must not form a second, smaller row of that hour."""
    path = tmp_path / counters.FILE
    counters.add(path, {("2026-12-01T11", "visit", ""): 2}, NOW)
    assert _rows(path) == [("2026-12-01T14", "visit", "", 2)]


def test_counters_old_hours_merge_into_days_and_very_old_days_go(tmp_path):
    path = tmp_path / counters.FILE
    old = NOW - timedelta(days=10)
    counters.add(path, {(counters.hour_of(old + timedelta(hours=h)), "visit", ""): 1
                        for h in range(3)}, old)
    counters.add(path, {(counters.hour_of(NOW - timedelta(days=70)), "visit", ""): 5},
                 NOW - timedelta(days=70))
    counters.compact(path, NOW)
    assert _rows(path) == [("2026-11-21", "visit", "", 3)]
    assert counters.pending(path, NOW) == [{"day": "2026-11-21", "visits": 3}]


def test_counters_rows_respect_the_hubs_limits(tmp_path):
    path = tmp_path / counters.FILE
    many = {("2026-12-01T12", "entry", f"e{i:03d}"): i + 1 for i in range(400)}
    counters.add(path, many, NOW - timedelta(minutes=75))
    (row,) = counters.pending(path, NOW)
    assert len(row["entries"]) == counters.MAX_KEYS["entries"]
    assert min(row["entries"].values()) == 101  # the most viewed are kept
    for h in range(1, 100):
        hour = NOW - timedelta(hours=h)
        counters.add(path, {(counters.hour_of(hour), "visit", ""): 1}, hour)
    assert len(counters.pending(path, NOW, max_rows=30)) == 30
    assert len(counters.pending(path, NOW, max_bytes=500)) < 30


def test_counters_hold_no_time_finer_than_an_hour_and_no_order(tmp_path):
    """Every column of the file, after a busy visit: periods are hours or days, the other
    columns a kind, a key of a known form and a count; the table keeps no row order."""
    clock = Clock(NOW - timedelta(hours=1, minutes=30))
    usage = Counters(tmp_path, clock)
    for step in range(40):
        clock.now += timedelta(minutes=3)
        usage.count("screen", ["home", "list:week", "detail", "poll"][step % 4])
        usage.count("entry", f"e{step % 7}")
        if step % 5 == 0:
            usage.count("qr", "termin")
            usage.count("speech")
            usage.vote("lindenplatz", "baenke")
            usage.new_visit()
    usage.flush()
    path = tmp_path / counters.FILE
    with sqlite3.connect(path) as conn:
        tables = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"
                              ).fetchall()
        assert [t[0] for t in tables] == ["counts"]
        assert "WITHOUT ROWID" in tables[0][1]
        columns = [c[1] for c in conn.execute("PRAGMA table_info(counts)")]
        assert columns == ["period", "kind", "key", "n"]
        rows = conn.execute("SELECT * FROM counts").fetchall()
    assert rows
    for period, kind, key, n in rows:
        assert HOUR.match(period) or DAY.match(period), period
        assert kind in counters.FIELDS, kind
        assert not re.search(r"\d{2}:\d{2}|T\d{2}", key), key   # no clock time in a key
        assert isinstance(n, int) and n > 0
    # Sums, not events: 40 screens in 2 hours are at most 8 rows (4 routes × 2 hours).
    assert sum(1 for r in rows if r[1] == "screen") <= 8
