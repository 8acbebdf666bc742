"""Importing a municipal iCalendar into a site, as the hub's calendar subscription does it.

    text, label = read_source("kalender.ics" or "https://…", settings)
    report = import_calendar(db, settings, site, text, source=label, ...)

The whole calendar is checked and converted first (hub.ical_lines, hub.ical_map), every
event also as the publisher will check it (hub.entry_check); only then are entries
written, in one transaction: a broken calendar imports nothing and the message names the
line. Importing again is idempotent by UID: unchanged events stay as
they are, changed ones are updated (fields staff added – place, contact, costs, picture –
are kept), events that left the calendar are removed, past events are skipped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import sqlite_utils

from hub.calendar_fetch import FetchRules, fetch_calendar
from hub.config import TIMEZONE
from hub.entry_check import check
from hub.errors import CalendarError, InputError
from hub.forms.fields import unique_slug
from hub.ical_lines import EventLines, scan
from hub.ical_map import Mapped, map_event, wall
from hub.queries import entries as entry_q
from hub.queries import places as place_q
from hub.queries import sites as site_q
from sync.errors import SourceError
from sync.recurrence import expand

BERLIN = ZoneInfo(TIMEZONE)
# Fields the calendar owns; everything else on an imported entry belongs to staff.
CALENDAR_FIELDS = ("title", "summary", "body", "schedule", "occurrences", "rhythm", "status")


@dataclass
class ImportReport:
    source: str
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def words(self) -> str:
        lines = [f"Kalender {self.source}: {len(self.new)} neu, {len(self.changed)} geändert, "
                 f"{len(self.unchanged)} unverändert, {len(self.removed)} entfernt, "
                 f"{len(self.skipped)} übersprungen (vorbei)."]
        for word, items in (("neu", self.new), ("geändert", self.changed),
                            ("entfernt", self.removed), ("übersprungen", self.skipped)):
            lines += [f"  {word}: {title}" for title in items]
        lines += [f"  Hinweis: {note}" for note in self.notes]
        return "\n".join(lines)


def read_source(arg: str, settings: dict) -> tuple[str, str]:
    """The calendar text of a file or an http(s) URL, and a label for messages. A URL is
    fetched under the rules of hub.calendar_fetch (public addresses, deadline, size)."""
    rules = FetchRules.from_settings(settings)
    if arg.startswith(("http://", "https://")):
        raw = fetch_calendar(arg, rules)
        label = arg
    else:
        path = Path(arg).expanduser()
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CalendarError(f"Die Datei lässt sich nicht lesen ({exc.strerror}).",
                                source=str(path)) from exc
        label = str(path.resolve())
    if len(raw) > rules.max_bytes:
        raise CalendarError(f"Der Kalender ist größer als "
                            f"{settings['calendars']['max_mb']:g} MB.", source=label)
    try:
        return raw.decode("utf-8-sig"), label
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CalendarError("Die Datei ist nicht in UTF-8 geschrieben.", line, label) from exc


def parse(text: str, source: str, settings: dict, places: list[dict],
          default_category: str | None, now: datetime) -> tuple[list[Mapped], list[str]]:
    """Every event of the calendar as a source entry; raise CalendarError on any fault."""
    lines = scan(text, source)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as exc:
        raise CalendarError(f"Der Kalender ist nicht lesbar ({exc}).", source=source) from exc
    events = calendar.walk("VEVENT")
    by_uid: dict[str, list[tuple[icalendar.Component, EventLines]]] = defaultdict(list)
    for event, where in zip(events, lines, strict=True):
        _check(event, where, source)
        by_uid[str(event.get("UID"))].append((event, where))
    categories = settings["categories"]
    category = default_category or categories[0]["id"]
    mapped, skipped = [], []
    for uid, items in by_uid.items():
        master = next((e for e, _ in items if e.get("RECURRENCE-ID") is None), None)
        overrides = [e for e, _ in items if e.get("RECURRENCE-ID") is not None]
        try:
            entry = map_event(master, overrides, categories, category, places)
        except (ValueError, TypeError, KeyError) as exc:
            raise CalendarError(f"Termin „{uid}“ lässt sich nicht übernehmen ({exc}).",
                                items[0][1].begin, source) from exc
        if entry.needs_expansion:
            entry.data["occurrences"] = _expanded(calendar, uid, now, settings)
            entry.data.pop("schedule", None)
            entry.data.pop("rhythm", None)
        if not _upcoming(entry.data, now):
            skipped.append(entry.data["title"])
            continue
        place = next((p for p in places if p["id"] == entry.data.get("place_id")), None)
        problem = check("import", entry.data, place, categories, now)
        if problem is not None:
            raise CalendarError(f"Termin „{entry.data['title']}“: {problem.message}",
                                items[0][1].begin, source)
        mapped.append(entry)
    return mapped, skipped


def _check(event: icalendar.Component, where: EventLines, source: str) -> None:
    for name, problem in event.errors:
        line = where.line_of(name) if name else where.begin
        raise CalendarError(f"{name or 'Zeile'} ist ungültig: {problem}", line, source)
    for name in ("UID", "DTSTART"):
        if event.get(name) is None:
            raise CalendarError(f"Dem Termin fehlt {name}.", where.begin, source)


def _expanded(calendar: icalendar.Calendar, uid: str, now: datetime,
              settings: dict) -> list[dict]:
    horizon = now + timedelta(days=settings["content"]["horizon_days"])
    out = []
    for occ in recurring_ical_events.of(calendar).between(now - timedelta(days=1), horizon):
        if str(occ.get("UID")) != uid:
            continue
        start, _ = wall(occ.decoded("DTSTART"))
        end, _ = wall(occ.decoded("DTEND")) if occ.get("DTEND") is not None else (start, 0)
        status = "cancelled" if str(occ.get("STATUS", "")).upper() == "CANCELLED" \
            else "scheduled"
        out.append({"start": start.replace(tzinfo=BERLIN).isoformat(),
                    "end": max(end, start).replace(tzinfo=BERLIN).isoformat(),
                    "status": status})
    return sorted(out, key=lambda o: o["start"])


def _upcoming(data: dict, now: datetime) -> bool:
    if "occurrences" in data:
        return bool(data["occurrences"])
    try:
        return bool(expand(data["schedule"], BERLIN, now, now + timedelta(days=3 * 366)))
    except SourceError:
        return True  # not dropped silently: the publisher's check in parse() names it


def import_calendar(db: sqlite_utils.Database, settings: dict, site_id: str, text: str, *,
                    source: str, category: str | None, now: datetime,
                    user: str | None) -> ImportReport:
    """Import one calendar into a site; nothing is written when anything is wrong."""
    if site_q.get(db, site_id) is None:
        raise InputError(f"--site {site_id}: diese Begegnungsstätte gibt es nicht.")
    if category and category not in {c["id"] for c in settings["categories"]}:
        raise InputError(f"--category {category}: diesen Bereich gibt es nicht.")
    places = [p["data"] for p in place_q.visible(db, [site_id])]
    mapped, skipped = parse(text, source, settings, places, category, now)
    report = ImportReport(source, skipped=skipped)
    today = now.astimezone(BERLIN).date().isoformat()
    seen = set()
    with db.atomic():
        for entry in mapped:
            seen.add(entry.uid)
            _store(db, site_id, entry, source, now, user, today, report)
        for row in entry_q.from_calendar(db, site_id, source):
            if row["ics_uid"] not in seen:
                entry_q.delete(db, row["id"], now, user)
                report.removed.append(row["title"])
    return report


def _store(db: sqlite_utils.Database, site_id: str, entry: Mapped, source: str,
           now: datetime, user: str | None, today: str, report: ImportReport) -> None:
    existing = entry_q.by_uid(db, site_id, entry.uid)
    title = entry.data["title"]
    if existing is None:
        data = {**entry.data, "last_checked": today}
        entry_id = unique_slug(title, lambda candidate: entry_q.id_taken(db, candidate))
        sharing, share_sites = "site", []
        report.new.append(title)
    else:
        data = {k: v for k, v in existing["data"].items() if k not in CALENDAR_FIELDS}
        data.update({k: v for k, v in entry.data.items() if k in CALENDAR_FIELDS})
        for key in ("category", "place_id", "contact"):
            if key not in data and key in entry.data:
                data[key] = entry.data[key]
        if data == existing["data"]:
            report.unchanged.append(title)
            return
        data["last_checked"] = today
        entry_id, sharing, share_sites = existing["id"], existing["sharing"], \
            existing["share_sites"]
        report.changed.append(title)
    report.notes += [f"{title}: {note}" for note in entry.notes
                     if not (note.startswith("ohne Kontakt") and data.get("contact"))]
    entry_q.save(db, entry_id, site_id, data, sharing=sharing, share_sites=share_sites,
                 now=now, user=user, origin="ics", ics_source=source, ics_uid=entry.uid)
