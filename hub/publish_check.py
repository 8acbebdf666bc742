"""The hub checks the published tree when it starts.

A site whose live feed.json and feed.json.sig do not verify with the hub's public key
(a tree written by an older publisher and killed half-way, a disk fault, a hand edit) is
pointed back at its newest version that does (sync.publish_tree); a site without one is
published again. Terminals refuse a pair that does not verify and keep their old content,
so without this they would wait for the next publish – the next morning at the latest.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime

import sqlite_utils

from hub.config import Paths
from hub.errors import PublishFailed
from hub.publishing import publish_sites
from hub.queries import sites as site_q
from sync.errors import BusyError
from sync.publish import repair_tree
from sync.publish_tree import Problem
from sync.signing import load_signing_key

log = logging.getLogger(__name__)


def check_published(db: sqlite_utils.Database, paths: Paths, settings: dict,
                    now: datetime) -> list[Problem]:
    """Verify and repair the published tree; return the sites that needed it."""
    public = load_signing_key(paths.signing_key).verify_key
    try:
        found = repair_tree(paths.published, public)
    except BusyError:
        log.info("published tree: a publish is running; not checked now")
        return []
    known = {s["id"] for s in site_q.all_sites(db)}
    again = sorted(p.site for p in found if p.repaired_to is None and p.site in known)
    for problem in found:
        if problem.repaired_to is None and problem.site not in known:
            log.error("published tree: %s is no site of this hub; left as it is",
                      problem.site)
    if again:
        try:
            outcome = publish_sites(db, paths, settings, again, now=now,
                                    user="Hub-Start (Reparatur)", trigger="repair")
        except (PublishFailed, OSError, sqlite3.Error) as exc:
            log.error("published tree: publishing %s again failed: %s", ", ".join(again), exc)
            return found
        for site in outcome.sites:
            log.warning("published tree: %s published again (version %d)", site.site,
                        site.version)
        for failure in outcome.failed:
            log.error("published tree: %s", failure.message)
    else:
        log.info("published tree: every site's feed and signature verify")
    return found
