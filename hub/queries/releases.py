"""Which release each ring of terminals gets (table release_rings)."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from hub.queries import one, rows, stamp


def rings(db: sqlite_utils.Database) -> dict[str, dict]:
    """{ring: row} of the rings that have been set."""
    return {r["ring"]: r for r in rows(db, "SELECT * FROM release_rings ORDER BY ring")}


def get(db: sqlite_utils.Database, ring: str) -> dict | None:
    return one(db, "SELECT * FROM release_rings WHERE ring = ?", [ring])


def put(db: sqlite_utils.Database, ring: str, release: str | None, previous: str | None,
        serial: int, now: datetime, user: str | None) -> None:
    db.execute("INSERT INTO release_rings (ring, release, previous, serial, changed_at, "
               "changed_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(ring) DO UPDATE SET "
               "release = excluded.release, previous = excluded.previous, "
               "serial = excluded.serial, changed_at = excluded.changed_at, "
               "changed_by = excluded.changed_by",
               [ring, release, previous, serial, stamp(now), user])
