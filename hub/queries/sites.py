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
           now: datetime, release_by_admin: bool = False) -> None:
    db.execute("INSERT INTO sites (id, name, town, created_at, release_by_admin) "
               "VALUES (?, ?, ?, ?, ?)", [site_id, name, town, stamp(now), int(release_by_admin)])


def update(db: sqlite_utils.Database, site_id: str, name: str, town: str,
           release_by_admin: bool | None = None) -> None:
    """Rename; with `release_by_admin` also set whether an admin releases editors' entries."""
    db.execute("UPDATE sites SET name = ?, town = ? WHERE id = ?", [name, town, site_id])
    if release_by_admin is not None:
        db.execute("UPDATE sites SET release_by_admin = ? WHERE id = ?",
                   [int(release_by_admin), site_id])


def set_published(db: sqlite_utils.Database, site_id: str, version: int,
                  at: datetime) -> None:
    db.execute("UPDATE sites SET published_version = ?, published_at = ? WHERE id = ?",
               [version, stamp(at), site_id])
