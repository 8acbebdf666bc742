"""The real kiosk app in a process of its own, driven by simulated touches (for tests that
run hub, sync and terminal as separate processes, tests/test_end_to_end_poll.py):

    python -m tests.kiosk_driver CONFIG NOW STEPS

CONFIG is the terminal's kiosk.toml, NOW the app's clock (ISO, Europe/Berlin), STEPS a
JSON list: ["tap", target] taps the visible target with that id (the attract screen's is
"attract"), ["idle"] lets the terminal stand untouched until the idle reset, ["see",
label] records the screen on show. Needs a display (run it under Xvfb). The app stops at
the end as it does on SIGTERM, so its usage counts are stored. Prints one JSON line:
{"seen": [{"label", "screen", "key", "texts", "targets", "speech"}]}.
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

TAP_SETTLE_S = 0.6   # past the double-tap guard between two taps


def frames(count: int = 2) -> None:
    from kivy.base import EventLoop

    for _ in range(count):
        EventLoop.idle()


def tappables(app: Any) -> list:
    from screens.widgets import Tappable

    root = app.overlay if app.overlay is not None else app.root_layout
    return [w for w in root.walk() if isinstance(w, Tappable) and w.enabled]


def _tap(app: Any, target: str, clock: list[float]) -> None:
    from kivy.tests.common import UnitTestTouch

    found = [w for w in tappables(app) if w.target == target]
    if not found:
        raise SystemExit(f"no target {target!r} on {app.nav.current}; there are "
                         f"{sorted(w.target for w in tappables(app))}")
    touch = UnitTestTouch(*found[0].to_window(*found[0].center))
    touch.touch_down()
    touch.touch_up()
    frames()
    clock[0] += TAP_SETTLE_S


def _idle(app: Any, clock: list[float]) -> None:
    """Nobody touches the terminal: "Sind Sie noch da?", then the reset."""
    clock[0] += app.idle.idle_s + 1
    app.tick()
    clock[0] += app.idle.grace_s + 1
    app.tick()
    frames()


def _see(app: Any, label: str) -> dict:
    """The screen on show; texts with plain spaces (facts are drawn with no-break ones)."""
    from kiosk.text.keep import plain_spaces
    from screens.widgets import Text

    return {"label": label, "screen": app.nav.current.screen, "key": app.nav.current.key,
            "texts": [plain_spaces(w.text) for w in app.root_layout.walk()
                      if isinstance(w, Text)],
            "targets": sorted(w.target for w in tappables(app)),
            "speech": app.speech_text()}


def main(config_path: str, now: str, steps: str) -> int:
    from kiosk.clock import TZ, fixed_clock
    from kiosk.kivy_setup import configure
    from sync.config import load_config

    config = load_config(Path(config_path))
    configure(1920, 1080, fullscreen=False, kivy_home=Path(tempfile.mkdtemp()))
    # The app's clock is set back on purpose (its visits must lie in hours that are over),
    # behind the feed's own time: the terminal's clock check would rightly cover the screen
    # with its notice. Here the clock counts as right; the check itself is tested in
    # tests/kiosk/test_night.py and tests/screens/gui/test_upkeep_gui.py.
    from kiosk import clock_check
    from kiosk.app import KioskApp
    from kiosk.audio import SilentPlayer
    from kiosk.store import Store

    clock_check.judge = lambda *_args: clock_check.ClockState(True, True, False, "Testuhr")
    clock = fixed_clock(datetime.fromisoformat(now).replace(tzinfo=TZ))
    monotonic = [1000.0]
    app = KioskApp(config, Store(config.db_path, clock=clock), clock=clock, player=SilentPlayer(),
                   lockdown=True, monotonic=lambda: monotonic[0], timers=False,
                   prerender=False)
    app._run_prepare()
    frames(3)
    seen = []
    try:
        for step in json.loads(steps):
            if step[0] == "tap":
                _tap(app, step[1], monotonic)
            elif step[0] == "idle":
                _idle(app, monotonic)
            elif step[0] == "see":
                seen.append(_see(app, step[1]))
            else:
                raise SystemExit(f"unknown step {step!r}")
    finally:
        app.stop()
    print(json.dumps({"seen": seen}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
