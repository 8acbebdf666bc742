"""Detail of one entry: the status and the key facts first (next date, place,
registration, cost), then the description, the picture and the other sections; pages
instead of scrolling, and a last page with the codes for the phone ("Aufs Handy")."""

from __future__ import annotations

from collections.abc import Callable

from kivy.uix.screenmanager import Screen

from kiosk.frames import Box, Frame
from kiosk.paging import (
    INDENT,
    Block,
    DetailPage,
    TitleFit,
    button_height,
    detail_columns,
    icon_column,
    icon_size,
    is_bold,
    picture_height,
)
from kiosk.qr import QrCode
from kiosk.views import DetailView
from screens.chrome import Extra, add_header, add_pager
from screens.qr_panel import QrPanel
from screens.rows import add_status
from screens.widgets import add_button, add_icon, add_picture, add_text


class DetailScreen(Screen):
    panel: QrPanel | None = None

    def show(self, view: DetailView, fit: TitleFit, pages: list[DetailPage], page: int,
             frame: Frame, on_turn: Callable[[int], None],
             qr_kind: str = "", on_poll: Callable[[str], None] | None = None
             ) -> QrCode | None:
        """Lay out page `page` (the page after the text pages is the QR page); return the
        code on show, if any. `on_poll`: the linked poll's button was tapped."""
        self.clear_widgets()
        self.view, self.fit, self.frame, self.on_poll = view, fit, frame, on_poll
        add_header(self, frame, view.title, fit.size, fit.lines, fit.header)
        box = frame.detail_text(fit.header)
        qr_page = len(pages) if view.codes else None
        total = len(pages) + (1 if view.codes else 0)
        extra = None
        if qr_page is not None and page != qr_page:
            extra = Extra("Aufs Handy", "mobile", "pager:qr", lambda: on_turn(qr_page))
        add_pager(self, frame.pager(fit.header), frame, page, total, on_turn, extra)
        if page == qr_page:
            self.panel = QrPanel()
            self.add_widget(self.panel)
            return self.panel.build(box, frame, view.codes, qr_kind, self.select)
        for column, blocks in zip(detail_columns(frame, fit.header), pages[page].columns,
                                  strict=True):
            cursor = box.top
            for block in blocks:
                cursor = self._block(block, frame, column, cursor)
        return None

    def select(self, kind: str) -> QrCode | None:
        """Show another code on the QR page."""
        if self.panel is None:
            return None
        box = self.frame.detail_text(self.fit.header)
        code = self.panel.build(box, self.frame, self.view.codes, kind, self.select)
        self.selected = code
        if self.on_select is not None:
            self.on_select(code)
        return code

    on_select: Callable[[QrCode], None] | None = None

    def _block(self, block: Block, frame: Frame, box: Box, top: float) -> float:
        m = frame.m
        if block.kind == "image":
            return self._picture(block, frame, box, top)
        if block.kind == "button":
            return self._poll_button(block, frame, box, top)
        if block.kind == "status":
            add_status(self, frame, block.text, block.style, box.x, top, box.w, block.lines)
            return top - block.height - m.mm(1)
        if block.kind == "heading":
            top -= m.mm(4)
        x, width = box.x, box.w
        if block.icon:
            if block.icon != INDENT:
                add_icon(self, block.icon, x, top, icon_size(frame), line=m.line)
            x += icon_column(frame)
            width -= icon_column(frame)
        role = "heading" if block.kind == "heading" else block.style
        add_text(self, block.text, x, top, width, m.body, block.lines, bold=is_bold(block),
                 role=role, line=block.line)
        return top - block.lines * (block.line or m.line) - m.mm(1)

    def _poll_button(self, block: Block, frame: Frame, box: Box, top: float) -> float:
        height = button_height(frame)
        width = min(box.w, max(frame.m.mm(90), frame.button_width(block.text, frame.m.body)))
        poll_id = self.view.poll_id
        add_button(self, Box(box.x, int(top - height), width, height), block.text, block.icon,
                   "detail:poll", frame.m.body,
                   lambda _w: self.on_poll(poll_id) if self.on_poll else None)
        return top - block.height - frame.m.mm(1)

    def _picture(self, block: Block, frame: Frame, box: Box, top: float) -> float:
        picture = self.view.picture
        height = picture_height(block, frame)
        if picture is not None:
            bottom = top - block.height
            add_picture(self, str(picture.path), picture.alt,
                        Box(box.x, int(bottom), block.width, height))
        return top - block.height - frame.m.mm(1)
