"""Write a validated feed into the terminal database in one transaction.

Either the whole new version becomes visible or nothing changes: the kiosk reads in its
own transactions and sees the old content until the commit.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from sync import feed as feedlib
from sync.db import open_db
from sync.errors import StaleVersionError

__all__ = ["ApplyResult", "StaleVersionError", "apply_feed", "content_hash", "current_version"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ApplyResult:
    version: int
    previous_version: int | None
    entries: int
    occurrences: int
    content_changed: bool


def current_version(db: sqlite_utils.Database) -> int | None:
    """Return the version of the applied feed, or None for an empty database."""
    row = db.execute("SELECT version FROM feed WHERE id = 1").fetchone()
    return row[0] if row else None


def apply_feed(
    db_path: Path,
    doc: dict,
    *,
    now: datetime | None = None,
    allow_same_version: bool = False,
    validate: bool = True,
) -> ApplyResult:
    """Validate `doc` and make it the terminal's content in one transaction.

    `validate=False` is for a caller that has just validated the same document (the pull,
    which checks the schema before it downloads assets).
    """
    if validate:
        feedlib.validate(doc)
    now = now or datetime.now(UTC)
    db = open_db(db_path)
    try:
        return _apply(db, doc, now, allow_same_version)
    finally:
        db.close()


def content_hash(doc: dict) -> str:
    """Hash what residents see, leaving out the version and the publishing times."""
    keys = ("site_name", "categories", "places", "entries", "polls")
    payload = json.dumps({k: doc.get(k) for k in keys}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _apply(db: sqlite_utils.Database, doc: dict, now: datetime, allow_same: bool) -> ApplyResult:
    occ_rows, max_duration = _occurrence_rows(doc)
    digest = content_hash(doc)
    with db.atomic():
        previous = db.execute(
            "SELECT version, content_sha256, changed_at FROM feed WHERE id = 1"
        ).fetchone()
        version = doc["version"]
        if previous and (version < previous[0] or (version == previous[0] and not allow_same)):
            raise StaleVersionError(
                f"version {version} is not newer than the applied version {previous[0]}",
                "version",
            )
        changed = previous is None or previous[1] != digest
        changed_at = doc["generated_at"] if changed else previous[2]
        for table in ("occurrences", "entries", "places", "polls", "assets", "holidays",
                      "feed"):
            db.execute(f"DELETE FROM {table}")
        db.execute(
            """INSERT INTO feed (id, site, site_name, format, version, generated_at, expires_at,
               applied_at, changed_at, content_sha256, max_duration_s, categories, base_url)
               VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (doc["site"], doc["site_name"], doc["format"], version, doc["generated_at"],
             doc["expires_at"], now.isoformat(), changed_at, digest, max_duration,
             _dumps(doc.get("categories", [])), doc.get("base_url")),
        )
        db.conn.executemany(
            "INSERT INTO places (id, name, data) VALUES (?, ?, ?)",
            [(p["id"], p["name"], _dumps(p)) for p in doc["places"]],
        )
        db.conn.executemany(
            """INSERT INTO entries (id, position, kind, category, title, status, place_id,
               valid_until, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (e["id"], i, e["kind"], e["category"], e["title"],
                 e.get("status", "scheduled"), e.get("place_id"), e.get("valid_until"),
                 _dumps({k: v for k, v in e.items() if k != "occurrences"}))
                for i, e in enumerate(doc["entries"])
            ],
        )
        db.conn.executemany(
            """INSERT INTO occurrences (entry_id, start_ts, end_ts, start, "end", status, note,
               moved_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            occ_rows,
        )
        db.conn.executemany(
            "INSERT INTO polls (id, from_ts, until_ts, data) VALUES (?, ?, ?, ?)",
            [(p["id"], _ts(p["from"]), _ts(p["until"]), _dumps(p)) for p in doc["polls"]],
        )
        db.conn.executemany(
            "INSERT OR REPLACE INTO holidays (day, name) VALUES (?, ?)",
            [(h["date"], h["name"]) for h in doc.get("holidays", [])],
        )
        db.conn.executemany(
            "INSERT INTO assets (sha256, bytes, type) VALUES (?, ?, ?)",
            [(sha, a["bytes"], a["type"]) for sha, a in doc["assets"].items()],
        )
    result = ApplyResult(version, previous[0] if previous else None, len(doc["entries"]),
                         len(occ_rows), changed)
    log.info("applied feed %s version %s (%d entries, %d occurrences)", doc["site"], version,
             result.entries, result.occurrences)
    return result


def _occurrence_rows(doc: dict) -> tuple[list[tuple], int]:
    rows = []
    max_duration = 0
    for entry in doc["entries"]:
        for occ in entry.get("occurrences", []):
            start, end = _ts(occ["start"]), _ts(occ["end"])
            max_duration = max(max_duration, end - start)
            rows.append((entry["id"], start, end, occ["start"], occ["end"],
                         occ.get("status", "scheduled"), occ.get("note"), occ.get("moved_from")))
    return rows, max_duration


def _ts(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
