"""The hub's SQLite file: schema as sqlite-utils migrations, and how to open it.

SQL lives here and in the small per-area modules of hub.queries, never in views. Rich
objects (an entry's fields, a heartbeat) are stored as JSON text next to the columns
that queries filter on; hub.queries keeps both in step.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

from hub.filemodes import PRIVATE_FILE

migrations = Migrations("quartier-hub")


@migrations()
def m001_accounts_and_sites(db: sqlite_utils.Database) -> None:
    db.execute("""CREATE TABLE users (
        id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'editor')),
        created_at TEXT NOT NULL, last_login_at TEXT)""")
    db.execute("""CREATE TABLE sites (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, town TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL, published_version INTEGER, published_at TEXT)""")
    db.execute("""CREATE TABLE user_sites (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, site_id))""")
    db.execute("""CREATE TABLE login_failures (
        id INTEGER PRIMARY KEY, email TEXT NOT NULL, remote TEXT NOT NULL, at TEXT NOT NULL)""")
    db.execute("CREATE INDEX login_failures_at ON login_failures(at)")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migrations()
def m002_content(db: sqlite_utils.Database) -> None:
    db.execute("""CREATE TABLE places (
        id TEXT PRIMARY KEY, site_id TEXT REFERENCES sites(id) ON DELETE CASCADE,
        name TEXT NOT NULL, checked_on TEXT, data TEXT NOT NULL,
        updated_at TEXT NOT NULL, updated_by TEXT)""")
    db.execute("""CREATE TABLE images (
        sha256 TEXT PRIMARY KEY, type TEXT NOT NULL, bytes INTEGER NOT NULL,
        width INTEGER NOT NULL, height INTEGER NOT NULL, created_at TEXT NOT NULL)""")
    db.execute("""CREATE TABLE entries (
        id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, category TEXT NOT NULL, title TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'scheduled',
        place_id TEXT REFERENCES places(id) ON DELETE SET NULL,
        valid_until TEXT, last_checked TEXT,
        sharing TEXT NOT NULL DEFAULT 'site' CHECK (sharing IN ('site', 'all', 'some')),
        image_sha256 TEXT REFERENCES images(sha256),
        origin TEXT NOT NULL DEFAULT 'hub', ics_source TEXT, ics_uid TEXT,
        data TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        updated_by TEXT)""")
    db.execute("CREATE INDEX entries_site ON entries(site_id)")
    db.execute("""CREATE UNIQUE INDEX entries_ics ON entries(site_id, ics_uid)
        WHERE ics_uid IS NOT NULL""")
    db.execute("""CREATE TABLE entry_sites (
        entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        PRIMARY KEY (entry_id, site_id))""")
    db.execute("""CREATE TABLE offers (
        id INTEGER PRIMARY KEY,
        entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('offered', 'accepted', 'declined')),
        offered_at TEXT NOT NULL, offered_by TEXT, decided_at TEXT, decided_by TEXT,
        UNIQUE (entry_id, site_id))""")
    # Ids of deleted entries are never given out again: a phone may still hold the QR
    # code of e/<id>.html, and the publisher refuses one id with two contents.
    db.execute("""CREATE TABLE deleted_entries (
        id TEXT PRIMARY KEY, site_id TEXT NOT NULL, title TEXT NOT NULL,
        deleted_at TEXT NOT NULL, deleted_by TEXT)""")


@migrations()
def m003_publishing(db: sqlite_utils.Database) -> None:
    db.execute("""CREATE TABLE publications (
        id INTEGER PRIMARY KEY, run_id TEXT NOT NULL,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        version INTEGER NOT NULL, changed INTEGER NOT NULL, published_at TEXT NOT NULL,
        published_by TEXT, trigger TEXT NOT NULL, entries INTEGER NOT NULL,
        summary TEXT NOT NULL, snapshot TEXT NOT NULL)""")
    db.execute("CREATE INDEX publications_site ON publications(site_id, id)")
    db.execute("CREATE INDEX publications_run ON publications(run_id)")


@migrations()
def m004_fleet(db: sqlite_utils.Database) -> None:
    db.execute("""CREATE TABLE terminals (
        id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        name TEXT NOT NULL, token_sha256 TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL,
        last_seen_at TEXT, last_heartbeat TEXT)""")
    db.execute("""CREATE TABLE heartbeats (
        id INTEGER PRIMARY KEY,
        terminal_id TEXT NOT NULL REFERENCES terminals(id) ON DELETE CASCADE,
        received_at TEXT NOT NULL, body TEXT NOT NULL)""")
    db.execute("CREATE INDEX heartbeats_terminal ON heartbeats(terminal_id, received_at)")
    # Counters outlive a terminal's removal: they are the programme's usage report.
    db.execute("""CREATE TABLE counters (
        terminal_id TEXT NOT NULL, site_id TEXT NOT NULL, hour TEXT NOT NULL,
        data TEXT NOT NULL, received_at TEXT NOT NULL,
        PRIMARY KEY (terminal_id, hour))""")


@migrations()
def m005_calendars(db: sqlite_utils.Database) -> None:
    db.execute("""CREATE TABLE calendars (
        id INTEGER PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        url TEXT NOT NULL, category TEXT, created_at TEXT NOT NULL, last_import_at TEXT,
        last_ok INTEGER, last_result TEXT, UNIQUE (site_id, url))""")


@migrations()
def m006_sessions(db: sqlite_utils.Database) -> None:
    # A login is a row: logging out deletes it, so a copied cookie is worthless after.
    # `id` is the SHA-256 of the random token in the cookie (a stolen database holds no
    # usable session).
    db.execute("""CREATE TABLE sessions (
        id TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL, seen_at TEXT NOT NULL, expires_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX sessions_user ON sessions(user_id)")
    db.execute("CREATE INDEX login_failures_email ON login_failures(email, at)")
    db.execute("CREATE INDEX login_failures_remote ON login_failures(remote, at)")


@migrations()
def m007_publish_problems(db: sqlite_utils.Database) -> None:
    # What a publish left out: an entry (entry_id) or a whole site (entry_id NULL). `current`
    # rows are the flags staff see until the entry is saved again or the site is published.
    db.execute("""CREATE TABLE publish_problems (
        id INTEGER PRIMARY KEY, run_id TEXT NOT NULL,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        entry_id TEXT, title TEXT NOT NULL, field TEXT NOT NULL, reason TEXT NOT NULL,
        at TEXT NOT NULL, current INTEGER NOT NULL DEFAULT 1)""")
    db.execute("CREATE INDEX publish_problems_run ON publish_problems(run_id)")
    db.execute("CREATE INDEX publish_problems_entry ON publish_problems(entry_id, current)")


@migrations()
def m008_image_sites(db: sqlite_utils.Database) -> None:
    # Which site a picture was uploaded for: a picture hash from a form is only accepted
    # for pictures of one's own sites or of entries one may read.
    db.execute("""CREATE TABLE image_sites (
        sha256 TEXT NOT NULL REFERENCES images(sha256) ON DELETE CASCADE,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        PRIMARY KEY (sha256, site_id))""")
    db.execute("""INSERT OR IGNORE INTO image_sites (sha256, site_id)
        SELECT DISTINCT image_sha256, site_id FROM entries WHERE image_sha256 IS NOT NULL""")


@migrations()
def m009_polls(db: sqlite_utils.Database) -> None:
    # Polls are soft-deleted (deleted_at): their ids are never given out again, so votes a
    # terminal counted for an old poll can never land on a new one.
    db.execute("""CREATE TABLE polls (
        id TEXT PRIMARY KEY, question TEXT NOT NULL, data TEXT NOT NULL,
        starts_on TEXT NOT NULL, ends_on TEXT NOT NULL, min_votes INTEGER NOT NULL,
        entry_id TEXT REFERENCES entries(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT,
        deleted_at TEXT)""")
    db.execute("""CREATE TABLE poll_sites (
        poll_id TEXT NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        PRIMARY KEY (poll_id, site_id))""")
    # Counts per terminal and hour (or day) as the heartbeat brings them: answer_id ''
    # is "visits in which the poll was shown". Replaced when an hour is sent again.
    db.execute("""CREATE TABLE poll_counts (
        terminal_id TEXT NOT NULL, site_id TEXT NOT NULL, period TEXT NOT NULL,
        poll_id TEXT NOT NULL, answer_id TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (terminal_id, period, poll_id, answer_id))""")
    db.execute("CREATE INDEX poll_counts_poll ON poll_counts(poll_id, site_id)")
    db.execute("CREATE INDEX counters_site ON counters(site_id, hour)")


@migrations()
def m010_release_rings(db: sqlite_utils.Database) -> None:
    # Which release each ring of terminals gets (the page "Software", hub/releases.py).
    # `previous` is where "zurückrollen" goes; `serial` only grows (terminals refuse a
    # ring file older than the last they saw).
    db.execute("""CREATE TABLE release_rings (
        ring TEXT PRIMARY KEY CHECK (ring IN ('pilot', 'alle')), release TEXT,
        previous TEXT, serial INTEGER NOT NULL, changed_at TEXT NOT NULL,
        changed_by TEXT)""")


@migrations()
def m011_staff_workflow(db: sqlite_utils.Database) -> None:
    # Drafts and review: `rev` is the number of the working copy (entries.data), and
    # `released_rev` the version the terminals get (entry_versions); NULL: never released.
    # `review` is 'requested' while an editor's entry waits for an admin's release.
    # Entries that existed before are released as they are: they were live already.
    db.execute("ALTER TABLE entries ADD COLUMN rev INTEGER NOT NULL DEFAULT 1")
    db.execute("ALTER TABLE entries ADD COLUMN released_rev INTEGER")
    db.execute("ALTER TABLE entries ADD COLUMN released_at TEXT")
    db.execute("ALTER TABLE entries ADD COLUMN released_by TEXT")
    db.execute("ALTER TABLE entries ADD COLUMN review TEXT")
    db.execute("ALTER TABLE entries ADD COLUMN review_at TEXT")
    db.execute("ALTER TABLE entries ADD COLUMN review_by TEXT")
    # Every saved version of an entry (who, when, what happened). No foreign key: the
    # history stays while the entry is in the bin, and goes when the bin is purged.
    db.execute("""CREATE TABLE entry_versions (
        entry_id TEXT NOT NULL, rev INTEGER NOT NULL, data TEXT NOT NULL,
        saved_at TEXT NOT NULL, saved_by TEXT, action TEXT NOT NULL,
        released_at TEXT, released_by TEXT, PRIMARY KEY (entry_id, rev))""")
    db.execute("""INSERT INTO entry_versions (entry_id, rev, data, saved_at, saved_by, action,
        released_at) SELECT id, 1, data, updated_at, updated_by, 'save', updated_at
        FROM entries""")
    db.execute("UPDATE entries SET released_rev = 1, released_at = updated_at")
    # Deleted entries wait here for 30 days (restorable): `row` is the entries row with
    # its chosen sites and offers as JSON. The id stays taken (deleted_entries) meanwhile.
    db.execute("""CREATE TABLE entry_bin (
        id TEXT PRIMARY KEY, site_id TEXT NOT NULL, title TEXT NOT NULL, row TEXT NOT NULL,
        deleted_at TEXT NOT NULL, deleted_by TEXT)""")
    db.execute("CREATE INDEX entry_bin_site ON entry_bin(site_id, deleted_at)")
    # "Freigabe durch die Verwaltung": editors' entries of this site are released by an admin.
    db.execute("ALTER TABLE sites ADD COLUMN release_by_admin INTEGER NOT NULL DEFAULT 0")


@migrations()
def m012_contacts_calendar_files_sheets(db: sqlite_utils.Database) -> None:
    # Contact persons of a site (Ansprechpersonen): the default contact of a calendar's
    # entries, and what offers from a spreadsheet name. `data` is the feed's contact.
    db.execute("""CREATE TABLE contacts (
        id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        name TEXT NOT NULL, data TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT)""")
    db.execute("CREATE INDEX contacts_site ON contacts(site_id)")
    # An uploaded calendar file is a calendar whose text is kept (url "datei:<name>"): it
    # is imported again every day like a subscription, so its dates keep rolling on.
    db.execute("ALTER TABLE calendars ADD COLUMN content TEXT")
    db.execute("ALTER TABLE calendars ADD COLUMN contact_id TEXT "
               "REFERENCES contacts(id) ON DELETE SET NULL")
    db.execute("ALTER TABLE calendars ADD COLUMN place_id TEXT "
               "REFERENCES places(id) ON DELETE SET NULL")
    # A spreadsheet between its upload and "Übernehmen" (the preview); a day at most.
    db.execute("""CREATE TABLE sheet_uploads (
        id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        file_name TEXT NOT NULL, content BLOB NOT NULL, created_at TEXT NOT NULL)""")


def open_db(path: Path, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating and migrating if needed) the hub database in WAL mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created readable by the hub's user alone; SQLite gives its -wal and -shm files the
    # database file's mode.
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE))
    conn = sqlite3.connect(str(path), timeout=15, isolation_level=None,
                           check_same_thread=False)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=15000")
    if migrate:
        migrations.apply(db)
    return db


@contextmanager
def immediate(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Run a block in a transaction that holds the write lock from its first statement,
    so a count and the insert that depends on it cannot interleave with another
    connection's (BEGIN IMMEDIATE; other writers wait up to the busy timeout)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Run a block in one transaction (a savepoint when nested)."""
    with db.atomic():
        yield db


def get_meta(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])
