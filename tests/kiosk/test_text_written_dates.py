"""German wording, written: dates and times as the screen shows them (kiosk/text/written.py):
clock times, day words, date ranges (when_text) and the "Stand" line."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kiosk import text
from tests.helpers import berlin as at
from tests.kiosk.text_helpers import NOW

# -- dates and times, written ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2026, 12, 1, 14, 30), "14:30 Uhr"),
        (at(2026, 12, 1, 9, 0), "9:00 Uhr"),
        (at(2026, 12, 1, 1, 0), "1:00 Uhr"),
        (at(2026, 12, 1, 0, 0), "0:00 Uhr"),
        (at(2026, 12, 1, 9, 5), "9:05 Uhr"),
        (datetime(2026, 12, 1, 13, 30, tzinfo=UTC), "14:30 Uhr"),  # shown in Berlin time
        (datetime(2026, 7, 1, 12, 30, tzinfo=UTC), "14:30 Uhr"),  # summer time
    ],
)
def test_time_text_local_clock(moment: datetime, expected: str) -> None:
    assert text.time_text(moment) == expected
    assert text.clock_time(moment) == expected.removesuffix(" Uhr")


def test_end_time_text_midnight_is_24_00() -> None:
    assert text.end_time_text(at(2026, 12, 2, 0, 0)) == "24:00 Uhr"
    assert text.end_time_text(at(2026, 12, 1, 17, 0)) == "17:00 Uhr"


@pytest.mark.parametrize(
    ("day", "today", "expected"),
    [
        (date(2026, 12, 1), date(2026, 12, 1), "heute"),
        (date(2026, 12, 2), date(2026, 12, 1), "morgen, Mittwoch, 2. Dezember"),
        (date(2026, 11, 30), date(2026, 12, 1), "gestern, Montag, 30. November"),
        (date(2026, 12, 3), date(2026, 12, 1), "Donnerstag, 3. Dezember"),
        (date(2026, 12, 8), date(2026, 12, 1), "Dienstag, 8. Dezember"),
        (date(2027, 1, 1), date(2026, 12, 31), "morgen, Freitag, 1. Januar 2027"),
        (date(2027, 1, 2), date(2026, 12, 31), "Samstag, 2. Januar 2027"),
        (date(2026, 12, 28), date(2027, 1, 2), "Montag, 28. Dezember 2026"),
    ],
)
def test_day_text_words_people_use(day: date, today: date, expected: str) -> None:
    assert text.day_text(day, today) == expected


@pytest.mark.parametrize(
    ("day", "today", "expected"),
    [
        (date(2026, 12, 8), None, "Dienstag, 8. Dezember"),
        (date(2026, 12, 8), date(2026, 1, 1), "Dienstag, 8. Dezember"),
        (date(2027, 1, 4), date(2026, 12, 1), "Montag, 4. Januar 2027"),
    ],
)
def test_date_text_year_only_for_another_year(day: date, today: date | None,
                                              expected: str) -> None:
    assert text.date_text(day, today) == expected


def test_short_date_year_only_for_another_year() -> None:
    assert text.short_date(date(2026, 12, 8), date(2026, 12, 1)) == "8. Dezember"
    assert text.short_date(date(2027, 1, 4), date(2026, 12, 1)) == "4. Januar 2027"
    assert text.short_date(date(2026, 3, 1)) == "1. März"


def test_full_date_always_with_year() -> None:
    assert text.full_date(date(2026, 11, 28)) == "Samstag, 28. November 2026"


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (at(2026, 12, 1, 14, 30), "heute, 14:30 Uhr"),
        (at(2026, 12, 2, 10, 0), "morgen, Mittwoch, 2. Dezember, 10:00 Uhr"),
        (at(2026, 12, 8, 14, 30), "Dienstag, 8. Dezember, 14:30 Uhr"),
        (at(2026, 12, 2, 0, 0), "morgen, Mittwoch, 2. Dezember, 0:00 Uhr"),
        (at(2026, 12, 1, 23, 59), "heute, 23:59 Uhr"),
        (at(2027, 1, 5, 9, 0), "Dienstag, 5. Januar 2027, 9:00 Uhr"),
    ],
)
def test_start_text_day_and_time(start: datetime, expected: str) -> None:
    assert text.start_text(start, NOW) == expected


def test_start_text_uses_local_day_not_utc_day() -> None:
    # 23:30 UTC on 1 December is already 0:30 on 2 December in Berlin.
    assert text.start_text(datetime(2026, 12, 1, 23, 30, tzinfo=UTC), NOW) == (
        "morgen, Mittwoch, 2. Dezember, 0:30 Uhr")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(at(2026, 12, 8, 14, 30), at(2026, 12, 8, 17),
                     "Dienstag, 8. Dezember, 14:30 bis 17:00 Uhr", id="same_day_range"),
        pytest.param(at(2026, 12, 1, 14, 30), at(2026, 12, 1, 17),
                     "heute, 14:30 bis 17:00 Uhr", id="today"),
        pytest.param(at(2026, 12, 2, 9), at(2026, 12, 2, 12),
                     "morgen, Mittwoch, 2. Dezember, 9:00 bis 12:00 Uhr",
                     id="tomorrow_full_hours"),
        pytest.param(at(2026, 12, 1, 8), at(2026, 12, 1, 9, 30),
                     "heute, 8:00 bis 9:30 Uhr", id="over_earlier_today"),
        pytest.param(at(2026, 12, 8, 0), at(2026, 12, 8, 1),
                     "Dienstag, 8. Dezember, 0:00 bis 1:00 Uhr", id="starts_at_midnight"),
        pytest.param(at(2026, 12, 8, 20), at(2026, 12, 9, 0),
                     "Dienstag, 8. Dezember, 20:00 bis 24:00 Uhr", id="ends_at_midnight"),
        pytest.param(at(2026, 12, 8, 20), at(2026, 12, 9, 1),
                     "Dienstag, 8. Dezember, 20:00 Uhr bis Mittwoch, 9. Dezember, 1:00 Uhr",
                     id="past_midnight"),
        pytest.param(at(2026, 12, 8, 14), at(2026, 12, 10, 12),
                     "Dienstag, 8. Dezember, 14:00 Uhr bis Donnerstag, 10. Dezember, 12:00 Uhr",
                     id="multi_day"),
        pytest.param(at(2026, 12, 2, 14), at(2026, 12, 4, 12),
                     "morgen, Mittwoch, 2. Dezember, 14:00 Uhr bis Freitag, 4. Dezember, 12:00 Uhr",
                     id="multi_day_from_tomorrow"),
        pytest.param(at(2026, 12, 8, 0), at(2026, 12, 9, 0),
                     "Dienstag, 8. Dezember, ganztägig", id="all_day"),
        pytest.param(at(2026, 12, 8, 0), at(2026, 12, 11, 0),
                     "Dienstag, 8. Dezember bis Donnerstag, 10. Dezember", id="several_days"),
        pytest.param(at(2027, 1, 8, 14), at(2027, 1, 8, 16),
                     "Freitag, 8. Januar 2027, 14:00 bis 16:00 Uhr", id="next_year"),
        pytest.param(at(2026, 12, 31, 22), at(2027, 1, 1, 1),
                     "Donnerstag, 31. Dezember, 22:00 Uhr bis Freitag, 1. Januar 2027, 1:00 Uhr",
                     id="into_next_year"),
    ],
)
def test_when_text_future_dates(start: datetime, end: datetime, expected: str) -> None:
    assert text.when_text(start, end, NOW) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(at(2026, 12, 1, 9, 30), at(2026, 12, 1, 17),
                     "jetzt, bis 17:00 Uhr", id="ends_today"),
        pytest.param(NOW, at(2026, 12, 1, 12), "jetzt, bis 12:00 Uhr", id="starts_right_now"),
        pytest.param(at(2026, 12, 1, 8), at(2026, 12, 2, 0), "jetzt, bis 24:00 Uhr",
                     id="ends_at_midnight"),
        pytest.param(at(2026, 11, 30, 9), at(2026, 12, 2, 17),
                     "jetzt, bis morgen, Mittwoch, 2. Dezember, 17:00 Uhr", id="ends_tomorrow"),
        pytest.param(at(2026, 11, 30, 9), at(2026, 12, 4, 17),
                     "jetzt, bis Freitag, 4. Dezember, 17:00 Uhr", id="ends_later"),
        pytest.param(at(2026, 11, 20, 0), at(2026, 12, 19, 0),
                     "jetzt, bis Freitag, 18. Dezember", id="exhibition"),
        pytest.param(at(2026, 12, 1, 0), at(2026, 12, 2, 0),
                     "heute, ganztägig", id="all_day_today"),
    ],
)
def test_when_text_ongoing(start: datetime, end: datetime, expected: str) -> None:
    assert text.when_text(start, end, NOW) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [(at(2026, 12, 8, 14, 30), "Dienstag, 8. Dezember, 14:30 Uhr"),
     (at(2026, 12, 8, 0, 0), "Dienstag, 8. Dezember, 0:00 Uhr")],
)
def test_when_text_without_known_end(start: datetime, expected: str) -> None:
    assert text.when_text(start, start, NOW) == expected


def test_when_text_ended_exactly_now_is_not_ongoing() -> None:
    assert text.when_text(at(2026, 12, 1, 8), NOW, NOW) == "heute, 8:00 bis 10:00 Uhr"


def test_when_text_keeps_wall_clock_across_dst() -> None:
    # The night summer time ends: 1:00 CEST to 4:00 CET is four real hours, shown as
    # the clock on the wall says.
    start, end = at(2026, 10, 25, 1), at(2026, 10, 25, 4)
    assert text.when_text(start, end, at(2026, 10, 20, 12)) == (
        "Sonntag, 25. Oktober, 1:00 bis 4:00 Uhr")
    assert text.when_text(at(2027, 3, 28, 10), at(2027, 3, 28, 12), at(2027, 3, 27, 12)) == (
        "morgen, Sonntag, 28. März, 10:00 bis 12:00 Uhr")


def test_time_range_with_midnight_end() -> None:
    assert text.time_range(at(2026, 12, 1, 14, 30), at(2026, 12, 1, 17)) == "14:30 bis 17:00 Uhr"
    assert text.time_range(at(2026, 12, 1, 20), at(2026, 12, 2, 0)) == "20:00 bis 24:00 Uhr"


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        (at(2026, 12, 1, 9, 12), "Stand: heute, 9:12 Uhr"),
        (at(2026, 11, 30, 18, 40), "Stand: 30. November, 18:40 Uhr"),
        (at(2026, 11, 24, 8, 0), "Stand: 24. November"),
        (at(2025, 12, 24, 8, 0), "Stand: 24. Dezember 2025"),
    ],
)
def test_stand_text_recent_and_older(changed: datetime, expected: str) -> None:
    assert text.stand_text(changed, NOW) == expected
