"""Attract mode while nobody is using the terminal: today's highlights change slowly, no
sound, and one line says what to do. Any touch ends it."""

from __future__ import annotations

from collections.abc import Callable

from kivy.animation import Animation
from kivy.app import App
from kivy.uix.screenmanager import Screen

from kiosk import layout
from kiosk.frames import Box, Frame
from kiosk.views import AttractView, Row
from screens.rows import add_status
from screens.widgets import Panel, Tappable, add_icon, add_text, place


class AttractScreen(Screen):
    slide_index = 0

    def show(self, view: AttractView, frame: Frame, clock_text: str,
             on_touch: Callable[[], None]) -> None:
        self.clear_widgets()
        self.view, self.frame = view, frame
        m = frame.m
        whole = place(Tappable(target="attract", label="Bildschirm berühren"),
                      Box(0, 0, frame.width, frame.height))
        whole.bind(on_tap=lambda _w: on_touch())
        self.add_widget(whole)
        width = frame.width - 2 * m.pad
        top = frame.height - m.pad
        size = layout.fit_size(view.site_name, m.heading, m.base_body, width, bold=True)
        lines = layout.line_count(view.site_name, size, width, bold=True)
        add_text(whole, view.site_name, m.pad, top, width, size, lines, bold=True,
                 role="title", halign="center")
        top -= lines * layout.line_height(size)
        when = f"{view.date_line}, {clock_text}"
        add_text(whole, when, m.pad, top, width, m.body,
                 layout.line_count(when, m.body, width), halign="center")
        prompt_size = layout.fit_size(view.prompt, m.heading, m.base_body, width, bold=True)
        prompt_lines = layout.line_count(view.prompt, prompt_size, width, bold=True)
        text_h = prompt_lines * layout.line_height(prompt_size)
        icon = m.mm(15)
        prompt_h = m.mm(6) + text_h + m.mm(2) + int(icon * 1.24)
        self.card = Box(m.pad + m.mm(20), prompt_h + m.gap, width - 2 * m.mm(20),
                        int(top - m.line * 2 - prompt_h - 2 * m.gap))
        self.slide_panel = place(Panel(), self.card)
        whole.add_widget(self.slide_panel)
        add_text(whole, view.prompt, m.pad, m.mm(6) + text_h, width, prompt_size,
                 prompt_lines, bold=True, role="prompt", halign="center")
        add_icon(whole, "touch", (frame.width - icon * 1.1) / 2, prompt_h, icon)
        self.slide_index = 0
        self._slide()

    def next_slide(self) -> None:
        """Show the next highlight (called every few seconds by the app)."""
        if not getattr(self, "view", None) or not self.view.slides:
            return
        self.slide_index = (self.slide_index + 1) % len(self.view.slides)
        self.slide_panel.opacity = 0
        self._slide()
        Animation(opacity=1, duration=1.2).start(self.slide_panel)

    def _slide(self) -> None:
        panel, frame, box = self.slide_panel, self.frame, self.card
        panel.clear_widgets()
        m = frame.m
        style = App.get_running_app().style
        panel.bg_color = style.muted_bg
        panel.radius = m.mm(4)
        if not self.view.slides:
            text = "Heute und in den nächsten Tagen stehen keine Termine an."
            add_text(panel, text, box.x + m.pad, box.top - m.pad, box.w - 2 * m.pad, m.body,
                     layout.line_count(text, m.body, box.w - 2 * m.pad))
            return
        row: Row = self.view.slides[self.slide_index]
        x, w, top = box.x + m.pad * 2, box.w - 4 * m.pad, box.top - m.pad * 2
        for text, size, bold, role in ((row.headline, m.heading, True, "headline"),
                                       (row.title, m.heading, False, "title"),
                                       (row.place, m.body, False, "body")):
            if not text:
                continue
            size = layout.fit_size(text, size, m.base_body, w, bold)
            lines = layout.line_count(text, size, w, bold)
            if top - lines * layout.line_height(size) < box.y:
                break
            add_text(panel, text, x, top, w, size, lines, bold=bold, role=role)
            top -= lines * layout.line_height(size) + m.mm(2)
        if row.status:
            lines = layout.line_count(row.status, m.body, w - 2 * m.mm(2), bold=True)
            if top - lines * m.line > box.y:
                add_status(panel, frame, row.status, row.status_kind, x, top, w, lines)
