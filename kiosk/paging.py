"""Cutting lists and details into pages that fit the screen, so nobody has to scroll.

Every block gets its measured height here; the widgets use exactly these heights.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kiosk import layout
from kiosk.frames import Box, Frame
from kiosk.views import DetailView, Row

MAX_ROWS = 5
KEEP_TOGETHER = 4   # a section of up to this many blocks is not split across pages
MIN_COLUMN_MM = 190  # two text columns only when each is at least this wide


# -- list rows ------------------------------------------------------------------------------

@dataclass(frozen=True)
class RowLayout:
    row: Row
    height: int
    headline_lines: int
    title_lines: int
    status_lines: int


def title_text(row: Row) -> str:
    return f"{row.title} – {row.place}" if row.place else row.title


def measure_row(row: Row, frame: Frame, width: int | None = None) -> RowLayout:
    """Height of one list row at the frame's text size."""
    m = frame.m
    w = width if width is not None else frame.row_text_w
    head = layout.line_count(row.headline, m.body, w, bold=True)
    title = layout.line_count(title_text(row), m.body, w)
    status = layout.line_count(row.status, m.body, w - 2 * m.mm(2), bold=True)
    lines = head + title + status
    extra = m.mm(2) * 2 if status else 0
    return RowLayout(row, lines * m.line + 2 * frame.row_pad + extra, head, title, status)


def list_pages(rows: list[Row], frame: Frame, header: int | None = None
               ) -> list[list[RowLayout]]:
    """Pages of at most five rows that fit the list area below a header of `header` px."""
    measured = [measure_row(r, frame) for r in rows]
    pages = layout.paginate([r.height for r in measured], frame.list_area(header).h,
                            frame.m.gap, MAX_ROWS)
    return [[measured[i] for i in page] for page in pages]


def rows_that_fit(rows: list[Row], frame: Frame, width: int, height: int) -> list[RowLayout]:
    """As many rows from the start as fit into width × height (the start screen's list)."""
    out, used = [], 0
    for row in rows:
        measured = measure_row(row, frame, width - 2 * frame.row_pad)
        needed = measured.height + (frame.m.gap if out else 0)
        if used + needed > height:
            break
        out.append(measured)
        used += needed
    return out


# -- details ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """A piece of a detail page: a heading, a paragraph or one line of a section."""

    kind: str            # "heading" | "paragraph" | "line"
    text: str
    icon: str = ""
    style: str = "body"
    height: int = 0
    lines: int = 1


@dataclass
class DetailPage:
    """One page of a detail: its text in one column, or two side by side in landscape."""

    columns: list[list[Block]] = field(default_factory=lambda: [[]])

    @property
    def blocks(self) -> list[Block]:
        return [b for column in self.columns for b in column]


def _block(kind: str, text: str, frame: Frame, width: int, icon: str = "",
           style: str = "body") -> Block:
    m = frame.m
    bold = kind == "heading" or style in ("strong", "phone")
    size = m.body
    text_w = width - (icon_column(frame) if icon else 0)
    lines = layout.line_count(text, size, text_w, bold)
    top = m.mm(4) if kind == "heading" else 0
    return Block(kind, text, icon, style, lines * m.line + top, lines)


def icon_column(frame: Frame) -> int:
    """Width reserved left of a line that has an icon."""
    return frame.m.body + frame.m.mm(3)


def detail_blocks(view: DetailView, frame: Frame, width: int) -> list[list[Block]]:
    """The detail as groups of blocks; a group is kept together where it can be."""
    groups = [[_block("paragraph", view.summary, frame, width)]] if view.summary else []
    for section in view.sections:
        heading = _block("heading", section.heading, frame, width, section.icon)
        lines = [_block("line", ln.text, frame, width, ln.icon, ln.style)
                 for ln in section.lines]
        groups.append([heading, *lines])
    return groups


