"""Opening hours of standing offers: is it open now, until when, and when does it open next.

Hours are weekly slots in local time; an exception period (holidays, "nur telefonisch")
suspends every slot on its days, from its first to its last day inclusive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kiosk.clock import local, midnight
from sync.model import WEEKDAYS, Hours, HoursException

# How far ahead to look for the next opening: long enough for a summer break.
_SEARCH_DAYS = 92


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class OpenState:
    open_now: bool
    closes_at: datetime | None = None
    next_slot: Slot | None = None
    exception_note: str | None = None
    exception_until: date | None = None

    @property
    def has_hours(self) -> bool:
        return self.open_now or self.next_slot is not None or self.exception_note is not None


def _exception_on(day: date, exceptions: list[HoursException]) -> HoursException | None:
    return next((x for x in exceptions if x.from_ <= day <= x.to), None)


def _at(day: date, clock: str) -> datetime:
    # Adding to local midnight is wall-clock arithmetic on an aware datetime, so "09:00"
    # stays 9:00 across a DST change, and "24:00" (which `time` cannot hold) is the next
    # midnight.
    hh, mm = clock.split(":")
    return midnight(day) + timedelta(hours=int(hh), minutes=int(mm))


def _slot(day: date, hours: Hours) -> Slot:
    return Slot(_at(day, hours.from_), _at(day, hours.to))


def slots(hours: list[Hours], exceptions: list[HoursException], start_day: date,
          days: int) -> list[Slot]:
    """Every opening slot on `days` days from `start_day`, exceptions left out."""
    out = []
    for offset in range(days):
        day = start_day + timedelta(days=offset)
        if _exception_on(day, exceptions):
            continue
        code = WEEKDAYS[day.weekday()]
        out.extend(_slot(day, h) for h in hours if h.day == code)
    out.sort(key=lambda s: s.start)
    return out


def open_state(hours: list[Hours], exceptions: list[HoursException],
               now: datetime) -> OpenState:
    """Return whether the offer is open at `now` and what comes next."""
    now = local(now)
    today = now.date()
    current = later = None
    # Day by day, until the next opening after now is found (lists ask this of every
    # offer on every screen: most are found today or tomorrow).
    for offset in range(_SEARCH_DAYS):
        for slot in slots(hours, exceptions, today + timedelta(days=offset), 1):
            if slot.end <= now:
                continue
            if slot.start > now:
                later = later or slot
            elif current is None:
                current = slot
        if later is not None:
            break
    exception = _exception_on(today, exceptions)
    note = exception.note if exception else None
    until = exception.to if exception else None
    if current:
        return OpenState(True, closes_at=current.end, next_slot=later)
    return OpenState(False, next_slot=later, exception_note=note, exception_until=until)


def upcoming_exceptions(exceptions: list[HoursException], today: date,
                        days: int = 60) -> list[HoursException]:
    """Exception periods that have not ended and begin within `days` days."""
    horizon = today + timedelta(days=days)
    return sorted((x for x in exceptions if x.to >= today and x.from_ <= horizon),
                  key=lambda x: x.from_)
