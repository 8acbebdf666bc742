"""Benchmarks of the Kivy app under a virtual screen: startup, navigation, memory, speech,
waking from the night's dark screen."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kiosk.clock import system_clock
from kiosk.demo import load_demo
from kiosk.xvfb import virtual_display

ROOT = Path(__file__).resolve().parents[2]


def _driver(*args: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "tests.bench.ui_driver", *args],
                            cwd=ROOT, capture_output=True, text=True, timeout=900,
                            env={**os.environ})
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"ui_driver {args[0]} failed: {result.stderr[-2000:]}")
    return json.loads(lines[-1])


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, virtual_display(1920, 1080):
        load_demo(Path(tmp), system_clock())
        app = statistics.median(_driver("startup", tmp, repr(time.time()))["seconds"]
                                for _ in range(5))
        bare = statistics.median(_driver("bare", repr(time.time()))["seconds"]
                                 for _ in range(5))
        nav = _driver("nav", tmp)
        tts = _driver("tts", tmp)
        wake = _driver("wake", tmp)
    return {
        "startup_s": round(app, 3),
        "startup_bare_kivy_s": round(bare, 3),
        "nav_p95_ms": round(nav["nav_p95_ms"], 1),
        "nav_median_ms": round(nav["nav_median_ms"], 1),
        "rss_growth_mb": round(nav["rss_growth_mb"], 2),
        "max_frame_ms_during_tts": round(tts["max_frame_ms_during_tts"], 1),
        "max_frame_ms_quiet": round(tts["max_frame_ms_quiet"], 1),
        "full_redraw_ms_median": round(tts["full_redraw_ms_median"], 1),
        "wake_to_frame_ms": round(wake["wake_to_frame_ms"], 1),
        "wake_to_frame_max_ms": round(wake["wake_to_frame_max_ms"], 1),
    }
