"""Where things go on the screen, for one window size and text size, in pixels.

The geometry is computed here, without Kivy, so that pagination (kiosk.paging) and the
widgets (screens/) use the same numbers, and tests can check the rules of DESIGN.md §6
for any panel. Coordinates are Kivy's: origin at the bottom left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kiosk import layout
from kiosk.theme import LINE_HEIGHT_EM, Metrics

BAR_BUTTONS = 7          # Start, Zurück, Vorlesen, Schrift, Kontrast, Tempo, Lauter
BAR_SCALE = 1.25         # the bar is laid out for the second text size
MIN_TILE_MM = 24
TITLE_GROWTH = 1.15       # a title is this much larger than the body text, at least
DETAIL_PAGER_GAP_MM = 3   # between a detail's text and its pager
ROW_PAD_MM = 1.5
ROW_CUE_EM = 1.1          # a list row's arrow, in em of the body text
BAR_WORDS = ("Start", "Zurück", "Vorlesen", "Schrift", "Kontrast", "Tempo", "Lauter")
BAR_ICONS = ("home", "back", "speaker", "textsize", "contrast", "speed", "louder")


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    @property
    def top(self) -> int:
        return self.y + self.h


@dataclass(frozen=True)
class Frame:
    width: int
    height: int
    m: Metrics

    @property
    def landscape(self) -> bool:
        return self.width >= self.height

    # -- bottom bar ----------------------------------------------------------------------
    # The bar has the same geometry at every text size: Start, Zurück and Vorlesen never
    # move while a resident changes "Schrift". It is sized for its largest labels.

    @property
    def bar_m(self) -> Metrics:
        return Metrics(self.m.px_per_mm, BAR_SCALE)

    @property
    def bar_rows(self) -> int:
        """One row when every word fits its button at body size, else two rows."""
        if not self.landscape:
            return 2
        m = self.bar_m
        width = (self.width - 2 * m.pad - (BAR_BUTTONS - 1) * m.gap) / BAR_BUTTONS
        widest = max(layout.text_width(w, m.base_body, bold=True) for w in BAR_WORDS)
        return 1 if widest / layout.WIDTH_SLACK + m.mm(4) <= width else 2

    @property
    def bar_icon(self) -> int:
        return math.ceil(self.bar_m.bar_text * 0.85)

    @property
    def bar_button_h(self) -> int:
        m = self.bar_m
        return max(m.button, self.bar_icon + _line(m.bar_text) + m.mm(3))

    @property
    def bar_h(self) -> int:
        rows, m = self.bar_rows, self.bar_m
        return m.gap + rows * self.bar_button_h + (rows - 1) * m.gap + m.mm(3)

    def bar_text_size(self, word: str, box: Box) -> int:
        """The size of a bar button's word: the bar's size, smaller when the word needs it
        (never below the default body size)."""
        size = layout.fit_size(word, self.m.bar_text, self.m.base_body, box.w - self.m.mm(4),
                               bold=True)
        return min(size, self.bar_m.bar_text)

    def bar_setting_sizes(self, word: str, states: tuple[str, ...], box: Box
                          ) -> tuple[int, int]:
        """The sizes of a setting button's word and of its step ("Schrift" over "sehr
        groß") in the room an icon and a word have on the other buttons, so the bar keeps
        its height: the word at the default body size (or the size it fits), the step as
        large as the rest of the button and its longest step's width allow, never below
        8 mm capital height; the same for all its steps."""
        m, room = self.m, box.w - self.m.mm(3)
        word_px = layout.one_line_size(word, m.base_body, m.min_text, room, bold=True)
        high = math.floor((box.h - m.mm(3) - _line(word_px)) / LINE_HEIGHT_EM)
        state_px = min(layout.one_line_size(s, min(high, m.base_body), m.min_text, room)
                       for s in states)
        return word_px, state_px

    def bar_buttons(self) -> list[Box]:
        """Boxes of the bar's buttons, left to right, top row first."""
        per_row = math.ceil(BAR_BUTTONS / self.bar_rows)
        gap, pad = self.bar_m.gap, self.bar_m.pad
        w = (self.width - 2 * pad - (per_row - 1) * gap) // per_row
        boxes = []
        for i in range(BAR_BUTTONS):
            row, col = divmod(i, per_row)
            y = self.bar_m.mm(3) + (self.bar_rows - 1 - row) * (self.bar_button_h + gap)
            boxes.append(Box(pad + col * (w + gap), y, w, self.bar_button_h))
        return boxes

    def button_width(self, word: str, size: int) -> int:
        """Width of a button with an icon and `word` on one line at `size`
        (screens/widgets.kv BigButton: padding, icon 1.1 × size, spacing)."""
        return math.ceil(layout.text_width(word, size, bold=True) / layout.WIDTH_SLACK
                         + 1.1 * size + 1.3 * self.m.pad + self.m.mm(2))

    # -- the content area above the bar --------------------------------------------------

    @property
    def header_h(self) -> int:
        """The title band: one line of heading size or two lines of body size."""
        return max(_line(self.m.heading), 2 * _line(self.m.body)) + self.m.mm(4)

    def content(self, header: int | None = None) -> Box:
        """Below the header (of height `header`, default header_h), above the bar."""
        pad = self.m.pad
        top = self.height - (header if header is not None else self.header_h)
        return Box(pad, self.bar_h, self.width - 2 * pad, top - self.bar_h)

    # -- pager, lists and details -------------------------------------------------------

    @property
    def pager_h(self) -> int:
        """Zurück · Seite 2 von 3 · Weiter right above the bottom bar; in portrait the
        page label has a line of its own above the buttons."""
        row = self.m.mm(24)
        return row if self.landscape else row + self.m.mm(1) + _line(self.m.body)

    def pager(self, header: int | None = None) -> Box:
        c = self.content(header if header is not None else self.short_header_h)
        return Box(c.x, c.y, c.w, self.pager_h)

    def above_pager(self, header: int | None = None) -> Box:
        c = self.content(header)
        lift = self.pager_h + self.m.gap
        return Box(c.x, c.y + lift, c.w, c.h - lift)

    @property
    def title_size(self) -> int:
        """The largest size of a list's or detail's title: the heading size of the default
        text size, growing less than the text with "Schrift" (the text needs the room)."""
        return max(math.ceil(self.m.body * TITLE_GROWTH), self.m.base_heading)

    @property
    def short_header_h(self) -> int:
        """The title band of a screen whose title fits one line of title size."""
        return _line(self.title_size) + self.m.mm(4)

    def list_area(self, header: int | None = None) -> Box:
        return self.above_pager(header if header is not None else self.short_header_h)

    @property
    def row_pad(self) -> int:
        """Room around a list row's words: small, so a page holds a row more (four rather
        than three at the default size on a landscape panel)."""
        return self.m.mm(ROW_PAD_MM)

    @property
    def row_cue_w(self) -> int:
        """The room of a list row's arrow at the right of its first line, the headline
        (the row is tappable: it shows so with its frame and this arrow)."""
        return math.ceil(self.row_cue_px * ROW_CUE_EM) + self.m.mm(2)

    @property
    def row_cue_px(self) -> int:
        """The arrow's size: that of the default body text at every text size (the words
        need the room more)."""
        return self.m.base_body

    def row_text_width(self, row_w: int) -> int:
        """The width of a row's words in a row `row_w` wide (its headline leaves room for
        the arrow: `row_cue_w` less)."""
        return row_w - 2 * self.row_pad

    @property
    def row_text_w(self) -> int:
        return self.row_text_width(self.list_area().w)

    def detail_text(self, header: int | None = None) -> Box:
        """The text of a detail page (the QR codes have a page of their own). Text is no
        button, so it may come closer to the pager than a list's rows."""
        c = self.content(header)
        lift = self.pager_h + self.m.mm(DETAIL_PAGER_GAP_MM)
        return Box(c.x, c.y + lift, c.w, c.h - lift)

    # -- home -----------------------------------------------------------------------------

    def tile_columns(self, count: int, header: int | None = None) -> int:
        """Two columns (one in portrait), more when the rows would get too short."""
        area = self.tiles_area(header)
        for cols in ((2, 3, 4) if self.landscape else (1, 2, 3)):
            rows = max(1, math.ceil(count / cols))
            if (area.h - (rows - 1) * self.m.gap) / rows >= self.m.mm(MIN_TILE_MM):
                return cols
        return 4 if self.landscape else 3

    def tiles_area(self, header: int | None = None) -> Box:
        c = self.content(header)
        if self.landscape:
            w = math.floor(c.w * 0.64)
            return Box(c.x, c.y, w, c.h)
        h = math.floor(c.h * 0.68)
        return Box(c.x, c.y + c.h - h, c.w, h)

    def next_area(self, header: int | None = None) -> Box:
        c, t, gap = self.content(header), self.tiles_area(header), self.m.gap
        if self.landscape:
            return Box(t.x + t.w + gap, c.y, c.w - t.w - gap, c.h)
        return Box(c.x, c.y, c.w, c.h - t.h - gap)

    def tiles(self, count: int, header: int | None = None) -> list[Box]:
        area, gap = self.tiles_area(header), self.m.gap
        cols = self.tile_columns(count, header)
        rows = max(1, math.ceil(count / cols))
        w = (area.w - (cols - 1) * gap) // cols
        h = (area.h - (rows - 1) * gap) // rows
        boxes = []
        for i in range(count):
            row, col = divmod(i, cols)
            boxes.append(Box(area.x + col * (w + gap), area.top - (row + 1) * h - row * gap, w, h))
        return boxes


def _line(size: int) -> int:
    return math.ceil(size * LINE_HEIGHT_EM)


def frame(width: int, height: int, m: Metrics) -> Frame:
    return Frame(width, height, m)
