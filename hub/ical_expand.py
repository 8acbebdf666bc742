"""The dates of an event that a schedule (sync.recurrence) cannot hold, expanded by the
hub into ready occurrences: a rule repeating on another zone's wall clock (UTC, New York),
several RRULEs, RDATE periods, and RECURRENCE-ID;RANGE=THISANDFUTURE.

The recurrence set is RFC 5545's: DTSTART, the union of every RRULE (each expanded by
sync.rules, bounded and lazy) and the RDATEs, less the EXDATEs – all in the wall clock of
the zone the event is anchored in (hub.ical_times.anchor). Then the RECURRENCE-ID
instances apply: one moved or cancelled instance, or, with RANGE=THISANDFUTURE, this and
every later instance shifted by the same wall-clock difference and given the new length
(a later single change wins for its instance; a later THISANDFUTURE takes over).

recurring-ical-events (3.8) gets several of these forms wrong, so the hub does not use it
here: a THISANDFUTURE change under X-WR-TIMEZONE or of a floating event moved only its own
instance, a later single change whose RECURRENCE-ID is written in UTC was lost after a
THISANDFUTURE change, a floating EXDATE did not remove its instance of a TZID event, and
a shift across the DST change was added as an exact duration (an hour off). Every form is
tested in tests/hub/test_ical_expand.py.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import icalendar

from hub.ical_times import BERLIN, Frame, anchor, in_zone
from sync.recurrence import aware_span
from sync.rules import starts

MAX_SHIFT = timedelta(days=400)     # how far a THISANDFUTURE change may move the dates


def rule_text(rule: icalendar.vRecur, zone: tzinfo, frame: Frame, whole: bool) -> str:
    """The RRULE with UNTIL in the anchor zone's wall clock (a date for whole days; a
    date under a timed rule includes that day)."""
    parts = dict(rule)
    until = parts.get("UNTIL")
    if until:
        value = until[0]
        if whole:
            parts["UNTIL"] = [value.date() if isinstance(value, datetime) else value]
        elif isinstance(value, datetime):
            parts["UNTIL"] = [in_zone(value, zone, frame)]
        elif isinstance(value, date):
            parts["UNTIL"] = [datetime.combine(value, time(23, 59, 59))]
    return icalendar.vRecur(parts).to_ical().decode()


def values_of(component: icalendar.Component, name: str) -> list[Any]:
    """Every value of a property that may repeat and hold lists (RRULE, RDATE, EXDATE)."""
    value = component.get(name)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    if name == "RRULE":
        return [rule for rule in items if rule]      # "RRULE:" with nothing: no rule
    return [d.dt for item in items for d in item.dts]


def override_note(override: icalendar.Component, title: str) -> str | None:
    """ "Erzählcafé – diesmal am Freitag" under the Erzählcafé says "diesmal am Freitag"."""
    summary = " ".join(str(override.get("SUMMARY", "")).split())
    if not summary or summary == title:
        return None
    note = summary.removeprefix(title).lstrip(" –-:,") if summary.startswith(title) \
        else summary
    return (note or summary)[:240]


@dataclass(frozen=True)
class _Change:
    key: object                  # the instance it changes (see _Series.key); None: by day
    day: date                    # the instance's day, for a RECURRENCE-ID without time
    original: datetime           # the instance's start as generated (wall clock)
    start: datetime
    end: datetime | None         # None: as long as the instance would have been
    cancelled: bool
    note: str | None
    future: bool


class _Series:
    """One event's recurrence set in the wall clock of its anchor zone."""

    def __init__(self, master: icalendar.Component, frame: Frame) -> None:
        raw = master.decoded("DTSTART")
        self.frame = frame.of_event(raw)
        self.whole = not isinstance(raw, datetime)
        self.zone = anchor(raw, self.frame)
        self.start = self.wall(raw)
        if master.get("DTEND") is not None and not self.whole and \
                self.wall(master.decoded("DTEND")) < self.start:   # swapped (hub.ical_map)
            self.start, self.length = self.wall(master.decoded("DTEND")), \
                self.start - self.wall(master.decoded("DTEND"))
        else:
            self.length = end_of(master, self.start, self.whole, self) - self.start
        self.master = master

    def wall(self, value: date | datetime) -> datetime:
        return in_zone(value, self.zone, self.frame)

    def key(self, moment: datetime) -> object:
        """What identifies an instance: its day for whole days, else its exact moment."""
        if self.whole:
            return moment.date()
        return aware_span(moment, moment, self.zone)[0].astimezone(UTC)  # type: ignore[arg-type]

    def starts(self, lo: datetime, hi: datetime) -> tuple[Iterator[datetime], dict]:
        """Original starts in [lo, hi] ascending, and the ends RDATE periods give."""
        ruled = [starts(rule_text(r, self.zone, self.frame, self.whole), self.start, lo, hi)
                 for r in values_of(self.master, "RRULE")]
        extra, ends = [], {}
        for value in values_of(self.master, "RDATE"):
            first, last = (value if isinstance(value, tuple) else (value, None))
            moment = self.wall(first)
            if not isinstance(first, datetime) and not self.whole:
                moment = datetime.combine(first, self.start.time())
            if last is not None:
                ends[moment] = moment + last if isinstance(last, timedelta) else self.wall(last)
            if lo <= moment <= hi:
                extra.append(moment)
        first = [self.start] if lo <= self.start <= hi else []
        return heapq.merge(first, sorted(extra), *ruled), ends

    def change(self, override: icalendar.Component, title: str) -> _Change:
        raw = override.decoded("RECURRENCE-ID")
        original = self.wall(raw)
        start = self.wall(override.decoded("DTSTART"))
        end = end_of(override, start, self.whole, self, default=None)
        rid = override["RECURRENCE-ID"]
        by_day = not isinstance(raw, datetime) and not self.whole
        return _Change(None if by_day else self.key(original), original.date(), original,
                       start, end, str(override.get("STATUS", "")).upper() == "CANCELLED",
                       override_note(override, title),
                       str(rid.params.get("RANGE", "")).upper() == "THISANDFUTURE")


