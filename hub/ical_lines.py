"""A first pass over an iCalendar text that knows line numbers: unfolds lines, checks
that each is a content line, that BEGIN and END pair up, and remembers on which line each
event's properties stand. icalendar collects problems without saying where they are; this
pass lets a broken calendar be refused with "Zeile 17: …" before anything is imported."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hub.errors import CalendarError

_CONTENT_LINE = re.compile(
    r'^[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*:')


@dataclass
class EventLines:
    """Where one VEVENT stands: its BEGIN line and the first line of each property."""

    begin: int
    properties: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        return self.properties.get(name.upper(), self.begin)


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


def scan(text: str, source: str = "") -> list[EventLines]:
    """Check the structure; return the lines of every VEVENT in document order."""
    lines = logical_lines(text)
    if not lines or lines[0][1].strip().upper() != "BEGIN:VCALENDAR":
        raise CalendarError("Das ist keine iCalendar-Datei: Sie muss mit BEGIN:VCALENDAR "
                            "beginnen.", lines[0][0] if lines else 1, source)
    stack: list[tuple[str, int]] = []
    events: list[EventLines] = []
    for number, line in lines:
        if not _CONTENT_LINE.match(line):
            shown = line if len(line) <= 60 else line[:57] + "..."
            raise CalendarError(f"Diese Zeile ist unlesbar: „{shown}“", number, source)
        name, _, value = line.partition(":")
        name = name.split(";")[0].upper()
        value = value.strip().upper()
        if name == "BEGIN":
            stack.append((value, number))
            if value == "VEVENT":
                events.append(EventLines(number))
        elif name == "END":
            if not stack or stack[-1][0] != value:
                expected = f"END:{stack[-1][0]}" if stack else "nichts mehr"
                raise CalendarError(f"END:{value} passt nicht – erwartet war {expected}.",
                                    number, source)
            stack.pop()
            if not stack and value == "VCALENDAR":
                break
        elif stack and stack[-1][0] == "VEVENT":
            events[-1].properties.setdefault(name, number)
    if stack:
        kind, number = stack[-1]
        raise CalendarError(f"BEGIN:{kind} wird nicht mit END:{kind} abgeschlossen.", number,
                            source)
    return events
