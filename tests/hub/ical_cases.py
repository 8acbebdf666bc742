"""Helpers for the calendar tests: a calendar from event texts, an import into site A, and
the dates the publisher makes of an imported event, written exactly with their offsets."""

from __future__ import annotations

from datetime import datetime

from hub import context
from hub.entry_check import feed_for
from hub.ical_import import ImportReport, import_calendar
from hub.queries import entries as entry_q
from hub.queries import places as place_q
from tests.hub.conftest import NOW

VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""
STATUS_WORDS = {"cancelled": " fällt aus", "moved": " verlegt", "scheduled": ""}


def vcalendar(*events: str, head: str = "") -> str:
    """A calendar of these VEVENT texts (with Berlin's VTIMEZONE), lines ended by CRLF;
    `head`: more calendar properties, e.g. "X-WR-TIMEZONE:Europe/Berlin"."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Adorf//Test//DE"]
    lines += [head.strip()] if head.strip() else []
    lines += [VTIMEZONE, *(e.strip() for e in events), "END:VCALENDAR"]
    return "\r\n".join("\n".join(lines).split("\n")) + "\r\n"


def vevent(uid: str, *lines: str, summary: str = "Treffen") -> str:
    body = "\n".join(line for line in lines if line)
    head = f"UID:{uid}\n" if uid else ""
    return f"BEGIN:VEVENT\n{head}DTSTAMP:20261120T080000Z\n{body}\nSUMMARY:{summary}\nEND:VEVENT"


def import_text(text: str, now: datetime = NOW, source: str = "kalender.ics",
                settings: dict | None = None) -> ImportReport:
    return import_calendar(context.db(), settings or context.settings(), "ort-a", text,
                           source=source, category=None, now=now, user="test")


def dates(uid: str, now: datetime = NOW) -> list[str]:
    """The imported event's dates as the publisher expands them at `now`: "start – end"
    in local time with the UTC offset, and the status in words."""
    row = entry_q.by_uid(context.db(), "ort-a", uid)
    assert row is not None, f"{uid} was not imported"
    place = place_q.get(context.db(), row["data"]["place_id"])["data"] \
        if row["data"].get("place_id") else None
    feed = feed_for(row["id"], row["data"], place, context.settings()["categories"], now)
    return [_words(o) for o in feed["entries"][0]["occurrences"]]


def _words(occurrence: dict) -> str:
    start = datetime.fromisoformat(occurrence["start"])
    end = datetime.fromisoformat(occurrence["end"])
    return (f"{start:%Y-%m-%d %H:%M %z} – {end:%Y-%m-%d %H:%M %z}"
            + STATUS_WORDS[occurrence["status"]])
