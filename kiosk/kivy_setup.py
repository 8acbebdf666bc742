"""Configure Kivy before anything imports it: the window is created on first import of
kivy.core.window, with whatever configuration is set at that moment.

Touch: ONE input path, set here and nowhere else. SDL reads the touchscreen (under
kmsdrm through its own evdev reader, under X11/Wayland through the display server) and
turns each touch into a mouse press and release (SDL_TOUCH_MOUSE_EVENTS, on by default,
pinned here); Kivy's "mouse" provider turns those into one touch each. Kivy's own readers
of /dev/input (probesysfs with hidinput or mtdev, which Kivy's defaults switch on for
Linux) are removed: with both, SDL and Kivy each report every tap – twice on screen.
SDL's finger events are ignored by Kivy on Linux, so they cannot add a third. One finger
at a time is all the terminal needs (no gestures anywhere).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kiosk.geometry import panel_mode

# The [input] section Kivy ends up with: exactly this, whatever its defaults say.
INPUT = {"mouse": "mouse,disable_multitouch"}
SDL_HINTS = {"SDL_TOUCH_MOUSE_EVENTS": "1", "SDL_MOUSE_TOUCH_EVENTS": "0"}


def configure(width: int, height: int, *, fullscreen: bool, kivy_home: Path | None = None,
              verbose: bool = False, rotation: int = 0) -> None:
    """Set Kivy's environment and Config for one terminal window of width × height as the
    resident sees it, on a panel turned by `rotation` degrees."""
    # Kivy must not parse our arguments, read or write ~/.kivy, or flood the console.
    os.environ["KIVY_NO_ARGS"] = "1"
    os.environ["KIVY_NO_CONFIG"] = "1"
    os.environ["KIVY_NO_FILELOG"] = "1"
    if not verbose:
        os.environ["KIVY_NO_CONSOLELOG"] = "1"
    for name, value in SDL_HINTS.items():
        os.environ[name] = value
    home = kivy_home or Path(tempfile.gettempdir()) / f"quartier-kiosk-kivy-{os.getuid()}"
    home.mkdir(parents=True, exist_ok=True)
    os.environ["KIVY_HOME"] = str(home)

    from kivy.config import Config

    # Kivy's window size is the panel's own mode; its rotation turns the picture into it.
    mode = panel_mode(width, height, rotation)
    Config.set("graphics", "width", str(mode[0]))
    Config.set("graphics", "height", str(mode[1]))
    Config.set("graphics", "rotation", str(rotation))
    Config.set("graphics", "resizable", "0")
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "maxfps", "60")
    # No Escape-to-quit, no settings panel.
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "keyboard_mode", "system")
    # No red multitouch dots on right clicks; no second reader of the touchscreen.
    for key in Config.options("input"):
        Config.remove_option("input", key)
    for key, value in INPUT.items():
        Config.set("input", key, value)
