"""Run inside a fresh process under a virtual screen; prints one JSON line.

    python -m tests.bench.ui_driver startup DATA_DIR T0     the real app, until interactive
    python -m tests.bench.ui_driver bare T0                 a bare Kivy app, one label + button
    python -m tests.bench.ui_driver nav DATA_DIR            500 timed navigations, RSS growth
    python -m tests.bench.ui_driver wake DATA_DIR           touch on the night's dark screen
                                                             to the first frame with content
"""

from __future__ import annotations

import json
import sys
import time


def _interactive(app, t0: float) -> None:
    """Print seconds from `t0` to the first tick after the first drawn frame, then stop."""
    from kivy.clock import Clock
    from kivy.core.window import Window

    def flipped(*_a):
        Window.unbind(on_flip=flipped)
        Clock.schedule_once(lambda _dt: done(), 0)

    def done():
        print(json.dumps({"seconds": time.time() - t0}), flush=True)
        app.stop()

    Window.bind(on_flip=flipped)


def startup(data_dir: str, t0: float) -> None:
    from kiosk.kivy_setup import configure
    from sync.config import load_config

    # The clock check off: this machine's clock may never be synchronised (a container),
    # and the notice instead of the start screen would be another measurement.
    config = load_config(None, {"paths": {"data": data_dir},
                                "clock": {"wait_for_sync": False}})
    configure(1920, 1080, fullscreen=False)
    from kivy.app import App  # noqa: F401  (the import the CLI does, inside the timing)

    from kiosk.app import KioskApp
    from kiosk.store import Store

    app = KioskApp(config, Store(config.db_path), lockdown=True)
    app.bind(on_start=lambda *_a: _interactive(app, t0))
    app.run()


def bare(t0: float) -> None:
    from kiosk.kivy_setup import configure

    configure(1920, 1080, fullscreen=False)
    from kivy.app import App
    from kivy.uix.boxlayout import BoxLayout
    from kivy.uix.button import Button
    from kivy.uix.label import Label

    class Bare(App):
        def build(self):
            box = BoxLayout(orientation="vertical")
            box.add_widget(Label(text="Hallo", font_size=60))
            box.add_widget(Button(text="Weiter", font_size=60))
            return box

    app = Bare()
    app.bind(on_start=lambda *_a: _interactive(app, t0))
    app.run()


