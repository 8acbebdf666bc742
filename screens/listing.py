"""Lists (today, this week, a category): at most five items a page, big page buttons."""

from __future__ import annotations

from collections.abc import Callable

from kivy.uix.screenmanager import Screen

from kiosk import layout
from kiosk.frames import Frame
from kiosk.paging import RowLayout, TitleFit
from kiosk.views import ListView
from screens.chrome import add_header, add_pager
from screens.rows import add_row
from screens.widgets import add_text


class ListScreen(Screen):
    def show(self, view: ListView, fit: TitleFit, pages: list[list[RowLayout]], page: int,
             frame: Frame, on_open: Callable[[str], None],
             on_turn: Callable[[int], None]) -> None:
        self.clear_widgets()
        m = frame.m
        add_header(self, frame, view.title, fit.size, fit.lines, fit.header)
        area = frame.list_area(fit.header)
        top = area.top
        rows = pages[page] if pages else []
        if not rows:
            lines = layout.line_count(view.empty_text, m.body, area.w)
            add_text(self, view.empty_text, area.x, top, area.w, m.body, lines)
        for measured in rows:
            add_row(self, frame, measured, area.x, top, area.w, on_open)
            top -= measured.height + m.gap
        add_pager(self, frame.pager(fit.header), frame, page, len(pages), on_turn)
