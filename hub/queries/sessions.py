"""Logins kept on the server (one row per browser that logged in); the cookie holds a random
token, the table its SHA-256."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from hub.queries import one, stamp


def create(db: sqlite_utils.Database, session_id: str, user_id: int, now: datetime,
           expires: datetime) -> None:
    db.execute("INSERT INTO sessions (id, user_id, created_at, seen_at, expires_at) "
               "VALUES (?, ?, ?, ?, ?)",
               [session_id, user_id, stamp(now), stamp(now), stamp(expires)])


def get(db: sqlite_utils.Database, session_id: str) -> dict | None:
    return one(db, "SELECT * FROM sessions WHERE id = ?", [session_id])


def seen(db: sqlite_utils.Database, session_id: str, now: datetime) -> None:
    db.execute("UPDATE sessions SET seen_at = ? WHERE id = ?", [stamp(now), session_id])


def delete(db: sqlite_utils.Database, session_id: str) -> None:
    db.execute("DELETE FROM sessions WHERE id = ?", [session_id])


def delete_of_user(db: sqlite_utils.Database, user_id: int, keep: str | None = None) -> None:
    """End every session of a user, except `keep`."""
    db.execute("DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?", [user_id, keep])


def prune(db: sqlite_utils.Database, now: datetime, idle_since: datetime) -> None:
    """Remove sessions past their lifetime or idle since before `idle_since`."""
    db.execute("DELETE FROM sessions WHERE expires_at <= ? OR seen_at < ?",
               [stamp(now), stamp(idle_since)])
