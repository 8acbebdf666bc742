"""Expanding schedules: repetition is refused when it is finer than daily, every expansion
is bounded by count and window, and wall-clock times in the DST change become exact
instants (the spring gap shifts both ends, the repeated autumn hour takes its first pass)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.clock import TZ
from sync.errors import SourceError
from sync.recurrence import expand
from tests.helpers import berlin

WINDOW = (berlin(2026, 12, 1), berlin(2027, 3, 31))
DAY = (berlin(2026, 12, 1), berlin(2026, 12, 2))


def _schedule(rule: str, start: str = "2026-12-01T10:00", end: str = "2026-12-01T11:00"
              ) -> dict:
    return {"start": start, "end": end, "rrule": rule}


@pytest.mark.parametrize("rule", ["FREQ=SECONDLY", "FREQ=MINUTELY", "FREQ=HOURLY",
                                  "FREQ=MINUTELY;INTERVAL=30;COUNT=5"])
def test_expand_refuses_rules_finer_than_daily(rule):
    with pytest.raises(SourceError, match="more often than once a day") as info:
        expand(_schedule(rule), TZ, *DAY, path="e")
    assert info.value.path == "e.rrule"


@pytest.mark.parametrize("rule", ["FREQ=DAILY;BYHOUR=9,10,11",
                                  "FREQ=DAILY;BYMINUTE=0,15,30,45",
                                  "FREQ=WEEKLY;BYDAY=MO;BYSECOND=1,2"])
def test_expand_refuses_several_times_a_day(rule):
    with pytest.raises(SourceError, match="more often than once a day"):
        expand(_schedule(rule), TZ, *DAY, path="e")


@pytest.mark.timeout(5)
@pytest.mark.parametrize("rule", [
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",           # 30 February: dateutil scans to 9999
    "FREQ=DAILY;BYYEARDAY=366;BYMONTH=1",
    "FREQ=WEEKLY;BYMONTH=4;BYMONTHDAY=31",
    "FREQ=DAILY;INTERVAL=7;BYDAY=MO",               # every 7th day from a Tuesday
])
def test_expand_rule_without_dates_costs_a_bounded_scan(rule):
    assert expand(_schedule(rule), TZ, *WINDOW) == []


@pytest.mark.timeout(3)
def test_expand_rule_from_a_distant_first_date_is_not_walked_from_there():
    found = expand(_schedule("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=28", "0001-02-28T10:00",
                             "0001-02-28T11:00"), TZ, berlin(2027, 1, 1), berlin(2028, 1, 1))
    assert [o.start.isoformat() for o in found] == ["2027-02-28T10:00:00+01:00"]


def test_expand_stops_at_the_limit():
    found = expand(_schedule("FREQ=DAILY"), TZ, *WINDOW, limit=3)
    assert [o.start.day for o in found] == [1, 2, 3]


def test_expand_limit_keeps_a_date_moved_forward_from_later():
    schedule = {**_schedule("FREQ=WEEKLY;BYDAY=TU"),
                "changes": [{"date": "2026-12-29", "start": "2026-12-02T10:00",
                             "status": "moved"}]}
    found = expand(schedule, TZ, *WINDOW, limit=2)
    assert [o.start.date().isoformat() for o in found] == ["2026-12-01", "2026-12-02"]


def test_expand_moved_date_keeps_its_usual_start():
    schedule = {**_schedule("FREQ=WEEKLY;BYDAY=TU"),
                "changes": [{"date": "2026-12-08", "start": "2026-12-11T16:00",
                             "status": "moved", "note": "diesmal am Freitag"}]}
    found = expand(schedule, TZ, *WINDOW, limit=3)
    assert [o.moved_from for o in found] == [None, berlin(2026, 12, 8, 10), None]
    assert found[1].as_json() == {"start": "2026-12-11T16:00:00+01:00",
                                  "end": "2026-12-11T17:00:00+01:00", "status": "moved",
                                  "note": "diesmal am Freitag",
                                  "moved_from": "2026-12-08T10:00:00+01:00"}
    assert "moved_from" not in found[0].as_json()


def test_expand_spring_gap_shifts_both_ends_by_the_gap():
    # 28 March 2027, 02:00 CET → 03:00 CEST: 02:30 does not exist.
    for end, expected in (("03:30", "04:30"), ("03:00", "04:00"), ("02:45", "03:45")):
        occ = expand({"start": "2027-03-28T02:30", "end": f"2027-03-28T{end}"}, TZ, *WINDOW)
        assert occ[0].as_json()["start"] == "2027-03-28T03:30:00+02:00"
        assert occ[0].as_json()["end"] == f"2027-03-28T{expected}:00+02:00"
        assert occ[0].start == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
        assert occ[0].end > occ[0].start


def test_expand_spring_gap_end_alone_moves_forward():
    occ = expand({"start": "2027-03-28T01:30", "end": "2027-03-28T02:30"}, TZ, *WINDOW)
    assert occ[0].as_json()["start"] == "2027-03-28T01:30:00+01:00"
    assert occ[0].as_json()["end"] == "2027-03-28T03:30:00+02:00"
    assert occ[0].end.timestamp() - occ[0].start.timestamp() == 3600


def test_expand_weekly_rule_through_the_spring_gap():
    occ = expand(_schedule("FREQ=WEEKLY;COUNT=3", "2027-03-21T02:30", "2027-03-21T03:00"),
                 TZ, berlin(2027, 3, 1), berlin(2027, 4, 30))
    assert [(o.as_json()["start"], o.as_json()["end"]) for o in occ] == [
        ("2027-03-21T02:30:00+01:00", "2027-03-21T03:00:00+01:00"),
        ("2027-03-28T03:30:00+02:00", "2027-03-28T04:00:00+02:00"),
        ("2027-04-04T02:30:00+02:00", "2027-04-04T03:00:00+02:00")]


def test_expand_repeated_autumn_hour_takes_its_first_pass():
    # 25 October 2026, 03:00 CEST → 02:00 CET: 02:00–03:00 happens twice.
    lo, hi = berlin(2026, 10, 1), berlin(2026, 11, 1)
    occ = expand({"start": "2026-10-25T02:30", "end": "2026-10-25T02:45"}, TZ, lo, hi)
    assert occ[0].as_json()["start"] == "2026-10-25T02:30:00+02:00"
    # == between zones is always False for a time in the repeated hour (PEP 495):
    # compare instants.
    assert occ[0].start.timestamp() == datetime(2026, 10, 25, 0, 30, tzinfo=UTC).timestamp()
    assert occ[0].end.timestamp() == datetime(2026, 10, 25, 0, 45, tzinfo=UTC).timestamp()
    across = expand({"start": "2026-10-25T02:30", "end": "2026-10-25T03:30"}, TZ, lo, hi)
    assert across[0].end.timestamp() - across[0].start.timestamp() == 2 * 3600
    assert across[0].as_json()["end"] == "2026-10-25T03:30:00+01:00"


def test_expand_spring_gap_shifts_extra_dates_and_moved_dates_too():
    weekly = _schedule("FREQ=WEEKLY;BYDAY=SU", "2027-03-21T10:00", "2027-03-21T11:00")
    lo, hi = berlin(2027, 3, 27), berlin(2027, 3, 29)
    extra = expand({**weekly, "exdates": ["2027-03-28"], "rdates": ["2027-03-28T02:15"]},
                   TZ, lo, hi)
    assert [(o.as_json()["start"], o.as_json()["end"]) for o in extra] == [
        ("2027-03-28T03:15:00+02:00", "2027-03-28T04:15:00+02:00")]
    moved = expand({**weekly, "changes": [{"date": "2027-03-28", "start": "2027-03-28T02:30",
                                           "end": "2027-03-28T03:10", "status": "moved"}]},
                   TZ, lo, hi)
    assert [(o.as_json()["start"], o.as_json()["end"]) for o in moved] == [
        ("2027-03-28T03:30:00+02:00", "2027-03-28T04:10:00+02:00")]
