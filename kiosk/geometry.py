"""The screen's geometry: the rotation of [screen], the window size Kivy is asked for,
and whether the window the terminal really got matches kiosk.toml.

`[screen] width_px`/`height_px` are the picture as the resident sees it (a portrait
stele: 1080 × 1920) and `width_mm` its measured width; every millimetre on screen is
computed from them. `rotation` (0, 90, 180, 270 degrees clockwise) turns the picture on a
panel that is mounted turned: the panel's own mode is then height × width (the installer
pins it on the kernel command line, deploy/terminal_config.py). A fullscreen window takes
whatever mode the display runs in; when that is not the configured one (a stele fed a
landscape mode, a 4K TV) the sizes in millimetres are wrong, so the terminal says so –
in its status, the heartbeat and the fleet page – instead of drawing on silently.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sync.config import Config
from sync.errors import ConfigError

ROTATIONS = (0, 90, 180, 270)


def rotation(config: Config) -> int:
    """`[screen] rotation`, checked."""
    value = config.data["screen"].get("rotation", 0)
    if isinstance(value, bool) or value not in ROTATIONS:
        raise ConfigError(f"[screen] rotation = {value!r}: erlaubt sind 0, 90, 180 und 270 "
                          f"(Grad im Uhrzeigersinn) / allowed: 0, 90, 180, 270")
    return int(value)


def configured(config: Config) -> tuple[int, int]:
    """The picture as the resident sees it, in pixels."""
    return int(config.screen.width_px), int(config.screen.height_px)


def panel_mode(width: int, height: int, turn: int) -> tuple[int, int]:
    """The panel's own mode for a picture of width × height turned by `turn` degrees."""
    return (height, width) if turn in (90, 270) else (width, height)


@dataclass(frozen=True)
class Geometry:
    window: tuple[int, int]        # what the window really is (after rotation)
    configured: tuple[int, int]    # [screen] width_px × height_px
    rotation: int
    ok: bool
    text: str                      # German, for staff and technicians

    def report(self) -> dict:
        return {**asdict(self), "window": list(self.window),
                "configured": list(self.configured)}


def check(window: tuple[float, float], config: Config) -> Geometry:
    """Compare the real window (Kivy's Window.size, after rotation) with [screen]."""
    real = (int(window[0]), int(window[1]))
    wanted = configured(config)
    turn = rotation(config)
    if real == wanted:
        return Geometry(real, wanted, turn, True,
                        f"{real[0]} × {real[1]} Pixel wie eingestellt")
    text = (f"das Bild ist {real[0]} × {real[1]} Pixel groß, eingestellt sind "
            f"{wanted[0]} × {wanted[1]} ([screen] width_px/height_px) – Knöpfe und Schrift "
            f"haben nicht die geplanten Millimeter")
    if real == (wanted[1], wanted[0]):
        text += (f"; Hoch- und Querformat vertauscht: [screen] rotation (jetzt {turn}) und "
                 f"den Videomodus prüfen")
    else:
        text += "; Videomodus des Bildschirms prüfen ([screen] video_mode)"
    return Geometry(real, wanted, turn, False, text)
