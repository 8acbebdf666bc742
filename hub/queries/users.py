"""Accounts, their sites, and failed logins (the rate limit)."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from hub.queries import one, rows, stamp


def get(db: sqlite_utils.Database, user_id: int) -> dict | None:
    user = one(db, "SELECT * FROM users WHERE id = ?", [user_id])
    if user:
        user["sites"] = sites_of(db, user_id)
    return user


def by_email(db: sqlite_utils.Database, email: str) -> dict | None:
    user = one(db, "SELECT * FROM users WHERE email = ?", [email.strip()])
    if user:
        user["sites"] = sites_of(db, user["id"])
    return user


def sites_of(db: sqlite_utils.Database, user_id: int) -> list[str]:
    return [r["site_id"] for r in rows(
        db, "SELECT site_id FROM user_sites WHERE user_id = ? ORDER BY site_id", [user_id])]


def all_users(db: sqlite_utils.Database) -> list[dict]:
    users = rows(db, "SELECT * FROM users ORDER BY email")
    for user in users:
        user["sites"] = sites_of(db, user["id"])
    return users


def create(db: sqlite_utils.Database, email: str, password_hash: str, role: str,
           sites: list[str], now: datetime) -> int:
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO users (email, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
            [email.strip(), password_hash, role, stamp(now)])
        user_id = int(cursor.lastrowid or 0)
        _set_sites(db, user_id, sites)
    return user_id


def update(db: sqlite_utils.Database, user_id: int, role: str, sites: list[str],
           password_hash: str | None = None) -> None:
    with db.atomic():
        db.execute("UPDATE users SET role = ? WHERE id = ?", [role, user_id])
        if password_hash:
            set_password(db, user_id, password_hash)
        _set_sites(db, user_id, sites)


def set_password(db: sqlite_utils.Database, user_id: int, password_hash: str) -> None:
    db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [password_hash, user_id])


def _set_sites(db: sqlite_utils.Database, user_id: int, sites: list[str]) -> None:
    db.execute("DELETE FROM user_sites WHERE user_id = ?", [user_id])
    for site in sorted(set(sites)):
        db.execute("INSERT INTO user_sites (user_id, site_id) VALUES (?, ?)", [user_id, site])


def delete(db: sqlite_utils.Database, user_id: int) -> None:
    db.execute("DELETE FROM users WHERE id = ?", [user_id])


def count_admins(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM users WHERE role = 'admin'").fetchone()[0]


def logged_in(db: sqlite_utils.Database, user_id: int, now: datetime) -> None:
    db.execute("UPDATE users SET last_login_at = ? WHERE id = ?", [stamp(now), user_id])


# -- failed logins ---------------------------------------------------------------------------

def record_failure(db: sqlite_utils.Database, email: str, remote: str, now: datetime) -> None:
    db.execute("INSERT INTO login_failures (email, remote, at) VALUES (?, ?, ?)",
               [email.strip().lower(), remote, stamp(now)])


def failures_since(db: sqlite_utils.Database, email: str, remote: str,
                   since: datetime) -> int:
    """Failed logins since `since` for this e-mail address or from this address."""
    return db.execute(
        "SELECT count(*) FROM login_failures WHERE at >= ? AND (email = ? OR remote = ?)",
        [stamp(since), email.strip().lower(), remote]).fetchone()[0]


def clear_failures(db: sqlite_utils.Database, email: str, before: datetime) -> None:
    db.execute("DELETE FROM login_failures WHERE email = ? OR at < ?",
               [email.strip().lower(), stamp(before)])
