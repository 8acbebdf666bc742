"""SQL of the hub, one small module per area; views call these, never SQL themselves.

Functions take the sqlite-utils Database first and return plain dicts (JSON columns
already decoded). Times are passed in (an injected clock), stored as UTC ISO text.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlite_utils


def rows(db: sqlite_utils.Database, sql: str, params: list | tuple = ()) -> list[dict]:
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def one(db: sqlite_utils.Database, sql: str, params: list | tuple = ()) -> dict | None:
    found = rows(db, sql, params)
    return found[0] if found else None


def stamp(moment: datetime) -> str:
    """A moment as stored: UTC, seconds, ISO 8601."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def parse_stamp(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def placeholders(values: list | tuple | set) -> str:
    return ", ".join("?" for _ in values)
