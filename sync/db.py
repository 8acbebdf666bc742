"""The terminal's SQLite file: schema (as sqlite-utils migrations) and how to open it.

Only the sync process writes this file. The kiosk opens it read-only (kiosk.store).
Times of occurrences are stored twice: as UTC epoch seconds for range queries and as the
feed's ISO text with its local offset for display.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

from sync.errors import StoreError

migrations = Migrations("quartier-terminal")


@migrations()
def m001_content(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE feed (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            site TEXT NOT NULL, site_name TEXT NOT NULL, format TEXT NOT NULL,
            version INTEGER NOT NULL, generated_at TEXT NOT NULL, expires_at TEXT NOT NULL,
            applied_at TEXT NOT NULL, changed_at TEXT NOT NULL, content_sha256 TEXT NOT NULL,
            max_duration_s INTEGER NOT NULL, categories TEXT NOT NULL, base_url TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE places (id TEXT PRIMARY KEY, name TEXT NOT NULL, data TEXT NOT NULL)"""
    )
    db.execute(
        """CREATE TABLE entries (
            id TEXT PRIMARY KEY, position INTEGER NOT NULL, kind TEXT NOT NULL,
            category TEXT NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL,
            place_id TEXT, valid_until TEXT, data TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE occurrences (
            entry_id TEXT NOT NULL REFERENCES entries(id), start_ts INTEGER NOT NULL,
            end_ts INTEGER NOT NULL, start TEXT NOT NULL, "end" TEXT NOT NULL,
            status TEXT NOT NULL, note TEXT
        )"""
    )
    db.execute("CREATE INDEX occurrences_start ON occurrences(start_ts)")
    db.execute("CREATE INDEX occurrences_entry ON occurrences(entry_id, start_ts)")
    db.execute(
        """CREATE TABLE polls (
            id TEXT PRIMARY KEY, from_ts INTEGER NOT NULL, until_ts INTEGER NOT NULL,
            data TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE assets (sha256 TEXT PRIMARY KEY, bytes INTEGER NOT NULL,
            type TEXT NOT NULL)"""
    )


@migrations()
def m002_moved_from(db: sqlite_utils.Database) -> None:
    # A moved date keeps its original start, so the screen can say "verlegt auf …".
    db.execute("ALTER TABLE occurrences ADD COLUMN moved_from TEXT")


@migrations()
def m003_holidays(db: sqlite_utils.Database) -> None:
    # The feed's optional public holidays (sync.schedule keeps the screen dark on them).
    db.execute("CREATE TABLE IF NOT EXISTS holidays (day TEXT PRIMARY KEY, name TEXT NOT NULL)")


def open_db(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) the terminal database for writing, migrated, in WAL mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=10, isolation_level=None)
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit is on disk before apply returns. (NORMAL would be safe against
        # corruption in WAL mode, but a power cut could then lose a commit that the sync
        # state file already records, and the next "304 Not Modified" would never bring
        # it back.) Feeds are applied rarely; one fsync per commit costs nothing.
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open the terminal database ({exc})") from exc
    return db
