"""What was published when: versions, the change summary, the snapshot to compare with; and
what a publish left out (publish_problems: a skipped entry, or a site that failed)."""

from __future__ import annotations

import json
from datetime import datetime

import sqlite_utils

from hub.queries import dumps, one, placeholders, rows, stamp


def _decode(row: dict) -> dict:
    row["summary"] = json.loads(row["summary"])
    row["snapshot"] = json.loads(row["snapshot"])
    return row


def add(db: sqlite_utils.Database, *, run_id: str, site_id: str, version: int, changed: bool,
        at: datetime, user: str | None, trigger: str, entries: int, summary: dict,
        snapshot: dict) -> None:
    db.execute(
        "INSERT INTO publications (run_id, site_id, version, changed, published_at, "
        "published_by, trigger, entries, summary, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [run_id, site_id, version, int(changed), stamp(at), user, trigger, entries,
         dumps(summary), dumps(snapshot)])


def latest(db: sqlite_utils.Database, site_id: str) -> dict | None:
    row = one(db, "SELECT * FROM publications WHERE site_id = ? ORDER BY id DESC LIMIT 1",
              [site_id])
    return _decode(row) if row else None


def of_run(db: sqlite_utils.Database, run_id: str) -> list[dict]:
    return [_decode(r) for r in rows(
        db, "SELECT * FROM publications WHERE run_id = ? ORDER BY site_id", [run_id])]


def recent(db: sqlite_utils.Database, site_ids: list[str] | None, limit: int = 30,
           changed_only: bool = False, skip_quiet_daily: bool = False) -> list[dict]:
    """The latest publications; `skip_quiet_daily` leaves out daily runs that changed
    nothing (they would fill the history with "keine Änderungen")."""
    clauses, params = [], []
    if site_ids is not None:
        if not site_ids:
            return []
        clauses.append(f"site_id IN ({placeholders(site_ids)})")
        params += site_ids
    if changed_only:
        clauses.append("changed = 1")
    if skip_quiet_daily:
        clauses.append("(changed = 1 OR trigger != 'daily')")
    where = " AND ".join(clauses) or "1"
    return [_decode(r) for r in rows(
        db, f"SELECT * FROM publications WHERE {where} ORDER BY id DESC LIMIT ?",
        [*params, limit])]


def version_time(db: sqlite_utils.Database, site_id: str, version: int) -> datetime | None:
    row = one(db, "SELECT published_at FROM publications WHERE site_id = ? AND version = ? "
                  "ORDER BY id LIMIT 1", [site_id, version])
    return datetime.fromisoformat(row["published_at"]) if row else None


def versions_after(db: sqlite_utils.Database, site_id: str, version: int) -> int:
    """How many newer versions were published for the site."""
    return db.execute("SELECT count(DISTINCT version) FROM publications WHERE site_id = ? "
                      "AND version > ?", [site_id, version]).fetchone()[0]


def first_newer(db: sqlite_utils.Database, site_id: str, version: int) -> datetime | None:
    """When the first version newer than `version` was published (how long a terminal lags)."""
    row = one(db, "SELECT min(published_at) AS at FROM publications WHERE site_id = ? "
                  "AND version > ?", [site_id, version])
    return datetime.fromisoformat(row["at"]) if row and row["at"] else None


# -- what a publish left out ----------------------------------------------------------------

def replace_problems(db: sqlite_utils.Database, run_id: str, site_id: str, at: datetime,
                     problems: list[dict]) -> None:
    """The site was published: its earlier flags are retired, these are the new ones."""
    db.execute("UPDATE publish_problems SET current = 0 WHERE site_id = ? AND current = 1",
               [site_id])
    add_problems(db, run_id, site_id, at, problems)


def add_problems(db: sqlite_utils.Database, run_id: str, site_id: str, at: datetime,
                 problems: list[dict]) -> None:
    """Record what this run left out at `site_id`.

    A problem is {"entry_id" (None: the whole site), "title", "field", "reason"}: `reason`
    is the German sentence for staff, `field` the technical detail."""
    for p in problems:
        db.execute("INSERT INTO publish_problems (run_id, site_id, entry_id, title, field, "
                   "reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [run_id, site_id, p["entry_id"], p["title"], p["field"], p["reason"],
                    stamp(at)])


def problems_of_run(db: sqlite_utils.Database, run_id: str) -> list[dict]:
    return rows(db, "SELECT * FROM publish_problems WHERE run_id = ? ORDER BY site_id, id",
                [run_id])


def current_problems(db: sqlite_utils.Database, entry_ids: list[str]) -> dict[str, list[dict]]:
    """The flags of these entries: what the latest publish of their sites left out."""
    found: dict[str, list[dict]] = {}
    for start in range(0, len(entry_ids), 500):   # SQLite's limit of bound parameters
        chunk = entry_ids[start:start + 500]
        for row in rows(db, "SELECT * FROM publish_problems WHERE current = 1 AND entry_id "
                            f"IN ({placeholders(chunk)}) ORDER BY id", chunk):
            found.setdefault(row["entry_id"], []).append(row)
    return found


def flagged_entries(db: sqlite_utils.Database, site_id: str) -> set[str]:
    """The entries the latest publish of the site left out (and not released again)."""
    return {r["entry_id"] for r in rows(
        db, "SELECT entry_id FROM publish_problems WHERE site_id = ? AND current = 1 AND "
            "entry_id IS NOT NULL", [site_id])}


def prune_problems(db: sqlite_utils.Database, before: datetime) -> None:
    db.execute("DELETE FROM publish_problems WHERE current = 0 AND at < ?", [stamp(before)])
