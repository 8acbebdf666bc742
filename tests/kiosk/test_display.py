"""Switching the panel off and on (kiosk/display.py): which backend "auto" finds, the
commands each sends. Faked, because a CI machine has no HDMI-CEC adapter, no backlight
and no panel: the command runner (records instead of running) and the sysfs folder."""

from __future__ import annotations

import pytest

from kiosk import display
from sync.config import load_config
from sync.errors import ConfigError


def _config(**values):
    return load_config(None, {"display": values})


class Recorder:
    def __init__(self, fail: bool = False) -> None:
        self.commands: list[list[str]] = []
        self.fail = fail

    def __call__(self, command: list[str]) -> None:
        self.commands.append(command)
        if self.fail:
            raise OSError(f"{command[0]}: Code 1 no CEC adapter")


def test_display_auto_prefers_cec_when_the_adapter_exists(tmp_path):
    cec = tmp_path / "cec0"
    cec.touch()
    run = Recorder()
    backend = display.choose(_config(cec_device=str(cec)), which=lambda n: f"/usr/bin/{n}",
                             backlight=tmp_path / "none", environ={}, run=run)
    backend.off()
    backend.on()
    assert backend.name == "cec" and run.commands == [
        ["cec-ctl", "-d", str(cec), "--playback", "--to", "0", "--standby"],
        ["cec-ctl", "-d", str(cec), "--playback", "--to", "0", "--image-view-on"]]


def test_display_auto_order_without_cec(tmp_path):
    light = tmp_path / "backlight"
    (light / "10-0045").mkdir(parents=True)
    (light / "10-0045" / "bl_power").write_text("0")
    found = display.choose(_config(cec_device=str(tmp_path / "no-cec")),
                           which=lambda n: f"/usr/bin/{n}", backlight=light, environ={})
    assert found.name == "backlight"
    found.off()
    assert (light / "10-0045" / "bl_power").read_text() == "4"
    found.on()
    assert (light / "10-0045" / "bl_power").read_text() == "0"
    none = tmp_path / "empty"
    x11 = display.choose(_config(cec_device=str(tmp_path / "no-cec")),
                         which=lambda n: f"/usr/bin/{n}", backlight=none,
                         environ={"DISPLAY": ":0"})
    assert x11.name == "xset"
    bare = display.choose(_config(cec_device=str(tmp_path / "no-cec")),
                          which=lambda n: None, backlight=none, environ={})
    assert bare.name == "black"


def test_display_a_failing_command_is_said_not_raised(tmp_path):
    backend = display.choose(_config(backend="wlr-randr"), run=Recorder(fail=True))
    backend.off()
    assert backend.problem == "wlr-randr: wlr-randr: Code 1 no CEC adapter"
    with pytest.raises(ConfigError, match=r"\[display\] backend = 'dpms': erlaubt sind auto"):
        display.choose(_config(backend="dpms"))


def test_display_run_command_has_a_deadline(monkeypatch):
    monkeypatch.setattr(display, "TIMEOUT_S", 0.2)
    with pytest.raises(OSError, match="keine Antwort"):
        display.run_command(["sleep", "5"])
    with pytest.raises(OSError, match="false: Code 1"):
        display.run_command(["false"])
