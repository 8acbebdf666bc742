"""Polls, the sites that show them, and the votes and shows the terminals counted."""

from __future__ import annotations

import json
from datetime import datetime

import sqlite_utils

from hub.queries import dumps, one, placeholders, rows, stamp


def _decode(row: dict, db: sqlite_utils.Database) -> dict:
    row["data"] = json.loads(row["data"])
    row["answers"] = row["data"].get("answers", [])
    row["sites"] = [r["site_id"] for r in rows(
        db, "SELECT site_id FROM poll_sites WHERE poll_id = ? ORDER BY site_id", [row["id"]])]
    return row


def get(db: sqlite_utils.Database, poll_id: str) -> dict | None:
    row = one(db, "SELECT * FROM polls WHERE id = ? AND deleted_at IS NULL", [poll_id])
    return _decode(row, db) if row else None


def id_taken(db: sqlite_utils.Database, poll_id: str) -> bool:
    """Also the ids of deleted polls: they are never given out again."""
    return one(db, "SELECT id FROM polls WHERE id = ?", [poll_id]) is not None


def of_sites(db: sqlite_utils.Database, site_ids: list[str] | None) -> list[dict]:
    """Polls shown at any of these sites (None: all), the newest start first."""
    if site_ids is None:
        found = rows(db, "SELECT * FROM polls WHERE deleted_at IS NULL "
                         "ORDER BY starts_on DESC, id")
    elif not site_ids:
        return []
    else:
        found = rows(db, "SELECT * FROM polls p WHERE deleted_at IS NULL AND EXISTS ("
                         "SELECT 1 FROM poll_sites s WHERE s.poll_id = p.id AND s.site_id IN "
                         f"({placeholders(site_ids)})) ORDER BY starts_on DESC, id", site_ids)
    return [_decode(r, db) for r in found]


def published_at(db: sqlite_utils.Database, site_id: str, first_day: str) -> list[dict]:
    """Polls of a site that end on `first_day` or later (a site's feed)."""
    found = rows(db, "SELECT p.* FROM polls p JOIN poll_sites s ON s.poll_id = p.id "
                     "WHERE s.site_id = ? AND p.deleted_at IS NULL AND p.ends_on >= ? "
                     "ORDER BY p.starts_on, p.id", [site_id, first_day])
    return [_decode(r, db) for r in found]


def linked_entries(db: sqlite_utils.Database) -> dict[str, str]:
    """entry id → the id of the (newest) poll linked to it."""
    found = rows(db, "SELECT entry_id, id FROM polls WHERE deleted_at IS NULL AND "
                     "entry_id IS NOT NULL ORDER BY starts_on, id")
    return {r["entry_id"]: r["id"] for r in found}


def save(db: sqlite_utils.Database, poll_id: str, poll: dict, sites: list[str],
         now: datetime, user: str | None) -> None:
    """Create or replace a poll: `poll` has question, answers, starts_on, ends_on,
    min_votes and entry_id."""
    data = dumps({"answers": poll["answers"]})
    values = [poll["question"], data, poll["starts_on"], poll["ends_on"], poll["min_votes"],
              poll.get("entry_id"), stamp(now), user]
    with db.atomic():
        if id_taken(db, poll_id):
            db.execute("UPDATE polls SET question = ?, data = ?, starts_on = ?, ends_on = ?, "
                       "min_votes = ?, entry_id = ?, updated_at = ?, updated_by = ? "
                       "WHERE id = ?", [*values, poll_id])
        else:
            db.execute("INSERT INTO polls (question, data, starts_on, ends_on, min_votes, "
                       "entry_id, updated_at, updated_by, id, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [*values, poll_id, stamp(now)])
        db.execute("DELETE FROM poll_sites WHERE poll_id = ?", [poll_id])
        for site in sorted(set(sites)):
            db.execute("INSERT INTO poll_sites (poll_id, site_id) VALUES (?, ?)",
                       [poll_id, site])


def delete(db: sqlite_utils.Database, poll_id: str, now: datetime) -> None:
    """Mark deleted (the id stays taken) and forget its counts."""
    with db.atomic():
        db.execute("UPDATE polls SET deleted_at = ?, entry_id = NULL WHERE id = ?",
                   [stamp(now), poll_id])
        db.execute("DELETE FROM poll_sites WHERE poll_id = ?", [poll_id])
        db.execute("DELETE FROM poll_counts WHERE poll_id = ?", [poll_id])


# -- counts --------------------------------------------------------------------------------

def replace_counts(db: sqlite_utils.Database, terminal: dict, period: str,
                   polls: dict[str, dict]) -> None:
    """The poll counts of one terminal period, as sent (again: replaced)."""
    db.execute("DELETE FROM poll_counts WHERE terminal_id = ? AND period = ?",
               [terminal["id"], period])
    for poll_id, counts in polls.items():
        pairs = [("", counts.get("shown", 0)), *counts.get("votes", {}).items()]
        for answer_id, n in pairs:
            if n:
                db.execute("INSERT INTO poll_counts (terminal_id, site_id, period, poll_id, "
                           "answer_id, n) VALUES (?, ?, ?, ?, ?, ?)",
                           [terminal["id"], terminal["site_id"], period, poll_id, answer_id, n])


def totals(db: sqlite_utils.Database, poll_id: str) -> dict[str, dict[str, int]]:
    """site id → {answer id: votes, "": visits in which the poll was shown}."""
    out: dict[str, dict[str, int]] = {}
    for row in rows(db, "SELECT site_id, answer_id, sum(n) AS n FROM poll_counts "
                        "WHERE poll_id = ? GROUP BY site_id, answer_id", [poll_id]):
        out.setdefault(row["site_id"], {})[row["answer_id"]] = row["n"]
    return out


def site_totals(db: sqlite_utils.Database, site_id: str, first: str, last: str
                ) -> dict[str, dict[str, int]]:
    """poll id → {answer id: n} of one site for periods in [first, last) (see
    hub.reports for how hours and days are compared)."""
    out: dict[str, dict[str, int]] = {}
    for row in rows(db, "SELECT poll_id, answer_id, sum(n) AS n FROM poll_counts "
                        "WHERE site_id = ? AND period >= ? AND period < ? "
                        "GROUP BY poll_id, answer_id", [site_id, first, last]):
        out.setdefault(row["poll_id"], {})[row["answer_id"]] = row["n"]
    return out


def prune_counts(db: sqlite_utils.Database, before: str) -> int:
    return db.execute("DELETE FROM poll_counts WHERE period < ?", [before]).rowcount


def for_check(db: sqlite_utils.Database, poll_ids: list[str]) -> dict[str, dict]:
    """What the heartbeat check needs of these polls: answers, sites, dates."""
    if not poll_ids:
        return {}
    found = rows(db, f"SELECT * FROM polls WHERE deleted_at IS NULL AND id IN "
                     f"({placeholders(poll_ids)})", poll_ids)
    return {r["id"]: _decode(r, db) for r in found}
