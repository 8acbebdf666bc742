""""Angekommen?" – which published state each terminal shows, in words.

Every publish that changes a site is named by its moment, as the terminal names its
content ("Stand: 7. Dezember, 16:18 Uhr"; the feed carries that moment as `generated_at`,
and a terminal's "Stand" is the same moment). Each heartbeat reports the feed version the
terminal applied (`feed_version`), which its screens read directly from its database – the
version it shows. The fleet list and the publish page say per terminal "zeigt den neuesten
Stand" or "zeigt den Stand von 5. Dezember, 4:30 Uhr, seit 2 Stunden gibt es einen
neueren"; the version number is a technical detail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from hub.queries import publications as pub_q
from hub.wording import amount_words, shows_words, stand_label


@dataclass(frozen=True)
class Arrival:
    newest: bool
    words: str               # "zeigt den neuesten Stand", "zeigt den Stand von …"
    label: str | None        # the shown state: "Stand: 7. Dezember, 16:18 Uhr"
    version: int | None      # for the technical details line


def version_label(db: sqlite_utils.Database, site_id: str, version: int | None,
                  now: datetime) -> str | None:
    """ "Stand: 7. Dezember, 16:18 Uhr" of a published version, None when unknown."""
    if version is None:
        return None
    moment = pub_q.version_time(db, site_id, version)
    return stand_label(moment, now) if moment else None


def of_terminal(db: sqlite_utils.Database, terminal: dict, published: int | None,
                now: datetime) -> Arrival:
    """What the terminal shows compared with its site's newest publish (`published`)."""
    beat = terminal.get("last_heartbeat") or {}
    shown = beat.get("feed_version") if isinstance(beat.get("feed_version"), int) else None
    site = terminal["site_id"]
    if not beat:
        return Arrival(False, "hat sich noch nicht gemeldet", None, None)
    if shown is None:
        return Arrival(False, "hat noch keine Inhalte geladen", None, None)
    label = version_label(db, site, shown, now)
    if published is None or shown > published:
        return Arrival(False, "zeigt einen Stand, den dieser Hub nicht veröffentlicht hat – "
                              "hängt es an einem anderen Hub?", label, shown)
    if shown == published:
        return Arrival(True, "zeigt den neuesten Stand", label, shown)
    what = shows_words(label) if label else "zeigt einen älteren Stand"
    since = pub_q.first_newer(db, site, shown)
    if since is not None:
        lag = (now - since).total_seconds()
        what += (", seit weniger als einer Minute gibt es einen neueren" if lag < 60 else
                 f", seit {amount_words(lag, dative=True)} gibt es einen neueren")
    return Arrival(False, what, label, shown)
