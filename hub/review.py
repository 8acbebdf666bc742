"""Drafts and release: the state of an entry, and who may release it.

An entry is a draft ("Entwurf") until someone releases it ("Freigeben"); only released
versions are published, and the version a change replaces stays on the terminals until the
change is released. A site may require that an admin releases its editors' entries
(`sites.release_by_admin`, "Freigabe durch die Verwaltung"): an editor's "Zur Freigabe
vorlegen" then marks the entry as waiting ("wartet auf Freigabe") until an admin releases
it.

Released without a click: entries that existed before drafts did (the migration – they were
live already), the demo, and calendar and spreadsheet imports – a calendar or a table is an
authoritative source the site chose (a spreadsheet's rows were seen in its preview), and
the morning import must reach the terminals without anyone at work; this holds at sites
with the admin rule too (hub.queries.entries.save releases by default). A copy starts as a
draft.
"""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from hub import auth
from hub.queries import entries as entry_q

STATE_LABELS = {"draft": "Entwurf", "pending": "wartet auf Freigabe",
                "released": "freigegeben", "left_out": "nicht veröffentlicht"}


def state(entry: dict) -> str:
    """ "draft", "pending" or "released" (the flag "left_out" is separate)."""
    if entry.get("review") == "requested":
        return "pending"
    if entry.get("released_rev") is None or entry["released_rev"] != entry.get("rev"):
        return "draft"
    return "released"


def changed_since_release(entry: dict) -> bool:
    """A released entry whose working copy has changes the terminals do not get yet."""
    return entry.get("released_rev") is not None and entry["released_rev"] != entry.get("rev")


def admin_must_release(site: dict | None, user: dict) -> bool:
    return bool(site and site.get("release_by_admin")) and not auth.is_admin(user)


def release(db: sqlite_utils.Database, entry: dict, site: dict | None, user: dict,
            now: datetime) -> str:
    """Release the entry's working copy, or – where an admin must release – ask for it.
    Returns what happened, for the page."""
    if admin_must_release(site, user):
        entry_q.request_review(db, entry["id"], now, user["email"])
        return "waiting"
    entry_q.release_current(db, entry["id"], now, user["email"])
    return "released"
