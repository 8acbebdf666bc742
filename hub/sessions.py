"""Logins kept on the server: a table row per browser, the cookie only names it.

The signed cookie (Flask's session) carries a random token; the `sessions` table holds its
SHA-256 with the user, the moment of the login, the last request and the end of its
lifetime. Every request looks the row up, so:

- logging out deletes this browser's row: a copy of the old cookie is worthless after,
  and other browsers of the same person stay logged in;
- a new password ends every other session of that person (this browser gets a new one);
- an admin changing a person's role, sites or password, or deleting the account, ends all
  of that person's sessions;
- a session ends `session_hours` (12) after the login however busy it is, and after
  `session_idle_min` (120) minutes without a request.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlite_utils
from flask import session

from hub import context
from hub.queries import parse_stamp
from hub.queries import sessions as session_q
from hub.queries import users as user_q

KEY = "sid"
SEEN_EVERY = timedelta(minutes=1)  # how often the last request is written down


def _id(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _current_id() -> str | None:
    token = session.get(KEY)
    return _id(token) if isinstance(token, str) and token.isascii() else None


def _idle() -> timedelta:
    return timedelta(minutes=context.settings()["hub"]["session_idle_min"])


def start(db: sqlite_utils.Database, user: dict, now: datetime) -> None:
    """Log `user` in in this browser: a new session (and a new cookie)."""
    end(db)
    session_q.prune(db, now, now - _idle())
    token = secrets.token_urlsafe(32)
    lifetime = timedelta(hours=context.settings()["hub"]["session_hours"])
    session_q.create(db, _id(token), user["id"], now, now + lifetime)
    session.permanent = True
    session[KEY] = token


def end(db: sqlite_utils.Database) -> None:
    """Log this browser out (its row goes, its cookie is emptied)."""
    current = _current_id()
    if current:
        session_q.delete(db, current)
    session.clear()


def end_all(db: sqlite_utils.Database, user_id: int, keep_this: bool = False) -> None:
    """End every session of a user; with `keep_this` not the one of this request."""
    session_q.delete_of_user(db, user_id, _current_id() if keep_this else None)


def current_user(db: sqlite_utils.Database, now: datetime) -> dict | None:
    """The user of this request's session, or None (an ended session empties the cookie)."""
    current = _current_id()
    if current is None:
        return None
    row = session_q.get(db, current)
    user = None
    if row is not None:
        seen = parse_stamp(row["seen_at"])
        alive = now < parse_stamp(row["expires_at"]) and now - seen < _idle()
        user = user_q.get(db, row["user_id"]) if alive else None
        if user is None:
            session_q.delete(db, current)
        elif now - seen >= SEEN_EVERY:
            session_q.seen(db, current, now)
    if user is None:
        session.clear()
    return user
