"""One real Kivy window for this pytest process (started by tests/screens/test_gui.py
under Xvfb). The app runs without App.run(): tests step the event loop themselves and
inject touches at window coordinates. Faked: the speaker (a CI machine has none)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from kiosk.kivy_setup import configure

WIDTH, HEIGHT = 1920, 1080
configure(WIDTH, HEIGHT, fullscreen=False, kivy_home=Path(tempfile.mkdtemp()))

from kivy.base import EventLoop  # noqa: E402
from kivy.tests.common import UnitTestTouch  # noqa: E402

from kiosk.clock import fixed_clock  # noqa: E402
from kiosk.demo import load_demo  # noqa: E402
from kiosk.store import Store  # noqa: E402
from sync.config import load_config  # noqa: E402
from tests.helpers import berlin  # noqa: E402

NOW = berlin(2026, 12, 1, 10, 0)  # Tuesday: the Pflegestützpunkt is open


class FakePlayer:
    """Stands in for the loudspeaker (a CI machine has none): records what would have been
    played, how loud (RMS, read when played: temp files are gone afterwards) and when it
    was cut off. A sound "plays" for its real length."""

    available = True

    def __init__(self) -> None:
        self.played: list[Path] = []
        self.levels: list[float] = []
        self.stops: list[float] = []
        self._until = 0.0

    def play(self, wav: Path) -> None:
        import time
        import wave

        import numpy as np

        self.played.append(wav)
        with wave.open(str(wav)) as sound:
            self._until = time.monotonic() + sound.getnframes() / sound.getframerate()
            samples = np.frombuffer(sound.readframes(sound.getnframes()), dtype="<i2")
        self.levels.append(float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))))

    def stop(self) -> None:
        import time

        self.stops.append(time.monotonic())
        self._until = 0.0

    def playing(self) -> bool:
        import time

        return time.monotonic() < self._until


class FakeDisplay:
    """Stands in for the panel's power (HDMI-CEC, backlight: a CI machine has neither):
    records each call with its time."""

    name = "fake"
    problem = ""

    def __init__(self) -> None:
        self.calls: list[tuple[str, float]] = []

    def off(self) -> None:
        import time

        self.calls.append(("off", time.perf_counter()))

    def on(self) -> None:
        import time

        self.calls.append(("on", time.perf_counter()))


class FakeSync:
    """Whether a time server has set the clock (a CI machine's kernel may say either)."""

    def __init__(self) -> None:
        self.synced = True

    def __call__(self) -> bool:
        return self.synced


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def frames(count: int = 2) -> None:
    for _ in range(count):
        EventLoop.idle()


def tap(widget_or_pos, *, settle: float = 0.6, clock: FakeMonotonic | None = None) -> None:
    """Touch down and up at the centre of a widget (or a window position)."""
    x, y = widget_or_pos if isinstance(widget_or_pos, tuple) else widget_or_pos.to_window(
        *widget_or_pos.center)
    touch = UnitTestTouch(x, y)
    touch.touch_down()
    touch.touch_up()
    frames()
    if clock is not None:
        clock.advance(settle)


@pytest.fixture(scope="session")
def kiosk(tmp_path_factory):
    from kiosk.app import KioskApp

    data = tmp_path_factory.mktemp("data")
    config = load_config(None, {"paths": {"data": str(data)},
                                "kiosk": {"idle_s": 120, "idle_grace_s": 30},
                                "speech": {"engine": "espeak-ng"}})
    db_path = load_demo(data, NOW)
    monotonic = FakeMonotonic()
    player = FakePlayer()
    screen, synced = FakeDisplay(), FakeSync()
    app = KioskApp(config, Store(db_path, clock=fixed_clock(NOW)), clock=fixed_clock(NOW),
                   player=player, lockdown=True, monotonic=monotonic, timers=False,
                   prerender=False, clock_synced=synced, display=screen)
    app._run_prepare()
    frames(3)
    app.fake_clock, app.fake_player = monotonic, player
    app.fake_display, app.fake_sync = screen, synced
    yield app
    app.stop()


@pytest.fixture
def app(kiosk):
    """The app at the start of a fresh visit, on the start screen."""
    kiosk.end_visit()
    kiosk.fake_clock.advance(5)
    kiosk.note_touch()
    kiosk.show(kiosk.nav.home())
    frames()
    return kiosk
