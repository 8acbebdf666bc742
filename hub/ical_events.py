"""The events of a calendar, each read alone, grouped by UID.

One broken event is refused with its UID and line and the others go on: an unreadable
line or an unclosed component in it (hub.ical_lines), a value icalendar cannot read in a
property the import uses, a missing DTSTART. A refused changed instance (RECURRENCE-ID)
leaves its series without that change; a refused series takes its changes with it.

An event without UID (older tools export such) gets one derived from the calendar's
address, its SUMMARY and its DTSTART as written, so importing the calendar again finds
it again; identical copies of one event fall together. Of several copies of the same
UID (or the same UID and RECURRENCE-ID) the one with the highest SEQUENCE counts.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

import icalendar

from hub.ical_lines import USED, EventLines, Scanned

log = logging.getLogger(__name__)
# A value icalendar cannot read in a property the import uses (USED) refuses the event;
# faults elsewhere (ATTENDEE, X-…) do not matter here.
DERIVED_PREFIX = "ohne-uid-"
PARSE_FAULTS = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError)


@dataclass
class Event:
    component: icalendar.Component
    where: EventLines

    @property
    def sequence(self) -> int:
        try:
            return int(self.component.get("SEQUENCE", 0))
        except (TypeError, ValueError):
            return 0


@dataclass
class Group:
    """One UID: the series (or single event) and its changed instances."""

    uid: str
    master: Event | None = None
    overrides: dict[str, Event] = field(default_factory=dict)   # by RECURRENCE-ID text
    summary: str = ""

    @property
    def where(self) -> EventLines:
        return (self.master or next(iter(self.overrides.values()))).where

    @property
    def label(self) -> str:
        """How messages name the event: its UID, or its title when the UID is derived."""
        if self.uid.startswith(DERIVED_PREFIX):
            return f"„{shorten(self.summary or 'ohne Titel')}“ (ohne UID)"
        return f"„{shorten(self.uid)}“"


@dataclass(frozen=True)
class Refusal:
    """An event not taken over: its UID, the German message, and whether an entry
    imported from it before stays as it was (its series was refused, not just a change)."""

    uid: str
    message: str
    line: int
    keep: bool = True


def shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def derived_uid(source: str, where: EventLines) -> str:
    key = "\n".join((source, where.values.get("SUMMARY", ""), where.values.get("DTSTART", "")))
    return DERIVED_PREFIX + hashlib.sha256(key.encode()).hexdigest()[:20]


def load_timezones(scanned: Scanned) -> None:
    """Let icalendar know the calendar's own VTIMEZONEs (TZIDs that are no Olson names,
    e.g. "Mitteleuropäische Zeit"); a broken one is passed over."""
    for text in scanned.timezones:
        try:
            icalendar.Calendar.from_ical(f"BEGIN:VCALENDAR\r\n{text}\r\nEND:VCALENDAR\r\n")
        except PARSE_FAULTS as exc:
            log.info("VTIMEZONE passed over: %s", exc)


def read_events(scanned: Scanned, source: str) -> tuple[list[Group], list[Refusal]]:
    """The calendar's events grouped by UID, in the order they first appear, and the
    events refused."""
    load_timezones(scanned)
    groups: dict[str, Group] = {}
    refused: list[Refusal] = []
    dropped: set[str] = set()
    for where in scanned.events:
        uid = where.values.get("UID") or derived_uid(source, where)
        group = groups.setdefault(uid, Group(uid, summary=_summary(where)))
        event, problem = _read(where)
        is_change = "RECURRENCE-ID" in where.properties
        if problem is not None:
            line, reason = problem
            what = "Änderung eines einzelnen Termins" if is_change else "Termin"
            refused.append(Refusal(uid, f"{what} {group.label} (Zeile {line}) nicht "
                                        f"übernommen: {reason}", line, keep=not is_change))
            if not is_change:
                dropped.add(uid)
            continue
        assert event is not None
        if is_change:
            rid = event.component["RECURRENCE-ID"].to_ical().decode()
            _keep_newest(group.overrides, rid, event)
        elif group.master is None or event.sequence > group.master.sequence:
            group.master = event
    return [g for uid, g in groups.items() if uid not in dropped
            and (g.master is not None or g.overrides)], refused


def _keep_newest(found: dict[str, Event], key: str, event: Event) -> None:
    if key not in found or event.sequence > found[key].sequence:
        found[key] = event


def _summary(where: EventLines) -> str:
    return where.values.get("SUMMARY", "").partition(":")[2].strip()


def _read(where: EventLines) -> tuple[Event | None, tuple[int, str] | None]:
    """The parsed event, or (line, reason) why it cannot be taken over."""
    if where.problem is not None:
        return None, where.problem
    try:
        component = icalendar.Event.from_ical(where.text)
    except PARSE_FAULTS as exc:
        return None, (where.begin, f"der Termin ist nicht lesbar ({shorten(str(exc))}).")
    for name, problem in component.errors:
        if name and name.upper() in USED:
            return None, (where.line_of(name), f"{name} ist ungültig: {shorten(str(problem))}")
    if component.get("DTSTART") is None:
        return None, (where.begin, "dem Termin fehlt der Beginn (DTSTART).")
    try:
        component.decoded("DTSTART")
        if "RECURRENCE-ID" in component:
            component.decoded("RECURRENCE-ID")
    except PARSE_FAULTS as exc:
        return None, (where.line_of("DTSTART"), f"DTSTART ist ungültig ({shorten(str(exc))}).")
    return Event(component, where), None
