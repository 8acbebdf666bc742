"""Repetition rules (RFC 5545 RRULE) as this project accepts them, expanded with a bound.

    rule = parse_rule("FREQ=WEEKLY;BYDAY=TU", start)          # or RuleError
    for moment in starts(rule_text, start, lo, hi): ...       # lazily, wall-clock times

Accepted is one rule that gives at most one date a day: FREQ=DAILY, WEEKLY, MONTHLY or
YEARLY, with at most one value in BYHOUR, BYMINUTE and BYSECOND, no BYEASTER. Changes,
exception dates and the terminal's words all work per day, and a finer rule
(FREQ=MINUTELY) made the hub's entries list take 20 s and 520 MB.

Every expansion is bounded, by the window and by a scan budget. dateutil looks for dates
period by period and checks UNTIL and COUNT only on dates that match: a rule whose parts
never meet (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) is scanned up to the year 9999 (15 s), and
a rule is walked from its first date however far back that lies. So `starts`
- moves a rule without COUNT forward by whole periods to just before the window, after
  writing out what dateutil would otherwise take from the first date (weekday, day of
  the month, month, time), which leaves every date in the window as it was, and
- stops dateutil's scan once it has gone a month past the window (`_BoundedRule`).
A rule with COUNT is walked from its first date (its dates are counted from there), at
most MAX_SCAN_MONTHS back from the end of the window; dates beyond that are cut off.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr

from sync.errors import RuleError
from sync.model import WEEKDAYS

FREQUENCIES = {"DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY, "YEARLY": YEARLY}
ONE_VALUE = ("BYHOUR", "BYMINUTE", "BYSECOND")
# Parts from which dateutil would otherwise take the day from the first date.
DAY_PARTS = ("BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYEASTER")
MAX_SCAN_MONTHS = 12 * 20
TOO_OFTEN = ("repeats more often than once a day (allowed: FREQ=DAILY, WEEKLY, MONTHLY or "
             "YEARLY, with at most one value in BYHOUR, BYMINUTE and BYSECOND)")


def rule_parts(rule: str) -> dict[str, str]:
    """{"FREQ": "WEEKLY", "BYDAY": "TU", ...} of an RRULE text (upper case)."""
    parts = {}
    for item in rule.upper().removeprefix("RRULE:").split(";"):
        key, _, value = item.partition("=")
        if key.strip():
            parts[key.strip()] = value.strip()
    return parts


def parse_rule(rule: str, start: datetime, path: str = "") -> rrule:
    """The dateutil rule of an RRULE text from `start` (naive wall-clock time), or
    RuleError when it is unreadable or repeats more often than once a day."""
    text = rule.strip()
    if not text or any(ch.isspace() for ch in text):
        raise RuleError("invalid", "not a valid RRULE (one line, no spaces)", path)
    try:
        parsed = rrulestr(text, dtstart=start, ignoretz=True)
    except (ValueError, TypeError, OverflowError) as exc:
        raise RuleError("invalid", f"not a valid RRULE ({exc})", path) from exc
    if not isinstance(parsed, rrule):
        raise RuleError("invalid", "not a valid RRULE (one rule only)", path)
    parts = rule_parts(text)
    if parts.get("FREQ") not in FREQUENCIES:
        raise RuleError("too_often", TOO_OFTEN, path)
    if any(len(set(parts.get(key, "").split(","))) > 1 for key in ONE_VALUE):
        raise RuleError("too_often", TOO_OFTEN, path)
    if "BYEASTER" in parts:
        raise RuleError("unsupported", "BYEASTER is not supported", path)
    _check_day_ordinals(parts, path)
    return parsed


def _check_day_ordinals(parts: dict[str, str], path: str) -> None:
    """BYDAY=2MO / -1FR: within a month a weekday occurs at most 5 times, within a year
    53 (RFC 5545). dateutil fails while expanding a larger number (IndexError), so it is
    refused here, where the rule is read."""
    within_year = parts.get("FREQ") == "YEARLY" and "BYMONTH" not in parts
    limit = 53 if within_year else 5
    for day in filter(None, parts.get("BYDAY", "").split(",")):
        number = day.rstrip("AEFHMORSTUW")
        if number.lstrip("+-").isdigit() and not 1 <= abs(int(number)) <= limit:
            raise RuleError("invalid", f"not a valid RRULE (BYDAY={day}: at most {limit} "
                            f"of a weekday {'a year' if within_year else 'a month'})", path)


def starts(rule: str, start: datetime, lo: datetime, hi: datetime,
           path: str = "") -> Iterator[datetime]:
    """The rule's start times in [lo, hi] (naive, the frame of `start`), ascending, lazily;
    the scan stops a month past `hi` however sparse the rule is."""
    parsed = parse_rule(rule, start, path)
    parts = rule_parts(rule)
    first = start
    if "COUNT" not in parts:
        parsed, first = _moved_forward(parsed, parts, start, lo)
    parsed, freq = _by_year(parsed, parts)
    bounded = _BoundedRule.of(parsed, _scan_budget(freq, max(first, hi - _MAX_SCAN), hi))
    try:
        for moment in bounded:
            if moment > hi:
                return
            if moment >= lo:
                yield moment
    except _ScanEnd:
        return


_MAX_SCAN = timedelta(days=MAX_SCAN_MONTHS * 31)


def _scan_budget(freq: str, first: datetime, hi: datetime) -> int:
    """dateutil's steps from `first` to a month (a year) past `hi` (see _BoundedRule)."""
    if freq == "YEARLY":
        return max(hi.year - first.year, 0) + 3
    return max((hi.year - first.year) * 12 + hi.month - first.month, 0) + 4


