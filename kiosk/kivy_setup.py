"""Configure Kivy before anything imports it: the window is created on first import of
kivy.core.window, with whatever configuration is set at that moment."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def configure(width: int, height: int, *, fullscreen: bool, kivy_home: Path | None = None,
              verbose: bool = False) -> None:
    """Set Kivy's environment and Config for one terminal window of width × height."""
    # Kivy must not parse our arguments, read or write ~/.kivy, or flood the console.
    os.environ["KIVY_NO_ARGS"] = "1"
    os.environ["KIVY_NO_CONFIG"] = "1"
    os.environ["KIVY_NO_FILELOG"] = "1"
    if not verbose:
        os.environ["KIVY_NO_CONSOLELOG"] = "1"
    home = kivy_home or Path(tempfile.gettempdir()) / f"quartier-kiosk-kivy-{os.getuid()}"
    home.mkdir(parents=True, exist_ok=True)
    os.environ["KIVY_HOME"] = str(home)

    from kivy.config import Config

    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("graphics", "resizable", "0")
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "maxfps", "60")
    # No Escape-to-quit, no red multitouch dots on right clicks, no settings panel.
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("input", "mouse", "mouse,disable_multitouch")
    Config.set("kivy", "keyboard_mode", "system")
