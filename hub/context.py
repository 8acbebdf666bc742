"""What a request needs from the app: the database, the clock, settings and paths."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils
from flask import current_app, g

from hub.config import TIMEZONE, Paths
from hub.db import open_db

BERLIN = ZoneInfo(TIMEZONE)


def db() -> sqlite_utils.Database:
    """This request's connection (opened on first use, closed at the end of the request)."""
    if "db" not in g:
        g.db = open_db(paths().db, migrate=False)
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    conn = g.pop("db", None)
    if conn is not None:
        conn.conn.close()


def now() -> datetime:
    """The current moment (UTC, aware), from the app's clock (fixed in tests)."""
    return current_app.config["HUB_CLOCK"]()


def today() -> date:
    return now().astimezone(BERLIN).date()


def settings() -> dict[str, Any]:
    return current_app.config["HUB_SETTINGS"]


def paths() -> Paths:
    return current_app.config["HUB_PATHS"]


def user_label() -> str | None:
    user = g.get("user")
    return user["email"] if user else None
