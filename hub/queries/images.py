"""Uploaded pictures (the files live in <data>/content/bilder/)."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from hub.queries import one, stamp


def add(db: sqlite_utils.Database, sha256: str, mime: str, size: int, width: int, height: int,
        now: datetime) -> None:
    db.execute("INSERT OR IGNORE INTO images (sha256, type, bytes, width, height, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?)", [sha256, mime, size, width, height, stamp(now)])


def mime(db: sqlite_utils.Database, sha256: str) -> str | None:
    row = one(db, "SELECT type FROM images WHERE sha256 = ?", [sha256])
    return row["type"] if row else None
