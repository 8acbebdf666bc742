"""Whole-screen covers the app shell (kiosk.upkeep) puts over everything: black at
night, and "Die Uhrzeit wird gerade gestellt" while the clock cannot be trusted. They
show no content, so no "heute" and no weekday can be wrong on them. Touches never reach
them: the root layout hands each touch to kiosk.upkeep first."""

from __future__ import annotations

from kivy.app import App

from kiosk import layout
from kiosk.clock_check import NOTICE, NOTICE_MORE
from kiosk.frames import Box, Frame
from screens.widgets import Panel, add_text, place


class Cover(Panel):
    kind = ""

    def build_dark(self, frame: Frame) -> Cover:
        self.clear_widgets()
        self.kind = "dark"
        place(self, Box(0, 0, frame.width, frame.height))
        self.bg_color = (0, 0, 0, 1)
        return self

    def build_clock(self, frame: Frame) -> Cover:
        self.clear_widgets()
        self.kind = "clock"
        m = frame.m
        style = App.get_running_app().style
        place(self, Box(0, 0, frame.width, frame.height))
        self.bg_color = style.bg
        width = frame.width - 2 * m.pad
        size = layout.fit_size(NOTICE, m.heading, m.base_body, width, bold=True)
        lines = layout.line_count(NOTICE, size, width, bold=True)
        more = layout.line_count(NOTICE_MORE, m.body, width)
        height = lines * layout.line_height(size) + m.mm(6) + more * m.line
        top = (frame.height + height) / 2
        add_text(self, NOTICE, m.pad, top, width, size, lines, bold=True, role="title",
                 halign="center")
        add_text(self, NOTICE_MORE, m.pad, top - lines * layout.line_height(size) - m.mm(6),
                 width, m.body, more, halign="center")
        return self
