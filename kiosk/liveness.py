"""The kiosk's proof of life for the fleet page: its last drawn frame and the screen it
shows, written to the status file (sync.kiosk_status) at least every WRITE_S seconds.

The app shell calls `frame()` on every buffer flip and asks for a redraw every
REDRAW_S seconds, so even a screen nobody touches flips, and each write carries a frame
that is at most a moment old. A main loop that stops turning stops both: the file ages,
the sync daemon's heartbeat says how long ago the last frame was (`frame_age_s`), and the
hub turns the terminal red ("Bildschirm zeigt seit … nichts mehr"). Writing only after a
real frame keeps the claim honest: a timer alone could tick on with a dead GL context.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sync import kiosk_status
from sync.net import software_version

log = logging.getLogger(__name__)

WRITE_S = 30.0    # a status at least this often (the hub's frame_alarm_s is 75 s)
REDRAW_S = 10.0   # the shell asks for a frame this often, touched or not


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Liveness:
    """The status report and when it was last written."""

    def __init__(self, data_dir: Path, *, monotonic: Callable[[], float] = time.monotonic,
                 wall: Callable[[], datetime] = _utc_now, every_s: float = WRITE_S,
                 boot: str | None = None) -> None:
        self.data_dir = data_dir
        self.monotonic = monotonic
        self.wall = wall
        self.every_s = every_s
        self.boot = kiosk_status.boot_id() if boot is None else boot
        # "started_at" and "software" with the first frame: also the updater's sign that
        # this release draws.
        self.report: dict[str, Any] = {"started_at": wall().isoformat(),
                                       "software": software_version()}
        self._written_at: float | None = None

    def update(self, **parts: Any) -> None:
        """Change parts of the report (speech, geometry, clock, display); they go out with
        the next frame."""
        self.report.update(parts)
        self._written_at = None

    def frame(self, route: str) -> bool:
        """A frame was drawn showing `route`: write the report if it is due. True if
        written."""
        now = self.monotonic()
        if self._written_at is not None and now - self._written_at < self.every_s:
            return False
        self.report["frame"] = {"at": self.wall().isoformat(), "monotonic": now,
                                "boot_id": self.boot}
        self.report["route"] = route
        try:
            kiosk_status.write(self.data_dir, self.report)
        except OSError as exc:  # a full or read-only disk must not stop the screen
            log.warning("status file not written: %s", exc)
            return False
        self._written_at = now
        return True
