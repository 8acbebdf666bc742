"""A first pass over an iCalendar text that knows line numbers: unfolds lines, splits the
calendar into its events (each parsed alone later, so one broken event cannot take the
others with it) and remembers on which line each event's properties stand.

What refuses the whole file (CalendarError with the line): it does not begin with
BEGIN:VCALENDAR (not a calendar), or its VCALENDAR is never closed (the file is cut off –
importing it would remove every event after the cut). Everything else is local: an
unreadable line, a stray or missing END inside an event marks that event as broken
(`EventLines.problem`); outside events such a line is passed over with a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hub.errors import CalendarError

_CONTENT_LINE = re.compile(
    r'^[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*:')
# Components that stand directly in a VCALENDAR: a BEGIN of one of them while another is
# still open means the open one was never closed.
TOP_LEVEL = {"VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE", "VAVAILABILITY"}
MAX_NOTES = 20
# Properties the import reads (hub.ical_events, hub.ical_map).
USED = ("UID", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID",
        "STATUS", "SUMMARY", "DESCRIPTION", "LOCATION", "URL", "CATEGORIES", "SEQUENCE")


@dataclass
class EventLines:
    """One VEVENT: its BEGIN line, the unfolded lines the import reads, the first line of
    each property, its UID as written, and the first fault found in it (line, reason)."""

    begin: int
    lines: list[str] = field(default_factory=list)
    properties: dict[str, int] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)   # UID; DTSTART, SUMMARY, RRULE as written
    problem: tuple[int, str] | None = None

    def line_of(self, name: str) -> int:
        return self.properties.get(name.upper(), self.begin)

    def fault(self, line: int, reason: str) -> None:
        if self.problem is None:
            self.problem = (line, reason)

    @property
    def text(self) -> str:
        return "\r\n".join(self.lines) + "\r\n"


@dataclass
class Scanned:
    """The calendar split up: its events, its VTIMEZONE texts, its own properties
    (X-WR-TIMEZONE, ...) and notes on lines passed over outside events."""

    events: list[EventLines] = field(default_factory=list)
    timezones: list[str] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if len(self.notes) < MAX_NOTES:
            self.notes.append(text)


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(first physical line number, unfolded line) for every content line."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line[:1] in (" ", "\t") and out:
            start, previous = out[-1]
            out[-1] = (start, previous + line[1:])
        elif line.strip():
            out.append((number, line))
    return out


def shown(line: str) -> str:
    return line if len(line) <= 60 else line[:57] + "..."


def scan(text: str, source: str = "") -> Scanned:
    """Split the calendar; raise CalendarError only when the file is no calendar or is
    cut off (see the module's docstring)."""
    lines = logical_lines(text)
    if not lines or lines[0][1].strip().upper() != "BEGIN:VCALENDAR":
        raise CalendarError("Das ist keine iCalendar-Datei: Sie muss mit BEGIN:VCALENDAR "
                            "beginnen.", lines[0][0] if lines else 1, source)
    return _Scanner(source).run(lines)


class _Scanner:
    def __init__(self, source: str) -> None:
        self.source = source
        self.out = Scanned()
        self.stack: list[tuple[str, int]] = []
        self.event: EventLines | None = None
        self.zone: list[str] | None = None
        self.calendar_line = 0
        self.last = ""           # the name of the event's last property line

    def run(self, lines: list[tuple[int, str]]) -> Scanned:
        for number, line in lines:
            self.line(number, line)
        if self.stack:
            raise CalendarError("BEGIN:VCALENDAR wird nicht mit END:VCALENDAR "
                                "abgeschlossen – die Datei ist unvollständig.",
                                self.calendar_line, self.source)
        return self.out

    def line(self, number: int, line: str) -> None:
        if not self.stack:       # between calendars: only a new BEGIN:VCALENDAR counts
            if line.strip().upper() == "BEGIN:VCALENDAR":
                self.stack.append(("VCALENDAR", number))
                self.calendar_line = number
            else:
                self.out.note(f"Zeile {number} übergangen: sie steht außerhalb des Kalenders.")
            return
        if not _CONTENT_LINE.match(line):
            if self.event is not None and self.last and self.last not in USED:
                return           # a wrongly folded ORGANIZER, ATTENDEE, ...
            self.broken(number, f"Zeile {number} ist unlesbar: „{shown(line)}“")
            return
        name, _, value = line.partition(":")
        name = name.split(";")[0].upper()
        self.last = "" if name in ("BEGIN", "END") else name
        if name == "BEGIN":
            self.begin(value.strip().upper(), number, line)
        elif name == "END":
            self.end(value.strip().upper(), number, line)
        else:
            self.keep(name, number, line, value)

    def begin(self, kind: str, number: int, line: str) -> None:
        if kind in TOP_LEVEL and len(self.stack) > 1:
            self.close_to(1, number)
        self.stack.append((kind, number))
        if len(self.stack) == 2 and kind == "VEVENT":
            self.event = EventLines(number)
            self.out.events.append(self.event)
        elif len(self.stack) == 2 and kind == "VTIMEZONE":
            self.zone = []
        self.collect(line)

    def end(self, kind: str, number: int, line: str) -> None:
        depth = next((i for i in range(len(self.stack) - 1, -1, -1)
                      if self.stack[i][0] == kind), None)
        if depth is None:
            expected = f"END:{self.stack[-1][0]}"
            self.broken(number, f"Zeile {number}: END:{kind} passt nicht – erwartet war "
                                f"{expected}.")
            return
        if depth == 0:           # END:VCALENDAR
            self.close_to(1, number)
            self.stack.pop()
            return
        self.close_to(depth + 1, number)
        self.collect(line)
        self.stack.pop()
        if len(self.stack) == 1:
            self.finish_top()

    def close_to(self, depth: int, number: int) -> None:
        """Close every component above `depth` that was never closed."""
        while len(self.stack) > depth:
            kind, begin = self.stack.pop()
            if self.event is not None:
                self.event.fault(begin, f"BEGIN:{kind} (Zeile {begin}) wird nicht mit "
                                        f"END:{kind} abgeschlossen.")
            elif len(self.stack) == 1:
                self.out.note(f"Zeile {begin} übergangen: BEGIN:{kind} wird nicht "
                              "abgeschlossen.")
            if len(self.stack) == 1:
                self.finish_top()

    def finish_top(self) -> None:
        if self.zone is not None and self.zone:
            self.out.timezones.append("\r\n".join(self.zone))
        self.event = None
        self.zone = None

    def keep(self, name: str, number: int, line: str, value: str) -> None:
        if len(self.stack) == 1:
            self.out.properties.setdefault(name, value.strip())
            return
        if self.event is not None and len(self.stack) == 2:
            self.event.properties.setdefault(name, number)
            if name == "UID":
                self.event.values.setdefault(name, value.strip())
            elif name in ("DTSTART", "SUMMARY", "RRULE"):  # parameters and value as written
                self.event.values.setdefault(name, line[len(name):])
        self.collect(line, name)

    def collect(self, line: str, name: str = "") -> None:
        """Keep a line of a VTIMEZONE, and of a VEVENT its BEGIN, END and the properties
        the import reads (icalendar then parses a tenth of a busy event's lines)."""
        if self.event is not None:
            if len(self.stack) == 2 and (not name or name in USED):
                self.event.lines.append(line)
        elif self.zone is not None:
            self.zone.append(line)

    def broken(self, number: int, reason: str) -> None:
        if self.event is not None:
            self.event.fault(number, reason)
        else:
            self.out.note(f"{reason} Sie wurde übergangen.")
