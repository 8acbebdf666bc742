"""Text inside a QR payload: iCalendar/vCard escaping and folding, shortening at a word,
and fitting the parts of a payload into the bytes a code holds (kiosk.qr builds them).

A payload is built from parts in order of importance. Each part asks for its text up to
a floor ("the title, at least 16 characters") or whole ("the address, never cut"); the
parts are granted in order while the payload still fits, a required part that cannot be
granted means no code at all. The room that is left then goes to the texts in the order
they first appear, up to their full length. So the priority list alone says what a
crowded code keeps: a cut address or e-mail address would mislead, a cut title does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# UTF-8 bytes that fit version 12 at M behind an ECI marker (kiosk.qr_render writes one
# for non-ASCII text): 290 data codewords minus mode, ECI and length headers.
MAX_BYTES = 286
CRLF = "\r\n"
_FOLD_AT = 75  # octets per content line (RFC 5545 3.1, RFC 2425 5.8.1)


def escape(value: str) -> str:
    """Escape a TEXT value for iCalendar and vCard 3.0: backslash, ';', ',' and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return re.sub(r"\r\n|\r|\n", r"\\n", value)


def content_lines(lines: list[str]) -> str:
    """Join content lines, each folded at 75 octets and ended with CRLF."""
    return "".join(_fold(line) + CRLF for line in lines)


def _fold(line: str) -> str:
    if len(line.encode()) <= _FOLD_AT:
        return line
    pieces, current, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if size + width > _FOLD_AT:  # never inside a UTF-8 sequence
            pieces.append("".join(current))
            current, size = [], 1  # the continuation line's leading space counts
        current.append(char)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def shorten(value: str, limit: int) -> str:
    """`value` in at most `limit` characters, cut at a word boundary and marked with "…"."""
    if len(value) <= limit:
        return value
    cut = value[:limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:  # a whole word, unless that loses a third of the room
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"


@dataclass(frozen=True)
class Part:
    key: str
    text: str
    floor: int = 0          # asked for up to this many characters (shortened at a word)
    optional: bool = True   # may be left out when its floor does not fit
    whole: bool = False     # never shortened: kept whole or left out


def fits(payload: str) -> bool:
    return len(payload.encode()) <= MAX_BYTES


def fit(build: Callable[[dict[str, str]], str], parts: list[Part]) -> str | None:
    """Build the payload from `parts` (most important first) within MAX_BYTES, or None
    when a required part does not fit."""
    values = {p.key: "" for p in parts}
    for part in parts:
        if not part.text:
            continue
        wanted = part.text if part.whole else shorten(part.text, max(part.floor, 1))
        if len(wanted) <= len(values[part.key]):
            continue
        trial = {**values, part.key: wanted}
        if fits(build(trial)):
            values = trial
        elif not part.optional:
            return None
    if not fits(build(values)):
        return None
    first: dict[str, Part] = {}
    for part in parts:
        first.setdefault(part.key, part)
    for key, part in first.items():
        current = values[key]
        if current == part.text:
            continue
        # A text left out comes back only at its floor at least, never as a stub.
        best = longest(build, values, part, len(current) if current else part.floor)
        if best is not None and len(best) > len(current):
            values[key] = best
    return build(values)


def longest(build: Callable[[dict[str, str]], str], values: dict[str, str], part: Part,
            floor: int) -> str | None:
    """The longest form of `part` (whole, or shortened to at least `floor`) that fits."""
    if fits(build({**values, part.key: part.text})):
        return part.text
    if part.whole:
        return None
    # The shortened text only grows with the limit, so the longest fit is a binary search.
    lo, hi, best = max(floor, 1), len(part.text) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        candidate = shorten(part.text, mid)
        if fits(build({**values, part.key: candidate})):
            best, lo = candidate, mid + 1
        else:
            hi = mid - 1
    return best
