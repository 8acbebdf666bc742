"""The kiosk app's own report (<data>/kiosk-status.json): written by the app at start and
then at least every minute (kiosk.liveness: its last drawn frame, the screen on show, the
window's geometry, the clock, the display), read here for `quartier-sync status` and the
heartbeat. A file, so sync never imports kiosk code.

The frame's time is given twice: as UTC text for people, and as CLOCK_MONOTONIC seconds
with the kernel's boot id, which sync compares with its own (`frame_age_s`): one clock
for both processes that no NTP step and no wrong date can bend.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

FILE = "kiosk-status.json"
BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


def write(data_dir: Path, report: dict[str, Any]) -> None:
    """Replace the report atomically."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    os.replace(tmp, path)


def read(data_dir: Path) -> dict[str, Any] | None:
    """The report, or None when the app has not started yet (or wrote garbage)."""
    try:
        value = json.loads((data_dir / FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def boot_id() -> str:
    """This boot's id (changes with every start of the machine); "" when unknown."""
    try:
        return BOOT_ID.read_text().strip()
    except OSError:
        return ""


def frame_age_s(report: dict[str, Any], *, monotonic: float, boot: str,
                uptime_s: float | None) -> float | None:
    """Seconds since the kiosk last drew a frame, as far as this process can tell; None
    when the report says nothing about frames (an older app). A report from an earlier
    boot means nothing was drawn since this one started: the machine's uptime."""
    frame = report.get("frame")
    if not isinstance(frame, dict) or not isinstance(frame.get("monotonic"), int | float):
        return None
    if frame.get("boot_id") != boot or frame["monotonic"] > monotonic:
        return None if uptime_s is None else float(uptime_s)
    return round(monotonic - frame["monotonic"], 1)


def for_heartbeat(report: dict[str, Any] | None, *, monotonic: float | None = None,
                  boot: str | None = None, uptime_s: float | None = None
                  ) -> dict[str, Any] | None:
    """The report as the heartbeat carries it: the frame as `frame_at` and `frame_age_s`
    (the monotonic time means nothing on the hub). The screen on show ("route") stays on
    the terminal: heartbeats every 45 s would hand the hub a sequence of screens
    (docs/datenschutz.md), and the fleet page needs only that frames are drawn."""
    if report is None:
        return None
    out = {k: v for k, v in report.items() if k not in ("frame", "route")}
    frame = report.get("frame")
    if isinstance(frame, dict):
        out["frame_at"] = frame.get("at")
        out["frame_age_s"] = frame_age_s(
            report, monotonic=time.monotonic() if monotonic is None else monotonic,
            boot=boot_id() if boot is None else boot, uptime_s=uptime_s)
    return out
