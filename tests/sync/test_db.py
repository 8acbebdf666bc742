"""The terminal database's migrations: a database made by an older release upgrades in
place when sync opens it, its content kept."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
import sqlite_utils

from kiosk.store import Store
from sync.apply import apply_feed
from sync.db import m001_content, migrations, open_db
from tests.helpers import berlin, entry, make_feed

ALL = ["m001_content", "m002_moved_from", "m003_holidays"]


def _main_era(db: sqlite_utils.Database) -> None:
    # What the releases before the holidays left: m001 and m002 (moved dates).
    migrations.apply(db, stop_before="m003_holidays")


def _early_holidays(db: sqlite_utils.Database) -> None:
    # Demo databases of the holidays' first draft, where they were m002 and no moved dates.
    early = sqlite_utils.Migrations(migrations.name)
    early(name="m001_content")(m001_content)
    early(name="m002_holidays")(lambda d: d.execute(
        "CREATE TABLE holidays (day TEXT PRIMARY KEY, name TEXT NOT NULL)"))
    early.apply(db)


@pytest.mark.parametrize("made_by", [_main_era, _early_holidays])
def test_open_db_upgrades_an_older_database_keeping_its_content(tmp_path, made_by):
    path = tmp_path / "kiosk.sqlite"
    old = sqlite_utils.Database(path)
    made_by(old)
    old.execute("INSERT INTO places (id, name, data) VALUES ('saal', 'Saal', '{}')")
    old.conn.commit()
    old.close()

    db = open_db(path)
    names = {m.name for m in migrations.applied(db)}
    assert set(ALL) <= names
    assert {c.name for c in db["occurrences"].columns} >= {"moved_from"}
    assert "holidays" in db.table_names()
    assert db.execute("SELECT name FROM places").fetchall() == [("Saal",)]
    db.close()

    feed = make_feed([entry("a", berlin(2026, 12, 4, 12))], version=2)
    feed["holidays"] = [{"date": "2026-12-25", "name": "1. Weihnachtstag"}]
    apply_feed(path, feed)
    assert Store(path).holidays() == {date(2026, 12, 25): "1. Weihnachtstag"}
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM occurrences").fetchone()[0] == 1
    conn.close()


def test_open_db_of_a_new_file_applies_the_migrations_in_order(tmp_path):
    db = open_db(tmp_path / "kiosk.sqlite")
    assert [m.name for m in migrations.applied(db)] == ALL
