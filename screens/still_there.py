"""The "Sind Sie noch da?" overlay: at least 30 seconds and one big button to go on."""

from __future__ import annotations

from collections.abc import Callable

from kivy.app import App

from kiosk import layout
from kiosk.frames import Box, Frame
from screens.widgets import Panel, Tappable, add_button, add_text, place

QUESTION = "Sind Sie noch da?"


def countdown_text(seconds: int) -> str:
    unit = "Sekunde" if seconds == 1 else "Sekunden"
    return f"Ohne Berührung beginnt die Anzeige in {seconds} {unit} von vorn."


class StillThere(Tappable):
    """Covers the whole screen; any touch on it, or "Ja, weiter", keeps the visit going."""

    def build(self, frame: Frame, seconds: int, on_continue: Callable[[], None]) -> None:
        self.clear_widgets()
        m = frame.m
        style = App.get_running_app().style
        self.target = "overlay"
        self.label = "Bildschirm berühren"
        place(self, Box(0, 0, frame.width, frame.height))
        self.bg_color = (*style.bg[:3], 0.92)
        w = min(frame.width - 2 * m.pad, m.mm(300))
        card = Box(int((frame.width - w) / 2), int(frame.height * 0.2), int(w),
                   int(frame.height * 0.6))
        panel = place(Panel(bg_color=style.muted_bg, radius=m.mm(4)), card)
        self.add_widget(panel)
        inner = card.w - 2 * m.pad
        top = card.top - m.pad
        size = layout.fit_size(QUESTION, m.heading, m.base_body, inner, bold=True)
        add_text(panel, QUESTION, card.x + m.pad, top, inner, size, 1, bold=True,
                 role="title", halign="center")
        top -= layout.line_height(size) + m.mm(3)
        words = countdown_text(seconds)
        lines = layout.line_count(countdown_text(88), m.body, inner)
        self.countdown = add_text(panel, words, card.x + m.pad, top, inner, m.body, lines,
                                  halign="center", role="body")
        button_h = m.mm(32)
        button = Box(card.x + m.pad, card.y + m.pad, inner, button_h)
        self.bind(on_tap=lambda _w: on_continue())
        add_button(panel, button, "Ja, weiter", "check", "overlay:continue",
                   m.heading, lambda _w: on_continue())

    def update(self, seconds: int) -> None:
        self.countdown.text = countdown_text(seconds)
