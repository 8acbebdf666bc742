"""Calendar subscriptions of a site (imported daily and on demand)."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from hub.queries import one, placeholders, rows, stamp


def add(db: sqlite_utils.Database, site_id: str, url: str, category: str | None,
        now: datetime, contact_id: str | None = None, place_id: str | None = None) -> bool:
    """Subscribe; False when the site has this address already."""
    if one(db, "SELECT id FROM calendars WHERE site_id = ? AND url = ?", [site_id, url]):
        return False
    db.execute("INSERT INTO calendars (site_id, url, category, created_at, contact_id, "
               "place_id) VALUES (?, ?, ?, ?, ?, ?)",
               [site_id, url, category, stamp(now), contact_id, place_id])
    return True


def keep_file(db: sqlite_utils.Database, site_id: str, url: str, content: str,
              category: str | None, contact_id: str | None, place_id: str | None,
              now: datetime) -> int:
    """Store an uploaded calendar file (a new one, or the new text of one uploaded
    before under the same name); its id."""
    found = one(db, "SELECT id FROM calendars WHERE site_id = ? AND url = ?", [site_id, url])
    if found is None:
        add(db, site_id, url, category, now, contact_id, place_id)
        found = one(db, "SELECT id FROM calendars WHERE site_id = ? AND url = ?",
                    [site_id, url])
        assert found is not None
    db.execute("UPDATE calendars SET content = ?, category = ?, contact_id = ?, "
               "place_id = ? WHERE id = ?",
               [content, category, contact_id, place_id, found["id"]])
    return found["id"]


def set_defaults(db: sqlite_utils.Database, calendar_id: int, contact_id: str | None,
                 place_id: str | None) -> None:
    db.execute("UPDATE calendars SET contact_id = ?, place_id = ? WHERE id = ?",
               [contact_id, place_id, calendar_id])


def get(db: sqlite_utils.Database, calendar_id: int) -> dict | None:
    return one(db, "SELECT * FROM calendars WHERE id = ?", [calendar_id])


# Everything but an uploaded file's text (get() has it).
_LISTED = ("id, site_id, url, category, created_at, last_import_at, last_ok, last_result, "
           "contact_id, place_id, content IS NOT NULL AS is_file")


def of_sites(db: sqlite_utils.Database, site_ids: list[str] | None) -> list[dict]:
    if site_ids is None:
        return rows(db, f"SELECT {_LISTED} FROM calendars ORDER BY site_id, id")
    if not site_ids:
        return []
    return rows(db, f"SELECT {_LISTED} FROM calendars WHERE site_id IN "
                    f"({placeholders(site_ids)}) ORDER BY site_id, id", site_ids)


def remove(db: sqlite_utils.Database, calendar_id: int) -> None:
    db.execute("DELETE FROM calendars WHERE id = ?", [calendar_id])


def record(db: sqlite_utils.Database, calendar_id: int, now: datetime, ok: bool,
           result: str) -> None:
    db.execute("UPDATE calendars SET last_import_at = ?, last_ok = ?, last_result = ? "
               "WHERE id = ?", [stamp(now), int(ok), result, calendar_id])