def end_of(component: icalendar.Component, start: datetime, whole: bool, series: _Series,
           default: object = "rfc") -> Any:
    """The end (wall clock) of a VEVENT from DTEND or DURATION; without either, RFC 5545's
    default (a whole day, or the start) – or `default` when one is given. An end before
    the start is the start; a whole day lasts at least that day."""
    if component.get("DTEND") is not None:
        end = series.wall(component.decoded("DTEND"))
    elif component.get("DURATION") is not None:
        end = start + component.decoded("DURATION")
    elif default != "rfc":
        return default
    else:
        end = start
    if whole and end <= start:      # DTEND on the first day itself: that one day
        return start + timedelta(days=1)
    return max(end, start)


@dataclass(frozen=True)
class _Future:
    key: object
    shift: timedelta
    length: timedelta
    cancelled: bool
    note: str | None


def occurrences(master: icalendar.Component, overrides: list[icalendar.Component],
                frame: Frame, lo: datetime, hi: datetime, limit: int,
                title: str) -> list[dict]:
    """The event's occurrences that touch [lo, hi] (aware), at most `limit` + 1 (so a
    caller can tell that there were more)."""
    series = _Series(master, frame)
    changes = [series.change(o, title) for o in overrides]
    futures = _futures(series, changes)
    singles = {c.key: c for c in changes if not c.future and c.key is not None}
    by_day = {c.day: c for c in changes if not c.future and c.key is None}
    excluded = values_of(master, "EXDATE")
    ex_days = {x for x in excluded if not isinstance(x, datetime)}
    ex_keys = {series.key(series.wall(x)) for x in excluded if isinstance(x, datetime)}
    margin = min(max((abs(f.shift) for f in futures), default=timedelta(0)), MAX_SHIFT)
    lo_wall, hi_wall = series.wall(lo), series.wall(hi)
    moments, ends = series.starts(lo_wall - margin - series.length - timedelta(days=2),
                                  hi_wall + margin + timedelta(days=1))
    out: list[dict] = []
    used: set[int] = set()
    last = None
    for moment in moments:
        if moment == last:
            continue
        last = moment
        key = series.key(moment)
        if key in ex_keys or moment.date() in ex_days:
            continue
        length = ends.get(moment, moment + series.length) - moment
        future = _future_of(futures, key)
        begin, status, note = moment, "cancelled" if future and future.cancelled else \
            "scheduled", future.note if future else None
        if future is not None:
            begin, length = moment + future.shift, future.length
        single = singles.get(key) or by_day.get(moment.date())
        if single is None and future is not None:   # written at the shifted time
            single = singles.get(series.key(begin))
        if single is not None:
            used.add(id(single))
            begin, length, status, note = _apply(single, begin, length, status, note)
        _emit(out, series, begin, begin + length, status, note, lo, hi)
        if len(out) > limit:
            break
    # A change of an instance outside the expanded span (or of none) still happens.
    for change in list(singles.values()) + list(by_day.values()):
        if id(change) in used or change.cancelled or len(out) > limit or \
                change.key in ex_keys or change.day in ex_days:
            continue
        end = change.end or change.start + series.length
        _emit(out, series, change.start, end, "moved", change.note, lo, hi)
    out.sort(key=lambda o: o["start"])
    return out


