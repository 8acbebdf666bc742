"""Expand a schedule of the content source into dated occurrences, with dateutil's rrule.

A schedule is written in local wall-clock time of the site's time zone:

    {"start": "2026-12-04T12:00", "end": "2026-12-04T13:30",
     "rrule": "FREQ=WEEKLY;BYDAY=FR",             optional (RFC 5545 RRULE)
     "exdates": ["2026-12-25"],                    dates or date-times to leave out
     "rdates": ["2027-01-07T10:00"],               extra dates, same length as the first
     "changes": [{"date": "2027-01-14", "status": "cancelled", "note": "..."},
                 {"date": "2027-01-14", "start": "2027-01-15T16:00", "status": "moved"}]}

Wall-clock times keep their hour across the DST change (a 14:30 meeting stays at 14:30).
A time in the spring gap (02:30 on the last Sunday of March in Europe/Berlin) moves
forward by the gap together with its end, so the duration stays (02:30–03:30 becomes
03:30–04:30 CEST); in the repeated autumn hour the first pass counts (fold=0).

Rules are read and expanded by sync.rules: at most one date a day, lazily, with a bounded
scan; `expand` returns at most `limit` occurrences.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sync import rules
from sync.errors import SourceError

MAX_OCCURRENCES = 1000


@dataclass(frozen=True)
class Expanded:
    start: datetime
    end: datetime
    status: str = "scheduled"
    note: str | None = None
    moved_from: datetime | None = None   # a moved date: where it was ("verlegt auf …")

    def as_json(self) -> dict:
        out = {"start": self.start.isoformat(), "end": self.end.isoformat(),
               "status": self.status}
        if self.note:
            out["note"] = self.note
        if self.moved_from is not None:
            out["moved_from"] = self.moved_from.isoformat()
        return out


def expand(
    schedule: dict, tz: ZoneInfo, window_start: datetime, window_end: datetime, path: str = "",
    limit: int = MAX_OCCURRENCES,
) -> list[Expanded]:
    """Return the first `limit` occurrences of `schedule` that end after `window_start` and
    start before `window_end`, sorted by start."""
    start = _wall(schedule.get("start"), f"{path}.start")
    end = _wall(schedule.get("end"), f"{path}.end") if schedule.get("end") else None
    if end is None:
        minutes = schedule.get("duration_min", 60)
        end = start + timedelta(minutes=minutes)
    if end < start:
        raise SourceError("ends before it starts", f"{path}.end")
    duration = end - start
    changes = _changes(schedule, path)
    # A date moved from later on can come first: read the rule at least up to it. A date
    # moved to a later day is in the window even when its original day is not.
    moved_days = [day for day, change in changes.items() if change.get("start")]
    moved_from = max(moved_days, default=None)
    lo = min([window_start, *(datetime.combine(d, time(0), tzinfo=tz) for d in moved_days)])
    out = []
    for local_start in _starts(schedule, start, lo.astimezone(tz), window_end.astimezone(tz),
                               path):
        change = changes.get(local_start.date(), {})
        status = change.get("status", "scheduled")
        new_start = change.get("start")
        begin = _wall(new_start, path) if new_start else local_start
        finish = _wall(change["end"], path) if change.get("end") else begin + duration
        origin = _exact(local_start, tz)[0] if new_start else None
        occ = Expanded(*aware_span(begin, finish, tz), status, change.get("note"), origin)
        if occ.end > window_start and occ.start < window_end:
            out.append(occ)
        if len(out) >= limit and (moved_from is None or local_start.date() >= moved_from):
            break
    out.sort(key=lambda o: o.start)
    return out[:limit]


def aware_span(start: datetime, end: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """Wall-clock start and end as exact times of `tz`. A start in the spring gap moves
    forward by the gap and so does the end (the duration stays); in the repeated autumn
    hour the first pass counts (fold=0)."""
    first, shift = _exact(start, tz)
    last, _ = _exact(end + shift, tz)
    return first, last


def _exact(wall: datetime, tz: ZoneInfo) -> tuple[datetime, timedelta]:
    """The time with its real offset, and how far the wall clock moved (the gap, else 0).

    zoneinfo reads a time in the gap with fold=0 using the offset before the change:
    02:30 is taken as 02:30+01:00, the instant 01:30 UTC, which is 03:30+02:00. Going
    through UTC writes that instant with its real offset.
    """
    exact = wall.replace(tzinfo=tz, fold=0).astimezone(UTC).astimezone(tz)
    return exact, exact.replace(tzinfo=None) - wall


def _starts(schedule: dict, start: datetime, lo: datetime, hi: datetime,
            path: str) -> Iterator[datetime]:
    """Wall-clock (naive) start times around the window, ascending, lazily."""
    lo_wall = lo.replace(tzinfo=None) - timedelta(days=2)
    hi_wall = hi.replace(tzinfo=None) + timedelta(days=1)
    rule = schedule.get("rrule")
    if rule:
        if not isinstance(rule, str):
            raise SourceError("not a valid RRULE (text expected)", f"{path}.rrule")
        ruled = rules.starts(rule, start, lo_wall, hi_wall, f"{path}.rrule")
    else:
        ruled = iter([start] if lo_wall <= start <= hi_wall else [])
    excluded = [_wall_or_date(x, f"{path}.exdates[{i}]")
                for i, x in enumerate(schedule.get("exdates", []))]
    excluded_days = {x for x in excluded if not isinstance(x, datetime)}
    excluded_times = {x for x in excluded if isinstance(x, datetime)}
    extra = []
    for i, value in enumerate(schedule.get("rdates", [])):
        moment = _wall_or_date(value, f"{path}.rdates[{i}]")
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, start.time())
        if lo_wall <= moment <= hi_wall:
            extra.append(moment)
    kept = (s for s in ruled if s not in excluded_times and s.date() not in excluded_days)
    last = None
    for moment in heapq.merge(kept, sorted(extra)):
        if moment != last:
            yield moment
        last = moment


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
