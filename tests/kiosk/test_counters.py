"""The kiosk's counting API: visits, once-per-visit counts, one vote per poll and visit,
hourly storing."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.counters import Counters
from sync import counters as store

NOW = datetime(2026, 12, 1, 14, 20, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _stored(tmp_path) -> dict:
    with sqlite3.connect(tmp_path / store.FILE) as conn:
        return {(p, k, key): n for p, k, key, n in conn.execute("SELECT * FROM counts")}


def test_counters_vote_once_per_poll_and_visit(tmp_path, clock):
    usage = Counters(tmp_path, clock)
    assert usage.vote("lindenplatz", "baenke") is True
    assert usage.voted("lindenplatz")
    assert usage.vote("lindenplatz", "brunnen") is False      # the same visit: refused
    assert usage.vote("markt", "ja") is True                  # another poll is fine
    usage.new_visit()                                         # the idle reset
    assert not usage.voted("lindenplatz")
    assert usage.vote("lindenplatz", "brunnen") is True
    usage.flush()
    assert _stored(tmp_path) == {
        ("2026-12-01T14", "visit", ""): 2,
        ("2026-12-01T14", "vote", "lindenplatz/baenke"): 1,
        ("2026-12-01T14", "vote", "lindenplatz/brunnen"): 1,
        ("2026-12-01T14", "vote", "markt/ja"): 1}


def test_counters_a_visit_starts_with_the_first_count_not_the_attract_screen(tmp_path, clock):
    usage = Counters(tmp_path, clock)
    usage.count("screen", "attract")
    assert usage.pending_counts() == {}
    usage.count("screen", "home")
    usage.count("screen", "home")
    usage.new_visit()
    usage.new_visit()                 # two resets without a touch are still no visit
    usage.count("screen", "attract")
    usage.count("entry", "lb-mittagstisch")
    assert usage.pending_counts() == {("2026-12-01T14", "visit", ""): 2,
                                      ("2026-12-01T14", "screen", "home"): 2,
                                      ("2026-12-01T14", "entry", "lb-mittagstisch"): 1}


def test_counters_settings_and_poll_shown_count_once_per_visit(tmp_path, clock):
    usage = Counters(tmp_path, clock)
    for _ in range(3):
        usage.count("speech")
        usage.count("text_size", "2")
        usage.count("poll_shown", "lindenplatz")
    usage.count("text_size", "1")
    usage.new_visit()
    usage.count("speech")
    counts = usage.pending_counts()
    assert counts[("2026-12-01T14", "speech", "")] == 2
    assert counts[("2026-12-01T14", "text_size", "2")] == 1
    assert counts[("2026-12-01T14", "text_size", "1")] == 1
    assert counts[("2026-12-01T14", "poll_shown", "lindenplatz")] == 1


def test_counters_unknown_kind_is_a_programming_error(tmp_path, clock):
    with pytest.raises(ValueError, match="unknown counter kind"):
        Counters(tmp_path, clock).count("touch_xy", "120,300")


def test_counters_finished_hours_are_stored_by_tick(tmp_path, clock):
    usage = Counters(tmp_path, clock)
    usage.count("screen", "home")
    usage.tick()
    assert not (tmp_path / store.FILE).exists()     # the hour is not over: memory only
    clock.now = NOW.replace(minute=0) + timedelta(hours=1, seconds=1)
    usage.count("screen", "detail")
    usage.tick()
    assert _stored(tmp_path) == {("2026-12-01T14", "visit", ""): 1,
                                 ("2026-12-01T14", "screen", "home"): 1}
    assert usage.pending_counts() == {("2026-12-01T15", "screen", "detail"): 1}


def test_counters_a_broken_file_keeps_the_counts_in_memory(tmp_path, clock):
    (tmp_path / store.FILE).write_bytes(b"kein SQLite" * 100)
    usage = Counters(tmp_path, clock)
    usage.count("screen", "home")
    usage.flush()                                   # logged, never raised
    assert usage.pending_counts() == {("2026-12-01T14", "visit", ""): 1,
                                      ("2026-12-01T14", "screen", "home"): 1}
