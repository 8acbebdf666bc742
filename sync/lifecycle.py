"""When an entry is over: its last date ended before the start of today.

A one-off event of Tuesday is published all Tuesday and dropped by the first publication
on Wednesday (the hub publishes every morning); its phone page then says "Nicht mehr
aktuell" (sync.publish). The same holds for a course after its last date and for dates
listed one by one (calendar imports). Entries without dates (standing offers, calls) are
never over by date; their "Gültig bis" ends them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from sync.errors import SourceError
from sync.recurrence import Expanded, expand

# How far past the feed's horizon a schedule is searched for one more date.
LOOK_AHEAD_DAYS = 400


def day_start(today: date, tz: ZoneInfo) -> datetime:
    """Local midnight at the start of `today`."""
    return datetime.combine(today, time(0), tzinfo=tz)


def dates_over(ends: list[datetime], today_start: datetime) -> bool:
    """True if there are dates and every one ended before `today_start`."""
    return bool(ends) and all(end <= today_start for end in ends)


def schedule_over(schedule: dict, expanded: list[Expanded], tz: ZoneInfo,
                  today_start: datetime) -> bool:
    """True if no date of `schedule` ends after `today_start`.

    `expanded` are its dates in the feed's window; only when none of them is still to
    come is the schedule searched further (beyond the horizon, an endless rule)."""
    if any(o.end > today_start for o in expanded):
        return False
    rule = schedule.get("rrule")
    if rule and not any(k in rule.upper() for k in ("COUNT=", "UNTIL=")):
        return False  # an endless rule always has a next date
    later = expand(schedule, tz, today_start, today_start + timedelta(days=LOOK_AHEAD_DAYS))
    if later:
        return False
    horizon_wall = (today_start + timedelta(days=LOOK_AHEAD_DAYS)).replace(tzinfo=None)
    # A date beyond the search is still to come: the first one too (a one-off event two
    # years ahead is far, not over).
    extra = [str(schedule.get("start", ""))]
    extra += [str(x) for x in schedule.get("rdates", [])]
    extra += [str(c.get("start")) for c in schedule.get("changes", []) if c.get("start")]
    # The search ends at midnight starting the horizon's day: a date on that day is beyond.
    if any(x[:10] >= horizon_wall.date().isoformat() for x in extra):
        return False
    if rule:
        start = datetime.fromisoformat(schedule["start"])
        return rrulestr(rule, dtstart=start, ignoretz=True).after(horizon_wall) is None
    return True


def finished_on(entry: dict, tz: ZoneInfo, today: date) -> date | None:
    """The day a source entry's last date ended, if that was before `today`; else None
    (dates to come, no dates at all, or a schedule the publisher would refuse anyway)."""
    today_start = day_start(today, tz)
    schedule = entry.get("schedule")
    try:
        if isinstance(schedule, dict):
            if not schedule_over(schedule, [], tz, today_start):
                return None
            first = datetime.fromisoformat(schedule["start"]).replace(tzinfo=tz)
            dates = expand(schedule, tz, first - timedelta(days=2), today_start)
            ends = [o.end for o in dates]
        elif isinstance(entry.get("occurrences"), list):
            ends = [datetime.fromisoformat(o["end"]) for o in entry["occurrences"]]
            if not dates_over(ends, today_start):
                return None
        else:
            return None
    except (SourceError, KeyError, TypeError, ValueError, OverflowError):
        return None
    if not ends:
        return None
    last = max(ends).astimezone(tz)
    # A date that ends at midnight belongs to the day before.
    return (last - timedelta(microseconds=1)).date() if last.time() == time(0) else last.date()
