"""The rhythm of a schedule in words, derived from its RRULE: it cannot contradict the dates.

    FREQ=WEEKLY;BYDAY=FR            "jeden Freitag, 12:00 bis 13:30 Uhr"
    FREQ=WEEKLY;BYDAY=MO,...,FR     "montags bis freitags, 9:30 bis 12:00 Uhr"
    FREQ=WEEKLY;INTERVAL=2;BYDAY=FR "alle zwei Wochen am Freitag, …"
    FREQ=MONTHLY;BYDAY=1WE,3WE      "jeden 1. und 3. Mittwoch im Monat, …"
    FREQ=DAILY                      "täglich, …"
    …;COUNT=8 / …;UNTIL=2027…       "… (8 Termine)" / "… (bis 26. März 2027)"
    exdates still to come           "… (nicht am 25. Dezember)", "… (mit Ausnahmen)"

The count is of the dates that take place (the rule's, less the dates left out, plus the
extra ones), and dates left out are named, so the sentence never says "jeden Freitag"
over a list of dates that skips one. Every other rule (yearly, by day of the month,
every third day, …) has no rhythm text: the list of dates says it better than a sentence
that gets it half right.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from babel.dates import format_date
from dateutil.rrule import rrulestr

from sync.wording import LOCALE, WEEKDAY_NAMES, WEEKDAYS, clock

ADVERBS = {"MO": "montags", "TU": "dienstags", "WE": "mittwochs", "TH": "donnerstags",
           "FR": "freitags", "SA": "samstags", "SU": "sonntags"}
_NTH = {"1": "1.", "2": "2.", "3": "3.", "4": "4.", "5": "5.", "-1": "letzten"}
_INTERVALS = {"2": "zwei", "3": "drei", "4": "vier"}
_KNOWN = {"FREQ", "BYDAY", "INTERVAL", "UNTIL", "COUNT", "BYSETPOS", "WKST"}
_NTH_DAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")
MAX_CHARS = 160  # the feed's limit for `rhythm`
MAX_COUNT = 1000  # a longer COUNT is not counted out date by date
NAMED_EXCEPTIONS = 2


def rhythm_words(schedule: dict | None, today: date | None = None) -> str | None:
    """Return the rhythm of `schedule` in words, or None when it has none to say;
    exceptions before `today` are not mentioned."""
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
    notes = [n for n in (_end(parts, schedule, start), _exceptions(schedule, today)) if n]
    words = f"{base}, {_times(start, end)}" + (f" ({', '.join(notes)})" if notes else "")
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


def _end(parts: dict[str, str], schedule: dict, start: datetime) -> str:
    if parts.get("COUNT", "").isdigit():
        return f"{_count(schedule, start, int(parts['COUNT']))} Termine"
    until = parts.get("UNTIL", "")
    if re.match(r"^\d{8}", until):
        try:
            day = date(int(until[:4]), int(until[4:6]), int(until[6:8]))
        except ValueError:
            return ""
        return f"bis {format_date(day, 'd. MMMM y', locale=LOCALE)}"
    return ""


def _count(schedule: dict, start: datetime, count: int) -> int:
    """The dates that take place: the rule's, less the dates left out, plus extra ones."""
    if count > MAX_COUNT:
        return count
    try:
        starts = list(rrulestr(schedule["rrule"], dtstart=start, ignoretz=True))
    except (ValueError, TypeError):
        return count
    left_out = {str(x) for x in schedule.get("exdates", [])}
    kept = [s for s in starts if s.date().isoformat() not in left_out
            and s.isoformat(timespec="minutes") not in left_out]
    return len(kept) + len(schedule.get("rdates", []))


def _exceptions(schedule: dict, today: date | None) -> str:
    """ "nicht am 25. Dezember", "nicht am 25. Dezember und 1. Januar 2027" or "mit
    Ausnahmen": the dates left out that are still to come."""
    days = []
    for item in schedule.get("exdates", []):
        try:
            day = date.fromisoformat(str(item)[:10])
        except ValueError:
            continue
        if today is None or day >= today:
            days.append(day)
    days = sorted(set(days))
    if not days:
        return ""
    if len(days) > NAMED_EXCEPTIONS:
        return "mit Ausnahmen"
    year = today.year if today else days[0].year
    names = [format_date(d, "d. MMMM" if d.year == year else "d. MMMM y", locale=LOCALE)
             for d in days]
    return f"nicht am {_join(names)}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]
