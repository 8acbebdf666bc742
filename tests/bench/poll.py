"""Benchmark of voting at the terminal: the real app under a virtual screen, 60 visits that
each open the poll from the "Mitmachen" tile, tap an answer, read the confirmation for
0.6 s (the app builds the thank-you meanwhile) and then tap "Ja, abschicken".

    vote_tap_to_thanks_ms          95th percentile: the release of "Ja, abschicken" to the
                                   drawn frame of the thank-you (the vote counted between)
    vote_tap_to_thanks_median_ms   its median
    vote_tap_to_thanks_unprepared_ms   p95 of 30 more votes tapped at once, every built
                                   screen forgotten before: the thank-you built in the tap

`python -m tests.bench poll`; the driver runs in its own process (one Kivy window each):
`python -m tests.bench.poll DATA_DIR`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kiosk.clock import system_clock
from kiosk.demo import load_demo
from kiosk.xvfb import virtual_display

ROOT = Path(__file__).resolve().parents[2]
VOTES = 60
READ_S = 0.6   # a resident reads the confirmation at least this long (it takes longer)


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, virtual_display(1920, 1080):
        load_demo(Path(tmp), system_clock())
        result = subprocess.run([sys.executable, "-m", "tests.bench.poll", tmp], cwd=ROOT,
                                capture_output=True, text=True, timeout=900,
                                env={**os.environ})
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"poll bench failed: {result.stderr[-2000:]}")
    return json.loads(lines[-1])


def drive(data_dir: str) -> None:
    from kiosk.kivy_setup import configure
    from sync.config import load_config

    config = load_config(None, {"paths": {"data": data_dir}})
    configure(1920, 1080, fullscreen=False)
    from kivy.base import EventLoop
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    from kiosk.app import KioskApp
    from kiosk.audio import SilentPlayer
    from kiosk.store import Store
    from tests.kiosk_driver import frames, tappables

    clock = [0.0]
    app = KioskApp(config, Store(config.db_path), lockdown=True, player=SilentPlayer(),
                   monotonic=lambda: clock[0], timers=False, prerender=False)
    app._run_prepare()
    drawn: list[float] = []
    Window.bind(on_flip=lambda *_a: drawn.append(time.perf_counter()))
    frames(3)

    def tap(target: str) -> float:
        """Tap; the milliseconds from the release to the next drawn frame."""
        (widget,) = [w for w in tappables(app) if w.target == target]
        clock[0] += 1.0   # past the double-tap guard
        touch = UnitTestTouch(*widget.to_window(*widget.center))
        touch.touch_down()
        before = len(drawn)
        start = time.perf_counter()
        touch.touch_up()
        while len(drawn) == before:
            EventLoop.idle()
        return (drawn[-1] - start) * 1000

    def read(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            EventLoop.idle()

    answers = ["baenke", "schatten", "brunnen", "treffpunkt"]

    def votes(count: int, prepared: bool) -> list[float]:
        timings = []
        for n in range(count):
            app.end_visit()                     # each vote a visit of its own
            frames()
            tap("attract")
            tap("tile:category:mitmachen")
            tap(f"answer:{answers[n % len(answers)]}")
            if prepared:
                read(READ_S)                    # "Sie wählen: …" is read before the tap
            else:
                app.builder._cache.clear()
            timings.append(tap("poll:yes"))
            assert app.nav.current.screen == "poll_thanks", app.nav.current
        return sorted(timings)

    prepared, unprepared = votes(VOTES, True), votes(VOTES // 2, False)
    counted = sum(n for (_h, kind, _k), n in app.usage.counters.pending_counts().items()
                  if kind == "vote")
    assert counted == VOTES + VOTES // 2, counted
    app.stop()

    def p95(timings: list[float]) -> float:
        return round(timings[int(len(timings) * 0.95)], 1)

    print(json.dumps({"vote_tap_to_thanks_ms": p95(prepared),
                      "vote_tap_to_thanks_median_ms": round(prepared[len(prepared) // 2], 1),
                      "vote_tap_to_thanks_unprepared_ms": p95(unprepared)}), flush=True)


if __name__ == "__main__":
    drive(sys.argv[1])
