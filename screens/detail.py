"""Detail of one entry: when, where, access, cost, registration, contact; status banner;
the QR panel beside the text; pages instead of scrolling."""

from __future__ import annotations

from collections.abc import Callable

from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk import layout
from kiosk.frames import Box, Frame
from kiosk.paging import Block, DetailPage, TitleFit, icon_column
from kiosk.views import Banner, DetailView
from screens.chrome import add_header, add_pager
from screens.rows import add_status
from screens.widgets import add_icon, add_text


class DetailScreen(Screen):
    side: Widget | None = None

    def show(self, view: DetailView, fit: TitleFit, pages: list[DetailPage], page: int,
             frame: Frame, banner_h: int, on_turn: Callable[[int], None]) -> Box:
        """Lay out page `page`; return the side box (for the QR panel)."""
        self.clear_widgets()
        add_header(self, frame, view.title, fit.size, fit.lines, fit.header)
        box = frame.detail_text(fit.header)
        top = box.top
        if view.banner is not None and page == 0:
            self._banner(view.banner, frame, box, top)
            top -= banner_h
        for block in pages[page].blocks:
            top = self._block(block, frame, box, top)
        add_pager(self, frame.pager(fit.header), frame, page, len(pages), on_turn)
        return frame.detail_side(fit.header)

    def _banner(self, banner: Banner, frame: Frame, box: Box, top: int) -> None:
        m = frame.m
        lines = layout.line_count(banner.text, m.body, box.w - 2 * m.mm(2), bold=True)
        add_status(self, frame, banner.text, banner.kind, box.x, top, box.w, lines)

    def _block(self, block: Block, frame: Frame, box: Box, top: float) -> float:
        m = frame.m
        if block.kind == "heading":
            top -= m.mm(4)
        x, width = box.x, box.w
        if block.icon:
            add_icon(self, block.icon, x, top, m.body)
            x += icon_column(frame)
            width -= icon_column(frame)
        bold = block.kind == "heading" or block.style in ("strong", "phone")
        role = "heading" if block.kind == "heading" else block.style
        add_text(self, block.text, x, top, width, m.body, block.lines, bold=bold, role=role)
        return top - block.lines * m.line - m.mm(1)
