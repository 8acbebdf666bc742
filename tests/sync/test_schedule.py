"""`[display] on` (sync/schedule.py): a week, a holiday of the feed, both DST changes –
with injected times only, stepped in UTC like a real clock runs – and clear German (and
English) errors naming the field."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from sync.errors import ConfigError
from sync.holidays import public_holidays
from sync.schedule import TZ, parse

OPENING = "Mo-Fr 08:00-18:00, Sa 09:00-13:00"


def _local(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ)


def _on_hours(schedule, first: datetime, days: int, holidays=None) -> dict[date, float]:
    """Hours on per local day, stepping a UTC clock minute by minute."""
    hours: dict[date, float] = {}
    moment = first.astimezone(UTC)
    end = moment + timedelta(days=days)
    while moment < end:
        if schedule.is_on(moment, holidays):
            day = moment.astimezone(TZ).date()
            hours[day] = hours.get(day, 0) + 1 / 60
        moment += timedelta(minutes=1)
    return {day: round(h, 3) for day, h in hours.items()}


def test_schedule_an_ordinary_week():
    schedule = parse(OPENING)
    hours = _on_hours(schedule, _local(2026, 11, 30), 7)   # Monday 30 Nov – Sunday 6 Dec
    weekdays = [date(2026, 11, 30), *(date(2026, 12, d) for d in range(1, 5))]
    assert hours == {**dict.fromkeys(weekdays, 10.0), date(2026, 12, 5): 4.0}
    assert not schedule.is_on(_local(2026, 12, 1, 7, 59))
    assert schedule.is_on(_local(2026, 12, 1, 8, 0))
    assert schedule.is_on(_local(2026, 12, 1, 17, 59))
    assert not schedule.is_on(_local(2026, 12, 1, 18, 0))
    assert not schedule.is_on(_local(2026, 12, 6, 12, 0))   # Sunday


def test_schedule_holiday_of_the_feed_is_dark_unless_it_has_a_rule():
    holidays = {date(2026, 12, 25): "1. Weihnachtstag"}   # a Friday
    assert parse(OPENING).is_on(_local(2026, 12, 24, 10, 0), holidays)
    assert not parse(OPENING).is_on(_local(2026, 12, 25, 10, 0), holidays)
    assert parse(OPENING).is_on(_local(2026, 12, 25, 10, 0), {})   # no holidays in the feed
    with_rule = parse(OPENING + ", Ft 10:00-12:00")
    assert with_rule.is_on(_local(2026, 12, 25, 11, 0), holidays)
    assert not with_rule.is_on(_local(2026, 12, 25, 9, 0), holidays)


@pytest.mark.parametrize(("monday", "change"), [
    (_local(2027, 3, 22), date(2027, 3, 28)),    # spring: Sunday 02:00 → 03:00
    (_local(2026, 10, 19), date(2026, 10, 25)),  # autumn: Sunday 03:00 → 02:00
])
def test_schedule_wall_clock_times_hold_across_dst_changes(monday, change):
    schedule = parse(OPENING + ", So 01:00-04:00")
    hours = _on_hours(schedule, monday, 14)
    # Weekdays 10 h and Saturday 4 h in both weeks, the DST change in between.
    assert [hours[monday.date() + timedelta(days=d)] for d in (0, 4, 5, 7, 8, 11)] == [
        10.0, 10.0, 4.0, 10.0, 10.0, 10.0]
    assert hours[monday.date() + timedelta(days=12)] == 4.0   # the Saturday after
    assert hours[monday.date() + timedelta(days=13)] == 3.0   # an ordinary Sunday night
    # The night of the change: 01:00–04:00 on the wall clock is 2 h in spring, 4 h in
    # autumn; 08:00 on the Monday after is 08:00 local, whatever UTC says.
    assert hours[change] == (2.0 if change.month == 3 else 4.0)
    after = _local(change.year, change.month, change.day + 1, 8, 0)
    assert schedule.is_on(after) and not schedule.is_on(after - timedelta(minutes=1))


def test_schedule_empty_means_always_on_and_days_in_english():
    assert parse("") is None and parse("   ") is None
    english = parse("Mon-Fri 08:00-12:00 13:00-17:00, Sat 09:00-13:00, Hol 10:00-11:00")
    assert english.is_on(_local(2026, 12, 2, 13, 30)) and not english.is_on(
        _local(2026, 12, 2, 12, 30))
    daily = parse("täglich 06:00-24:00")
    assert daily.is_on(_local(2026, 12, 6, 23, 59)) and not daily.is_on(_local(2026, 12, 6, 5))


@pytest.mark.parametrize(("text", "words"), [
    ("Mo-Fr", "Tage und mindestens eine Uhrzeit"),
    ("Mo-Xy 08:00-18:00", "„Mo-Xy“ ist kein Tag"),
    ("Fr-Mo 08:00-18:00", "der erste Tag muss vor dem letzten liegen"),
    ("Mo 8-18", "„8-18“ ist keine Zeitspanne"),
    ("Mo 25:00-26:00", "keine gültige Uhrzeit"),
    ("Mo 22:00-02:00", "über Mitternacht geht nicht"),
    ("Mo-Fr 08:00-18:00, Sa", "„Sa“ – Tage und mindestens eine Uhrzeit"),
])
def test_schedule_bad_text_names_the_field_and_the_part(text, words):
    with pytest.raises(ConfigError) as caught:
        parse(text)
    message = str(caught.value)
    assert message.startswith("[display] on: ") and words in message and " / " in message


def test_public_holidays_of_baden_wuerttemberg():
    days = public_holidays(date(2027, 1, 1), date(2027, 12, 31))
    assert [d["date"] for d in days] == [
        "2027-01-01", "2027-01-06", "2027-03-26", "2027-03-29", "2027-05-01", "2027-05-06",
        "2027-05-17", "2027-05-27", "2027-10-03", "2027-11-01", "2027-12-25", "2027-12-26"]
    assert days[2]["name"] == "Karfreitag" and days[7]["name"] == "Fronleichnam"
    assert public_holidays(date(2026, 12, 27), date(2026, 12, 31)) == []


def test_schedule_closed_only_where_weekday_and_holiday_rules_are_both_off():
    plan = parse("Mo-Fr 08:00-18:00, Ft 10:00-12:00")
    assert plan.closed(_local(2026, 12, 1, 19, 0)) and plan.closed(_local(2026, 12, 6, 9, 0))
    assert not plan.closed(_local(2026, 12, 1, 9, 0))     # a Tuesday's hours
    assert not plan.closed(_local(2026, 12, 6, 11, 0))    # Sunday, but the holidays' hours
    assert plan.ever_closed()
    assert not parse("täglich 00:00-12:00 12:00-24:00").ever_closed()
    assert not parse("Mo-So 00:00-24:00, Ft 10:00-11:00").ever_closed()
    assert parse("Mo-Fr 00:00-24:00").ever_closed()       # the weekend
    assert parse("täglich 00:00-23:59").ever_closed()     # one minute a night
