"""Cutting lists and details into pages that fit the screen, so nobody has to scroll.

Every block gets its measured height here; the widgets use exactly these heights.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from kiosk import layout
from kiosk.flow import Block, DetailPage, Measure, flow_pages
from kiosk.frames import Box, Frame
from kiosk.polls import POLL_BUTTON
from kiosk.text.keep import keep_together, plain_spaces
from kiosk.views import DetailView, Row, phone_hours_below

MAX_ROWS = 5
MIN_COLUMN_MM = 190  # two text columns only when each is at least this wide
COLUMN_GAP_MM = 8
ICON_SCALE = 0.8
ICON_MAX_MM = 10
INDENT = "indent"   # an icon's room without a glyph
PICTURE_MAX_MM = 60  # a picture helps recognise an entry; the text stays what matters
PICTURE_MIN_MM = 30  # drawn this small when that saves a page
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
    head = layout.line_count(row.headline, m.body, w - frame.row_cue_w, bold=True)
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
        measured = measure_row(row, frame, frame.row_text_width(width))
        needed = measured.height + (frame.m.gap if out else 0)
        if used + needed > height:
            break
        out.append(measured)
        used += needed
    return out


# -- details ---------------------------------------------------------------------------------

def content_groups(view: DetailView) -> list[list[Block]]:
    """The detail in reading order, unmeasured: the status and the key facts, the
    description, the picture, then one group per section (a section without a heading
    holds lines that say their own word, "Für wen: alle"). Facts are kept whole by
    no-break spaces (kiosk.text.keep)."""
    facts = [Block("status", keep_together(view.banner.text), style=view.banner.kind,
                   facts=view.banner.facts)] if view.banner else []
    # A fact line without an icon (a deadline's note) stands under the words above it.
    facts += [Block("line", keep_together(ln.text), ln.icon or INDENT, ln.style,
                    facts=ln.facts, label=ln.label) for ln in view.facts]
    if view.poll_id:   # the entry's poll, one tap away below the facts it belongs to
        facts.append(Block("button", POLL_BUTTON, "poll"))
    groups = [facts] if facts else []
    if view.summary:
        groups.append([Block("paragraph", keep_together(view.summary))])
    if view.picture is not None:
        groups.append([Block("image", view.picture.alt, lines=0)])
    for section in view.sections:
        heading = [Block("heading", section.heading, section.icon, section=section.heading)]
        groups.append((heading if section.heading else [])
                      + [Block("paragraph" if ln.prose else "line", keep_together(ln.text),
                               ln.icon, ln.style, facts=ln.facts, section=section.heading,
                               label=ln.label) for ln in section.lines])
    return [[replace(b, group=number) for b in group] for number, group in enumerate(groups)]


def is_bold(block: Block) -> bool:
    """Headings, the status and strong lines are set in bold."""
    return block.kind in ("heading", "status") or block.style == "strong"


def text_width(block: Block, frame: Frame, width: int) -> int:
    """The width a block's words have in a column of `width`."""
    if block.kind == "status":
        return width - 2 * frame.m.mm(2)
    return width - (icon_column(frame) if block.icon else 0)


def measure(block: Block, frame: Frame, width: int, airy: bool = False) -> Block:
    """The block with its height and line count in a column of `width` pixels (a fact too
    wide for a line is let loose at its spaces, rather than broken between letters);
    `airy`: paragraphs with space-and-a-half between their lines."""
    m = frame.m
    if block.kind == "button":   # drawn at the top, 6 mm above the next button (a pager's)
        return replace(block, lines=1, height=button_height(frame) + m.gap)
    if block.icon == INDENT:   # under the words above, unless that costs a line
        plain = measure(replace(block, icon=""), frame, width, airy)
        indented = measure(replace(block, icon="-"), frame, width, airy)
        return replace(indented, icon=INDENT) if indented.lines == plain.lines else plain
    text_w = text_width(block, frame, width)
    words = layout.prepare(block.text, m.body, text_w, is_bold(block))
    lines = layout.line_count(words, m.body, text_w, is_bold(block))
    line = m.paragraph_line if airy and block.kind == "paragraph" else 0
    height = lines * (line or m.line)
    if block.kind == "heading":
        height += m.mm(4)
    elif block.kind == "status":
        height += 2 * m.mm(1) + m.mm(1)
    return replace(block, text=words, lines=lines, height=height, line=line)


def button_height(frame: Frame) -> int:
    """A button among a detail's text (the linked poll's)."""
    return max(frame.m.button, layout.line_height(frame.m.body) + frame.m.mm(6))


def icon_size(frame: Frame) -> int:
    """The font size of a detail line's icon: a little smaller than the words, so the
    words keep the width a date needs in a column."""
    return min(round(frame.m.body * ICON_SCALE), frame.m.mm(ICON_MAX_MM))


def icon_column(frame: Frame) -> int:
    """Width reserved left of a line that has an icon (screens/widgets.add_icon draws the
    glyph 1.1 × its size wide)."""
    return math.ceil(icon_size(frame) * 1.1) + frame.m.mm(2)