def detail_columns(frame: Frame, header: int | None = None) -> list[Box]:
    """The text columns of a detail page: two in landscape when each stays wide enough
    for a date line, else one."""
    box = frame.detail_text(header)
    gap = frame.m.mm(12)
    if frame.landscape and (box.w - gap) / 2 >= frame.m.mm(MIN_COLUMN_MM):
        width = (box.w - gap) // 2
        return [Box(box.x, box.y, width, box.h), Box(box.x + width + gap, box.y, width, box.h)]
    return [box]


def detail_pages(view: DetailView, frame: Frame, header: int, banner_h: int = 0
                 ) -> list[DetailPage]:
    """Cut a detail into pages of one or two columns. The status banner stands across the
    first page only; a heading never ends a column."""
    columns = detail_columns(frame, header)
    width, height = columns[0].w, columns[0].h
    gap = frame.m.mm(1)
    pages = [DetailPage([[] for _ in columns])]
    slot, room, used = 0, height - banner_h, 0

    def next_slot() -> None:
        nonlocal slot, room, used
        slot += 1
        if slot == len(columns):
            pages.append(DetailPage([[] for _ in columns]))
            slot = 0
        room = height - (banner_h if len(pages) == 1 else 0)
        used = 0

    groups = [_split_tall(group, frame, width, height - banner_h) for group in
              detail_blocks(view, frame, width)]
    for group in groups:
        total = sum(b.height for b in group) + gap * len(group)
        # Short sections stay whole; long ones may continue in the next column.
        if used and used + total > room and len(group) <= KEEP_TOGETHER:
            next_slot()
        for i, block in enumerate(group):
            # Keep a heading with its first line.
            need = block.height + gap
            if block.kind == "heading" and i + 1 < len(group):
                need += group[i + 1].height + gap
            if used and used + need > room:
                next_slot()
            pages[-1].columns[slot].append(block)
            used += block.height + gap
    return pages


def _split_tall(group: list[Block], frame: Frame, width: int, available: int) -> list[Block]:
    """Cut a block taller than a column (with room for its heading above it) into pieces
    of whole lines."""
    out = []
    available -= frame.m.line + frame.m.mm(10)  # a heading and the gaps stay with it
    per_page = max(1, available // frame.m.line)
    for block in group:
        if block.height <= available:
            out.append(block)
            continue
        bold = block.kind == "heading" or block.style in ("strong", "phone")
        text_w = width - (icon_column(frame) if block.icon else 0)
        lines = layout.wrap(block.text, frame.m.body, text_w, bold)
        for start in range(0, len(lines), per_page):
            chunk = lines[start:start + per_page]
            out.append(replace(block, text=" ".join(chunk), lines=len(chunk),
                               height=len(chunk) * frame.m.line))
    return out


def banner_height(text: str, frame: Frame, width: int) -> int:
    """Height of a status banner (bold, with padding) above a detail's text."""
    if not text:
        return 0
    m = frame.m
    lines = layout.line_count(text, m.body, width - 2 * m.mm(2), bold=True)
    return lines * m.line + 2 * m.mm(1) + m.gap


@dataclass(frozen=True)
class TitleFit:
    size: int
    lines: int
    header: int      # height of the header band that holds the title


def title_fit(title: str, frame: Frame, width: int) -> TitleFit:
    """The largest title size (heading down to body) that fits the standard header; a
    title that needs more room at body size makes the header taller."""
    m = frame.m
    room = frame.header_h - m.mm(4)
    size = m.heading
    while size >= m.body:
        lines = layout.line_count(title, size, width, bold=True)
        whole_words = layout.fit_size(title, size, size, width, True) == size
        if lines == 1 and whole_words:
            return TitleFit(size, 1, frame.short_header_h)
        if lines * layout.line_height(size) <= room and whole_words:
            return TitleFit(size, lines, frame.header_h)
        size -= 1
    lines = layout.line_count(title, m.body, width, bold=True)
    return TitleFit(m.body, lines, max(frame.header_h, lines * m.line + m.mm(4)))