def nav(data_dir: str) -> None:
    import psutil

    from kiosk.kivy_setup import configure
    from sync.config import load_config

    config = load_config(None, {"paths": {"data": data_dir}})
    configure(1920, 1080, fullscreen=False)
    from kivy.base import EventLoop
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    from kiosk.app import KioskApp
    from kiosk.store import Store
    from screens.widgets import Tappable

    class Silent:
        available = False

        def play(self, _wav): ...

        def stop(self): ...

        def playing(self):
            return False

    clock = [0.0]
    app = KioskApp(config, Store(config.db_path), lockdown=True, player=Silent(),
                   monotonic=lambda: clock[0], timers=False)
    app._run_prepare()
    drawn = []
    Window.bind(on_flip=lambda *_a: drawn.append(time.perf_counter()))
    for _ in range(3):
        EventLoop.idle()
    app.show(app.nav.home())
    EventLoop.idle()

    def find(prefix: str, index: int = 0):
        found = [w for w in app.root_layout.walk() if isinstance(w, Tappable)
                 and w.target.startswith(prefix) and w.enabled]
        return found[index % len(found)] if found else None

    # A resident's visit: a list, an entry, its next page, back, back, a category, an
    # entry there, Start. Rows and categories vary, so most screens are built anew.
    plan = ["tile:week", "row:", "pager:next", "bar:back", "bar:back", "tile:category:",
            "row:", "bar:home"]
    timings, rss = [], {}
    process = psutil.Process()
    for n in range(2000):
        widget = find(plan[n % len(plan)], n // len(plan)) or find("bar:home")
        clock[0] += 1.0  # past the double-tap window
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        start = time.perf_counter()
        touch.touch_up()
        before = len(drawn)
        while len(drawn) == before:
            EventLoop.idle()
        timings.append((drawn[-1] - start) * 1000)
        if n + 1 in (100, 1000, 2000):
            rss[n + 1] = process.memory_info().rss / 1e6
    first = sorted(timings[:500])
    print(json.dumps({"nav_p95_ms": first[int(len(first) * 0.95)],
                      "nav_median_ms": first[len(first) // 2],
                      "rss_growth_mb": rss[2000] - rss[100],
                      "rss_growth_last_1000_mb": rss[2000] - rss[1000]}), flush=True)
    app.stop()


def tts(data_dir: str) -> None:
    """Longest frame while the app reads an uncached screen aloud (espeak-ng synthesizing
    in the background, a fake loudspeaker)."""
    from kiosk.kivy_setup import configure
    from sync.config import load_config

    config = load_config(None, {"paths": {"data": data_dir},
                                "speech": {"engine": "espeak-ng"}})
    configure(1920, 1080, fullscreen=False)
    from kivy.base import EventLoop

    from kiosk.app import KioskApp
    from kiosk.store import Store

    class Silent:
        available = True

        def play(self, _wav): ...

        def stop(self): ...

        def playing(self):
            return False

    app = KioskApp(config, Store(config.db_path), lockdown=True, player=Silent(),
                   timers=False, prerender=False)
    app._run_prepare()
    app.show(app.nav.home())
    for _ in range(5):
        EventLoop.idle()
    text = " ".join(f"Satz Nummer {i}: Heute um {10 + i % 8} Uhr gibt es Kaffee und "
                    f"Kuchen im Saal der Alten Schule." for i in range(30))
    def frames(seconds: float) -> list[float]:
        """Durations of the main loop's frames (clock, input, drawing when something
        changed, and the wait for the next frame at 60 per second)."""
        durations = []
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            start = time.perf_counter()
            EventLoop.idle()
            durations.append((time.perf_counter() - start) * 1000)
        return durations

    def redraws(count: int) -> list[float]:
        """Frames that repaint the whole window (what any change on screen costs)."""
        from kivy.core.window import Window

        durations = []
        for _ in range(count):
            Window.canvas.ask_update()
            start = time.perf_counter()
            EventLoop.idle()
            durations.append((time.perf_counter() - start) * 1000)
        return durations

    quiet = frames(2.0)
    repaint = sorted(redraws(30))
    app.speaker.speak(text, 1)
    speaking = frames(4.0)
    app.speaker.stop()
    print(json.dumps({"max_frame_ms_during_tts": max(speaking),
                      "max_frame_ms_quiet": max(quiet),
                      "full_redraw_ms_median": repaint[len(repaint) // 2],
                      "frames": len(speaking)}), flush=True)
    app.stop()


def wake(data_dir: str) -> None:
    """`wake_to_frame_ms`: from a touch on the dark screen (the night schedule, attract
    mode behind the black cover) to the first frame that shows the content again. The
    panel's own power-on (HDMI-CEC: seconds on many TVs) comes on top; its command runs
    in the schedule's worker thread and is faked here (no panel)."""
    from datetime import datetime

    from kiosk.clock import TZ, fixed_clock
    from kiosk.kivy_setup import configure
    from sync.config import load_config

    config = load_config(None, {"paths": {"data": data_dir}, "clock": {"wait_for_sync": False},
                                "display": {"on": "Mo-Fr 08:00-18:00"}})
    configure(1920, 1080, fullscreen=False)
    from kivy.base import EventLoop
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    from kiosk.app import KioskApp
    from kiosk.display import BlackScreen
    from kiosk.store import Store

    night = fixed_clock(datetime(2026, 12, 1, 22, 0, tzinfo=TZ))
    clock = [0.0]
    app = KioskApp(config, Store(config.db_path, clock=night), clock=night, lockdown=True,
                   monotonic=lambda: clock[0], timers=False, prerender=False,
                   clock_synced=lambda: True, display=BlackScreen())
    app._run_prepare()
    drawn = []
    Window.bind(on_flip=lambda *_a: drawn.append(time.perf_counter()))
    app.end_visit()
    timings = []
    for _ in range(40):
        clock[0] += 1000.0          # past the time a wake keeps the screen on
        app.upkeep.tick()
        for _ in range(3):
            EventLoop.idle()
        assert app.upkeep.night.dark
        touch = UnitTestTouch(Window.width / 2, Window.height / 2)
        before = len(drawn)
        start = time.perf_counter()
        touch.touch_down()
        while len(drawn) == before:
            EventLoop.idle()
        timings.append((drawn[-1] - start) * 1000)
        touch.touch_up()
        assert app.upkeep.cover is None and app.nav.current.screen == "attract"
    timings.sort()
    print(json.dumps({"wake_to_frame_ms": timings[len(timings) // 2],
                      "wake_to_frame_max_ms": timings[-1]}), flush=True)
    app.stop()


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "startup":
        startup(sys.argv[2], float(sys.argv[3]))
    elif mode == "bare":
        bare(float(sys.argv[2]))
    elif mode == "tts":
        tts(sys.argv[2])
    elif mode == "wake":
        wake(sys.argv[2])
    else:
        nav(sys.argv[2])
