"""Runs the GUI tests (tests/screens/gui) in their own process with a virtual screen:
Kivy allows one window per process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.xvfb import virtual_display

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(900)  # the subprocess's own deadline below
def test_gui_suite_passes_in_its_own_process():
    env = {**os.environ, "QK_GUI_PROCESS": "1"}
    env.pop("DISPLAY", None)
    with virtual_display(1920, 1920):
        env["DISPLAY"] = os.environ["DISPLAY"]
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             str(ROOT / "tests" / "screens" / "gui")],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
