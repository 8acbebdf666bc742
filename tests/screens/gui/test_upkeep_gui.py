"""The terminal in the field (kiosk/upkeep.py) in the real window: the night's black cover
and the first touch that only wakes, the clock notice instead of "heute", the status
file with frames and route, attract mode's drift. Faked: the panel's power switch
(FakeDisplay: no HDMI-CEC here) and whether a time server answered (FakeSync)."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta

import pytest
from kivy.core.window import Window
from kivy.uix.label import Label
from kivy.weakmethod import WeakMethod

from kiosk.nav import Route
from sync import kiosk_status
from sync.schedule import parse
from tests.screens.gui.conftest import NOW, frames, tap
from tests.screens.gui.test_app import find

EVENING = NOW.replace(hour=21)          # Tuesday 1 December 2026, 21:00
WEEKDAYS = r"\b(heute|Heute|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)\b"


@pytest.fixture
def field(app, monkeypatch):
    """The app with a night schedule, restored afterwards."""
    upkeep = app.upkeep
    monkeypatch.setattr(upkeep.night, "schedule", parse("Mo-Fr 08:00-18:00"))
    app.fake_display.calls.clear()
    yield app
    upkeep.night.schedule = None
    app.fake_sync.synced = True
    upkeep._clock_checked = -float("inf")
    app.clock = lambda: NOW
    upkeep.night._woken_until = -float("inf")
    upkeep.tick()
    frames()
    assert upkeep.cover is None


def _drawn_texts(app) -> list[str]:
    """Texts a resident can see: every label whose widgets up to the window are opaque."""
    seen = []
    for widget in app.root_layout.walk():
        if isinstance(widget, Label) and widget.text:
            node, visible = widget, True
            while node is not None and node is not Window:
                visible = visible and node.opacity > 0
                node = node.parent
            if visible:
                seen.append(widget.text)
    return seen


def _wait_calls(app, count: int) -> None:
    app.upkeep.night.last_call.result(timeout=5)
    assert len(app.fake_display.calls) == count


def test_night_goes_dark_and_the_first_touch_only_wakes(field):
    app = field
    app.end_visit()
    app.clock = lambda: EVENING
    app.tick()
    frames()
    assert app.upkeep.night.dark and app.upkeep.cover.kind == "dark"
    assert app.upkeep.route() == "dark" and _drawn_texts(app) == []
    _wait_calls(app, 1)
    assert app.fake_display.calls[0][0] == "off"
    # The first touch, right where attract mode's "touch me" would take it home:
    tap((Window.width / 2, Window.height / 2), clock=app.fake_clock)
    assert app.upkeep.cover is None and not app.upkeep.night.dark
    assert app.nav.current == Route("attract")          # woken, nothing pressed
    _wait_calls(app, 2)
    assert app.fake_display.calls[1][0] == "on"
    app.tick()
    assert not app.upkeep.night.dark                     # stays on while one looks
    tap(find(app, "attract"), clock=app.fake_clock)      # the second touch acts
    assert app.nav.current == Route("home")
    app.fake_clock.advance(200)                          # the visit ends by itself ...
    app.tick()
    app.fake_clock.advance(40)
    app.tick()
    app.tick()
    frames()
    assert app.upkeep.night.dark                         # ... and the night goes on


def test_night_does_not_interrupt_a_visit(field):
    app = field
    app.note_touch()
    app.show(app.nav.home())
    app.clock = lambda: EVENING
    app.tick()
    assert not app.upkeep.night.dark and app.upkeep.cover is None


def test_night_ends_when_the_schedule_says_on(field):
    app = field
    app.end_visit()
    app.clock = lambda: EVENING
    app.tick()
    assert app.upkeep.night.dark
    app.clock = lambda: EVENING + timedelta(hours=11)    # Wednesday 08:00
    app.tick()
    frames()
    assert not app.upkeep.night.dark and app.upkeep.cover is None
    assert app.sm.opacity == 1


def test_clock_not_set_shows_no_heute_and_says_so(field):
    app = field
    app.show(app.nav.home())
    frames()
    assert any(re.search(WEEKDAYS, t) for t in _drawn_texts(app))   # the greeting
    app.fake_sync.synced = False
    app.upkeep.check_clock(app.clock())
    frames(3)
    texts = _drawn_texts(app)
    assert "Die Uhrzeit wird gerade gestellt." in texts
    assert not any(re.search(WEEKDAYS, t) for t in texts), texts
    tap((100, 100), clock=app.fake_clock)
    assert app.upkeep.cover.kind == "clock"              # nothing to tap
    app.upkeep.liveness.every_s = 0
    frames(2)
    report = kiosk_status.read(app.kiosk_config.data_dir)
    assert report["route"] == "clock" and report["clock"]["ok"] is False
    assert "Zeitserver" in report["clock"]["text"]
    app.fake_sync.synced = True
    app.upkeep.check_clock(app.clock())
    frames()
    assert app.upkeep.cover is None and app.sm.opacity == 1


def test_clock_behind_the_feed_shows_the_notice_too(field):
    app = field
    app.upkeep.check_clock(NOW - timedelta(days=3))      # a Pi booted with an old time
    frames()
    assert app.upkeep.cover.kind == "clock"
    assert app.upkeep.clock_state.behind_feed and app.upkeep.clock_state.synchronized


def test_status_file_has_the_last_frame_route_and_geometry(app):
    app.upkeep.liveness.every_s = 0
    app.show(app.nav.go(Route("list", "week")))
    frames(2)
    report = json.loads((app.kiosk_config.data_dir / kiosk_status.FILE).read_text())
    assert report["route"] == "list:week"
    assert report["frame"]["boot_id"] == kiosk_status.boot_id()
    assert report["geometry"]["ok"] is True and report["geometry"]["window"] == [1920, 1080]
    age = kiosk_status.frame_age_s(report, monotonic=time.monotonic(),
                                   boot=kiosk_status.boot_id(), uptime_s=None)
    assert 0 <= age < 5
    app.upkeep.liveness.every_s = 30.0


def test_attract_mode_drifts_a_little_each_minute(app):
    app.end_visit()
    frames()
    places = set()
    for _ in range(12):
        app.upkeep.shift_attract()
        places.add(tuple(app.screen.pos))
    mm = app.style.px_per_mm
    assert len(places) >= 8
    assert all(abs(x) <= 2.1 * mm and abs(y) <= 2.1 * mm for x, y in places)



def test_liveness_writing_its_status_never_hides_a_frame_from_other_handlers(app):
    # The status is written on a frame at most every 30 s. Kivy stops dispatching an event
    # at the first handler that returns True: the liveness's handler returned the write's
    # result, and every 30 s a handler bound before it (the tour's) missed a frame and the
    # tour stalled for good. Every on_flip handler is called as Kivy would, on a frame that
    # writes the status; none may claim the event.
    handlers = [h() if isinstance(h, WeakMethod) else h
                for h in Window.get_property_observers("on_flip")]
    assert handlers
    app.upkeep.liveness.update(probe=True)   # the next frame writes the status
    try:
        claimed = [h for h in handlers if h(Window)]
        assert kiosk_status.read(app.kiosk_config.data_dir).get("probe") is True
        assert claimed == []
    finally:
        app.upkeep.liveness.report.pop("probe", None)
