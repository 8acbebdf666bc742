"""The app shell's care for a terminal in the field (part of the shell: it imports Kivy;
the decisions live in window-free modules):

- liveness (kiosk.liveness): the last drawn frame and the route, written to the status
  file at least every 30 s, a frame asked for every 10 s;
- geometry (kiosk.geometry): the real window against [screen], reported at start;
- speech (kiosk.audio_stream): the test playback on the configured device after the
  first frame decides "speech available";
- the clock (kiosk.clock_check): "Die Uhrzeit wird gerade gestellt" over everything
  while the clock cannot be trusted;
- the night (kiosk.night, sync.schedule, kiosk.display): black cover and the panel off
  outside `[display] on`, the first touch only wakes, attract mode drifts.

The app calls start() in on_start, background() after the first frames, tick() every
second (only when its timers run: never in the tour), swallow() for every touch first,
and stop().
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from kivy.clock import Clock
from kivy.core.window import Window

from kiosk import clock_check, display, geometry
from kiosk.audio_stream import CHECK_TEXT
from kiosk.liveness import REDRAW_S, Liveness
from kiosk.night import SHIFT_EVERY_S, Night, attract_shift
from screens.covers import Cover
from sync import schedule

log = logging.getLogger(__name__)
CLOCK_CHECK_S = 10.0


class Upkeep:
    def __init__(self, app: Any, *, clock_synced: Callable[[], bool] | None = None,
                 backend: display.DisplayBackend | None = None) -> None:
        config = app.kiosk_config
        self.app = app
        self.config = config
        self.liveness = Liveness(config.data_dir)
        self.clock_synced = clock_synced or clock_check.system_synchronized
        self.clock_state: clock_check.ClockState | None = None
        self._clock_checked = -float("inf")
        self.night = Night(schedule.parse(config.display.on),
                           backend or display.choose(config), self._holidays,
                           float(config.kiosk.idle_s))
        self.cover: Cover | None = None
        self.shift_step = 0

    # -- what the app calls ---------------------------------------------------------------

    def start(self) -> None:
        self.geometry = geometry.check(Window.size, self.config)
        if not self.geometry.ok:
            log.warning("screen: %s", self.geometry.text)
        self.liveness.update(screen=list(self.geometry.window),
                             geometry=self.geometry.report(), display=self.night.report())
        Window.bind(on_flip=self._flipped)
        if self.app.timers:   # a running terminal (not the tour, not a test's own ticks)
            Clock.schedule_interval(lambda _dt: Window.canvas.ask_update(), REDRAW_S)
            self.tick()
            Clock.schedule_interval(lambda _dt: self.shift_attract(), SHIFT_EVERY_S)

    def background(self) -> None:
        """After the first frames: the speech status, then the test playback."""
        self.write_speech()
        check = getattr(self.app.player, "check", None)
        if check is not None:
            threading.Thread(target=self._check_audio, args=(check,), daemon=True,
                             name="audio-check").start()

    def tick(self) -> None:
        app = self.app
        now, monotonic = app.clock(), app.monotonic()
        if self.config.clock.wait_for_sync and \
                time.monotonic() - self._clock_checked >= CLOCK_CHECK_S:
            self.check_clock(now)
        visiting = app.nav.current.screen != "attract" or app.overlay is not None
        changed = self.night.step(now, monotonic, visiting)
        if changed is not None:
            if changed:
                app._silence()
            self._cover()
            self.liveness.update(display=self.night.report())

    def _flipped(self, *_args: Any) -> None:
        """A frame was drawn. Returns None: a True from an on_flip handler would stop
        Kivy's dispatch, and the tour's (or any other) handler would miss the frame."""
        self.liveness.frame(self.route())

    def swallow(self, touch: Any) -> bool:
        """True when a touch must do nothing but wake the screen (or nothing at all,
        while the clock notice is up); the app then ignores it."""
        if self.night.dark:
            self.night.wake(self.app.monotonic())
            self._cover()
            self.liveness.update(display=self.night.report())
            return True
        return self.cover is not None

    def route(self) -> str:
        if self.cover is not None:
            return self.cover.kind
        current = self.app.nav.current
        return f"{current.screen}:{current.key}" if current.key else current.screen

    def stop(self) -> None:
        self.night.close()
        close = getattr(self.app.player, "close", None)
        if close is not None:
            close()

    # -- parts ---------------------------------------------------------------------------

    def check_clock(self, now: Any) -> None:
        self._clock_checked = time.monotonic()
        info = self.app.store.info()
        state = clock_check.judge(now, self.clock_synced(),
                                  info.generated_at if info else None)
        if state != self.clock_state:
            self.clock_state = state
            if not state.ok:
                log.warning("clock: %s", state.text)
            self.liveness.update(clock=state.report())
            self._cover()

    def shift_attract(self) -> None:
        """Attract mode's content a little elsewhere each minute (burn-in)."""
        self.shift_step += 1
        if self.app.shown.route.screen == "attract" and self.app.screen is not None:
            self.app.screen.pos = attract_shift(self.shift_step, self.app.style.px_per_mm)

    def write_speech(self) -> None:
        speech = self.app.speaker.status()
        self.liveness.update(speech={
            "available": speech.available, "engine": speech.engine, "audio": speech.audio,
            "text": speech.text, "note": speech.note})

    def _check_audio(self, check: Callable[..., bool]) -> None:
        speaker = self.app.speaker
        rate = speaker.settings.rate(1)
        check(lambda path: speaker.engine.synthesize(CHECK_TEXT, rate, path),
              gain=float(self.config.audio.test_gain))
        Clock.schedule_once(lambda _dt: self.write_speech(), 0)

    def _holidays(self) -> dict[date, str]:
        return self.app.store.holidays()

    def _cover(self) -> None:
        """Put up the cover the state asks for (dark wins), or take it down."""
        app = self.app
        kind = "dark" if self.night.dark else (
            "clock" if self.clock_state is not None and not self.clock_state.ok else None)
        if (self.cover.kind if self.cover else None) == kind:
            return
        if self.cover is not None:
            app.root_layout.remove_widget(self.cover)
            self.cover = None
        for part in (app.sm, app.bar):
            part.opacity = 0 if kind else 1
        if kind is not None:
            frame = app.frame()
            self.cover = Cover().build_dark(frame) if kind == "dark" else \
                Cover().build_clock(frame)
            app.root_layout.add_widget(self.cover)
            app._silence()
