"""List rows and status badges, placed at absolute positions from measured heights."""

from __future__ import annotations

from collections.abc import Callable

from kivy.app import App
from kivy.uix.widget import Widget

from kiosk import layout
from kiosk.frames import Box, Frame
from kiosk.paging import RowLayout, title_text
from screens.widgets import RowButton, StatusBadge, add_icon, add_text, place


def add_row(parent: Widget, frame: Frame, measured: RowLayout, x: float, top: float,
            width: int, on_open: Callable[[str], None]) -> RowButton:
    """One tappable list row, framed and with an arrow at its right; returns it."""
    m = frame.m
    row = measured.row
    pad = frame.row_pad
    box = Box(int(x), int(top - measured.height), width, measured.height)
    button = place(RowButton(target=f"row:{row.entry_id}", label=row.title,
                             headline=row.headline, title_text=row.title,
                             status=row.status, status_kind=row.status_kind), box)
    button.bind(on_tap=lambda _w: on_open(row.entry_id))
    parent.add_widget(button)
    text_x, text_w = x + pad, frame.row_text_width(width)
    # The cue that the row opens something: an arrow at the right of its headline, in
    # the buttons' colour.
    add_icon(button, "next", x + width - pad - frame.row_cue_w + m.mm(1), top - pad,
             frame.row_cue_px, fg=App.get_running_app().style.button_bg, line=m.line)
    cursor = top - pad
    add_text(button, row.headline, text_x, cursor, text_w - frame.row_cue_w, m.body,
             measured.headline_lines, bold=True, role="headline")
    cursor -= measured.headline_lines * m.line
    add_text(button, title_text(row), text_x, cursor, text_w, m.body, measured.title_lines,
             role="body")
    cursor -= measured.title_lines * m.line
    if row.status:
        add_status(button, frame, row.status, row.status_kind, text_x, cursor - m.mm(1),
                   text_w, measured.status_lines)
    return button


def add_status(parent: Widget, frame: Frame, words: str, kind: str, x: float, top: float,
               width: int, lines: int) -> StatusBadge:
    """Status in words on its coloured ground (never colour alone)."""
    m = frame.m
    style = App.get_running_app().style
    inner = width - 2 * m.mm(2)
    text_w = min(inner, layout.text_width(words, m.body, bold=True) / layout.WIDTH_SLACK + 4)
    height = lines * m.line + 2 * m.mm(1)
    badge = place(StatusBadge(kind=kind, text=words),
                  Box(int(x), int(top - height), int(text_w + 2 * m.mm(2)), height))
    parent.add_widget(badge)
    fg = {"cancelled": style.alert_fg, "full": style.warn_fg, "moved": style.warn_fg,
          "open": style.ok_fg, "closed": style.fg}.get(kind, style.warn_fg)
    add_text(badge, words, x + m.mm(2), top - m.mm(1), int(text_w), m.body, lines, bold=True,
             role="status", fg=fg)
    return badge
