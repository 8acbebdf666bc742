"""Flowing a detail's measured blocks into columns and pages.

The rules (DESIGN.md §6): the first group (the status and the key facts) starts page 1
and may use all of it; a short section is kept together, a long one goes on in the next
column under its heading "… (Fortsetzung)"; a paragraph may be cut between lines, a fact
(one line block) never – unless it is taller than a column under its continued heading
(a long note on a date at the largest text), then it is cut between lines like a
paragraph, its dates and times kept whole; a heading never ends a column; and no page
holds less than a
third of its room unless all the text fits on one page – when the plain flow leaves a
page that empty, the page before it is filled less, so the text is shared out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.text.keep import dangling_end, orphan_start

KEEP_TOGETHER = 4   # a section of up to this many blocks is not split across columns
NEAR_EMPTY = 1 / 3
MIN_LINES = 2       # a paragraph cut at a column's end keeps this many lines each side
LIMITS = tuple(x / 100 for x in range(97, 49, -3))   # column fill levels to share out
CONTINUED = "{} (Fortsetzung)"


@dataclass(frozen=True)
class Block:
    """A piece of a detail page: the status, a heading, a paragraph, one line of a section
    (a fact, never cut), the entry's picture (its text is the alt text) or a button."""

    kind: str            # "status" | "heading" | "paragraph" | "line" | "image" | "button"
    text: str
    icon: str = ""
    style: str = "body"  # for "status": its kind (cancelled, full, moved, open, closed)
    height: int = 0      # for a picture: with the room above it
    lines: int = 1
    width: int = 0       # a picture's drawn width; its drawn height is picture_height()
    facts: tuple[str, ...] = ()   # the key facts it tells (kiosk.views.KEY_FACTS)
    section: str = ""    # the heading of its section ("" for the key facts and picture)
    group: int = -1      # which group of the detail it belongs to
    label: str = ""      # said before it when read aloud ("Ort")
    line: int = 0        # its line height, when not the body text's


@dataclass
class DetailPage:
    """One page of a detail: its text in one column, or two side by side in landscape."""

    columns: list[list[Block]] = field(default_factory=lambda: [[]])

    @property
    def blocks(self) -> list[Block]:
        return [b for column in self.columns for b in column]


@dataclass(frozen=True)
class Measure:
    """What the flow needs from the layout: the gap below a block, a paragraph's line
    height, a block measured again with another text, and a block's lines as wrapped."""

    gap: int
    line: int
    remeasure: Callable[[Block, str], Block]
    lines: Callable[[Block], list[str]]


def fill(page: DetailPage, height: int, gap: int) -> float:
    """How much of a page's room its blocks take (0 to 1)."""
    used = sum(b.height + gap for b in page.blocks)
    return used / (len(page.columns) * height)


def balanced(pages: list[DetailPage], height: int, gap: int) -> bool:
    return len(pages) == 1 or all(fill(p, height, gap) >= NEAR_EMPTY for p in pages)


def flow_pages(groups: list[list[Block]], columns: int, height: int, measure: Measure
               ) -> list[DetailPage]:
    """The groups in pages of `columns` columns of `height` pixels, shared out so that no
    page is nearly empty where another fill level allows it with no more pages."""
    pages = _Flow(columns, height, measure).run(groups)
    if balanced(pages, height, measure.gap):
        return pages
    # Fill one page less (the one before the nearly empty one first), so more goes on.
    for page in range(len(pages) - 2, -1, -1):
        for limit in LIMITS:
            candidate = _Flow(columns, height, measure, limit, page).run(groups)
            if len(candidate) <= len(pages) and balanced(candidate, height, measure.gap):
                return candidate
    return pages


class _Flow:
    def __init__(self, columns: int, height: int, measure: Measure, limit: float = 1.0,
                 limited: int = -1) -> None:
        self.count, self.height, self.m = columns, height, measure
        self.limit, self.limited = limit, limited   # page `limited` is filled to `limit`
        self.pages = [DetailPage([[] for _ in range(columns)])]
        self.slot = self.used = 0
        self.fresh = True    # nothing but a continued heading in this column yet
        self.full = False    # the key facts may use the whole column

    def left(self) -> int:
        limited = not self.full and len(self.pages) - 1 == self.limited
        room = int(self.height * self.limit) if limited else self.height
        return room - self.used

    def next_column(self) -> None:
        self.slot += 1
        if self.slot == self.count:
            self.pages.append(DetailPage([[] for _ in range(self.count)]))
            self.slot = 0
        self.used, self.fresh = 0, True

    def put(self, block: Block, fresh: bool = False) -> None:
        self.pages[-1].columns[self.slot].append(block)
        self.used += block.height + self.m.gap
        self.fresh = self.fresh and fresh

    def run(self, groups: list[list[Block]]) -> list[DetailPage]:
        for number, group in enumerate(groups):
            self.full = number == 0 and group[0].kind != "heading"
            self.group(group)
        return self.pages

    def group(self, group: list[Block]) -> None:
        total = sum(b.height + self.m.gap for b in group)
        heading = group[0] if group[0].kind == "heading" else None
        # A short section stays whole; lines that say their own word need not.
        if (heading is not None and self.used and total > self.left()
                and len(group) <= KEEP_TOGETHER and total <= self.height):
            self.next_column()
        queue = list(group)
        while queue:
            block = queue.pop(0)
            if self.fits(block, queue):
                self.put(block)
                continue
            if self.cuttable(block, heading) and self.cut(block, queue, heading):
                continue
            if not self.fresh:
                self.next_column()
                if heading is not None and block is not heading:
                    self.put(self.continued(heading), True)
                queue.insert(0, block)
                continue
            self.put(block)   # taller than a column: it cannot be helped

    def fits(self, block: Block, queue: list[Block]) -> bool:
        need = block.height + self.m.gap
        if block.kind == "heading" and queue:   # a heading never ends a column
            after = queue[0]
            need += (min(after.height, (after.line or self.m.line) * MIN_LINES)
                     if self.cuttable(after, block) else after.height) + self.m.gap
        return need <= self.left()

    def cuttable(self, block: Block, heading: Block | None) -> bool:
        """A paragraph; or a line of a section that no column can hold whole under the
        section's continued heading."""
        if block.kind == "paragraph":
            return True
        if block.kind != "line" or heading is None:
            return False
        room = self.height - self.continued(heading).height - 2 * self.m.gap
        return block.height + self.m.gap > room

    def cut(self, block: Block, queue: list[Block], heading: Block | None) -> bool:
        """Put as many whole lines of a paragraph as fit, the rest goes on in the next
        column (under the heading, continued); never after "bis", "von" or a dash, nor
        before a unit. False when too few lines would fit."""
        lines = self.m.lines(block)
        most = min((self.left() - self.m.gap) // (block.line or self.m.line),
                   len(lines) - MIN_LINES)
        least = 1 if self.fresh else MIN_LINES
        for count in range(most, least - 1, -1):
            if not dangling_end(lines[count - 1]) and not orphan_start(lines[count]):
                break
        else:
            return False
        self.put(self.m.remeasure(block, " ".join(lines[:count])))
        queue.insert(0, self.m.remeasure(block, " ".join(lines[count:])))
        self.next_column()
        if heading is not None:
            self.put(self.continued(heading), True)
        return True

    def continued(self, heading: Block) -> Block:
        return self.m.remeasure(heading, CONTINUED.format(heading.text))
