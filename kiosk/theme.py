"""Colours, type sizes and physical sizes of the screen, computed from millimetres.

Everything a resident sees is sized in millimetres on the configured panel (DESIGN.md §6):
buttons at least 20 × 20 mm with 6 mm between them, body text with a capital height of at
least 8 mm at the default size. Colour pairs are checked for a contrast of at least 7:1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson

# Capital height and line height of Atkinson Hyperlegible, in em (from its OS/2 metrics:
# cap 668/1000, ascent 950, descent 290).
CAP_HEIGHT_EM = 0.668
LINE_HEIGHT_EM = 1.24
# Paragraphs (a description, "Für wen: …") get space-and-a-half (WCAG 1.4.8) where it
# costs the detail no page (kiosk.paging.detail_pages decides).
PARAGRAPH_LINE_EM = 1.5

MIN_BUTTON_MM = 20.0
MIN_GAP_MM = 6.0
MIN_CAP_MM = 8.0
MIN_CONTRAST = 7.0

# The three text sizes residents can choose ("Schrift"), as factors of the default.
TEXT_SCALES = (1.0, 1.25, 1.5)
THEMES = ("normal", "high")


@cache
def font_files() -> dict[str, str]:
    """Paths of the regular and bold Atkinson Hyperlegible TTF files."""
    folder = Path(atkinson.__file__).parent / "files"
    return {"regular": str(folder / "AtkinsonHyperlegible-Regular.ttf"),
            "bold": str(folder / "AtkinsonHyperlegible-Bold.ttf")}


def icon_font() -> str:
    """Path of the icon font (a subset of Font Awesome Free, solid style)."""
    return str(Path(__file__).resolve().parent.parent / "assets" / "fonts" / "icons.ttf")


@dataclass(frozen=True)
class Palette:
    bg: str          # screen background
    fg: str          # body text
    muted_bg: str    # cards, rows
    button_bg: str
    button_fg: str
    accent_bg: str   # the pressed / selected state and the header band
    accent_fg: str
    bar_bg: str      # bottom bar
    bar_fg: str
    alert_bg: str    # "fällt aus"
    alert_fg: str
    warn_bg: str     # "ausgebucht", "verlegt"
    warn_fg: str
    ok_bg: str       # "jetzt geöffnet"
    ok_fg: str
    off_fg: str      # a button switched off (Zurück on Start): its frame, icon and word


PALETTES = {
    # Warm off-white with near-black text; dark blue buttons. Every pair ≥ 7:1.
    "normal": Palette(
        bg="#fbf8f1", fg="#1b1b1b", muted_bg="#efe9dc", button_bg="#123c7a",
        button_fg="#ffffff", accent_bg="#0b2a57", accent_fg="#ffffff", bar_bg="#1b1b1b",
        bar_fg="#ffffff", alert_bg="#8c1111", alert_fg="#ffffff", warn_bg="#6b3b00",
        warn_fg="#ffffff", ok_bg="#0f5223", ok_fg="#ffffff", off_fg="#4d4d4d",
    ),
    # Black background, white and yellow: for residents who see poorly. Warnings are
    # orange, so a status ("Ausgebucht") never wears the buttons' yellow.
    "high": Palette(
        bg="#000000", fg="#ffffff", muted_bg="#161616", button_bg="#ffe600",
        button_fg="#000000", accent_bg="#ffffff", accent_fg="#000000", bar_bg="#000000",
        bar_fg="#ffe600", alert_bg="#ffffff", alert_fg="#a00000", warn_bg="#ff8c00",
        warn_fg="#000000", ok_bg="#00e05a", ok_fg="#000000", off_fg="#a6a6a6",
    ),
}

# Pairs (foreground, background) of a palette that carry text.
TEXT_PAIRS = [("fg", "bg"), ("fg", "muted_bg"), ("button_fg", "button_bg"),
              ("accent_fg", "accent_bg"), ("bar_fg", "bar_bg"), ("alert_fg", "alert_bg"),
              ("warn_fg", "warn_bg"), ("ok_fg", "ok_bg"), ("off_fg", "bg")]
# What a resident taps stands out from what surrounds it by at least this much (its fill
# or its frame, WCAG 1.4.11 non-text contrast): list rows have a frame in button_bg.
MIN_EDGE_CONTRAST = 3.0


def hex_to_rgb(color: str) -> tuple[float, float, float]:
    color = color.lstrip("#")
    return tuple(int(color[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def rgba(color: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    """A Kivy colour from "#rrggbb"."""
    return (*hex_to_rgb(color), alpha)


def rgb_to_hex(rgb: tuple[float, ...]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb[:3])


def luminance(color: str) -> float:
    """Relative luminance (WCAG 2.x)."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in hex_to_rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """Contrast ratio of two colours (1 to 21)."""
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes for one screen, theme-independent, at one text scale."""

    px_per_mm: float
    scale: float = 1.0

    def mm(self, millimetres: float) -> int:
        return math.ceil(millimetres * self.px_per_mm)

    @property
    def body(self) -> int:
        """Body text size in px: capital height 8.5 mm at the default scale (8 mm + margin)."""
        return math.ceil(8.5 * self.px_per_mm / CAP_HEIGHT_EM * self.scale)

    @property
    def base_body(self) -> int:
        """Body text size at the default text size: the floor for any text that shrinks."""
        return math.ceil(8.5 * self.px_per_mm / CAP_HEIGHT_EM)

    @property
    def min_text(self) -> int:
        """The smallest text size anywhere: 8 mm capital height (DESIGN.md §6)."""
        return math.ceil(MIN_CAP_MM * self.px_per_mm / CAP_HEIGHT_EM)

    @property
    def title(self) -> int:
        return math.ceil(self.body * 1.2)

    @property
    def heading(self) -> int:
        return math.ceil(self.body * 1.4)

    @property
    def base_heading(self) -> int:
        """Heading size at the default text size."""
        return math.ceil(self.base_body * 1.4)

    @property
    def bar_text(self) -> int:
        # The bar must stay in the same place with the same buttons at every size, so its
        # labels grow less than the content does.
        return math.ceil(8.5 * self.px_per_mm / CAP_HEIGHT_EM * min(self.scale, 1.15))

    @property
    def line(self) -> int:
        return math.ceil(self.body * LINE_HEIGHT_EM)

    @property
    def paragraph_line(self) -> int:
        return math.ceil(self.body * PARAGRAPH_LINE_EM)

    @property
    def gap(self) -> int:
        """Space between two buttons: 6 mm plus a margin for rounding."""
        return self.mm(MIN_GAP_MM + 0.5)

    @property
    def button(self) -> int:
        """Smallest side of any button: 20 mm plus a margin for rounding."""
        return self.mm(MIN_BUTTON_MM + 2)

    @property
    def bar_height(self) -> int:
        return self.mm(28)

    @property
    def header_height(self) -> int:
        return math.ceil(self.heading * LINE_HEIGHT_EM + self.mm(8))

    @property
    def pad(self) -> int:
        return self.mm(6)


def metrics(px_per_mm: float, scale_index: int = 0) -> Metrics:
    """Metrics for a screen with `px_per_mm` at text size 0, 1 or 2."""
    return Metrics(px_per_mm, TEXT_SCALES[scale_index])
