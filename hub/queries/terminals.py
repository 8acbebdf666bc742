"""Terminals, their heartbeats and hourly usage counters."""

from __future__ import annotations

import json
from datetime import datetime

import sqlite_utils

from hub.queries import dumps, one, placeholders, rows, stamp


def _decode(row: dict) -> dict:
    row["last_heartbeat"] = json.loads(row["last_heartbeat"]) if row["last_heartbeat"] else None
    return row


def get(db: sqlite_utils.Database, terminal_id: str) -> dict | None:
    row = one(db, "SELECT * FROM terminals WHERE id = ?", [terminal_id])
    return _decode(row) if row else None


def by_token(db: sqlite_utils.Database, token_sha256: str) -> dict | None:
    row = one(db, "SELECT * FROM terminals WHERE token_sha256 = ?", [token_sha256])
    return _decode(row) if row else None


def of_sites(db: sqlite_utils.Database, site_ids: list[str] | None) -> list[dict]:
    if site_ids is None:
        found = rows(db, "SELECT * FROM terminals ORDER BY site_id, id")
    elif not site_ids:
        return []
    else:
        found = rows(db, f"SELECT * FROM terminals WHERE site_id IN ({placeholders(site_ids)}) "
                         "ORDER BY site_id, id", site_ids)
    return [_decode(r) for r in found]


def exists(db: sqlite_utils.Database, terminal_id: str) -> bool:
    return one(db, "SELECT id FROM terminals WHERE id = ?", [terminal_id]) is not None


def create(db: sqlite_utils.Database, terminal_id: str, site_id: str, name: str,
           token_sha256: str, now: datetime) -> None:
    db.execute("INSERT INTO terminals (id, site_id, name, token_sha256, created_at) "
               "VALUES (?, ?, ?, ?, ?)", [terminal_id, site_id, name, token_sha256, stamp(now)])


def set_token(db: sqlite_utils.Database, terminal_id: str, token_sha256: str) -> None:
    db.execute("UPDATE terminals SET token_sha256 = ? WHERE id = ?", [token_sha256, terminal_id])


def delete(db: sqlite_utils.Database, terminal_id: str) -> None:
    db.execute("DELETE FROM terminals WHERE id = ?", [terminal_id])


def record_heartbeat(db: sqlite_utils.Database, terminal: dict, body: dict,
                     now: datetime) -> list[str]:
    """Store one heartbeat and its counters; return the counter hours stored."""
    counters = body.get("counters") or []
    beat = {k: v for k, v in body.items() if k != "counters"}
    beat["counters"] = len(counters)
    confirmed = []
    with db.atomic():
        db.execute("INSERT INTO heartbeats (terminal_id, received_at, body) VALUES (?, ?, ?)",
                   [terminal["id"], stamp(now), dumps(beat)])
        db.execute("UPDATE terminals SET last_seen_at = ?, last_heartbeat = ? WHERE id = ?",
                   [stamp(now), dumps(beat), terminal["id"]])
        for counter in counters:
            data = {k: v for k, v in counter.items() if k != "hour"}
            # Sent again (the terminal missed our answer): the newer numbers win.
            db.execute(
                "INSERT INTO counters (terminal_id, site_id, hour, data, received_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(terminal_id, hour) DO UPDATE SET "
                "site_id = excluded.site_id, data = excluded.data, "
                "received_at = excluded.received_at",
                [terminal["id"], terminal["site_id"], counter["hour"], dumps(data), stamp(now)])
            confirmed.append(counter["hour"])
    return confirmed


def heartbeats(db: sqlite_utils.Database, terminal_id: str, limit: int = 20) -> list[dict]:
    found = rows(db, "SELECT received_at, body FROM heartbeats WHERE terminal_id = ? "
                     "ORDER BY id DESC LIMIT ?", [terminal_id, limit])
    for row in found:
        row["body"] = json.loads(row["body"])
    return found


def prune_heartbeats(db: sqlite_utils.Database, before: datetime) -> int:
    cursor = db.execute("DELETE FROM heartbeats WHERE received_at < ?", [stamp(before)])
    return cursor.rowcount


def prune_counters(db: sqlite_utils.Database, before: datetime) -> int:
    """Delete counter rows of hours before `before` (UTC)."""
    cursor = db.execute("DELETE FROM counters WHERE hour < ?", [before.strftime("%Y-%m-%dT%H")])
    return cursor.rowcount


def counters(db: sqlite_utils.Database, site_ids: list[str] | None) -> list[dict]:
    if site_ids is None:
        found = rows(db, "SELECT * FROM counters ORDER BY site_id, terminal_id, hour")
    elif not site_ids:
        return []
    else:
        found = rows(db, f"SELECT * FROM counters WHERE site_id IN ({placeholders(site_ids)}) "
                         "ORDER BY site_id, terminal_id, hour", site_ids)
    for row in found:
        row["data"] = json.loads(row["data"])
    return found
