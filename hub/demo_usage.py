"""Three weeks of invented usage counts for the demo terminals, so the Auswertung and the
poll's results have something to show: visits in the opening hours of weekdays, detail
views, QR codes, Vorlesen, text size and contrast, and the Lindenplatz poll's 61 votes at
the Alte Schule (23 · 17 · 9 · 12 – over its minimum of 20, so the feed carries them).
Deterministic: the same day gives the same numbers."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

import sqlite_utils

from hub.context import BERLIN
from hub.queries import entries as entry_q
from hub.queries import terminals as terminal_q
from sync.counters import hour_of

DAYS = 21
VOTES = {"baenke": 23, "schatten": 17, "brunnen": 9, "treffpunkt": 12}
POLL = "lindenplatz"


def record(db: sqlite_utils.Database, terminal_ids: list[str], now: datetime,
           poll_start: datetime | None) -> None:
    """Record the history of these terminals up to the hour before `now`."""
    rng = random.Random(20261201)
    votes = [a for a, n in sorted(VOTES.items()) for _ in range(n)]
    rng.shuffle(votes)
    for terminal_id in terminal_ids:
        terminal = terminal_q.get(db, terminal_id)
        assert terminal is not None
        entries = [e["id"] for e in entry_q.shown_at(db, [terminal["site_id"]])]
        own_votes = votes[:len(votes) // 2 + 1] if terminal_id == "schule-1" else \
            votes[len(votes) // 2 + 1:] if terminal_id == "schule-2" else []
        rows = _rows(rng, entries, now, poll_start if own_votes else None, own_votes)
        terminal_q.record_counters(db, terminal, rows, now)


def _rows(rng: random.Random, entries: list[str], now: datetime,
          poll_start: datetime | None, votes: list[str]) -> list[dict]:
    today = now.astimezone(BERLIN).date()
    hours = []
    for back in range(DAYS, -1, -1):
        day = today - timedelta(days=back)
        if day.weekday() == 6:
            continue
        for hour in range(9, 13 if day.weekday() == 5 else 18):
            moment = datetime.combine(day, time(hour), tzinfo=BERLIN)
            if moment < now - timedelta(hours=1):
                hours.append(moment)
    poll_hours = [h for h in hours if poll_start and h >= poll_start]
    per_hour = -(-len(votes) // max(1, len(poll_hours)))
    out = []
    for moment in hours:
        cast = [votes.pop() for _ in range(min(per_hour, len(votes)))] \
            if poll_start and moment >= poll_start else []
        visits = max(rng.randint(0, 4), len(cast))   # one vote per visit at most
        if not visits:
            continue
        row: dict = {"hour": hour_of(moment), "visits": visits,
                     "screens": {"home": visits + rng.randint(0, 2),
                                 "list:week": rng.randint(0, visits),
                                 "detail": rng.randint(1, 2 * visits)},
                     "entries": {e: rng.randint(1, 2) for e in rng.sample(
                         entries, min(len(entries), rng.randint(1, visits + 1)))}}
        if rng.random() < 0.3:
            row["qr"] = {rng.choice(["termin", "anrufen", "weg"]): 1}
        if rng.random() < 0.4:
            row["speech"] = 1
        if rng.random() < 0.3:
            row["text_size"] = {"2": 1}
        if rng.random() < 0.1:
            row["contrast"] = {"high": 1}
        if cast:
            tally: dict[str, int] = {}
            for answer in cast:
                tally[answer] = tally.get(answer, 0) + 1
            row["polls"] = {POLL: {"shown": len(cast) + rng.randint(0, 1), "votes": tally}}
        out.append(row)
    return out
