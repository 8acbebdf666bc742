"""When the screen is on: `[display] on` of kiosk.toml, in the local wall-clock time of
the place (Europe/Berlin), with the public holidays of the feed.

    on = "Mo-Fr 08:00-18:00, Sa 09:00-13:00"
    on = "Mo-Do 09:00-12:00 14:00-17:00, Fr 09:00-12:00, Ft 10:00-12:00"

A comma separates rules; a rule is days (one day, or a range) and one or more time
ranges. Days in German (Mo Di Mi Do Fr Sa So, Ft = Feiertag) or English (Mon … Sun,
Hol); "täglich"/"daily" is every day. A holiday of the feed (sync feed field
`holidays`) follows only the Ft rules: without one, the screen stays dark on holidays.
Empty: always on. Times are wall-clock times, so "08:00" is 08:00 on both sides of a
DST change; a range ends before its end time and never crosses midnight (24:00 ends the
day).

The kiosk darkens its screen by it (kiosk.night); software updates run while it is
surely off (sync.update: `closed`, whether the day is a holiday or not). Here in sync,
because sync may not import kiosk.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

from sync.errors import ConfigError

TZ = ZoneInfo("Europe/Berlin")
DAY_MINUTES = 24 * 60

FIELD = "[display] on"
DAYS = {"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6,
        "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
HOLIDAY = 7
HOLIDAY_WORDS = {"ft", "feiertag", "feiertage", "hol", "holiday", "holidays"}
EVERY_DAY = {"täglich", "taeglich", "daily"}
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Schedule:
    """Minutes of the day the screen is on, per weekday 0–6 and HOLIDAY."""

    text: str
    ranges: Mapping[int, tuple[tuple[int, int], ...]]

    def is_on(self, now: datetime, holidays: Mapping[date, str] | None = None,
              tz: tzinfo = TZ) -> bool:
        local = now.astimezone(tz)
        day = HOLIDAY if holidays and local.date() in holidays else local.weekday()
        return self._on(day, local.hour * 60 + local.minute)

    def closed(self, now: datetime, tz: tzinfo = TZ) -> bool:
        """Off at `now` whatever the day is: by its weekday's rules and by the holidays'."""
        local = now.astimezone(tz)
        minute = local.hour * 60 + local.minute
        return not self._on(local.weekday(), minute) and not self._on(HOLIDAY, minute)

    def ever_closed(self) -> bool:
        """Is there a minute of the week when `closed` is true?"""
        return any(not self._on(day, minute) and not self._on(HOLIDAY, minute)
                   for day in range(7) for minute in self._edges(day))

    def _on(self, day: int, minute: int) -> bool:
        return any(start <= minute < end for start, end in self.ranges.get(day, ()))

    def _edges(self, day: int) -> set[int]:
        # Whether a day has an off minute shows at midnight or where a range ends.
        ends = (end for d in (day, HOLIDAY) for _start, end in self.ranges.get(d, ()))
        return {0} | {end for end in ends if end < DAY_MINUTES}


def parse(text: str) -> Schedule | None:
    """The schedule `text` describes; None for an empty text (always on). Bad text raises
    ConfigError naming the field and the part that is wrong, in German and English."""
    if not isinstance(text, str):
        raise _error(repr(text), "bitte als Text in Anführungszeichen / must be a string")
    if not text.strip():
        return None
    ranges: dict[int, list[tuple[int, int]]] = {}
    for rule in (r.strip() for r in text.split(",")):
        parts = rule.split()
        if len(parts) < 2:
            raise _error(rule, "Tage und mindestens eine Uhrzeit, z. B. „Mo-Fr 08:00-18:00“ "
                               "/ days and at least one time range")
        times = [_times(p, rule) for p in parts[1:]]
        for day in _days(parts[0], rule):
            ranges.setdefault(day, []).extend(times)
    return Schedule(text, {day: tuple(sorted(r)) for day, r in ranges.items()})


def _days(word: str, rule: str) -> list[int]:
    lower = word.lower()
    if lower in EVERY_DAY:
        return list(range(7))
    if lower in HOLIDAY_WORDS:
        return [HOLIDAY]
    first, _, last = lower.partition("-")
    if first not in DAYS or (last and last not in DAYS):
        raise _error(rule, f"„{word}“ ist kein Tag (Mo Di Mi Do Fr Sa So, Ft für Feiertage) "
                           f"/ not a day (Mon … Sun, Hol)")
    start, end = DAYS[first], DAYS[last or first]
    if end < start:
        raise _error(rule, f"„{word}“: der erste Tag muss vor dem letzten liegen "
                           f"/ first day after the last")
    return list(range(start, end + 1))


def _times(word: str, rule: str) -> tuple[int, int]:
    match = _RANGE.match(word)
    if not match:
        raise _error(rule, f"„{word}“ ist keine Zeitspanne wie „08:00-18:00“ "
                           f"/ not a time range")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if h1 > 23 or m1 > 59 or m2 > 59 or end > DAY_MINUTES:
        raise _error(rule, f"„{word}“: keine gültige Uhrzeit / not a valid time")
    if end <= start:
        raise _error(rule, f"„{word}“: das Ende muss nach dem Anfang liegen, über Mitternacht "
                           f"geht nicht / end must be after start, not past midnight")
    return start, end


def _error(part: str, why: str) -> ConfigError:
    return ConfigError(f"{FIELD}: „{part}“ – {why}")
