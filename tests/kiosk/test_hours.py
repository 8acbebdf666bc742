"""Opening hours: open now, the next slot, exception periods, DST, "24:00"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kiosk.hours import OpenState, Slot, open_state, slots, upcoming_exceptions
from sync.model import Hours, HoursException
from tests.helpers import berlin as at

# 2026-12-01 is a Tuesday.
TUE_MORNINGS = [Hours("TU", "09:00", "12:00")]
TUE_THU = [Hours("TU", "09:00", "12:00"), Hours("TH", "09:00", "12:00")]
SPLIT_DAY = [Hours("TU", "09:00", "12:00"), Hours("TU", "14:00", "16:00")]


def test_open_state_open_now_gives_closing_time() -> None:
    state = open_state(TUE_MORNINGS, [], at(2026, 12, 1, 10, 15))
    assert state.open_now
    assert state.closes_at == at(2026, 12, 1, 12)
    assert state.next_slot == Slot(at(2026, 12, 8, 9), at(2026, 12, 8, 12))
    assert state.exception_note is None


@pytest.mark.parametrize(
    ("now", "open_now"),
    [
        (at(2026, 12, 1, 8, 59), False),
        (at(2026, 12, 1, 9, 0), True),  # opens at 9:00 sharp
        (at(2026, 12, 1, 11, 59), True),
        (at(2026, 12, 1, 12, 0), False),  # closed at 12:00 sharp
    ],
)
def test_open_state_slot_boundaries(now: datetime, open_now: bool) -> None:
    assert open_state(TUE_MORNINGS, [], now).open_now is open_now


@pytest.mark.parametrize(
    ("hours", "now", "next_start"),
    [
        pytest.param(TUE_MORNINGS, at(2026, 12, 1, 7, 30), at(2026, 12, 1, 9), id="later_today"),
        pytest.param(SPLIT_DAY, at(2026, 12, 1, 12, 30), at(2026, 12, 1, 14), id="after_lunch"),
        pytest.param(TUE_THU, at(2026, 12, 1, 13), at(2026, 12, 3, 9), id="later_this_week"),
        pytest.param([Hours("WE", "10:00", "12:00")], at(2026, 12, 1, 13),
                     at(2026, 12, 2, 10), id="tomorrow"),
        pytest.param(TUE_MORNINGS, at(2026, 12, 1, 12), at(2026, 12, 8, 9), id="next_week"),
        pytest.param(TUE_MORNINGS, at(2026, 12, 6, 18), at(2026, 12, 8, 9), id="from_sunday"),
    ],
)
def test_open_state_next_slot(hours: list[Hours], now: datetime, next_start: datetime) -> None:
    state = open_state(hours, [], now)
    assert not state.open_now
    assert state.closes_at is None
    assert state.next_slot is not None
    assert state.next_slot.start == next_start


def test_open_state_accepts_utc_now() -> None:
    # 9:30 UTC is 10:30 in Berlin in winter: open.
    state = open_state(TUE_MORNINGS, [], datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    assert state.open_now
    assert state.closes_at == at(2026, 12, 1, 12)


def test_open_state_without_hours_has_nothing() -> None:
    state = open_state([], [], at(2026, 12, 1, 10))
    assert state == OpenState(False)
    assert not state.has_hours


def test_open_state_exception_suspends_slots_and_gives_note() -> None:
    holidays = [HoursException(date(2026, 12, 1), date(2026, 12, 4), "nur telefonisch")]
    state = open_state(TUE_THU, holidays, at(2026, 12, 1, 10))
    assert not state.open_now
    assert state.exception_note == "nur telefonisch"
    assert state.exception_until == date(2026, 12, 4)
    # Thursday 3 December lies in the period; the next slot is the Tuesday after it.
    assert state.next_slot is not None
    assert state.next_slot.start == at(2026, 12, 8, 9)
    assert state.has_hours


def test_open_state_exception_last_day_is_inclusive() -> None:
    # The period ends on Tuesday 8 December: that Tuesday is closed too.
    holidays = [HoursException(date(2026, 12, 2), date(2026, 12, 8), "Urlaub")]
    state = open_state(TUE_THU, holidays, at(2026, 12, 1, 13))
    assert state.next_slot is not None
    assert state.next_slot.start == at(2026, 12, 10, 9)
    # Not in the period yet: no note, but the next slot already skips it.
    assert state.exception_note is None
    assert state.exception_until is None


def test_open_state_exception_without_end_in_search_window() -> None:
    long_break = [HoursException(date(2026, 12, 1), date(2027, 6, 30), "Sommerpause")]
    state = open_state(TUE_MORNINGS, long_break, at(2026, 12, 1, 10))
    assert state.next_slot is None
    assert state.exception_note == "Sommerpause"
    assert state.has_hours


def test_slots_leave_out_exception_days() -> None:
    holidays = [HoursException(date(2026, 12, 3), date(2026, 12, 3), "Betriebsausflug")]
    found = slots(TUE_THU, holidays, date(2026, 12, 1), 10)
    assert [s.start for s in found] == [at(2026, 12, 1, 9), at(2026, 12, 8, 9),
                                        at(2026, 12, 10, 9)]


def test_slots_sorted_by_start() -> None:
    hours = [Hours("TU", "14:00", "16:00"), Hours("MO", "09:00", "10:00"),
             Hours("TU", "09:00", "12:00")]
    found = slots(hours, [], date(2026, 11, 30), 2)
    assert [(s.start.day, s.start.hour) for s in found] == [(30, 9), (1, 9), (1, 14)]


@pytest.mark.parametrize(
    ("first_day", "offsets"),
    [
        # Summer time ends on Sunday 2026-10-25: Saturday +02:00, Sunday and Monday +01:00.
        pytest.param(date(2026, 10, 24), [2, 1, 1], id="autumn"),
        # Summer time begins on Sunday 2027-03-28: Saturday +01:00, then +02:00.
        pytest.param(date(2027, 3, 27), [1, 2, 2], id="spring"),
    ],
)
def test_slots_keep_wall_clock_across_dst(first_day: date, offsets: list[int]) -> None:
    hours = [Hours(day, "09:00", "12:30") for day in ("SA", "SU", "MO")]
    found = slots(hours, [], first_day, 3)
    assert [(s.start.hour, s.start.minute, s.end.hour, s.end.minute) for s in found] == [
        (9, 0, 12, 30)] * 3
    assert [s.start.utcoffset() for s in found] == [timedelta(hours=h) for h in offsets]
    assert [s.end.utcoffset() for s in found] == [timedelta(hours=h) for h in offsets]


def test_open_state_on_autumn_dst_day() -> None:
    hours = [Hours("SU", "09:00", "12:00")]
    # 8:30 UTC on 2026-10-25 is 9:30 CET: open, closing at 12:00 CET = 11:00 UTC.
    state = open_state(hours, [], datetime(2026, 10, 25, 8, 30, tzinfo=UTC))
    assert state.open_now
    assert state.closes_at is not None
    assert state.closes_at.astimezone(UTC) == datetime(2026, 10, 25, 11, 0, tzinfo=UTC)


def test_open_state_on_spring_dst_day() -> None:
    hours = [Hours("SU", "09:00", "12:00")]
    # 7:30 UTC on 2027-03-28 is 9:30 CEST: open.
    assert open_state(hours, [], datetime(2027, 3, 28, 7, 30, tzinfo=UTC)).open_now
    # The same UTC time a day earlier is 8:30 CET: closed, opening the next morning at
    # 9:00 summer time, which is 7:00 UTC.
    state = open_state(hours, [], datetime(2027, 3, 27, 7, 30, tzinfo=UTC))
    assert not state.open_now
    assert state.next_slot is not None
    assert state.next_slot.start.astimezone(UTC) == datetime(2027, 3, 28, 7, 0, tzinfo=UTC)


def test_open_state_slot_ending_at_24_00() -> None:
    hours = [Hours("SA", "18:00", "24:00")]
    state = open_state(hours, [], at(2026, 12, 5, 23, 30))
    assert state.open_now
    assert state.closes_at == at(2026, 12, 6, 0, 0)
    # At midnight the slot is over.
    after = open_state(hours, [], at(2026, 12, 6, 0, 0))
    assert not after.open_now
    assert after.next_slot is not None
    assert after.next_slot.start == at(2026, 12, 12, 18)


def test_slots_whole_day_on_dst_day_lasts_25_hours() -> None:
    found = slots([Hours("SU", "00:00", "24:00")], [], date(2026, 10, 25), 1)
    assert len(found) == 1
    assert found[0].start == at(2026, 10, 25, 0)
    assert found[0].end == at(2026, 10, 26, 0)
    assert found[0].end.timestamp() - found[0].start.timestamp() == 25 * 3600


def test_upcoming_exceptions_filters_and_sorts() -> None:
    past = HoursException(date(2026, 11, 1), date(2026, 11, 30), "vorbei")
    later = HoursException(date(2026, 12, 21), date(2027, 1, 6), "Weihnachtspause")
    now = HoursException(date(2026, 11, 30), date(2026, 12, 2), "nur telefonisch")
    too_far = HoursException(date(2027, 3, 1), date(2027, 3, 5), "zu weit")
    found = upcoming_exceptions([later, past, too_far, now], date(2026, 12, 1))
    assert [x.note for x in found] == ["nur telefonisch", "Weihnachtspause"]
