"""Shared widgets: text, icons, big buttons, list rows, the pager and the bottom bar.

Widgets lay out and forward taps; they never query or format. Every tappable widget has a
stable `target` (for the tap guard, tests and tour.json) and a German `label`.
Geometry comes from kiosk.frames, so widgets are placed at absolute positions.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kivy.app import App
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.image import Image
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from kiosk.frames import Box
from kiosk.icons import icon

log = logging.getLogger(__name__)


def place(widget: Widget, box: Box) -> Widget:
    """Put `widget` at the absolute position of `box` (Kivy coordinates)."""
    widget.size_hint = (None, None)
    widget.pos = (box.x, box.y)
    widget.size = (box.w, box.h)
    return widget


class Panel(FloatLayout):
    """A rectangle with a background colour (transparent by default)."""

    bg_color = ColorProperty([0, 0, 0, 0])
    radius = NumericProperty(0)


class Text(Label):
    """Text in Atkinson Hyperlegible; `role` says what it is for the audit.

    Multi-line text wraps at the widget's width. A single line is not given a text width,
    so its texture is only as wide as the words: a screen keeps far less texture memory.
    `slot` is the box the layout gave the text; the audit checks the text fits in it.
    """

    role = StringProperty("body")
    fg_color = ColorProperty(None, allownone=True)
    wrap = BooleanProperty(True)
    slot = ListProperty([])


class ButtonText(Text):
    """The word on a button: fills the button, centred."""


class IconGlyph(Label):
    """One icon from the icon font."""

    name = StringProperty("info")
    fg_color = ColorProperty(None, allownone=True)

    def on_name(self, *_args: object) -> None:
        self.text = icon(self.name)


class Tappable(ButtonBehavior, Panel):
    """Acts on release inside the target (ButtonBehavior), through the app's tap guard."""

    target = StringProperty("")
    label = StringProperty("")
    enabled = BooleanProperty(True)
    payload = ObjectProperty(None, allownone=True)
    # A frame around the target (drawn by the kv rules of list rows and of a switched-off
    # button), so it looks like what it is.
    edge_color = ColorProperty([0, 0, 0, 0])
    edge_px = NumericProperty(0)

    __events__ = ("on_tap",)

    def on_release(self) -> None:
        if not self.enabled:
            return
        app = App.get_running_app()
        if app is None or app.accept_tap(self):
            self.dispatch("on_tap")

    def on_tap(self) -> None:
        pass


class BigButton(Tappable):
    """A button with an icon and a word; vertical (icon above) or horizontal."""

    text = StringProperty("")
    icon_name = StringProperty("info")
    vertical = BooleanProperty(False)
    font_px = NumericProperty(52)
    active = BooleanProperty(False)   # a state that is on (Vorlesen: "Stopp", "Nochmal")
    chosen = BooleanProperty(False)   # the chosen one of a group (QR kinds): framed
    off = BooleanProperty(False)      # switched off but shown, greyed (Zurück on Start)


class SwitchableButton(BigButton):
    """A button that may be shown switched off (Zurück on Start): in its place, without
    fill, framed and greyed, not reacting."""


class SettingButton(BigButton):
    """A setting of the bar: its word over its current step in words ("Schrift" over
    "groß"); no icon, the step takes its place."""

    state_text = StringProperty("")
    state_px = NumericProperty(52)


class RowButton(Tappable):
    """A list row: headline (day and time, bold), title and place, status in words."""

    headline = StringProperty("")
    title_text = StringProperty("")
    status = StringProperty("")
    status_kind = StringProperty("")


class Tile(Tappable):
    """A start-screen tile: a large icon and a word."""

    text = StringProperty("")
    hint = StringProperty("")
    icon_name = StringProperty("info")
    font_px = NumericProperty(63)


class Picture(Image):
    """An entry's picture; `alt` is what it shows, in words (the audit lists it)."""

    alt = StringProperty("")


class StatusBadge(Panel):
    """Status in words on a coloured ground: "fällt aus", "ausgebucht", "jetzt geöffnet"."""

    kind = StringProperty("")
    text = StringProperty("")


class Column(BoxLayout):
    """A vertical stack of Text widgets inside a row or panel."""


# -- building blocks placed at absolute positions -------------------------------------------

def add_text(parent: Widget, text: str, x: float, top: float, width: float, size: int,
             lines: int, *, bold: bool = False, role: str = "body", halign: str = "left",
             fg: object = None, markup: bool = False, line: int = 0) -> Text:
    """Add a Text of `lines` lines with its top edge at `top`; return it. `line`: a line
    height other than the font's own (a paragraph's space-and-a-half)."""
    from kiosk.layout import line_height, prepare

    text = prepare(text, size, width, bold)   # facts whole, as the layout measured them
    natural = line_height(size)
    height = lines * (line or natural)
    slot = [x, top - height, width, height]
    widget = Text(text=text, font_size=size, bold=bold, role=role, halign=halign,
                  markup=markup, size_hint=(None, None), size=(width, height),
                  pos=(x, top - height), wrap=lines > 1, slot=slot,
                  line_height=(line / natural) if line else 1.0)
    # Kivy draws a label's texture centred in the widget. Shrinking the widget to the
    # texture keeps the words at the top (and, for one left-aligned line, at the left) of
    # their slot, even when the layout reserved a line more than Kivy needed.
    def fit(w: Text, size: list[float]) -> None:
        w.height = size[1]
        w.y = top - size[1]
        if lines == 1 and halign == "left":
            w.width = size[0]

    widget.bind(texture_size=fit)
    if fg is not None:
        widget.fg_color = fg
    parent.add_widget(widget)
    return widget


def add_icon(parent: Widget, name: str, x: float, top: float, size: int,
             fg: object = None, line: float | None = None) -> IconGlyph:
    """An icon glyph with its top at `top`, centred in a line of height `line` (by
    default its own)."""
    height = line if line is not None else size * 1.24
    glyph = IconGlyph(name=name, font_size=size, size_hint=(None, None),
                      size=(size * 1.1, height), pos=(x, top - height))
    if fg is not None:
        glyph.fg_color = fg
    parent.add_widget(glyph)
    return glyph


def add_button(parent: Widget, box: Box, text: str, icon_name: str, target: str,
               font_px: int, on_tap: object, *, vertical: bool = False,
               label: str | None = None, kind: type[BigButton] = BigButton) -> BigButton:
    button = place(kind(text=text, icon_name=icon_name, target=target,
                        label=label or text, font_px=font_px, vertical=vertical), box)
    button.bind(on_tap=on_tap)
    parent.add_widget(button)
    return button


def add_picture(parent: Widget, path: str, alt: str, box: Box) -> Picture | None:
    """Add a picture filling `box` (its aspect ratio kept), decoded at the size it is
    drawn; None if the file cannot be loaded after all (then nothing is drawn, not even
    an empty frame)."""
    from kivy.graphics.texture import Texture

    from kiosk.pictures import pixels

    try:
        data, width, height = pixels(Path(path), int(box.w), int(box.h))
    except OSError as exc:
        log.warning("picture %s not shown: %s", Path(path).name, exc)
        return None
    texture = Texture.create(size=(width, height), colorfmt="rgba")
    texture.blit_buffer(data, colorfmt="rgba", bufferfmt="ubyte")
    texture.flip_vertical()   # PIL's rows start at the top, OpenGL's at the bottom
    picture = place(Picture(texture=texture, alt=alt, fit_mode="contain"), box)
    parent.add_widget(picture)
    return picture