def _by_year(parsed: rrule, parts: dict[str, str]) -> tuple[rrule, str]:
    """A daily rule with day filters as the same rule by year, and its frequency.

    dateutil builds a list of the whole year for every day it looks at (40 µs a day); by
    year it filters the year's days in one go. With INTERVAL=1 and no BYSETPOS both give
    the same dates: every day that passes the filters, counted from the first date.
    """
    filters = ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYDAY")
    if parts["FREQ"] != "DAILY" or parts.get("INTERVAL", "1") != "1" or \
            "BYSETPOS" in parts or not any(key in parts for key in filters):
        return parsed, parts["FREQ"]
    # By day, dateutil reads BYDAY=2MO as every Monday; by year it would be the second.
    days = [day.lstrip("+-0123456789") for day in parts.get("BYDAY", "").split(",") if day]
    written: dict[str, Any] = {"freq": YEARLY,
                               "byweekday": [WEEKDAYS.index(d) for d in days] or None}
    if not any(key in parts for key in ("BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYDAY")):
        written["bymonthday"] = list(range(1, 32))   # by year it would take the first's day
    return parsed.replace(**written), "YEARLY"


def _moved_forward(parsed: rrule, parts: dict[str, str], start: datetime,
                   lo: datetime) -> tuple[rrule, datetime]:
    """The same rule starting at the beginning of the last period of its rhythm before
    `lo` (and that beginning): dates from there on are unchanged."""
    freq = parts["FREQ"]
    step = int(parts.get("INTERVAL", "1") or "1")
    wkst = WEEKDAYS.index(parts["WKST"]) if parts.get("WKST") in WEEKDAYS else 0
    first = start.date()
    target = lo.date() - timedelta(days=2)
    if target <= first:
        return parsed, start
    if freq == "DAILY":
        anchor = first + timedelta(days=(target - first).days // step * step)
    elif freq == "WEEKLY":
        week = first - timedelta(days=(first.weekday() - wkst) % 7)
        weeks = (target - week).days // 7 // step * step
        anchor = week + timedelta(weeks=weeks)
    elif freq == "MONTHLY":
        months = ((target.year - first.year) * 12 + target.month - first.month) // step * step
        year, month = divmod(first.month - 1 + months, 12)
        anchor = date(first.year + year, month + 1, 1)
    else:
        anchor = date(first.year + (target.year - first.year) // step * step, 1, 1)
    if anchor <= first:
        return parsed, start
    moved = datetime.combine(anchor, time(0))
    written: dict[str, Any] = {"dtstart": moved, "wkst": wkst}
    for key, name, value in (("BYHOUR", "byhour", start.hour),
                             ("BYMINUTE", "byminute", start.minute),
                             ("BYSECOND", "bysecond", start.second)):
        if key not in parts:
            written[name] = value
    if not any(key in parts for key in DAY_PARTS):
        if freq == "YEARLY":
            written["bymonthday"] = start.day
            if "BYMONTH" not in parts:
                written["bymonth"] = start.month
        elif freq == "MONTHLY":
            written["bymonthday"] = start.day
        elif freq == "WEEKLY":
            written["byweekday"] = start.weekday()
    return parsed.replace(**written), moved


class _ScanEnd(Exception):
    """dateutil's scan used up its budget."""


class _BoundedRule(rrule):
    """dateutil's rrule that gives up after a number of calendar steps.

    dateutil has no hook for this: it rebuilds its masks (`_iterinfo.rebuild`) at every
    new month of a DAILY or WEEKLY scan and at every period of a MONTHLY or YEARLY one, and
    each rebuild reads `_byeaster` exactly once (BYEASTER is refused, so the value is
    always empty and read nowhere else but once at the start) – those reads are counted.
    tests/sync/test_rules.py fails should a dateutil release change this: by its timeout
    (no reads) or by dates missing against dateutil's own (more reads).
    """

    @classmethod
    def of(cls, parsed: rrule, budget: int) -> _BoundedRule:
        bounded = parsed.replace()
        bounded.__class__ = cls
        bounded.__dict__["_scan_left"] = budget
        return bounded  # type: ignore[return-value]

    @property  # type: ignore[override]
    def _byeaster(self) -> Any:
        left = self.__dict__.get("_scan_left")
        if left is not None:
            if left <= 0:
                raise _ScanEnd
            self.__dict__["_scan_left"] = left - 1
        return self.__dict__["_byeaster"]

    @_byeaster.setter
    def _byeaster(self, value: Any) -> None:
        self.__dict__["_byeaster"] = value