def _futures(series: _Series, changes: list[_Change]) -> list[_Future]:
    """The THISANDFUTURE changes in order, each with its shift and length."""
    out: list[_Future] = []
    length = series.length
    for change in sorted((c for c in changes if c.future),
                         key=lambda c: (c.original, str(c.key))):
        if change.end is not None:
            length = change.end - change.start
        original = change.original if change.key is not None else \
            _instance_on(series, change.original)
        out.append(_Future(series.key(original), change.start - original, length,
                           change.cancelled, change.note))
    return out


def _instance_on(series: _Series, midnight: datetime) -> datetime:
    """The instance of a timed series on the day a RECURRENCE-ID names without a time:
    the shift of a THISANDFUTURE change counts from it, not from midnight (its time of
    day when the set has none that day)."""
    moments, _ = series.starts(midnight, midnight + timedelta(days=1) - timedelta(seconds=1))
    return next(moments, datetime.combine(midnight.date(), series.start.time(),
                                          midnight.tzinfo))


def _future_of(futures: list[_Future], key: object) -> _Future | None:
    """The last THISANDFUTURE change at or before this instance."""
    index = bisect_right([f.key for f in futures], key)  # type: ignore[type-var]
    return futures[index - 1] if index else None


def _apply(single: _Change, begin: datetime, length: timedelta, status: str,
           note: str | None) -> tuple[datetime, timedelta, str, str | None]:
    """A single change on top of what the instance would otherwise be."""
    note = single.note or note
    if single.cancelled:
        return begin, length, "cancelled", note
    new_length = (single.end - single.start) if single.end is not None else length
    same = single.start == begin and new_length == length
    return single.start, new_length, status if same else "moved", note


def _emit(out: list[dict], series: _Series, start: datetime, end: datetime, status: str,
          note: str | None, lo: datetime, hi: datetime) -> None:
    zone = BERLIN if series.whole else series.zone
    first, last = aware_span(start, max(end, start), zone)  # type: ignore[arg-type]
    if not (last > lo and first < hi):      # as the publisher's window (sync.recurrence)
        return
    occurrence = {"start": first.astimezone(BERLIN).isoformat(),
                  "end": last.astimezone(BERLIN).isoformat(), "status": status}
    if note:
        occurrence["note"] = note
    out.append(occurrence)
