"""Measuring text and cutting content into pages, without a window.

Residents never scroll: lists and long details are cut into pages that fit the screen at
the chosen text size. Heights come from the real font (Pillow's FreeType measures like
Kivy's SDL2_ttf) with the same greedy word wrap Kivy's labels use, plus a safety margin.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

from PIL import ImageFont

from kiosk.text.keep import NBSP, keep_together, loosen_once
from kiosk.theme import LINE_HEIGHT_EM, font_files

# Kivy and Pillow round glyph advances a little differently; leave room for it.
WIDTH_SLACK = 0.97


@lru_cache(maxsize=32)
def _font(style: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_files()[style], size)


@lru_cache(maxsize=16384)
def text_width(text: str, size: int, bold: bool = False) -> float:
    """Width of one line of `text` in pixels at font size `size` (cached: the wrap
    measures the same beginnings of lines again for every screen and every try of the
    paging). A text with line breaks is as wide as its widest line (Pillow's layout
    refuses a line break)."""
    font = _font("bold" if bold else "regular", size)
    return max(font.getlength(line) for line in text.split("\n"))


def prepare(text: str, size: int, width: float, bold: bool = False) -> str:
    """The text as it is drawn: its facts kept whole by no-break spaces, except a group
    too wide for a line (kiosk.text.keep). Measuring and drawing both use it."""
    return keep_fitting(keep_together(text), size, width, bold)


def wrap(text: str, size: int, width: float, bold: bool = False) -> list[str]:
    """Break `text` as drawn (prepare()) into lines no wider than `width` (greedy, on
    spaces, like Kivy)."""
    limit = width * WIDTH_SLACK
    lines: list[str] = []
    for paragraph in prepare(text, size, width, bold).split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, size, bold) <= limit:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            # A single word wider than the line is broken between letters.
            while text_width(current, size, bold) > limit and len(current) > 1:
                cut = _fit(current, size, limit, bold)
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
    return lines


def keep_fitting(text: str, size: int, width: float, bold: bool = False) -> str:
    """`text` with the no-break spaces of any word group wider than a line loosened: first
    between a word and the number after it ("Nummer | 069 90009 201"), then, if still too
    wide, everywhere in it: better broken at a space than between two letters. A compound
    still too wide is broken after its hyphen ("Pflegestützpunkt- | Sprechstunde")."""
    limit = width * WIDTH_SLACK
    groups = text.split(" ")
    for i, group in enumerate(groups):
        if NBSP not in group or text_width(group, size, bold) <= limit:
            continue
        parts = loosen_once(group).split(" ")
        groups[i] = " ".join(p if text_width(p, size, bold) <= limit else
                             p.replace(NBSP, " ") for p in parts)
    return " ".join(_break_compound(g, size, limit, bold) for g in " ".join(groups).split(" "))


def _break_compound(word: str, size: int, limit: float, bold: bool) -> str:
    """A word wider than `limit` with hyphens inside, as lines cut after its hyphens
    (as many parts a line as fit); any other word as it is."""
    if "-" not in word.strip("-") or "\n" in word or text_width(word, size, bold) <= limit:
        return word
    lines = [""]
    for part in re.split(r"(?<=-)(?=.)", word):
        if lines[-1] and text_width(lines[-1] + part, size, bold) > limit:
            lines.append("")
        lines[-1] += part
    return "\n".join(lines)


def _fit(word: str, size: int, limit: float, bold: bool) -> int:
    cut = len(word) - 1
    while cut > 1 and text_width(word[:cut], size, bold) > limit:
        cut -= 1
    return cut


def line_count(text: str, size: int, width: float, bold: bool = False) -> int:
    return len(wrap(text, size, width, bold)) if text else 0


def line_height(size: int) -> int:
    return math.ceil(size * LINE_HEIGHT_EM)


def fits_one_line(text: str, size: int, width: float, bold: bool = False) -> bool:
    """Whether `text` fits on one line, every word whole."""
    return text_width(text, size, bold) <= width * WIDTH_SLACK


def paginate(heights: Sequence[int], available: int, gap: int,
             max_items: int = 5) -> list[list[int]]:
    """Cut items of the given heights into pages of at most `max_items` that fit
    `available` pixels with `gap` between items. An item taller than a page gets a page
    of its own. Returns the item indices of each page; at least one (empty) page."""
    pages: list[list[int]] = [[]]
    used = 0
    for index, height in enumerate(heights):
        page = pages[-1]
        needed = height + (gap if page else 0)
        if page and (used + needed > available or len(page) >= max_items):
            pages.append([])
            page = pages[-1]
            needed = height
        page.append(index)
        used = needed if len(page) == 1 else used + needed
    return pages


def words_fit(text: str, size: int, width: float, bold: bool = False) -> bool:
    """Whether every word of `text` fits a line of `width` (none is broken)."""
    return all(text_width(w, size, bold) <= width * WIDTH_SLACK
               for w in keep_together(text).replace("\n", " ").split(" ") if w)


def fit_size(text: str, size: int, min_size: int, width: float, bold: bool = False) -> int:
    """The largest font size ≤ `size` (but not below `min_size`) at which the longest word
    of `text` fits on a line of `width` pixels, so no word is broken between letters (a
    fact held together, "9:30 bis 12:00 Uhr", counts as a word)."""
    words = [w for w in keep_together(text).replace("\n", " ").split(" ") if w]
    if not words:
        return size
    longest = max(words, key=lambda w: text_width(w, size, bold))
    current = size
    while current > min_size and text_width(longest, current, bold) > width * WIDTH_SLACK:
        current -= 1
    return current


def one_line_size(text: str, size: int, min_size: int, width: float, bold: bool = False) -> int:
    """The largest size ≤ `size` (not below `min_size`) at which `text` fits one line."""
    current = size
    while current > min_size and not fits_one_line(text, current, width, bold):
        current -= 1
    return current
