"""Contact persons of a site (Ansprechpersonen): staff add them on the site's page or
from a spreadsheet; a calendar's entries get one as their default contact."""

from __future__ import annotations

import json
from datetime import datetime

import sqlite_utils

from hub.queries import dumps, one, placeholders, rows, stamp


def _decode(row: dict) -> dict:
    row["data"] = json.loads(row["data"])
    return row


def of_sites(db: sqlite_utils.Database, site_ids: list[str]) -> list[dict]:
    if not site_ids:
        return []
    return [_decode(r) for r in rows(
        db, f"SELECT * FROM contacts WHERE site_id IN ({placeholders(site_ids)}) "
            "ORDER BY name, id", site_ids)]


def get(db: sqlite_utils.Database, contact_id: str) -> dict | None:
    row = one(db, "SELECT * FROM contacts WHERE id = ?", [contact_id])
    return _decode(row) if row else None


def taken(db: sqlite_utils.Database, contact_id: str) -> bool:
    return one(db, "SELECT id FROM contacts WHERE id = ?", [contact_id]) is not None


def save(db: sqlite_utils.Database, contact_id: str, site_id: str, data: dict,
         now: datetime, user: str | None) -> None:
    """Insert or replace one contact; `data` is the feed's contact object."""
    name = data.get("name") or data.get("role") or contact_id
    db.execute("INSERT INTO contacts (id, site_id, name, data, updated_at, updated_by) "
               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
               "site_id = excluded.site_id, name = excluded.name, data = excluded.data, "
               "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
               [contact_id, site_id, name, dumps(data), stamp(now), user])


def delete(db: sqlite_utils.Database, contact_id: str) -> None:
    db.execute("DELETE FROM contacts WHERE id = ?", [contact_id])
