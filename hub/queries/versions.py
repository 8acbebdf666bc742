"""Versions of entries – every save keeps one (who, when, what happened), and which of them
is released – and the bin ("Papierkorb") where deleted entries wait before they are purged.

Versions have no foreign key to entries: an entry in the bin keeps its history, and it
goes when the bin is purged.
"""

from __future__ import annotations

import json
from datetime import datetime

import sqlite_utils

from hub.queries import dumps, one, placeholders, rows, stamp


def _decode(row: dict) -> dict:
    row["data"] = json.loads(row["data"])
    return row


def next_rev(db: sqlite_utils.Database, entry_id: str) -> int:
    row = db.execute("SELECT COALESCE(MAX(rev), 0) + 1 FROM entry_versions WHERE entry_id = ?",
                     [entry_id]).fetchone()
    return int(row[0])


def add(db: sqlite_utils.Database, entry_id: str, rev: int, data: dict, now: datetime,
        user: str | None, action: str) -> None:
    """Keep version `rev` of the entry; `action` says how it came about (save, copy,
    restore, import, …)."""
    db.execute("INSERT INTO entry_versions (entry_id, rev, data, saved_at, saved_by, action) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               [entry_id, rev, dumps(data), stamp(now), user, action])


def mark_released(db: sqlite_utils.Database, entry_id: str, rev: int, now: datetime,
                  user: str | None) -> None:
    db.execute("UPDATE entry_versions SET released_at = ?, released_by = ? "
               "WHERE entry_id = ? AND rev = ?", [stamp(now), user, entry_id, rev])


def of_entry(db: sqlite_utils.Database, entry_id: str) -> list[dict]:
    """Every version of the entry, the newest first."""
    return [_decode(r) for r in rows(
        db, "SELECT * FROM entry_versions WHERE entry_id = ? ORDER BY rev DESC", [entry_id])]


def get(db: sqlite_utils.Database, entry_id: str, rev: int) -> dict | None:
    row = one(db, "SELECT * FROM entry_versions WHERE entry_id = ? AND rev = ?",
              [entry_id, rev])
    return _decode(row) if row else None


# -- the bin ------------------------------------------------------------------------------

def put_in_bin(db: sqlite_utils.Database, row: dict, now: datetime, user: str | None) -> None:
    """Keep a deleted entry's row (with `share_sites` and `offers`) for restoring."""
    db.execute("INSERT OR REPLACE INTO entry_bin (id, site_id, title, row, deleted_at, "
               "deleted_by) VALUES (?, ?, ?, ?, ?, ?)",
               [row["id"], row["site_id"], row["title"], dumps(row), stamp(now), user])


def in_bin(db: sqlite_utils.Database, site_ids: list[str] | None) -> list[dict]:
    """The bin of these sites (None: all), the most recently deleted first."""
    if site_ids is not None and not site_ids:
        return []
    where = f"WHERE site_id IN ({placeholders(site_ids)})" if site_ids is not None else ""
    return rows(db, f"SELECT id, site_id, title, deleted_at, deleted_by FROM entry_bin {where} "
                    "ORDER BY deleted_at DESC, id", site_ids or [])


def from_bin(db: sqlite_utils.Database, entry_id: str) -> dict | None:
    """The binned entries row (decoded), or None."""
    row = one(db, "SELECT row, deleted_at FROM entry_bin WHERE id = ?", [entry_id])
    if row is None:
        return None
    found = json.loads(row["row"])
    found["deleted_at"] = row["deleted_at"]
    return found


def take_from_bin(db: sqlite_utils.Database, entry_id: str) -> None:
    db.execute("DELETE FROM entry_bin WHERE id = ?", [entry_id])


def purge_bin(db: sqlite_utils.Database, before: datetime) -> list[str]:
    """Delete for good what was put in the bin before `before`, with its history; the ids
    stay taken (deleted_entries). Returns the purged ids."""
    gone = [r["id"] for r in rows(db, "SELECT id FROM entry_bin WHERE deleted_at < ?",
                                  [stamp(before)])]
    with db.atomic():
        for start in range(0, len(gone), 500):   # SQLite's limit of bound parameters
            chunk = gone[start:start + 500]
            marks = placeholders(chunk)
            db.execute(f"DELETE FROM entry_versions WHERE entry_id IN ({marks}) AND entry_id "
                       "NOT IN (SELECT id FROM entries)", chunk)
            db.execute(f"DELETE FROM entry_bin WHERE id IN ({marks})", chunk)
    return gone