def detail_blocks(view: DetailView, frame: Frame, width: int,
                  picture: int | None = None, airy: bool = False) -> list[list[Block]]:
    """The detail as measured groups of blocks; `picture` is the picture's largest height
    (None leaves it out), `airy` as for measure()."""
    out = []
    for group in content_groups(view):
        if group[0].kind == "image":
            if picture is None:
                continue
            group = [replace(picture_block(view, frame, width, picture), group=group[0].group)]
        out.append([b if b.kind == "image" else measure(b, frame, width, airy)
                    for b in group])
    return out


def picture_choices(view: DetailView, frame: Frame, room: int) -> list[int]:
    """How tall the picture may be, best first: at most PICTURE_MAX_MM and a third of the
    column, then smaller (when that saves a page)."""
    if view.picture is None:
        return []
    full = min(frame.m.mm(PICTURE_MAX_MM), room // PICTURE_SHARE)
    return [full, min(full, frame.m.mm(PICTURE_MIN_MM))]


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
    gap = frame.m.mm(COLUMN_GAP_MM)
    if frame.landscape and (box.w - gap) / 2 >= frame.m.mm(MIN_COLUMN_MM):
        width = (box.w - gap) // 2
        return [Box(box.x, box.y, width, box.h), Box(box.x + width + gap, box.y, width, box.h)]
    return [box]


def detail_pages(view: DetailView, frame: Frame, header: int) -> list[DetailPage]:
    """Cut a detail into pages of one or two columns (kiosk.flow): the status and the key
    facts first, on page 1. Paragraphs get space-and-a-half between their lines, and the
    picture its full size, unless that costs a page."""
    columns = detail_columns(frame, header)
    width, height = columns[0].w, columns[0].h
    gap = frame.m.mm(1)

    def remeasure(block: Block, text: str) -> Block:
        return measure(replace(block, text=text), frame, width, airy=bool(block.line))

    def lines(block: Block) -> list[str]:
        return layout.wrap(block.text, frame.m.body, text_width(block, frame, width),
                           is_bold(block))

    rules = Measure(gap, frame.m.line, remeasure, lines)
    best: list[DetailPage] | None = None
    for airy in (True, False):
        for choice in picture_choices(view, frame, height) or [None]:
            pages = flow_pages(detail_blocks(view, frame, width, choice, airy), len(columns),
                               height, rules)
            if best is None or len(pages) < len(best):
                best = pages
    assert best is not None
    if not facts_on_first_page(view, best):
        # At the largest text a long status, place and phone with its hours can need more
        # than page 1: the number stays there, its hours go below (never the number away).
        compact = phone_hours_below(view)
        if compact is not None:
            pages = detail_pages(compact, frame, header)
            if facts_on_first_page(compact, pages):
                return pages
    return best


def facts_on_first_page(view: DetailView, pages: list[DetailPage]) -> bool:
    """Whether every key-fact line (and the status) of `view` is on page 1."""
    first = {plain_spaces(b.text) for b in pages[0].blocks}
    wanted = [ln.text for ln in view.facts] + ([view.banner.text] if view.banner else [])
    return all(plain_spaces(keep_together(text)) in first for text in wanted)


@dataclass(frozen=True)
class TitleFit:
    size: int
    lines: int
    header: int      # height of the header band that holds the title


def title_fit(title: str, frame: Frame, width: int) -> TitleFit:
    """The title's size and lines: one line if it fits down to a little below the body
    size, else the largest size (Frame.title_size down to body) whose lines fit the
    header, else smaller until its longest word fits a line (a word is never broken
    between letters, "Pflegestützpunkt-Sprechstunde" in portrait), never below the
    default body size."""
    m = frame.m
    room = frame.header_h - m.mm(4)
    # One line a little below the body size is better than two: the page holds a line
    # more.
    for size in range(frame.title_size, max(m.base_body, math.ceil(m.body * 0.9)) - 1, -1):
        if layout.fits_one_line(title, size, width, bold=True):
            return TitleFit(size, 1, frame.short_header_h)
    for size in range(frame.title_size, m.body - 1, -1):
        lines = layout.line_count(title, size, width, bold=True)
        if lines * layout.line_height(size) <= room and layout.words_fit(title, size, width,
                                                                          True):
            return TitleFit(size, lines, frame.header_h)
    size = layout.fit_size(title, m.body, m.base_body, width, True)
    lines = layout.line_count(title, size, width, bold=True)
    header = frame.short_header_h if lines == 1 else \
        max(frame.header_h, lines * layout.line_height(size) + m.mm(4))
    return TitleFit(size, lines, header)


def detail_layout(view: DetailView, frame: Frame) -> tuple[TitleFit, list[DetailPage]]:
    """The title's fit and the text pages of a detail, as the screen lays them out."""
    fit = title_fit(view.title, frame, frame.width - 2 * frame.m.pad)
    return fit, detail_pages(view, frame, fit.header)
