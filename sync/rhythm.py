"""The rhythm of a schedule in words, derived from its RRULE: it cannot contradict the dates.

    FREQ=WEEKLY;BYDAY=FR            "jeden Freitag, 12:00 bis 13:30 Uhr"
    FREQ=WEEKLY;BYDAY=MO,...,FR     "montags bis freitags, 9:30 bis 12:00 Uhr"
    FREQ=WEEKLY;INTERVAL=2;BYDAY=FR "alle zwei Wochen am Freitag, …"
    FREQ=MONTHLY;BYDAY=1WE,3WE      "jeden 1. und 3. Mittwoch im Monat, …"
    FREQ=DAILY                      "täglich, …"
    …;COUNT=8 / …;UNTIL=2027…       "… (8 Termine)" / "… (bis 26. März 2027)"

Every other rule (yearly, by day of the month, every third day, …) has no rhythm text:
the list of dates says it better than a sentence that gets it half right.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from babel.dates import format_date

from sync.wording import LOCALE, WEEKDAY_NAMES, WEEKDAYS, clock

ADVERBS = {"MO": "montags", "TU": "dienstags", "WE": "mittwochs", "TH": "donnerstags",
           "FR": "freitags", "SA": "samstags", "SU": "sonntags"}
_NTH = {"1": "1.", "2": "2.", "3": "3.", "4": "4.", "5": "5.", "-1": "letzten"}
_INTERVALS = {"2": "zwei", "3": "drei", "4": "vier"}
_KNOWN = {"FREQ", "BYDAY", "INTERVAL", "UNTIL", "COUNT", "BYSETPOS", "WKST"}
_NTH_DAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")
MAX_CHARS = 160  # the feed's limit for `rhythm`


def rhythm_words(schedule: dict | None) -> str | None:
    """Return the rhythm of `schedule` in words, or None when it has none to say."""
    if not isinstance(schedule, dict) or not isinstance(schedule.get("rrule"), str):
        return None
    try:
        start = datetime.fromisoformat(schedule["start"])
        end = datetime.fromisoformat(schedule["end"]) if schedule.get("end") else \
            start + timedelta(minutes=schedule.get("duration_min", 0))
    except (KeyError, TypeError, ValueError):
        return None
    parts = _parts(schedule["rrule"])
    base = _base(parts, start)
    if base is None:
        return None
    words = f"{base}, {_times(start, end)}{_end(parts)}"
    return words if len(words) <= MAX_CHARS else None


def _parts(rule: str) -> dict[str, str]:
    out = {}
    for item in rule.upper().removeprefix("RRULE:").split(";"):
        key, _, value = item.partition("=")
        if key.strip():
            out[key.strip()] = value.strip()
    return out


def _base(parts: dict[str, str], start: datetime) -> str | None:
    if set(parts) - _KNOWN or parts.get("BYSETPOS") and parts.get("FREQ") != "MONTHLY":
        return None
    interval = parts.get("INTERVAL", "1")
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    matches = [_NTH_DAY.match(d) for d in days]
    if not all(matches):
        return None
    freq = parts.get("FREQ")
    if freq == "DAILY" and interval == "1" and not days:
        return "täglich"
    if freq == "WEEKLY" and all(m and not m[1] for m in matches):
        found = [m[2] for m in matches if m] or [WEEKDAYS[start.weekday()]]
        return _weekly(sorted(set(found), key=WEEKDAYS.index), interval)
    if freq == "MONTHLY" and interval == "1" and days:
        return _monthly(matches, parts.get("BYSETPOS"))
    return None


def _weekly(days: list[str], interval: str) -> str | None:
    if interval != "1":
        if interval not in _INTERVALS:
            return None
        every = f"alle {_INTERVALS[interval]} Wochen"
        return f"{every} am {_join([WEEKDAY_NAMES[d] for d in days])}"
    if len(days) == 1:
        return f"jeden {WEEKDAY_NAMES[days[0]]}"
    if len(days) == 7:
        return "täglich"
    indexes = [WEEKDAYS.index(d) for d in days]
    if len(days) >= 3 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        # Three days or more in a row are a span, as on a door sign.
        return f"{ADVERBS[days[0]]} bis {ADVERBS[days[-1]]}"
    return _join([ADVERBS[d] for d in days])


def _monthly(matches: list, setpos: str | None) -> str | None:
    weekdays = {m[2] for m in matches}
    if len(weekdays) != 1:
        return None
    if setpos:
        if any(m[1] for m in matches):
            return None
        nths = [n.lstrip("+") for n in setpos.split(",")]
    else:
        nths = [(m[1] or "").lstrip("+") for m in matches]
    if not all(n in _NTH for n in nths):
        return None
    ordered = sorted(set(nths), key=lambda n: (n == "-1", n))
    return f"jeden {_join([_NTH[n] for n in ordered])} {WEEKDAY_NAMES[weekdays.pop()]} im Monat"


def _times(start: datetime, end: datetime) -> str:
    if start.time() == time(0) and end.time() == time(0) and end.date() > start.date():
        return "ganztägig"
    if end <= start:
        return f"{clock(start)} Uhr"
    end_clock = "24:00" if end.time() == time(0) else clock(end)
    return f"{clock(start)} bis {end_clock} Uhr"


def _end(parts: dict[str, str]) -> str:
    if parts.get("COUNT", "").isdigit():
        return f" ({parts['COUNT']} Termine)"
    until = parts.get("UNTIL", "")
    if re.match(r"^\d{8}", until):
        try:
            day = date(int(until[:4]), int(until[4:6]), int(until[6:8]))
        except ValueError:
            return ""
        return f" (bis {format_date(day, 'd. MMMM y', locale=LOCALE)})"
    return ""


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]
