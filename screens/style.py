"""The live style of the app: colours of the chosen theme and sizes at the chosen text size.

kv rules bind to `app.style.<name>`, so switching "Kontrast" or "Schrift" restyles every
widget at once. The numbers come from kiosk.theme (millimetres → pixels).
"""

from __future__ import annotations

from dataclasses import fields

from kivy.event import EventDispatcher
from kivy.properties import ColorProperty, NumericProperty, StringProperty

from kiosk.theme import PALETTES, Metrics, Palette, metrics, rgba


class Style(EventDispatcher):
    theme = StringProperty("normal")
    text_size = NumericProperty(0)
    landscape = NumericProperty(1)

    bg = ColorProperty()
    fg = ColorProperty()
    muted_bg = ColorProperty()
    button_bg = ColorProperty()
    button_fg = ColorProperty()
    accent_bg = ColorProperty()
    accent_fg = ColorProperty()
    bar_bg = ColorProperty()
    bar_fg = ColorProperty()
    alert_bg = ColorProperty()
    alert_fg = ColorProperty()
    warn_bg = ColorProperty()
    warn_fg = ColorProperty()
    ok_bg = ColorProperty()
    ok_fg = ColorProperty()
    off_fg = ColorProperty()

    body = NumericProperty(52)
    title = NumericProperty(63)
    heading = NumericProperty(73)
    bar_text = NumericProperty(52)
    line = NumericProperty(65)
    gap = NumericProperty(29)
    button = NumericProperty(89)
    pad = NumericProperty(25)
    bar_height = NumericProperty(146)
    header_height = NumericProperty(124)
    icon = NumericProperty(60)
    radius = NumericProperty(16)

    def __init__(self, px_per_mm: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self.px_per_mm = px_per_mm
        self.apply("normal", 0)

    @property
    def palette(self) -> Palette:
        return PALETTES[self.theme]

    @property
    def metrics(self) -> Metrics:
        return metrics(self.px_per_mm, int(self.text_size))

    def apply(self, theme: str, text_size: int) -> None:
        """Switch to `theme` ("normal" | "high") and text size 0, 1 or 2."""
        self.theme = theme
        self.text_size = text_size
        palette = PALETTES[theme]
        for f in fields(Palette):
            setattr(self, f.name, rgba(getattr(palette, f.name)))
        m = self.metrics
        self.body, self.title, self.heading = m.body, m.title, m.heading
        self.bar_text, self.line = m.bar_text, m.line
        self.gap, self.button, self.pad = m.gap, m.button, m.pad
        self.bar_height = m.mm(36)
        self.header_height = m.header_height
        self.icon = m.mm(13) * m.scale
        self.radius = m.mm(3)

    def hex(self, name: str) -> str:
        """The colour `name` of the current theme as "#rrggbb" (for the audit)."""
        return getattr(self.palette, name)
