"""Accounts, their sites, and failed logins (the rate limit)."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from hub.db import immediate
from hub.queries import one, parse_stamp, rows, stamp


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
# Every attempt is recorded as a failure before its password is checked and removed again
# when it succeeds; so parallel attempts count at once.

EMAIL_MAX = 254  # the longest e-mail address there can be; longer input is cut to it


def login_key(email: str) -> str:
    """The e-mail address as failures are counted: trimmed, lower case, bounded."""
    return email.strip().lower()[:EMAIL_MAX]


def claim_attempt(db: sqlite_utils.Database, email: str, remote: str, now: datetime,
                  since: datetime, per_account: int, per_computer: int) -> dict:
    """Count the failures since `since` for this address and from this computer and, when
    both are under their limit, record this attempt – in one write transaction, so
    parallel attempts cannot all pass the count. Returns {"id": the recorded attempt or
    None, "account": failures of the address, "computer": failures of the computer}."""
    key = login_key(email)
    with immediate(db):
        db.execute("DELETE FROM login_failures WHERE at < ?", [stamp(since)])
        account = _count(db, "email", key, since)
        computer = _count(db, "remote", remote, since)
        attempt = None
        if account < per_account and computer < per_computer:
            cursor = db.execute("INSERT INTO login_failures (email, remote, at) "
                                "VALUES (?, ?, ?)", [key, remote, stamp(now)])
            attempt = int(cursor.lastrowid or 0)
    return {"id": attempt, "account": account, "computer": computer}


def _count(db: sqlite_utils.Database, column: str, value: str, since: datetime) -> int:
    assert column in ("email", "remote")
    return db.execute(f"SELECT count(*) FROM login_failures WHERE {column} = ? AND at >= ?",
                      [value, stamp(since)]).fetchone()[0]


def failures_of(db: sqlite_utils.Database, email: str, since: datetime) -> int:
    return _count(db, "email", login_key(email), since)


def unlocked_at(db: sqlite_utils.Database, column: str, value: str, limit: int,
                since: datetime) -> datetime | None:
    """When the `limit`-th newest failure (of the address or the computer) was: once it
    leaves the window, fewer than `limit` remain."""
    assert column in ("email", "remote")
    row = db.execute(f"SELECT at FROM login_failures WHERE {column} = ? AND at >= ? "
                     "ORDER BY at DESC LIMIT 1 OFFSET ?",
                     [value, stamp(since), limit - 1]).fetchone()
    return parse_stamp(row[0]) if row else None


def drop_attempt(db: sqlite_utils.Database, attempt_id: int) -> None:
    db.execute("DELETE FROM login_failures WHERE id = ?", [attempt_id])


def clear_failures(db: sqlite_utils.Database, email: str) -> None:
    """Forget the failures of an address (after a successful login or a new password)."""
    db.execute("DELETE FROM login_failures WHERE email = ?", [login_key(email)])
