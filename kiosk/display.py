"""Switching the panel off at night and on again: one small interface, several ways.

The app always covers the screen with black when it goes dark (that alone stops
burn-in of the content); a backend also switches the picture or the light off where the
hardware allows, which saves energy and leaves no glowing panel in a locked room:

    cec        HDMI-CEC standby / "image view on" with `cec-ctl` (v4l-utils) on
               /dev/cec0 – most TVs and many professional panels
    backlight  /sys/class/backlight/*/bl_power – DSI panels such as the Raspberry Pi
               Touch Display (group video may write it)
    xset       `xset dpms force off|on` – an X11 session (development, a Desktop image)
    wlr-randr  `wlr-randr --output <output> --off|--on` – a wlroots Wayland session
    vcgencmd   `vcgencmd display_power 0|1` – the Pi's firmware display driver
    black      only the black cover (an HDMI panel without CEC under KMS: the kiosk holds
               the display itself and SDL offers no DPMS)

`[display] backend = "auto"` takes the first that is present in that order. Commands
run with a total deadline in the night schedule's worker thread, never in the UI thread;
a failure is logged and said in the status, and the black cover stays.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from sync.config import Config
from sync.errors import ConfigError

log = logging.getLogger(__name__)
TIMEOUT_S = 10.0
BACKLIGHT = Path("/sys/class/backlight")
Runner = Callable[[list[str]], None]


class DisplayBackend(Protocol):
    name: str
    problem: str      # German; empty while the last call worked

    def off(self) -> None: ...

    def on(self) -> None: ...


def run_command(command: list[str]) -> None:
    """Run a display command within TIMEOUT_S; raise OSError with its message."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S,
                                check=False)
    except subprocess.TimeoutExpired as exc:
        raise OSError(f"{command[0]}: keine Antwort nach {TIMEOUT_S:.0f} s") from exc
    if result.returncode != 0:
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
        raise OSError(f"{command[0]}: Code {result.returncode} {last[0][:120]}".strip())


class CommandBackend:
    """A backend made of two commands (off, on)."""

    def __init__(self, name: str, off: list[str], on: list[str],
                 run: Runner = run_command) -> None:
        self.name, self._off, self._on, self._run = name, off, on, run
        self.problem = ""

    def off(self) -> None:
        self._call(self._off)

    def on(self) -> None:
        self._call(self._on)

    def _call(self, command: list[str]) -> None:
        try:
            self._run(command)
            self.problem = ""
        except OSError as exc:
            self.problem = f"{self.name}: {exc}"
            log.warning("display: %s", self.problem)


class BacklightBackend:
    """bl_power of every backlight: 4 = off, 0 = on."""

    name = "backlight"

    def __init__(self, folder: Path = BACKLIGHT) -> None:
        self.folder = folder
        self.problem = ""

    def off(self) -> None:
        self._write("4")

    def on(self) -> None:
        self._write("0")

    def _write(self, value: str) -> None:
        try:
            for power in sorted(self.folder.glob("*/bl_power")):
                power.write_text(value)
            self.problem = ""
        except OSError as exc:
            self.problem = f"backlight: {exc}"
            log.warning("display: %s", self.problem)


class BlackScreen:
    """Only the app's black cover."""

    name = "black"
    problem = ""

    def off(self) -> None:
        pass

    def on(self) -> None:
        pass


def choose(config: Config, *, which: Callable[[str], str | None] = shutil.which,
           backlight: Path = BACKLIGHT, environ: Mapping[str, str] | None = None,
           run: Runner = run_command) -> DisplayBackend:
    """The backend `[display] backend` asks for ("auto": the first one present)."""
    env = os.environ if environ is None else environ
    display = config.data["display"]
    cec = display.get("cec_device") or "/dev/cec0"
    output = config.data["screen"].get("output") or "HDMI-A-1"
    makers: dict[str, tuple[Callable[[], bool], Callable[[], DisplayBackend]]] = {
        "cec": (lambda: bool(which("cec-ctl")) and Path(cec).exists(),
                lambda: CommandBackend("cec", ["cec-ctl", "-d", cec, "--playback", "--to", "0",
                                               "--standby"],
                                       ["cec-ctl", "-d", cec, "--playback", "--to", "0",
                                        "--image-view-on"], run)),
        "backlight": (lambda: any(backlight.glob("*/bl_power")),
                      lambda: BacklightBackend(backlight)),
        "xset": (lambda: bool(which("xset")) and bool(env.get("DISPLAY")),
                 lambda: CommandBackend("xset", ["xset", "dpms", "force", "off"],
                                        ["xset", "dpms", "force", "on"], run)),
        "wlr-randr": (lambda: bool(which("wlr-randr")) and bool(env.get("WAYLAND_DISPLAY")),
                      lambda: CommandBackend("wlr-randr", ["wlr-randr", "--output", output,
                                                           "--off"],
                                             ["wlr-randr", "--output", output, "--on"], run)),
        "vcgencmd": (lambda: bool(which("vcgencmd")),
                     lambda: CommandBackend("vcgencmd", ["vcgencmd", "display_power", "0"],
                                            ["vcgencmd", "display_power", "1"], run)),
        "black": (lambda: True, BlackScreen),
    }
    wanted = display.get("backend") or "auto"
    if wanted == "auto":
        for present, make in makers.values():
            if present():
                return make()
    if wanted not in makers:
        raise ConfigError(f"[display] backend = {wanted!r}: erlaubt sind auto, "
                          f"{', '.join(makers)} / allowed: auto, {', '.join(makers)}")
    return makers[wanted][1]()
