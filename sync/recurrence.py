"""Expand a schedule of the content source into dated occurrences, with dateutil's rrule.

A schedule is written in local wall-clock time of the site's time zone:

    {"start": "2026-12-04T12:00", "end": "2026-12-04T13:30",
     "rrule": "FREQ=WEEKLY;BYDAY=FR",             optional (RFC 5545 RRULE)
     "exdates": ["2026-12-25"],                    dates or date-times to leave out
     "rdates": ["2027-01-07T10:00"],               extra dates, same length as the first
     "changes": [{"date": "2027-01-14", "status": "cancelled", "note": "..."},
                 {"date": "2027-01-14", "start": "2027-01-15T16:00", "status": "moved"}]}

Wall-clock times keep their hour across the DST change (a 14:30 meeting stays at 14:30).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from sync.errors import SourceError


@dataclass(frozen=True)
class Expanded:
    start: datetime
    end: datetime
    status: str = "scheduled"
    note: str | None = None

    def as_json(self) -> dict:
        out = {"start": self.start.isoformat(), "end": self.end.isoformat(),
               "status": self.status}
        if self.note:
            out["note"] = self.note
        return out


def expand(
    schedule: dict, tz: ZoneInfo, window_start: datetime, window_end: datetime, path: str = ""
) -> list[Expanded]:
    """Return the occurrences of `schedule` that end after `window_start` and start before
    `window_end`, sorted by start."""
    start = _wall(schedule.get("start"), f"{path}.start")
    end = _wall(schedule.get("end"), f"{path}.end") if schedule.get("end") else None
    if end is None:
        minutes = schedule.get("duration_min", 60)
        end = start + timedelta(minutes=minutes)
    if end < start:
        raise SourceError("ends before it starts", f"{path}.end")
    duration = end - start
    changes = _changes(schedule, path)
    # A date moved to a later day is in the window even when its original day is not.
    moved_from = [day for day, change in changes.items() if change.get("start")]
    lo = min([window_start, *(datetime.combine(d, time(0), tzinfo=tz) for d in moved_from)])
    starts = _starts(schedule, start, tz, lo, window_end, path)
    out = []
    for local_start in sorted(set(starts)):
        change = changes.get(local_start.date(), {})
        status = change.get("status", "scheduled")
        new_start = change.get("start")
        begin = _wall(new_start, path) if new_start else local_start
        finish = _wall(change["end"], path) if change.get("end") else begin + duration
        occ = Expanded(_aware(begin, tz), _aware(finish, tz), status, change.get("note"))
        if occ.end > window_start and occ.start < window_end:
            out.append(occ)
    out.sort(key=lambda o: o.start)
    return out


def _starts(schedule: dict, start: datetime, tz: ZoneInfo, lo: datetime, hi: datetime,
            path: str) -> list[datetime]:
    """Wall-clock (naive) start times inside the window."""
    lo_wall = lo.astimezone(tz).replace(tzinfo=None) - timedelta(days=2)
    hi_wall = hi.astimezone(tz).replace(tzinfo=None) + timedelta(days=1)
    rule = schedule.get("rrule")
    if rule:
        try:
            rr = rrulestr(rule, dtstart=start, ignoretz=True)
        except (ValueError, TypeError) as exc:
            raise SourceError(f"not a valid RRULE ({exc})", f"{path}.rrule") from exc
        starts = rr.between(lo_wall, hi_wall, inc=True)
    else:
        starts = [start] if lo_wall <= start <= hi_wall else []
    excluded = [_wall_or_date(x, f"{path}.exdates[{i}]")
                for i, x in enumerate(schedule.get("exdates", []))]
    excluded_days = {x for x in excluded if not isinstance(x, datetime)}
    excluded_times = {x for x in excluded if isinstance(x, datetime)}
    starts = [s for s in starts if s not in excluded_times and s.date() not in excluded_days]
    for i, extra in enumerate(schedule.get("rdates", [])):
        value = _wall_or_date(extra, f"{path}.rdates[{i}]")
        if not isinstance(value, datetime):
            value = datetime.combine(value, start.time())
        if lo_wall <= value <= hi_wall:
            starts.append(value)
    return starts


def _changes(schedule: dict, path: str) -> dict[date, dict]:
    out = {}
    for i, change in enumerate(schedule.get("changes", [])):
        where = f"{path}.changes[{i}]"
        day = _wall_or_date(change.get("date"), f"{where}.date")
        if isinstance(day, datetime):
            day = day.date()
        status = change.get("status", "scheduled")
        if status not in ("scheduled", "cancelled", "moved", "full"):
            raise SourceError(f"unknown status {status!r}", f"{where}.status")
        out[day] = change
    return out


def _wall(text: object, path: str) -> datetime:
    if not isinstance(text, str):
        raise SourceError("a date and time is missing (YYYY-MM-DDTHH:MM)", path)
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise SourceError(f"{text!r} is not a date and time (YYYY-MM-DDTHH:MM)", path) from exc
    if value.tzinfo is not None:
        raise SourceError(f"{text!r}: write local time without an offset", path)
    return value


def _wall_or_date(text: object, path: str) -> datetime | date:
    if isinstance(text, str) and len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise SourceError(f"{text!r} is not a date (YYYY-MM-DD)", path) from exc
    return _wall(text, path)


def _aware(wall: datetime, tz: ZoneInfo) -> datetime:
    """Attach the zone; a wall time that does not exist (spring gap) moves forward."""
    aware = wall.replace(tzinfo=tz)
    roundtrip = aware.astimezone(ZoneInfo("UTC")).astimezone(tz).replace(tzinfo=None)
    if roundtrip != wall:
        aware = (wall + timedelta(hours=1)).replace(tzinfo=tz)
    return aware

