"""[screen] rotation and the window size the terminal really got (kiosk/geometry.py),
and the one touch path Kivy is configured with (kiosk/kivy_setup.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kiosk import geometry
from sync.config import load_config
from sync.errors import ConfigError


def _config(**screen):
    return load_config(None, {"screen": screen})


def test_geometry_matching_window_is_ok():
    state = geometry.check((1920.0, 1080.0), _config())
    assert state.ok and state.window == state.configured == (1920, 1080)


def test_geometry_mismatch_is_reported_in_words():
    state = geometry.check((3840, 2160), _config())
    assert not state.ok
    assert state.text.startswith("das Bild ist 3840 × 2160 Pixel groß, eingestellt sind "
                                 "1920 × 1080")
    assert "video_mode" in state.text and len(state.text) < 400   # the hub keeps 400
    turned = geometry.check((1920, 1080), _config(width_px=1080, height_px=1920))
    assert not turned.ok and "Hoch- und Querformat vertauscht" in turned.text
    assert turned.report()["window"] == [1920, 1080]


@pytest.mark.parametrize("value", [45, 360, 1.5])
def test_geometry_rotation_must_be_a_quarter_turn(value):
    with pytest.raises(ConfigError, match=r"\[screen\] rotation = .*: erlaubt sind 0, 90"):
        geometry.rotation(_config(rotation=value))
    with pytest.raises(ConfigError, match=r"\[screen\] rotation must be a number"):
        _config(rotation="90")   # the table's own check, before


def test_geometry_panel_mode_of_a_turned_stele():
    assert geometry.panel_mode(1080, 1920, 90) == (1920, 1080)
    assert geometry.panel_mode(1080, 1920, 180) == (1080, 1920)


def test_kivy_setup_leaves_exactly_one_touch_path(tmp_path):
    """Kivy's defaults on Linux read the touchscreen themselves (probesysfs → mtdev or
    hidinput) while SDL turns the same touches into mouse clicks: every tap twice. After
    configure() only the mouse provider (fed by SDL) is left. In its own process: Kivy's
    Config is global."""
    code = (
        "import json, os, pathlib\n"
        "os.environ['KIVY_NO_CONSOLELOG'] = '1'\n"
        "from kivy.config import Config\n"
        "before = dict(Config.items('input'))\n"
        "from kiosk.kivy_setup import configure\n"
        f"configure(1080, 1920, fullscreen=False, kivy_home=pathlib.Path({str(tmp_path)!r}),"
        " rotation=90)\n"
        "print(json.dumps([before, dict(Config.items('input')),"
        " [Config.get('graphics', k) for k in ('width', 'height', 'rotation')],"
        " os.environ['SDL_TOUCH_MOUSE_EVENTS']]))\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIVY")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    before, after, graphics, hint = json.loads(result.stdout.strip().splitlines()[-1])
    assert any("probesysfs" in v for v in before.values())   # what Kivy would do
    assert after == {"mouse": "mouse,disable_multitouch"}
    assert graphics == ["1920", "1080", "90"] and hint == "1"


def _status_of_a_real_terminal(tmp_path, screen: str) -> dict:
    """Start `python -m kiosk` on Xvfb (1920 × 1920) and return its first status with a
    frame and a geometry in it."""
    import signal
    import time

    from kiosk.clock import system_clock
    from kiosk.demo import load_demo
    from kiosk.xvfb import virtual_display
    from sync import kiosk_status

    data = tmp_path / "daten"
    load_demo(data, system_clock())
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ndata = "{data}"\n[clock]\nwait_for_sync = false\n'
                      f"[screen]\n{screen}\n")
    with virtual_display(1920, 1080):   # Xvfb's screen is square: 1920 × 1920
        env = {**os.environ, "SDL_VIDEODRIVER": "x11"}
        proc = subprocess.Popen([sys.executable, "-m", "kiosk", "--config", str(config)],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline, report = time.monotonic() + 90, None
            while time.monotonic() < deadline and proc.poll() is None:
                report = kiosk_status.read(data)
                if report and "geometry" in report and "frame" in report:
                    break
                time.sleep(0.2)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    assert report is not None, proc.stderr.read().decode()[-2000:]
    return report


def test_geometry_mismatch_of_a_real_fullscreen_window_is_reported(tmp_path):
    """The real terminal, fullscreen ("auto": the display's own mode, as on the Pi) on a
    virtual screen of 1920 × 1920 while [screen] says 1920 × 1080: it says so in its
    status file (and so in the heartbeat) instead of drawing on silently."""
    report = _status_of_a_real_terminal(tmp_path, "fullscreen = true")
    geometry_report = report["geometry"]
    assert geometry_report["ok"] is False
    assert geometry_report["window"] == [1920, 1920] == report["screen"]
    assert geometry_report["text"].startswith("das Bild ist 1920 × 1920 Pixel groß, "
                                              "eingestellt sind 1920 × 1080")


def test_geometry_rotation_turns_a_landscape_mode_into_a_portrait_picture(tmp_path):
    """A portrait stele (1080 × 1920) on a panel running 1920 × 1080, turned by 90°: the
    window Kivy draws in is 1080 × 1920, as configured."""
    report = _status_of_a_real_terminal(
        tmp_path, "fullscreen = false\nwidth_px = 1080\nheight_px = 1920\nwidth_mm = 268\n"
                  "rotation = 90")
    assert report["geometry"]["ok"] is True
    assert report["geometry"]["window"] == [1080, 1920] and report["geometry"]["rotation"] == 90
