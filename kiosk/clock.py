"""Time for the terminal: Europe/Berlin, aware datetimes, and a clock tests can replace."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Berlin")

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Return the current time in Europe/Berlin."""
    return datetime.now(TZ)


def fixed_clock(moment: datetime) -> Clock:
    """Return a clock that always answers `moment` (tests, tour rendering)."""
    if moment.tzinfo is None:
        raise ValueError("a fixed clock needs an aware datetime")
    local = moment.astimezone(TZ)
    return lambda: local


def local(moment: datetime) -> datetime:
    """Convert an aware datetime to Europe/Berlin."""
    return moment.astimezone(TZ)


def midnight(day: date) -> datetime:
    """Local midnight at the start of `day` (23, 24 or 25 hours before the next one)."""
    return datetime.combine(day, time(0), tzinfo=TZ)


def day_after(day: date, days: int = 1) -> datetime:
    """Local midnight at the start of the day `days` after `day`."""
    return midnight(day + timedelta(days=days))
