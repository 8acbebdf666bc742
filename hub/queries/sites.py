"""Sites (Begegnungsstätten)."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from hub.queries import one, placeholders, rows, stamp


def all_sites(db: sqlite_utils.Database) -> list[dict]:
    return rows(db, "SELECT * FROM sites ORDER BY town, name")


def some(db: sqlite_utils.Database, site_ids: list[str]) -> list[dict]:
    if not site_ids:
        return []
    return rows(db, f"SELECT * FROM sites WHERE id IN ({placeholders(site_ids)}) "
                    "ORDER BY town, name", site_ids)


def get(db: sqlite_utils.Database, site_id: str) -> dict | None:
    return one(db, "SELECT * FROM sites WHERE id = ?", [site_id])


def names(db: sqlite_utils.Database) -> dict[str, str]:
    return {s["id"]: s["name"] for s in all_sites(db)}


def create(db: sqlite_utils.Database, site_id: str, name: str, town: str,
           now: datetime) -> None:
    db.execute("INSERT INTO sites (id, name, town, created_at) VALUES (?, ?, ?, ?)",
               [site_id, name, town, stamp(now)])


def update(db: sqlite_utils.Database, site_id: str, name: str, town: str) -> None:
    db.execute("UPDATE sites SET name = ?, town = ? WHERE id = ?", [name, town, site_id])


def set_published(db: sqlite_utils.Database, site_id: str, version: int,
                  at: datetime) -> None:
    db.execute("UPDATE sites SET published_version = ?, published_at = ? WHERE id = ?",
               [version, stamp(at), site_id])
