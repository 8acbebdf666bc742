"""Repetition rules: what is accepted, and that the bounded, moved-forward expansion gives
exactly dateutil's own dates while never scanning far past the window."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.errors import RuleError
from sync.rules import parse_rule, starts

START = datetime(2026, 12, 1, 10, 0)
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@pytest.mark.parametrize(("rule", "problem"), [
    ("FREQ=SECONDLY", "too_often"),
    ("FREQ=MINUTELY;COUNT=3", "too_often"),
    ("FREQ=HOURLY", "too_often"),
    ("FREQ=DAILY;BYHOUR=9,17", "too_often"),
    ("FREQ=YEARLY;BYMINUTE=0,30", "too_often"),
    ("FREQ=MONTHLY;BYEASTER=0", "unsupported"),
    ("FREQ=WEEKLY BYDAY=MO", "invalid"),
    ("RRULE:FREQ=DAILY\nRRULE:FREQ=MINUTELY", "invalid"),
    ("DTSTART:20261201T100000\nRRULE:FREQ=DAILY", "invalid"),
    ("FREQ=SOMETIMES", "invalid"),
    ("", "invalid"),
    # A month has at most 5 of a weekday: dateutil raised IndexError while expanding this
    # (found by tests/hub/test_properties.py in a random calendar).
    ("FREQ=MONTHLY;BYDAY=MO,MO,53MO", "invalid"),
    ("FREQ=YEARLY;BYMONTH=3;BYDAY=6SU", "invalid"),
    ("FREQ=YEARLY;BYDAY=54MO", "invalid"),
    ("FREQ=MONTHLY;BYDAY=0FR", "invalid"),
])
def test_parse_rule_refuses_naming_the_problem(rule, problem):
    with pytest.raises(RuleError) as info:
        parse_rule(rule, START, "e.rrule")
    assert info.value.problem == problem
    assert info.value.path == "e.rrule"


@pytest.mark.parametrize("rule", ["FREQ=DAILY", "FREQ=DAILY;BYHOUR=9;BYMINUTE=15",
                                  "RRULE:FREQ=WEEKLY;BYDAY=MO,TH;INTERVAL=2",
                                  "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=YEARLY;BYMONTH=5;BYDAY=2SU",
                                  "FREQ=YEARLY;BYDAY=53MO", "FREQ=MONTHLY;BYDAY=-5SU",
                                  "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"])
def test_parse_rule_accepts_at_most_one_date_a_day(rule):
    parse_rule(rule, START)


@pytest.mark.timeout(5)
@pytest.mark.parametrize("rule", ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
                                  "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31",
                                  "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",
                                  "FREQ=DAILY;INTERVAL=7;BYDAY=WE;COUNT=3"])
def test_starts_of_a_rule_without_dates_end_a_month_past_the_window(rule):
    assert list(starts(rule, START, START, START + timedelta(days=120))) == []


@pytest.mark.timeout(5)
def test_starts_of_a_counted_rule_from_centuries_ago_are_cut_off():
    # Its dates are counted from 1601: walked for MAX_SCAN_MONTHS at most, then given up.
    found = list(starts("FREQ=DAILY;COUNT=1000000", datetime(1601, 1, 1, 10), START,
                        START + timedelta(days=5)))
    assert found == []


def test_starts_are_lazy():
    moments = starts("FREQ=DAILY", START, START, START + timedelta(days=100_000))
    assert next(moments) == START
    assert next(moments) == START + timedelta(days=1)


@st.composite
def dense_rules(draw: st.DrawFn) -> str:
    """Rules whose dates come at least every few years, so that dateutil's own
    expansion (the reference, unbounded) ends quickly."""
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]))
    parts = [f"FREQ={freq}"]
    interval = draw(st.sampled_from([1, 1, 2, 3] if freq != "DAILY" else [1, 2, 3, 5]))
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    days = draw(st.lists(st.sampled_from(DAYS), max_size=3, unique=True))
    if freq in ("MONTHLY", "YEARLY") and days and draw(st.booleans()):
        nth = draw(st.sampled_from(["1", "2", "-1"]))
        parts.append("BYDAY=" + ",".join(nth + d for d in days))
    elif days:
        parts.append("BYDAY=" + ",".join(days))
    if draw(st.booleans()) and not days:
        parts.append(f"BYMONTHDAY={draw(st.sampled_from(['1', '15', '28', '-1', '5,20']))}")
    if draw(st.booleans()):
        parts.append(f"BYMONTH={draw(st.sampled_from(['1', '3,10', '6,7,8']))}")
    if freq == "MONTHLY" and days and draw(st.booleans()):
        parts.append(f"BYSETPOS={draw(st.sampled_from(['1', '-1']))}")
    if draw(st.booleans()):
        parts.append(f"BYHOUR={draw(st.integers(0, 23))}")
    if draw(st.booleans()):
        parts.append(f"WKST={draw(st.sampled_from(['MO', 'SU', 'WE']))}")
    end = draw(st.sampled_from(["", "COUNT", "UNTIL"]))
    if end == "COUNT":
        parts.append(f"COUNT={draw(st.integers(1, 60))}")
    elif end == "UNTIL":
        parts.append(f"UNTIL={draw(st.sampled_from(['20270301T000000', '20300101T000000']))}")
    return ";".join(parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=dense_rules(),
       first=st.datetimes(datetime(2015, 1, 1), datetime(2027, 6, 1)).map(
           lambda d: d.replace(second=0, microsecond=0)),
       offset=st.integers(-400, 1500), length=st.integers(1, 400))
def test_starts_agree_with_dateutil(rule, first, offset, length):
    lo = datetime(2026, 12, 1) + timedelta(days=offset)
    hi = lo + timedelta(days=length)
    expected = rrulestr(rule, dtstart=first, ignoretz=True).between(lo, hi, inc=True)
    assert list(starts(rule, first, lo, hi)) == expected


RULE_PARTS = st.lists(st.sampled_from([
    "BYMONTH=2", "BYMONTHDAY=30", "BYMONTHDAY=-1", "BYYEARDAY=366", "BYWEEKNO=53",
    "BYDAY=MO", "BYDAY=5FR", "BYSETPOS=3", "INTERVAL=7", "INTERVAL=400", "BYHOUR=3",
    "BYMINUTE=7", "BYHOUR=1,2", "COUNT=2", "UNTIL=20261201T000000", "WKST=SU"]),
    max_size=5, unique=True)


@settings(max_examples=200, deadline=None)
@given(freq=st.sampled_from(["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY",
                             "YEARLY"]), parts=RULE_PARTS,
       first=st.datetimes(datetime(1, 1, 1), datetime(2030, 1, 1)))
def test_starts_of_any_accepted_rule_stay_within_one_a_day_and_a_short_scan(freq, parts,
                                                                             first):
    rule = ";".join([f"FREQ={freq}", *parts])
    try:
        parse_rule(rule, first)
    except RuleError:
        return
    lo = datetime(2026, 12, 1)
    hi = lo + timedelta(days=120)
    found = list(starts(rule, first, lo, hi))
    assert len(found) <= 121
    assert len({m.date() for m in found}) == len(found)
