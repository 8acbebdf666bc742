"""Start: greeting with today's date and the place, large tiles, the next two events today."""

from __future__ import annotations

from collections.abc import Callable

from kivy.app import App
from kivy.uix.screenmanager import Screen

from kiosk import layout
from kiosk.frames import Box, Frame
from kiosk.paging import RowLayout, rows_that_fit
from kiosk.text import privacy
from kiosk.views import HomeView, Tile
from screens.chrome import add_header
from screens.rows import add_row
from screens.widgets import Tile as TileButton
from screens.widgets import add_button, add_icon, add_text, place


class HomeScreen(Screen):
    def show(self, view: HomeView, frame: Frame, on_tile: Callable[[str], None],
             on_open: Callable[[str], None],
             on_privacy: Callable[[], None] | None = None) -> list[RowLayout]:
        """Lay out the start screen; return the rows of today that fit."""
        self.on_privacy = on_privacy
        self.clear_widgets()
        m = frame.m
        greeting = f"{view.greeting} {view.date_line}."
        width = frame.width - 2 * m.pad
        size = layout.one_line_size(greeting, m.body, m.base_body, width, bold=True)
        lines = layout.line_count(greeting, size, width, bold=True)
        place_line = f"{view.site_name} · {view.stand}" if view.stand else view.site_name
        sub_lines = layout.line_count(place_line, m.body, width)
        header = lines * layout.line_height(size) + sub_lines * m.line + m.mm(4)
        add_header(self, frame, greeting, size, lines, header)
        add_text(self, place_line, m.pad, frame.height - m.mm(2) - lines *
                 layout.line_height(size), width, m.body, sub_lines, role="stand")
        for tile, box in zip(view.tiles, frame.tiles(len(view.tiles), header), strict=True):
            self._tile(tile, box, frame, on_tile)
        return self._next(view, frame, header, on_open)

    def _tile(self, tile: Tile, box: Box, frame: Frame, on_tile: Callable[[str], None]) -> None:
        m = frame.m
        button = place(TileButton(target=f"tile:{tile.key}", label=tile.label,
                                  text=tile.label, hint=tile.hint, icon_name=tile.icon), box)
        button.bind(on_tap=lambda _w: on_tile(tile.key))
        self.add_widget(button)
        pad = m.mm(4)
        icon_size = min(int(box.h * 0.5), m.mm(18))
        fg = App.get_running_app().style.button_fg
        add_icon(button, tile.icon, box.x + pad, box.y + (box.h + icon_size * 1.24) / 2,
                 icon_size, fg=fg)
        text_x = box.x + 2 * pad + icon_size * 1.1
        text_w = box.x + box.w - pad - text_x
        room = box.h - 2 * pad
        hint_h = layout.line_height(m.body) if tile.hint else 0
        size = _tile_size(tile.label, m.title, m.base_body, text_w, room - hint_h)
        lines = layout.line_count(tile.label, size, text_w, bold=True)
        if hint_h and lines * layout.line_height(size) > room - hint_h:
            hint_h = 0  # no room for the hint at this text size: the label matters more
            size = _tile_size(tile.label, m.title, m.base_body, text_w, room)
            lines = layout.line_count(tile.label, size, text_w, bold=True)
        block = lines * layout.line_height(size) + hint_h
        text_top = box.y + (box.h + block) / 2
        add_text(button, tile.label, text_x, text_top, text_w, size, lines, bold=True,
                 role="tile", fg=fg)
        if hint_h:
            add_text(button, tile.hint, text_x, text_top - lines * layout.line_height(size),
                     text_w, m.body, 1, role="hint", fg=fg)

    def _next(self, view: HomeView, frame: Frame, header: int,
              on_open: Callable[[str], None]) -> list[RowLayout]:
        m = frame.m
        area = frame.next_area(header)
        top = area.top
        heading = view.next_heading
        # At most two lines ("Jetzt und in der nächsten Stunde"): the rows need the room.
        size = _tile_size(heading, m.title, m.base_body, area.w,
                          2 * layout.line_height(m.title))
        area, heading_w, below, size = self._privacy(frame, area, heading, size)
        lines = layout.line_count(heading, size, heading_w, bold=True)
        add_text(self, heading, area.x, top, heading_w, size, lines, bold=True, role="heading")
        top -= max(lines * layout.line_height(size) + m.mm(2), below)
        fitted = rows_that_fit(view.next_rows, frame, area.w, int(top - area.y))
        for measured in fitted:
            add_row(self, frame, measured, area.x, top, area.w, on_open)
            top -= measured.height + m.gap
        # Where not every row fits (or none is left today), a line says where the rest is.
        # It is drawn only where it fits whole, smaller if need be (down to the default body
        # size).
        if len(fitted) < max(1, len(view.next_rows)):
            note = view.empty_today if not view.next_rows else view.more_today
            room = int(top - area.y)
            size = _tile_size(note, m.body, m.base_body, area.w, room, bold=False)
            lines = layout.line_count(note, size, area.w)
            if lines * layout.line_height(size) <= room:
                add_text(self, note, area.x, top, area.w, size, lines)
        return fitted

    def _privacy(self, frame: Frame, area: Box, heading: str, size: int
                 ) -> tuple[Box, int, int, int]:
        """The small "Datenschutz" button (at least 20 mm): right of the heading of
        today's events where the heading fits its line beside it at the body size or
        larger (portrait), else at the bottom right of their area. Returns the area left
        for the events, the heading's width, the room its row takes at least and its
        size."""
        m = frame.m
        width = min(area.w, frame.button_width(privacy.BUTTON, m.base_body))
        room = area.w - width - m.gap
        beside = layout.fits_one_line(heading, m.body, room, bold=True)
        if beside:
            size = layout.one_line_size(heading, size, m.body, room, bold=True)
        box = Box(area.x + area.w - width, area.top - m.button if beside else area.y, width,
                  m.button)
        add_button(self, box, privacy.BUTTON, "info", "home:privacy", m.base_body,
                   lambda _w: self.on_privacy() if self.on_privacy else None)
        if beside:
            return area, room, m.button + m.gap, size
        lift = m.button + m.gap
        return Box(area.x, area.y + lift, area.w, area.h - lift), area.w, 0, size


def _tile_size(label: str, size: int, floor: int, width: float, height: float,
               bold: bool = True) -> int:
    """The largest size (down to `floor`) at which the label fits the box whole."""
    current = layout.fit_size(label, size, floor, width, bold=bold)
    while current > floor and (layout.line_count(label, current, width, bold)
                               * layout.line_height(current) > height):
        current -= 1
    return current
