"""Applying a feed: one transaction, nothing written on bad input, no rollbacks."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from kiosk.store import Store
from sync import apply as applylib
from sync.apply import StaleVersionError, apply_feed
from sync.db import open_db
from sync.errors import FeedError
from tests.helpers import berlin, entry, make_feed


def _titles(db_path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return [r[0] for r in conn.execute("SELECT title FROM entries ORDER BY position")]
    finally:
        conn.close()


def test_apply_writes_entries_occurrences_places_and_meta(db_path, demo_doc):
    result = apply_feed(db_path, demo_doc, now=berlin(2026, 12, 1, 8, 5))
    assert result.version == 7 and result.previous_version is None
    assert result.entries == len(demo_doc["entries"])
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    count = conn.execute("SELECT count(*) FROM occurrences").fetchone()[0]
    assert count == sum(len(e.get("occurrences", [])) for e in demo_doc["entries"]) > 100
    assert conn.execute("SELECT count(*) FROM places").fetchone()[0] == len(demo_doc["places"])
    assert conn.execute("SELECT count(*) FROM polls").fetchone()[0] == 1
    assert conn.execute("SELECT site, version FROM feed").fetchone() == (
        "lindenbach-alte-schule", 7)


def test_apply_replaces_previous_content(db_path):
    apply_feed(db_path, make_feed([entry("a", berlin(2026, 12, 4, 12))], version=1))
    apply_feed(db_path, make_feed([entry("b", berlin(2026, 12, 4, 12))], version=2))
    assert _titles(db_path) == ["Titel b"]


def test_apply_rejects_older_and_same_version(db_path):
    apply_feed(db_path, make_feed([entry("a", berlin(2026, 12, 4, 12))], version=5))
    with pytest.raises(StaleVersionError, match="not newer than the applied version 5"):
        apply_feed(db_path, make_feed([entry("b", berlin(2026, 12, 4, 12))], version=4))
    with pytest.raises(StaleVersionError):
        apply_feed(db_path, make_feed([entry("b", berlin(2026, 12, 4, 12))], version=5))
    assert _titles(db_path) == ["Titel a"]


def test_apply_invalid_feed_writes_nothing(db_path):
    apply_feed(db_path, make_feed([entry("a", berlin(2026, 12, 4, 12))], version=1))
    before = db_path.read_bytes()
    bad = make_feed([entry("b", berlin(2026, 12, 4, 12))], version=2)
    bad["entries"][0]["title"] = "x" * 80
    with pytest.raises(FeedError) as info:
        apply_feed(db_path, bad)
    assert info.value.path == "entries[0].title"
    assert db_path.read_bytes() == before
    assert _titles(db_path) == ["Titel a"]


def test_apply_failure_halfway_keeps_previous_content(db_path, monkeypatch):
    apply_feed(db_path, make_feed([entry("a", berlin(2026, 12, 4, 12))], version=1))
    real_rows = applylib._occurrence_rows

    def broken_rows(doc):
        # An occurrence pointing at an entry that does not exist: the foreign key fails
        # after entries and places of the new version have already been inserted.
        rows, longest = real_rows(doc)
        return rows + [("ghost", 0, 1, "x", "y", "scheduled", None, None)], longest

    monkeypatch.setattr(applylib, "_occurrence_rows", broken_rows)
    with pytest.raises(sqlite3.IntegrityError):
        apply_feed(db_path, make_feed([entry("b", berlin(2026, 12, 4, 12))], version=2))
    assert _titles(db_path) == ["Titel a"]
    db = open_db(db_path)
    assert applylib.current_version(db) == 1
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_apply_keeps_changed_at_when_only_version_moves(db_path):
    first = make_feed([entry("a", berlin(2026, 12, 4, 12))], version=1,
                      generated=berlin(2026, 12, 1, 8))
    again = make_feed([entry("a", berlin(2026, 12, 4, 12))], version=2,
                      generated=berlin(2026, 12, 2, 8))
    changed = make_feed([entry("a", berlin(2026, 12, 4, 12), summary="Neu.")], version=3,
                        generated=berlin(2026, 12, 3, 8))
    store = Store(db_path)
    assert apply_feed(db_path, first).content_changed
    assert not apply_feed(db_path, again).content_changed
    assert store.stand() == berlin(2026, 12, 1, 8)
    assert apply_feed(db_path, changed).content_changed
    assert store.stand() == berlin(2026, 12, 3, 8)


def test_apply_stores_entries_without_their_occurrence_lists(db_path, demo_doc):
    apply_feed(db_path, demo_doc)
    conn = sqlite3.connect(db_path)
    data = [r[0] for r in conn.execute("SELECT data FROM entries")]
    assert data and all('"occurrences"' not in d for d in data)


def test_apply_stores_the_feeds_holidays_for_the_store(db_path):
    feed = make_feed([entry("a", berlin(2026, 12, 4, 12))], version=1)
    feed["holidays"] = [{"date": "2026-12-25", "name": "1. Weihnachtstag"}]
    apply_feed(db_path, feed)
    store = Store(db_path)
    assert store.holidays() == {date(2026, 12, 25): "1. Weihnachtstag"}
    older = make_feed([entry("a", berlin(2026, 12, 4, 12))], version=2)   # no field
    apply_feed(db_path, older)
    assert store.holidays() == {}


def test_store_holidays_of_a_database_from_before_them(tmp_path):
    path = tmp_path / "alt.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE feed (id INTEGER PRIMARY KEY, version INTEGER, "
                 "max_duration_s INTEGER)")
    conn.execute("INSERT INTO feed VALUES (1, 3, 0)")
    conn.commit()
    conn.close()
    assert Store(path).holidays() == {}
