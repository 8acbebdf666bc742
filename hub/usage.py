"""What a terminal's usage counts may name: the hub keeps counts only for entries it knows
(also deleted ones, whose ids stay taken), for polls shown at the terminal's site, for
their answers, and for hours within the poll's dates. Anything else is dropped and
named in the heartbeat's answer ("dropped"), the rest of the hour is stored.

Hours and days are UTC (sync.counters); a poll runs from local midnight of its first
day to local midnight after its last day (hub.polls.window).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlite_utils

from hub import polls as poll_rules
from hub.heartbeat import period
from hub.queries import entries as entry_q
from hub.queries import polls as poll_q

MAX_DROPPED = 50   # named in the answer; the log of a misbehaving terminal stays short


def period_range(name: str) -> tuple[datetime, datetime]:
    """[start, end) of an hour "2026-12-01T14" or a day "2026-11-20", UTC."""
    if len(name) == 10:
        start = datetime.strptime(name, "%Y-%m-%d").replace(tzinfo=UTC)
        return start, start + timedelta(days=1)
    start = datetime.strptime(name, "%Y-%m-%dT%H").replace(tzinfo=UTC)
    return start, start + timedelta(hours=1)


def clean(db: sqlite_utils.Database, terminal: dict, counters: list[dict]
          ) -> tuple[list[dict], list[str]]:
    """The rows with only what the hub knows, and what was dropped ("<period> <what>")."""
    entry_ids = {k for row in counters for k in row.get("entries", {})}
    known_entries = entry_q.known_ids(db, sorted(entry_ids))
    poll_ids = sorted({k for row in counters for k in row.get("polls", {})})
    polls = poll_q.for_check(db, poll_ids)
    dropped: list[str] = []
    out = []
    for row in counters:
        name = period(row)
        row = dict(row)
        if "entries" in row:
            unknown = sorted(row["entries"].keys() - known_entries)
            dropped += [f"{name} entries.{e}" for e in unknown]
            row["entries"] = {k: v for k, v in row["entries"].items() if k in known_entries}
        if "polls" in row:
            row["polls"] = _polls(name, row["polls"], polls, terminal["site_id"], dropped)
        out.append(row)
    return out, dropped[:MAX_DROPPED]


def _polls(name: str, counts: dict[str, dict], polls: dict[str, dict], site: str,
           dropped: list[str]) -> dict[str, dict]:
    start, end = period_range(name)
    kept = {}
    for poll_id, value in counts.items():
        poll = polls.get(poll_id)
        if poll is None or site not in poll["sites"]:
            dropped.append(f"{name} polls.{poll_id}: unknown poll or not shown at {site}")
            continue
        first, last = poll_rules.window(poll)
        if not (start < last and end > first):
            dropped.append(f"{name} polls.{poll_id}: outside the poll's dates")
            continue
        answers = {a["id"] for a in poll["answers"]}
        votes = value.get("votes", {})
        for answer in sorted(votes.keys() - answers):
            dropped.append(f"{name} polls.{poll_id}.votes.{answer}: unknown answer")
        kept[poll_id] = {**value, "votes": {a: n for a, n in votes.items() if a in answers}}
    return kept
