"""The terminal's usage counters: counts per hour and kind, never an event or a person.

The kiosk app counts in memory (kiosk.counters) and adds each finished hour to
`<paths.data>/counters.sqlite`, a small file of its own: the kiosk opens the content
database (kiosk.sqlite) read-only, and the feed apply never sees this file. The sync
process reads finished hours from it for the heartbeat and deletes the hours the hub
confirmed (or refused). Both write in short BEGIN IMMEDIATE transactions.

What a row holds: a period – an hour in UTC ("2026-12-01T14") or, after HOUR_DAYS, a
whole UTC day ("2026-11-20") –, a kind, a key and a count. No other time, no order
(the table is WITHOUT ROWID, so not even SQLite's row numbers keep the order in which
things happened), no visit id, no text a resident typed, no touch position.

Kinds (key → heartbeat field):

    visit       ""                visits       visits (a touch after the attract screen)
    screen      route name        screens      screens shown, by route ("list:week")
    entry       entry id          entries      detail views per entry
    qr          QR kind           qr           QR codes shown, by kind ("termin")
    speech      ""                speech       visits in which Vorlesen was used
    text_size   "1" | "2"         text_size    visits that chose a larger text size
    contrast    "high"            contrast     visits that chose high contrast
    poll_shown  poll id           polls.<id>.shown   visits in which the poll was shown
    vote        "<poll>/<answer>" polls.<id>.votes.<answer>   votes per answer

Bound: hours are kept for HOUR_DAYS days, then merged into their day; days older than
KEEP_DAYS are dropped (the hub refuses them anyway). So however long the hub is
unreachable, the file holds at most HOUR_DAYS · 24 + 1 hours and KEEP_DAYS days – 223
periods –, each with at most the keys of MAX_KEYS.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

log = logging.getLogger(__name__)

FILE = "counters.sqlite"
HOUR_DAYS = 7
KEEP_DAYS = 59
SETTLE = timedelta(minutes=10)   # an hour is sent this long after it ended
HOUR_FORMAT = "%Y-%m-%dT%H"
DAY_FORMAT = "%Y-%m-%d"

# kind → the heartbeat row's field; kinds with a key count per key.
FIELDS = {"visit": "visits", "screen": "screens", "entry": "entries", "qr": "qr",
          "speech": "speech", "text_size": "text_size", "contrast": "contrast",
          "poll_shown": "polls", "vote": "polls"}
KEYED = {"screen", "entry", "qr", "text_size", "contrast", "poll_shown", "vote"}
# At most this many keys per field and row (the hub's limits, sync and hub share them).
MAX_KEYS = {"screens": 40, "entries": 300, "qr": 10, "text_size": 5, "contrast": 5,
            "polls": 20}
MAX_ANSWERS = 6
MAX_COUNT = 1_000_000_000
MAX_ROWS = 500              # rows per heartbeat (hub.heartbeat.MAX_COUNTERS)
MAX_BYTES = 200_000         # JSON of the rows of one heartbeat (the hub reads 256 kB)

_SCHEMA = """CREATE TABLE IF NOT EXISTS counts (
    period TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (period, kind, key)) WITHOUT ROWID"""


def hour_of(moment: datetime) -> str:
    """The UTC hour of a moment, as counters name it."""
    return moment.astimezone(UTC).strftime(HOUR_FORMAT)


def is_day(period: str) -> bool:
    return len(period) == 10


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction on the counters file (created when missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=10, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute(_SCHEMA)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()


def add(path: Path, counts: dict[tuple[str, str, str], int], now: datetime) -> None:
    """Add counts {(hour, kind, key): n}. Counts of an hour that has been ready to send
    for a while go into the current hour instead: the hub replaces an hour it receives
    again, so adding to an hour it may already have would lose what it got first."""
    first_open = hour_of(now - SETTLE)
    current = hour_of(now)
    with _connect(path) as conn:
        for (period, kind, key), n in counts.items():
            if n <= 0:
                continue
            conn.execute(
                "INSERT INTO counts (period, kind, key, n) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(period, kind, key) DO UPDATE SET n = min(n + excluded.n, ?)",
                [period if period >= first_open else current, kind, key, min(n, MAX_COUNT),
                 MAX_COUNT])
        _compact(conn, now)


def _compact(conn: sqlite3.Connection, now: datetime) -> None:
    """Merge hours older than HOUR_DAYS into their day; drop days older than KEEP_DAYS."""
    oldest_day = (now - timedelta(days=KEEP_DAYS)).astimezone(UTC).strftime(DAY_FORMAT)
    conn.execute("DELETE FROM counts WHERE substr(period, 1, 10) < ?", [oldest_day])
    last_hour = hour_of(now - timedelta(days=HOUR_DAYS))
    conn.execute(
        "INSERT INTO counts (period, kind, key, n) "
        "SELECT substr(period, 1, 10), kind, key, min(sum(n), ?) FROM counts "
        "WHERE length(period) = 13 AND period < ? GROUP BY substr(period, 1, 10), kind, key "
        "ON CONFLICT(period, kind, key) DO UPDATE SET n = min(n + excluded.n, ?)",
        [MAX_COUNT, last_hour, MAX_COUNT])
    conn.execute("DELETE FROM counts WHERE length(period) = 13 AND period < ?", [last_hour])


def compact(path: Path, now: datetime) -> None:
    """Apply the bound now (the heartbeat does it before each send)."""
    with _connect(path) as conn:
        _compact(conn, now)


def pending(path: Path, now: datetime, max_rows: int = MAX_ROWS,
            max_bytes: int = MAX_BYTES) -> list[dict]:
    """Heartbeat rows of the finished periods, oldest first, within the heartbeat's
    limits (the rest follows with the next heartbeats)."""
    if not path.exists():
        return []
    first_open = hour_of(now - SETTLE)
    with _connect(path) as conn:
        _compact(conn, now)
        found = conn.execute(
            "SELECT period, kind, key, n FROM counts WHERE period < ? "
            "ORDER BY substr(period, 1, 10), length(period), period", [first_open]
        ).fetchall()
    by_period: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for period, kind, key, n in found:
        by_period[period].append((kind, key, n))
    rows, size = [], 0
    for period, items in by_period.items():
        row = heartbeat_row(period, items)
        size += len(json.dumps(row, separators=(",", ":"))) + 1
        if len(rows) >= max_rows or size > max_bytes:
            break
        rows.append(row)
    return rows


def forget(path: Path, periods: Iterable[str]) -> int:
    """Delete the counts of these periods (confirmed or refused by the hub)."""
    periods = [p for p in periods if isinstance(p, str)]
    if not periods or not path.exists():
        return 0
    with _connect(path) as conn:
        return sum(conn.execute("DELETE FROM counts WHERE period = ?", [p]).rowcount
                   for p in periods)


def heartbeat_row(period: str, items: Iterable[tuple[str, str, int]]) -> dict:
    """One period's counts as a heartbeat counter row (DESIGN.md §4, docs/sync.md)."""
    row: dict = {"day" if is_day(period) else "hour": period}
    keyed: dict[str, dict[str, int]] = defaultdict(dict)
    polls: dict[str, dict] = {}
    for kind, key, n in items:
        field = FIELDS.get(kind)
        if field is None:
            continue
        if kind == "poll_shown":
            polls.setdefault(key, {})["shown"] = n
        elif kind == "vote":
            poll, _, answer = key.partition("/")
            polls.setdefault(poll, {}).setdefault("votes", {})[answer] = n
        elif kind in KEYED:
            keyed[field][key] = n
        else:
            row[field] = n
    for field, counts in keyed.items():
        row[field] = _top(counts, MAX_KEYS[field])
    if polls:
        kept = sorted(polls, key=lambda p: -sum(polls[p].get("votes", {}).values()))
        row["polls"] = {p: _poll(polls[p]) for p in sorted(kept[:MAX_KEYS["polls"]])}
    return row


def _poll(counts: dict) -> dict:
    if "votes" in counts:
        counts["votes"] = _top(counts["votes"], MAX_ANSWERS)
    return counts


def _top(counts: dict[str, int], limit: int) -> dict[str, int]:
    """The `limit` largest counts (a row never breaks the hub's limits)."""
    if len(counts) <= limit:
        return dict(sorted(counts.items()))
    kept = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return dict(sorted(kept))
