"""The times of a calendar, read in the frame they were written in.

RFC 5545 knows three forms of a time: with a TZID (a zone's wall clock), in UTC ("Z") and
floating (no zone). The hub reads a floating time in the calendar's X-WR-TIMEZONE when it
names a zone, else in Europe/Berlin – inside an event whose DTSTART has a zone, in that
zone. Under X-WR-TIMEZONE a rule anchored in UTC repeats on that zone's wall clock (what
Google's and Outlook's exports mean, and what the x-wr-timezone package does); without it
a UTC rule keeps its UTC time.

    frame = Frame.of(scanned.properties).of_event(dtstart)
    local(value, frame)        -> (Berlin wall-clock time, whole day?)
    in_zone(value, zone, frame) -> wall-clock time in `zone`
    anchor(dtstart, frame)     -> the zone a rule repeats in (Berlin for whole days)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hub.config import TIMEZONE

BERLIN = ZoneInfo(TIMEZONE)


@dataclass(frozen=True)
class Frame:
    """How times without a zone and UTC rule anchors are read."""

    floating: tzinfo = BERLIN            # the zone of a time written without one
    wall: tzinfo | None = None           # X-WR-TIMEZONE: UTC rules repeat on its clock

    @classmethod
    def of(cls, properties: dict[str, str]) -> tuple[Frame, str | None]:
        """The frame of a calendar's own properties, and a note when its X-WR-TIMEZONE
        names no zone this computer knows."""
        name = properties.get("X-WR-TIMEZONE", "").strip().strip('"')
        if not name:
            return cls(), None
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return cls(), (f"X-WR-TIMEZONE „{name[:60]}“ ist keine bekannte Zeitzone; "
                           "Zeiten ohne Zone gelten als deutsche Zeit.")
        return cls(zone, zone), None

    def of_event(self, start: date | datetime) -> Frame:
        """The frame inside one event: a time written without zone next to a DTSTART
        with one (a DTEND, EXDATE, RECURRENCE-ID) takes the DTSTART's zone – the zone its
        author left out."""
        if isinstance(start, datetime) and start.tzinfo is not None:
            return Frame(start.tzinfo, self.wall)
        return self


def same_zone(a: tzinfo | None, b: tzinfo | None) -> bool:
    return a is b or (a is not None and b is not None and _key(a) == _key(b))


def _key(zone: tzinfo) -> str:
    return str(getattr(zone, "key", None) or zone)


def is_berlin(zone: tzinfo | None) -> bool:
    return zone is not None and _key(zone) == TIMEZONE


def is_utc(zone: tzinfo | None) -> bool:
    return zone is not None and (zone is UTC or _key(zone) in ("UTC", "Z", "Etc/UTC"))


def exact(value: datetime, frame: Frame) -> datetime:
    """A date-time with its zone (a floating one in the frame's zone)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=frame.floating)


def in_zone(value: date | datetime, zone: tzinfo, frame: Frame) -> datetime:
    """The wall-clock time (naive) in `zone`; a date is its midnight. A time written in
    `zone` itself keeps its wall clock, even in the spring gap (the publisher moves it
    and its end together, sync.recurrence.aware_span)."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0))
    written = value.tzinfo or frame.floating
    if same_zone(written, zone):
        return value.replace(tzinfo=None)
    return exact(value, frame).astimezone(zone).replace(tzinfo=None)


def local(value: date | datetime, frame: Frame | None = None) -> tuple[datetime, bool]:
    """(Berlin wall-clock time, whether it was a whole day)."""
    return in_zone(value, BERLIN, frame or Frame()), not isinstance(value, datetime)


def anchor(start: date | datetime, frame: Frame) -> tzinfo:
    """The zone whose wall clock a rule starting at `start` repeats on."""
    if not isinstance(start, datetime):
        return BERLIN
    if start.tzinfo is None:
        return frame.floating
    if is_utc(start.tzinfo):
        return frame.wall or UTC
    return start.tzinfo
