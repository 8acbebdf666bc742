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
PICTURE_MAX_MM = 60  # a picture helps recognise an entry; the text stays what matters
PICTURE_MIN_MM = 30  # smaller than this, it moves below the first section instead
PICTURE_SHARE = 3    # and it takes at most a third of a column's height
PICTURE_TOP_MM = 3   # room above the picture (below it, the next heading keeps its own)


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
    """A piece of a detail page: a heading, a paragraph, one line of a section or the
    entry's picture (its text is the alt text)."""

    kind: str            # "heading" | "paragraph" | "line" | "image"
    text: str
    icon: str = ""
    style: str = "body"
    height: int = 0      # for a picture: with the room above it
    lines: int = 1
    width: int = 0       # a picture's drawn width; its drawn height is picture_height()
    facts: tuple[str, ...] = ()   # the key facts it tells (kiosk.views.KEY_FACTS)
    section: str = ""    # the heading of its section ("" for the summary and picture)
    group: int = -1      # which group of detail_blocks() it belongs to


@dataclass
class DetailPage:
    """One page of a detail: its text in one column, or two side by side in landscape."""

    columns: list[list[Block]] = field(default_factory=lambda: [[]])

    @property
    def blocks(self) -> list[Block]:
        return [b for column in self.columns for b in column]


def _block(kind: str, text: str, frame: Frame, width: int, icon: str = "",
           style: str = "body", facts: tuple[str, ...] = ()) -> Block:
    m = frame.m
    bold = kind == "heading" or style in ("strong", "phone")
    size = m.body
    text_w = width - (icon_column(frame) if icon else 0)
    lines = layout.line_count(text, size, text_w, bold)
    top = m.mm(4) if kind == "heading" else 0
    return Block(kind, text, icon, style, lines * m.line + top, lines, facts=facts)


def icon_column(frame: Frame) -> int:
    """Width reserved left of a line that has an icon."""
    return frame.m.body + frame.m.mm(3)


def detail_blocks(view: DetailView, frame: Frame, width: int,
                  picture: tuple[int, int] | None = None) -> list[list[Block]]:
    """The detail as groups of blocks; a group is kept together where it can be.

    `picture` = (place, max height): the picture stands as a group of its own after
    `place` groups (1: right after the summary); None leaves it out."""
    groups = [[_block("paragraph", view.summary, frame, width)]] if view.summary else []
    for section in view.sections:
        heading = _block("heading", section.heading, frame, width, section.icon)
        lines = [_block("line", ln.text, frame, width, ln.icon, ln.style, ln.facts)
                 for ln in section.lines]
        groups.append([replace(b, section=section.heading) for b in (heading, *lines)])
    if view.picture is not None and picture is not None:
        place, max_height = picture
        groups.insert(min(place, len(groups)), [picture_block(view, frame, width, max_height)])
    return [[replace(b, group=number) for b in group] for number, group in enumerate(groups)]


def picture_choices(view: DetailView, frame: Frame, room: int) -> list[tuple[int, int]]:
    """Where the picture may go and how tall, best first: after the summary at full size
    (at most PICTURE_MAX_MM and a third of the column), smaller, then after the first
    section (Wann), so a picture never pushes the dates off the first page."""
    if view.picture is None:
        return []
    place = 1 if view.summary else 0
    full = min(frame.m.mm(PICTURE_MAX_MM), room // PICTURE_SHARE)
    small = min(full, frame.m.mm(PICTURE_MIN_MM))
    return [(place, full), (place, small), (place + 1, full)]


def picture_block(view: DetailView, frame: Frame, width: int, max_height: int) -> Block:
    """The picture as a block: as wide as the column at most, its aspect ratio kept."""
    picture = view.picture
    assert picture is not None
    ratio = picture.width / picture.height
    w = min(width, picture.width * 2, round(max_height * ratio))
    h = round(w / ratio)
    return Block("image", picture.alt, height=frame.m.mm(PICTURE_TOP_MM) + h, lines=0,
                 width=w)


def picture_height(block: Block, frame: Frame) -> int:
    """The drawn height of a picture block (its height without the room above)."""
    return block.height - frame.m.mm(PICTURE_TOP_MM)


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
    first page only; a heading never ends a column. The picture takes the first of its
    places (picture_choices) that keeps the first section starting on the first page."""
    columns = detail_columns(frame, header)
    room = columns[0].h - banner_h
    choices = picture_choices(view, frame, room)
    if not choices:
        return _paginate(detail_blocks(view, frame, columns[0].w), frame, columns, banner_h)
    first = view.sections[0].heading if view.sections else None
    pages: list[DetailPage] = []
    for choice in choices:
        pages = _paginate(detail_blocks(view, frame, columns[0].w, choice), frame, columns,
                          banner_h)
        if first is None or any(b.kind == "heading" and b.text == first
                                for b in pages[0].blocks):
            return pages
    # Not even without the picture would the first section fit: the usual place.
    return _paginate(detail_blocks(view, frame, columns[0].w, choices[0]), frame, columns,
                     banner_h)


def _paginate(blocks: list[list[Block]], frame: Frame, columns: list[Box], banner_h: int
              ) -> list[DetailPage]:
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

    groups = [_split_tall(group, frame, width, height - banner_h) for group in blocks]
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
        if block.height <= available or block.kind == "image":
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

