"""The night schedule's state: when the screen goes dark, when it wakes, and the small
drift of attract mode against burn-in. No Kivy here; kiosk.upkeep draws the black cover
and forwards the touches.

- Dark when the schedule (sync.schedule, with the feed's holidays) says off, nobody is
  using the terminal (attract mode) and no touch woke it within the last `stay_on_s`.
- A touch on the dark screen wakes it and does nothing else: the finger that finds a
  black screen must not press a button it could not see.
- The backend (kiosk.display) is called in one worker thread, in order; the UI never
  waits for `cec-ctl`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, datetime

from kiosk.display import DisplayBackend
from sync.schedule import Schedule

log = logging.getLogger(__name__)

SHIFT_MM = 2.0          # attract mode's content drifts this far from its place, at most
SHIFT_STEPS = 12        # ... around a circle, one step per SHIFT_EVERY_S
SHIFT_EVERY_S = 60.0


class Night:
    """Dark or not, and the calls to the display backend."""

    def __init__(self, schedule: Schedule | None, backend: DisplayBackend,
                 holidays: Callable[[], Mapping[date, str]], stay_on_s: float) -> None:
        self.schedule = schedule
        self.backend = backend
        self.holidays = holidays
        self.stay_on_s = stay_on_s
        self.dark = False
        self._woken_until = -math.inf
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="display")
        self.last_call: Future | None = None

    def should_be_dark(self, now: datetime, monotonic: float, visiting: bool) -> bool:
        if self.schedule is None or visiting or monotonic < self._woken_until:
            return False
        return not self.schedule.is_on(now, self.holidays())

    def step(self, now: datetime, monotonic: float, visiting: bool) -> bool | None:
        """Follow the schedule: True when the screen just went dark, False when it just
        came on again, None when nothing changed."""
        dark = self.should_be_dark(now, monotonic, visiting)
        if dark == self.dark:
            return None
        self._switch(dark)
        return dark

    def wake(self, monotonic: float) -> None:
        """A touch on the dark screen: light for `stay_on_s`, even outside the hours."""
        self._woken_until = monotonic + self.stay_on_s
        if self.dark:
            self._switch(False)

    def report(self) -> dict:
        words = ("aus nach Zeitplan" if self.dark else "an") + (
            f" – {self.backend.problem}" if self.backend.problem else "")
        return {"on": not self.dark, "backend": self.backend.name, "text": words}

    def close(self) -> None:
        self._worker.shutdown(wait=True, cancel_futures=False)

    def _switch(self, dark: bool) -> None:
        self.dark = dark
        log.info("display: %s (%s)", "off" if dark else "on", self.backend.name)
        self.last_call = self._worker.submit(self.backend.off if dark else self.backend.on)


def attract_shift(step: int, px_per_mm: float) -> tuple[int, int]:
    """Where attract mode's content sits at `step`: around a circle of SHIFT_MM, so no
    pixel shows the same edge all night."""
    angle = 2 * math.pi * (step % SHIFT_STEPS) / SHIFT_STEPS
    radius = SHIFT_MM * px_per_mm
    return round(radius * math.cos(angle)), round(radius * math.sin(angle))
