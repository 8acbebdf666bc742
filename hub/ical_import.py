"""Importing a municipal iCalendar into a site, as the hub's calendar subscription does it.

    text, label = read_source("kalender.ics" or "https://…", settings)
    report = import_calendar(db, settings, site, text, source=label, ...)

The calendar is split into its events (hub.ical_lines), each read alone (hub.ical_events)
and converted (hub.ical_map; dates a schedule cannot hold by hub.ical_expand), and each is
checked as the publisher will check it (hub.entry_check). An event that fails any of this
is refused alone – the report names its UID and line – and the others are imported; an
entry imported from a refused event before stays as it was. Only a file that is no
calendar, is cut off, is not UTF-8 or holds more dates than allowed imports nothing.
Entries are written in one transaction.

Importing again is idempotent by UID (events without UID get a derived one): unchanged
events stay as they are, changed ones are updated (fields staff added – place, contact,
costs, picture – are kept), events that left the calendar are removed, past events are
skipped. Entries lacking a contact or a place get the calendar's defaults
(hub.import_defaults).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlite_utils

from hub.calendar_fetch import FetchRules, fetch_calendar
from hub.config import TIMEZONE
from hub.entry_check import check
from hub.errors import CalendarError, InputError
from hub.forms.fields import unique_slug
from hub.ical_events import PARSE_FAULTS, Group, Refusal, read_events, shorten
from hub.ical_expand import occurrences, values_of
from hub.ical_lines import scan
from hub.ical_map import Mapped, map_event
from hub.ical_times import Frame
from hub.import_defaults import ImportDefaults, apply, has_contact
from hub.queries import entries as entry_q
from hub.queries import places as place_q
from hub.queries import sites as site_q
from sync.errors import RuleError, SourceError
from sync.recurrence import expand
from sync.rules import parse_rule

BERLIN = ZoneInfo(TIMEZONE)
# Fields the calendar owns; everything else on an imported entry belongs to staff.
NO_DEFAULTS = ImportDefaults()
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
    refused: list[str] = field(default_factory=list)    # events not taken over, and why
    without_contact: list[str] = field(default_factory=list)   # titles

    def head(self) -> str:
        return (f"Kalender {self.source}: {len(self.new)} neu, {len(self.changed)} geändert, "
                f"{len(self.unchanged)} unverändert, {len(self.removed)} entfernt, "
                f"{len(self.skipped)} übersprungen (vorbei)"
                + (f", {len(self.refused)} abgelehnt." if self.refused else "."))

    def hints(self) -> list[str]:
        out = [f"Hinweis: {note}" for note in self.notes]
        if self.without_contact:
            out.append(f"Hinweis: {_count(len(self.without_contact))} Einträge ohne Kontakt "
                       "– bitte wählen Sie für diesen Kalender eine Ansprechperson.")
        return out

    def words(self) -> str:
        """Everything, one item a line (the command line)."""
        lines = [self.head()]
        for word, items in (("neu", self.new), ("geändert", self.changed),
                            ("entfernt", self.removed), ("übersprungen", self.skipped),
                            ("abgelehnt", self.refused)):
            lines += [f"  {word}: {title}" for title in items]
        lines += [f"  {hint}" for hint in self.hints()]
        return "\n".join(lines)

    def problems(self, limit: int = 30) -> list[str]:
        """What staff must see at the calendar: each refused event and the hints."""
        lines = [f"abgelehnt: {r}" for r in self.refused] + self.hints()
        if len(lines) > limit:
            lines = lines[: limit - 1] + [f"… und {_count(len(lines) - limit + 1)} weitere"]
        return lines


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
    return decode(raw, label, settings), label


def decode(raw: bytes, label: str, settings: dict) -> str:
    """The text of a calendar file; CalendarError when it is too large or not UTF-8."""
    if len(raw) > FetchRules.from_settings(settings).max_bytes:
        raise CalendarError(f"Der Kalender ist größer als "
                            f"{settings['calendars']['max_mb']:g} MB.", source=label)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CalendarError("Die Datei ist nicht in UTF-8 geschrieben.", line, label) from exc


@dataclass
class Parsed:
    """A calendar converted: the entries to write, the titles of past events, the events
    refused, notes on the calendar as a whole."""

    mapped: list[Mapped] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse(text: str, source: str, settings: dict, places: list[dict],
          default_category: str | None, now: datetime,
          defaults: ImportDefaults = NO_DEFAULTS) -> Parsed:
    """Every event of the calendar as a source entry; raise CalendarError only when the
    calendar as a whole cannot be imported (see the module's docstring)."""
    scanned = scan(text, source)
    frame, note = Frame.of(scanned.properties)
    groups, refused = read_events(scanned, source)
    out = Parsed(refused=refused, notes=[*scanned.notes, *([note] if note else [])])
    categories = settings["categories"]
    category = default_category or categories[0]["id"]
    for group in groups:
        try:
            entry = _convert(group, frame, settings, places, category, defaults, now)
        except PARSE_FAULTS as exc:
            out.refused.append(Refusal(group.uid, _head(group) + "er lässt sich nicht "
                                       f"übernehmen ({shorten(str(exc))}).",
                                       group.where.begin))
            continue
        if isinstance(entry, Refusal):
            out.refused.append(entry)
        elif not _upcoming(entry.data, now):
            out.skipped.append(entry.data["title"])
        else:
            place = next((p for p in places if p["id"] == entry.data.get("place_id")), None)
            problem = check("import", entry.data, place, categories, now)
            if problem is not None:
                out.refused.append(Refusal(group.uid, _head(group) + problem.message,
                                           group.where.begin))
            else:
                out.mapped.append(entry)
    _check_size(out.mapped, now, settings, source)
    out.refused.sort(key=lambda r: r.line)
    return out


def _head(group: Group, line: int | None = None) -> str:
    return f"Termin {group.label} (Zeile {line or group.where.begin}) nicht übernommen: "


def _convert(group: Group, frame: Frame, settings: dict, places: list[dict], category: str,
             defaults: ImportDefaults, now: datetime) -> Mapped | Refusal:
    """The entry of one UID, its dates expanded when a schedule cannot hold them."""
    master = group.master.component if group.master else None
    overrides = [e.component for e in group.overrides.values()]
    entry = map_event(group.uid, master, overrides, settings["categories"], category,
                      places, frame)
    refusal = _refusal(group, settings)
    if refusal:
        return refusal
    main = master if master is not None else overrides[0]
    apply(entry.data, defaults, bool(str(main.get("LOCATION", "")).strip()))
    if entry.needs_expansion and master is not None:
        lo = now - timedelta(days=1)
        hi = now + timedelta(days=settings["content"]["horizon_days"])
        entry.data["occurrences"] = occurrences(
            master, overrides, frame, lo, hi, settings["content"]["calendar_max_dates"],
            entry.data["title"])
        entry.data.pop("schedule", None)
        entry.data.pop("rhythm", None)
    return entry


def _refusal(group: Group, settings: dict) -> Refusal | None:
    """Why this series is not taken over (a rule that is unreadable or finer than daily,
    too many extra dates), naming its UID and line; None when it is fine."""
    if group.master is None:
        return None
    master, where = group.master.component, group.master.where
    raw = master.decoded("DTSTART")
    start = raw.replace(tzinfo=None) if isinstance(raw, datetime) \
        else datetime.combine(raw, time(0))
    line = where.line_of("RRULE")
    rules = values_of(master, "RRULE")
    for rule in rules:
        text = rule.to_ical().decode()
        try:
            parse_rule(text, start)
        except RuleError as exc:
            if exc.problem == "too_often":
                why = ("er wiederholt sich öfter als einmal am Tag. Erlaubt sind täglich, "
                       "wöchentlich, monatlich und jährlich, mit höchstens einer Uhrzeit am "
                       "Tag.")
            elif exc.problem == "unsupported":
                why = "BYEASTER wird nicht unterstützt."
            else:
                written = where.values.get("RRULE", "").lstrip(":") if len(rules) == 1 \
                    else text
                why = f"die Regel „RRULE:{shorten(written, 60)}“ ist nicht lesbar."
            return Refusal(group.uid, _head(group, line) + why, line)
    cap = settings["content"]["calendar_max_dates"]
    extra = len(values_of(master, "RDATE"))
    if extra > cap:
        line = where.line_of("RDATE")
        return Refusal(group.uid, _head(group, line) + f"{_count(extra)} zusätzliche Termine "
                       f"(RDATE), erlaubt sind höchstens {_count(cap)}.", line)
    return None


def _check_size(mapped: list[Mapped], now: datetime, settings: dict, source: str) -> None:
    """Refuse a calendar whose events or dates within the horizon pass the cap: the
    terminals load at most 8 MB ([sync] max_feed_bytes)."""
    cap = settings["content"]["calendar_max_dates"]
    days = settings["content"]["horizon_days"]
    tail = (f" Erlaubt sind höchstens {_count(cap)} je Kalender, damit die Daten für die "
            "Terminals klein genug bleiben (höchstens 8 MB). Bitte abonnieren Sie einen "
            "kleineren Kalender, zum Beispiel nur einen Ort oder eine Rubrik.")
    if len(mapped) > cap:
        raise CalendarError(f"Der Kalender hat {_count(len(mapped))} Veranstaltungen."
                            + tail, source=source)
    horizon = now + timedelta(days=days)
    total = 0
    for entry in mapped:
        if "occurrences" in entry.data:
            total += sum(1 for o in entry.data["occurrences"]
                         if datetime.fromisoformat(o["start"]) < horizon)
            continue
        try:
            total += len(expand(entry.data["schedule"], BERLIN, now, horizon))
        except SourceError:
            continue
    if total > cap:
        raise CalendarError(f"Der Kalender hat {_count(total)} Termine in den nächsten "
                            f"{days} Tagen." + tail, source=source)


def _count(n: int) -> str:
    """26000 → "26.000"."""
    return f"{n:,}".replace(",", ".")


def _upcoming(data: dict, now: datetime) -> bool:
    if "occurrences" in data:
        return bool(data["occurrences"])
    try:
        return bool(expand(data["schedule"], BERLIN, now, now + timedelta(days=3 * 366)))
    except SourceError:
        return True  # not dropped silently: the publisher's check in parse() names it


def import_calendar(db: sqlite_utils.Database, settings: dict, site_id: str, text: str, *,
                    source: str, category: str | None, now: datetime, user: str | None,
                    defaults: ImportDefaults = NO_DEFAULTS,
                    label: str | None = None) -> ImportReport:
    """Import one calendar into a site (see the module's docstring). `source` says where
    the calendar comes from (its entries are found by it); `label` names it in the
    report (default: the source)."""
    if site_q.get(db, site_id) is None:
        raise InputError(f"--site {site_id}: diese Begegnungsstätte gibt es nicht.")
    if category and category not in {c["id"] for c in settings["categories"]}:
        raise InputError(f"--category {category}: diesen Bereich gibt es nicht.")
    places = [p["data"] for p in place_q.visible(db, [site_id])]
    parsed = parse(text, source, settings, places, category, now, defaults)
    report = ImportReport(label or source, skipped=parsed.skipped,
                          refused=[r.message for r in parsed.refused], notes=parsed.notes)
    today = now.astimezone(BERLIN).date().isoformat()
    seen = {r.uid for r in parsed.refused if r.keep}   # imported before: stays as it was
    taken = entry_q.taken_ids(db)
    with db.atomic():
        for entry in parsed.mapped:
            seen.add(entry.uid)
            _store(db, site_id, entry, source, now, user, today, report, taken)
        for row in entry_q.from_calendar(db, site_id, source):
            if row["ics_uid"] not in seen:
                entry_q.delete(db, row["id"], now, user)
                report.removed.append(row["title"])
    return report


def _store(db: sqlite_utils.Database, site_id: str, entry: Mapped, source: str,
           now: datetime, user: str | None, today: str, report: ImportReport,
           taken: set[str]) -> None:
    existing = entry_q.by_uid(db, site_id, entry.uid)
    title = entry.data["title"]
    if existing is None:
        data = {**entry.data, "last_checked": today}
        entry_id = unique_slug(title, taken.__contains__)
        taken.add(entry_id)
        sharing, share_sites = "site", []
        report.new.append(title)
        if not has_contact(data):
            report.without_contact.append(title)
    else:
        data = {k: v for k, v in existing["data"].items() if k not in CALENDAR_FIELDS}
        data.update({k: v for k, v in entry.data.items() if k in CALENDAR_FIELDS})
        for key in ("category", "place_id", "contact"):
            if key not in data and key in entry.data:
                data[key] = entry.data[key]
        if not has_contact(data):
            report.without_contact.append(title)
        if data == existing["data"]:
            report.unchanged.append(title)
            return
        data["last_checked"] = today
        entry_id, sharing, share_sites = existing["id"], existing["sharing"], \
            existing["share_sites"]
        report.changed.append(title)
    report.notes += [f"{title}: {note}" for note in entry.notes]
    entry_q.save(db, entry_id, site_id, data, sharing=sharing, share_sites=share_sites,
                 now=now, user=user, origin="ics", ics_source=source, ics_uid=entry.uid)
