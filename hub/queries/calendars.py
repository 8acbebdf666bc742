"""Calendar subscriptions of a site (imported daily and on demand)."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from hub.queries import one, placeholders, rows, stamp


def add(db: sqlite_utils.Database, site_id: str, url: str, category: str | None,
        now: datetime) -> bool:
    """Subscribe; False when the site has this address already."""
    if one(db, "SELECT id FROM calendars WHERE site_id = ? AND url = ?", [site_id, url]):
        return False
    db.execute("INSERT INTO calendars (site_id, url, category, created_at) VALUES (?, ?, ?, ?)",
               [site_id, url, category, stamp(now)])
    return True


def get(db: sqlite_utils.Database, calendar_id: int) -> dict | None:
    return one(db, "SELECT * FROM calendars WHERE id = ?", [calendar_id])


def of_sites(db: sqlite_utils.Database, site_ids: list[str] | None) -> list[dict]:
    if site_ids is None:
        return rows(db, "SELECT * FROM calendars ORDER BY site_id, id")
    if not site_ids:
        return []
    return rows(db, f"SELECT * FROM calendars WHERE site_id IN ({placeholders(site_ids)}) "
                    "ORDER BY site_id, id", site_ids)


def remove(db: sqlite_utils.Database, calendar_id: int) -> None:
    db.execute("DELETE FROM calendars WHERE id = ?", [calendar_id])


def record(db: sqlite_utils.Database, calendar_id: int, now: datetime, ok: bool,
           result: str) -> None:
    db.execute("UPDATE calendars SET last_import_at = ?, last_ok = ?, last_result = ? "
               "WHERE id = ?", [stamp(now), int(ok), result, calendar_id])
