"""A site's calendars: subscribed addresses and uploaded files, imported every day before
the daily publish and whenever staff press "Jetzt abrufen" – exactly as `quartier-hub
import-ics` imports one (hub.ical_import).

An uploaded file is kept (calendars.content, url "datei:<name>") and imported again every
day like a subscription, so dates that had to be expanded into a list keep rolling on
with the horizon; uploading a file of the same name again replaces it. Each calendar has
defaults for its entries (hub.import_defaults): a contact person and a place.

The result of the last import is kept with the calendar: its first line, then every
refused event and every hint, one a line (`last_result`).
"""

from __future__ import annotations

import logging
import re
from datetime import datetime

import sqlite_utils

from hub.errors import CalendarError, HubError
from hub.forms.fields import one_line
from hub.ical_import import ImportReport, decode, import_calendar, read_source
from hub.import_defaults import ImportDefaults
from hub.queries import calendars as calendar_q
from hub.queries import contacts as contact_q

log = logging.getLogger(__name__)
FILE_PREFIX = "datei:"


def is_file(calendar: dict) -> bool:
    return str(calendar["url"]).startswith(FILE_PREFIX)


def label(calendar_or_url: dict | str) -> str:
    """How messages name a calendar: its address, or „Datei kalender.ics“."""
    url = calendar_or_url if isinstance(calendar_or_url, str) else calendar_or_url["url"]
    return f"Datei {url.removeprefix(FILE_PREFIX)}" if url.startswith(FILE_PREFIX) else url


def file_url(name: str) -> str:
    """The key of an uploaded file: its name without folders or control characters."""
    clean = one_line(re.split(r"[\\/]", name or "")[-1]).strip(" .")[:80]
    return FILE_PREFIX + (clean or "kalender.ics")


def defaults_of(db: sqlite_utils.Database, calendar: dict) -> ImportDefaults:
    contact = contact_q.get(db, calendar["contact_id"]) if calendar.get("contact_id") else None
    return ImportDefaults(contact["data"] if contact else None, calendar.get("place_id"))


def result_text(report: ImportReport) -> str:
    return "\n".join([report.head(), *report.problems()])


def refresh(db: sqlite_utils.Database, settings: dict, calendar: dict, now: datetime,
            user: str | None) -> tuple[bool, str]:
    """Import one calendar; record and return (ok, what happened in words)."""
    try:
        if is_file(calendar):
            stored = calendar_q.get(db, calendar["id"]) or {}
            text = stored.get("content") or ""
        else:
            text, _ = read_source(calendar["url"], settings)
        report = import_calendar(db, settings, calendar["site_id"], text,
                                 source=calendar["url"], label=label(calendar),
                                 category=calendar["category"] or None, now=now, user=user,
                                 defaults=defaults_of(db, calendar))
    except CalendarError as exc:  # the card already shows the address
        where = f"Zeile {exc.line}: " if exc.line else ""
        ok, words = False, f"Nicht übernommen – {where}{exc.reason}"
    except HubError as exc:
        ok, words = False, f"Nicht übernommen – {exc}"
    else:
        ok, words = True, result_text(report)
    calendar_q.record(db, calendar["id"], now, ok, words)
    if not ok:
        log.warning("calendar %s: %s", calendar["url"], words)
    return ok, words


def upload(db: sqlite_utils.Database, settings: dict, site_id: str, name: str, raw: bytes,
           *, category: str, contact_id: str | None, place_id: str | None, now: datetime,
           user: str | None) -> ImportReport:
    """Import an uploaded calendar file and keep it; CalendarError (nothing kept or
    imported) when the file as a whole cannot be read."""
    url = file_url(name)
    text = decode(raw, label(url), settings)
    contact = contact_q.get(db, contact_id) if contact_id else None
    report = import_calendar(db, settings, site_id, text, source=url, label=label(url),
                             category=category, now=now, user=user,
                             defaults=ImportDefaults(contact["data"] if contact else None,
                                                     place_id))
    calendar_id = calendar_q.keep_file(db, site_id, url, text, category, contact_id, place_id,
                                       now)
    calendar_q.record(db, calendar_id, now, True, result_text(report))
    return report


def refresh_all(db: sqlite_utils.Database, settings: dict, now: datetime) -> int:
    """Import every calendar (subscribed or uploaded); return how many failed."""
    failed = 0
    for calendar in calendar_q.of_sites(db, None):
        ok, _ = refresh(db, settings, calendar, now, "Kalender-Abo")
        failed += not ok
    return failed
