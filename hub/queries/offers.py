"""Offers of an entry to a neighbouring site, which accepts or declines it."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from hub.queries import one, placeholders, rows, stamp

_SELECT = ("SELECT o.*, e.title, e.site_id AS from_site, e.kind FROM offers o "
           "JOIN entries e ON e.id = o.entry_id")


def offer(db: sqlite_utils.Database, entry_id: str, site_id: str, now: datetime,
          user: str | None) -> bool:
    """Offer an entry to a site; False when it was offered there already."""
    if one(db, "SELECT id FROM offers WHERE entry_id = ? AND site_id = ?",
           [entry_id, site_id]):
        return False
    db.execute("INSERT INTO offers (entry_id, site_id, state, offered_at, offered_by) "
               "VALUES (?, ?, 'offered', ?, ?)", [entry_id, site_id, stamp(now), user])
    return True


def withdraw(db: sqlite_utils.Database, entry_id: str, site_id: str) -> None:
    db.execute("DELETE FROM offers WHERE entry_id = ? AND site_id = ?", [entry_id, site_id])


def get(db: sqlite_utils.Database, offer_id: int) -> dict | None:
    return one(db, f"{_SELECT} WHERE o.id = ?", [offer_id])


def of_entry(db: sqlite_utils.Database, entry_id: str) -> list[dict]:
    return rows(db, f"{_SELECT} WHERE o.entry_id = ? ORDER BY o.site_id", [entry_id])


def for_sites(db: sqlite_utils.Database, site_ids: list[str] | None,
              state: str | None = None) -> list[dict]:
    """Offers made to these sites (None: all), newest first."""
    params: list = []
    clauses = []
    if site_ids is not None:
        if not site_ids:
            return []
        clauses.append(f"o.site_id IN ({placeholders(site_ids)})")
        params += site_ids
    if state:
        clauses.append("o.state = ?")
        params.append(state)
    where = " AND ".join(clauses) or "1"
    return rows(db, f"{_SELECT} WHERE {where} ORDER BY o.offered_at DESC, o.id DESC", params)


def decide(db: sqlite_utils.Database, offer_id: int, state: str, now: datetime,
           user: str | None) -> None:
    db.execute("UPDATE offers SET state = ?, decided_at = ?, decided_by = ? WHERE id = ?",
               [state, stamp(now), user, offer_id])
