"""The night's state (kiosk/night.py) and the clock's judgement (kiosk/clock_check.py),
with injected times. The display backend is faked (no panel on a CI machine)."""

from __future__ import annotations

from datetime import date, timedelta

from kiosk.clock import TZ
from kiosk.clock_check import judge
from kiosk.night import SHIFT_MM, Night, attract_shift
from sync.schedule import parse
from tests.helpers import berlin


class FakeBackend:
    name = "fake"
    problem = ""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def off(self) -> None:
        self.calls.append("off")

    def on(self) -> None:
        self.calls.append("on")


def _night(holidays=None):
    backend = FakeBackend()
    return Night(parse("Mo-Fr 08:00-18:00"), backend, lambda: holidays or {}, 120), backend


def _settle(night):
    night.last_call.result(timeout=5)


def test_night_follows_the_schedule_only_between_visits():
    night, backend = _night()
    evening = berlin(2026, 12, 1, 21)
    assert night.step(evening, 0.0, visiting=True) is None and not night.dark
    assert night.step(evening, 1.0, visiting=False) is True
    _settle(night)
    assert night.step(evening, 2.0, visiting=False) is None and backend.calls == ["off"]
    assert night.step(berlin(2026, 12, 2, 8), 3.0, visiting=False) is False
    _settle(night)
    assert backend.calls == ["off", "on"] and night.report()["on"] is True


def test_night_wake_keeps_the_screen_on_for_a_while():
    night, backend = _night()
    evening = berlin(2026, 12, 1, 21)
    night.step(evening, 0.0, visiting=False)
    night.wake(10.0)
    _settle(night)
    assert not night.dark and backend.calls == ["off", "on"]
    assert night.step(evening, 129.0, visiting=False) is None
    assert night.step(evening, 130.0, visiting=False) is True


def test_night_holiday_of_the_feed_stays_dark_all_day():
    night, _ = _night({date(2026, 12, 25): "1. Weihnachtstag"})
    assert night.should_be_dark(berlin(2026, 12, 25, 10), 0.0, visiting=False)
    assert not night.should_be_dark(berlin(2026, 12, 24, 10), 0.0, visiting=False)


def test_night_without_schedule_never_darkens():
    night = Night(None, FakeBackend(), dict, 120)
    assert not night.should_be_dark(berlin(2026, 12, 1, 3), 0.0, visiting=False)


def test_attract_shift_stays_within_two_millimetres():
    places = {attract_shift(step, 4.0) for step in range(24)}
    assert len(places) == 12
    assert all((x * x + y * y) ** 0.5 <= SHIFT_MM * 4.0 + 1 for x, y in places)


def test_clock_judgement():
    made = berlin(2026, 12, 1, 7)
    assert judge(berlin(2026, 12, 1, 9), True, made).ok
    unset = judge(berlin(2026, 12, 1, 9), False, made)
    assert not unset.ok and not unset.behind_feed and "Zeitserver" in unset.text
    behind = judge(berlin(2026, 11, 28, 9), True, made)
    assert not behind.ok and behind.behind_feed
    assert "(28.11.2026 09:00) geht hinter den Stand der Inhalte (01.12.2026 07:00)" in \
        behind.text
    # Five minutes of slack: the hub's clock may run a little ahead.
    assert judge(made - timedelta(minutes=4), True, made).ok
    assert judge(berlin(2026, 12, 1, 9), True, None).ok
    assert made.tzinfo == TZ
