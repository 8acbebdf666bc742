"""Polls in the hub: who may see and change them, when they run, their results per site
and over all sites, and how they go into a site's feed.

Access: an admin may do everything; an editor reads a poll shown at one of their sites
and changes it only when all of its sites are theirs (they can only choose their own).

A poll runs from local midnight of its first day (`starts_on`) to local midnight after
its last day (`ends_on`). In a site's feed it carries that site's results (`results`,
`votes`) once the site has `min_votes` votes; below that the terminal says "Ergebnisse
ab 20 Stimmen". Results change only with a publication (the daily one included).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlite_utils

from hub.auth import is_admin
from hub.context import BERLIN
from hub.queries import polls as poll_q


def window(poll: dict) -> tuple[datetime, datetime]:
    """[from, until) of a poll as aware datetimes (Europe/Berlin)."""
    first = date.fromisoformat(poll["starts_on"])
    last = date.fromisoformat(poll["ends_on"]) + timedelta(days=1)
    return (datetime.combine(first, time(0), tzinfo=BERLIN),
            datetime.combine(last, time(0), tzinfo=BERLIN))


def state_words(poll: dict, today: date) -> str:
    if poll["starts_on"] > today.isoformat():
        return "geplant"
    if poll["ends_on"] < today.isoformat():
        return "beendet"
    return "läuft"


def may_read(user: dict, poll: dict) -> bool:
    return is_admin(user) or bool(set(poll["sites"]) & set(user["sites"]))


def may_edit(user: dict, poll: dict) -> bool:
    return is_admin(user) or (bool(poll["sites"]) and set(poll["sites"]) <= set(user["sites"]))


# -- results ---------------------------------------------------------------------------------

@dataclass
class Result:
    """Votes per answer of one site (or of all sites), with the visits that saw the poll."""

    name: str
    votes: dict[str, int] = field(default_factory=dict)
    shown: int = 0

    @property
    def total(self) -> int:
        return sum(self.votes.values())

    def share(self, answer_id: str) -> int:
        """Percent of the votes, rounded."""
        return round(100 * self.votes.get(answer_id, 0) / self.total) if self.total else 0


def results(db: sqlite_utils.Database, poll: dict, site_names: dict[str, str],
            only: set[str] | None = None) -> tuple[list[Result], Result]:
    """Per site (of `only`, when given) and over all of the poll's sites."""
    answers = {a["id"] for a in poll["answers"]}
    totals = poll_q.totals(db, poll["id"])
    overall = Result("Alle Begegnungsstätten")
    per_site = []
    for site in sorted(set(poll["sites"]) | totals.keys(), key=lambda s: site_names.get(s, s)):
        counts = totals.get(site, {})
        result = Result(site_names.get(site, site),
                        {a: n for a, n in counts.items() if a in answers}, counts.get("", 0))
        overall.shown += result.shown
        for answer, n in result.votes.items():
            overall.votes[answer] = overall.votes.get(answer, 0) + n
        if only is None or site in only:
            per_site.append(result)
    return per_site, overall


# -- the feed ----------------------------------------------------------------------------------

def feed_poll(poll: dict, site_counts: dict[str, int]) -> dict:
    """The poll as a site's feed carries it (sync/feed.schema.json)."""
    first, until = window(poll)
    answers = []
    for answer in poll["answers"]:
        item = {"id": answer["id"], "text": answer["text"]}
        if answer.get("icon"):
            item["icon"] = answer["icon"]
        answers.append(item)
    out = {"id": poll["id"], "question": poll["question"], "answers": answers,
           "from": first.isoformat(), "until": until.isoformat(),
           "min_votes_to_show": poll["min_votes"]}
    votes = {a["id"]: site_counts.get(a["id"], 0) for a in poll["answers"]}
    total = sum(votes.values())
    if total >= poll["min_votes"] and total > 0:
        out["results"] = votes
        out["votes"] = total
    return out


def export(db: sqlite_utils.Database, site_id: str, today: date) -> list[dict]:
    """The polls of a site's feed: those not over yet, with the site's results."""
    out = []
    for poll in poll_q.published_at(db, site_id, today.isoformat()):
        out.append(feed_poll(poll, poll_q.totals(db, poll["id"]).get(site_id, {})))
    return out


def link_entries(db: sqlite_utils.Database, entries: list[dict], polls: list[dict]) -> None:
    """Give each entry of a feed the `poll_id` of the poll linked to it in the hub (only
    when that poll is in the same feed); an old `poll_id` in the entry's data goes."""
    in_feed = {p["id"] for p in polls}
    linked = poll_q.linked_entries(db)
    for entry in entries:
        entry.pop("poll_id", None)
        poll_id = linked.get(entry["id"])
        if poll_id in in_feed:
            entry["poll_id"] = poll_id
