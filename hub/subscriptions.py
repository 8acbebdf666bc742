"""Calendar subscriptions: a site's municipal calendars, imported every day before the
daily publish and whenever staff press "Jetzt abrufen" – exactly as `quartier-hub
import-ics` imports one (hub.ical_import)."""

from __future__ import annotations

import logging
from datetime import datetime

import sqlite_utils

from hub.errors import CalendarError, HubError
from hub.ical_import import import_calendar, read_source
from hub.queries import calendars as calendar_q

log = logging.getLogger(__name__)


def refresh(db: sqlite_utils.Database, settings: dict, calendar: dict, now: datetime,
            user: str | None) -> tuple[bool, str]:
    """Import one subscribed calendar; record and return (ok, what happened in words)."""
    try:
        text, label = read_source(calendar["url"], settings)
        report = import_calendar(db, settings, calendar["site_id"], text, source=label,
                                 category=calendar["category"] or None, now=now, user=user)
    except CalendarError as exc:  # the card already shows the address
        where = f"Zeile {exc.line}: " if exc.line else ""
        ok, words = False, f"Nicht übernommen – {where}{exc.reason}"
    except HubError as exc:
        ok, words = False, f"Nicht übernommen – {exc}"
    else:
        ok, words = True, report.words().splitlines()[0]
        if report.refused:  # which event and why, for the calendar's card
            words += " " + " ".join(report.refused[:3]) + (" …" if len(report.refused) > 3
                                                             else "")
    calendar_q.record(db, calendar["id"], now, ok, words)
    if not ok:
        log.warning("calendar %s: %s", calendar["url"], words)
    return ok, words


def refresh_all(db: sqlite_utils.Database, settings: dict, now: datetime) -> int:
    """Import every subscribed calendar; return how many failed."""
    failed = 0
    for calendar in calendar_q.of_sites(db, None):
        ok, _ = refresh(db, settings, calendar, now, "Kalender-Abo")
        failed += not ok
    return failed
