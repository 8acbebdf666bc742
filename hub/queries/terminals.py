"""Terminals, their heartbeats and hourly usage counters."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import sqlite_utils

from hub.queries import dumps, one, placeholders, rows, stamp
from hub.queries import polls as poll_q


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
                     now: datetime, history_every_s: float = 0) -> list[str]:
    """Store one heartbeat and its counters; return the counter periods stored (an hour
    "2026-12-01T14" or a day "2026-11-20"). Poll counts go to poll_counts, the rest of
    a row into counters.data. The terminal's row always gets the newest heartbeat; the
    history one per `history_every_s` (terminals beat every 45 s to report their
    screen), and every one that carries counters."""
    counters = body.get("counters") or []
    beat = {k: v for k, v in body.items() if k != "counters"}
    beat["counters"] = len(counters)
    with db.atomic():
        last = one(db, "SELECT max(received_at) AS at FROM heartbeats WHERE terminal_id = ?",
                   [terminal["id"]])
        due = stamp(now - timedelta(seconds=history_every_s))
        if counters or not last or not last["at"] or last["at"] <= due:
            db.execute("INSERT INTO heartbeats (terminal_id, received_at, body) "
                       "VALUES (?, ?, ?)", [terminal["id"], stamp(now), dumps(beat)])
        db.execute("UPDATE terminals SET last_seen_at = ?, last_heartbeat = ? WHERE id = ?",
                   [stamp(now), dumps(beat), terminal["id"]])
        return record_counters(db, terminal, counters, now)


def record_counters(db: sqlite_utils.Database, terminal: dict, counters: list[dict],
                    now: datetime) -> list[str]:
    """Store counter rows (an hour sent again replaces it); return their periods."""
    confirmed = []
    with db.atomic():
        for counter in counters:
            period = counter.get("hour") or counter["day"]
            data = {k: v for k, v in counter.items() if k not in ("hour", "day", "polls")}
            # Sent again (the terminal missed our answer): the newer numbers win.
            db.execute(
                "INSERT INTO counters (terminal_id, site_id, hour, data, received_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(terminal_id, hour) DO UPDATE SET "
                "site_id = excluded.site_id, data = excluded.data, "
                "received_at = excluded.received_at",
                [terminal["id"], terminal["site_id"], period, dumps(data), stamp(now)])
            poll_q.replace_counts(db, terminal, period, counter.get("polls") or {})
            confirmed.append(period)
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
    """Delete counter rows (and poll counts) of hours and days before `before` (UTC)."""
    limit = before.strftime("%Y-%m-%dT%H")
    poll_q.prune_counts(db, limit)
    cursor = db.execute("DELETE FROM counters WHERE hour < ?", [limit])
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
        row["data"] = flat(json.loads(row["data"]))
    return found


def flat(data: dict, prefix: str = "") -> dict:
    """{"screens": {"home": 3}} → {"screens.home": 3}: one column per count (CSV)."""
    out = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def site_rows(db: sqlite_utils.Database, site_id: str, first: str, last: str) -> list[dict]:
    """Counter rows of a site whose period lies in [first, last) (hours "…T14" and days
    compare as text: see hub.reports), with data decoded."""
    found = rows(db, "SELECT terminal_id, hour, data FROM counters WHERE site_id = ? AND "
                     "hour >= ? AND hour < ? ORDER BY hour, terminal_id",
                 [site_id, first, last])
    for row in found:
        row["data"] = json.loads(row["data"])
    return found
