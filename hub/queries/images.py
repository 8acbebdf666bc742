"""Uploaded pictures (the files live in <data>/content/bilder/) and the sites they were
uploaded for."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from hub.queries import one, rows, stamp


def add(db: sqlite_utils.Database, sha256: str, mime: str, size: int, width: int, height: int,
        now: datetime) -> None:
    db.execute("INSERT OR IGNORE INTO images (sha256, type, bytes, width, height, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?)", [sha256, mime, size, width, height, stamp(now)])


def mime(db: sqlite_utils.Database, sha256: str) -> str | None:
    row = one(db, "SELECT type FROM images WHERE sha256 = ?", [sha256])
    return row["type"] if row else None


def claim(db: sqlite_utils.Database, sha256: str, site_id: str) -> None:
    """Note that this picture was uploaded for this site."""
    db.execute("INSERT OR IGNORE INTO image_sites (sha256, site_id) VALUES (?, ?)",
               [sha256, site_id])


def sites_of(db: sqlite_utils.Database, sha256: str) -> set[str]:
    return {r["site_id"] for r in rows(db, "SELECT site_id FROM image_sites WHERE sha256 = ?",
                                       [sha256])}
