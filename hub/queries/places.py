"""Places with their measured accessibility facts. site_id NULL: shared by all sites."""

from __future__ import annotations

import json
from datetime import datetime

import sqlite_utils

from hub.queries import dumps, one, placeholders, rows, stamp


def _decode(row: dict) -> dict:
    row["data"] = json.loads(row["data"])
    return row


def visible(db: sqlite_utils.Database, site_ids: list[str] | None) -> list[dict]:
    """Places of these sites and the shared ones; None: every place."""
    if site_ids is None:
        found = rows(db, "SELECT * FROM places ORDER BY name")
    else:
        found = rows(db, "SELECT * FROM places WHERE site_id IS NULL OR site_id IN "
                         f"({placeholders(site_ids)}) ORDER BY name", site_ids)
    return [_decode(r) for r in found]


def get(db: sqlite_utils.Database, place_id: str) -> dict | None:
    row = one(db, "SELECT * FROM places WHERE id = ?", [place_id])
    return _decode(row) if row else None


def some(db: sqlite_utils.Database, place_ids: set[str]) -> list[dict]:
    if not place_ids:
        return []
    ids = sorted(place_ids)
    return [_decode(r) for r in rows(
        db, f"SELECT * FROM places WHERE id IN ({placeholders(ids)}) ORDER BY id", ids)]


def exists(db: sqlite_utils.Database, place_id: str) -> bool:
    return one(db, "SELECT id FROM places WHERE id = ?", [place_id]) is not None


def save(db: sqlite_utils.Database, place: dict, site_id: str | None, now: datetime,
         user: str | None) -> None:
    """Insert or replace one place; `place` is the feed's place object (with its id)."""
    access = place.get("access") or {}
    db.execute(
        "INSERT INTO places (id, site_id, name, checked_on, data, updated_at, updated_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET site_id = excluded.site_id, "
        "name = excluded.name, checked_on = excluded.checked_on, data = excluded.data, "
        "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        [place["id"], site_id, place["name"], access.get("checked_on"), dumps(place),
         stamp(now), user])


def delete(db: sqlite_utils.Database, place_id: str) -> None:
    db.execute("DELETE FROM places WHERE id = ?", [place_id])


def used_by(db: sqlite_utils.Database, place_id: str) -> list[dict]:
    """Entries whose working copy or released version names the place."""
    return rows(db, "SELECT e.id, e.title, e.site_id FROM entries e LEFT JOIN entry_versions v "
                    "ON v.entry_id = e.id AND v.rev = e.released_rev WHERE e.place_id = ? OR "
                    "json_extract(v.data, '$.place_id') = ? ORDER BY e.title", [place_id] * 2)
