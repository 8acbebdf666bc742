"""Spreadsheets waiting between their upload and "Übernehmen" (hub.sheet_import)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlite_utils

from hub.queries import one, stamp


def add(db: sqlite_utils.Database, upload_id: str, site_id: str, user_id: int,
        file_name: str, content: bytes, now: datetime) -> None:
    """Keep an upload; uploads older than a day are dropped at the same time."""
    db.execute("DELETE FROM sheet_uploads WHERE created_at < ?",
               [stamp(now - timedelta(days=1))])
    db.execute("INSERT INTO sheet_uploads (id, site_id, user_id, file_name, content, "
               "created_at) VALUES (?, ?, ?, ?, ?, ?)",
               [upload_id, site_id, user_id, file_name, content, stamp(now)])


def get(db: sqlite_utils.Database, upload_id: str) -> dict | None:
    return one(db, "SELECT * FROM sheet_uploads WHERE id = ?", [upload_id])


def remove(db: sqlite_utils.Database, upload_id: str) -> None:
    db.execute("DELETE FROM sheet_uploads WHERE id = ?", [upload_id])
