"""Turn a QR payload into modules and pixels for the screen (segno + Pillow, no Kivy).

Codes are black on white in every theme: many phone scanners do not read inverted codes,
and a dark theme must not flip them. Non-ASCII payloads are written as UTF-8 behind an
ECI marker (26): without it ZBar and some phone scanners guess Shift-JIS or Big5 and read
"Erzählcafé" as "Erz瓣hlcaf矇". Pure ASCII payloads (tel:, geo:, links) carry no marker,
the form every scanner has read since the first phones.

The QR page is sized for version 12 (65 modules, 73 with the quiet zone) at 8 px per
module, so a payload that needs more is refused here rather than drawn too small. Codes
are made at error correction M at least (segno raises it where the version has room).
Level L would have held a calendar date in version 11, but at 8 pixels a module ZBar
then failed to read 4 of 14 demo dates at arm's length (35 % and blurred, as
tests/screens/test_tour.py checks); a larger version at M is read every time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import segno
from PIL import Image

MAX_VERSION = 12
ERROR = "m"            # the minimum; segno raises it when the same version has room
QUIET = 4              # modules of white around the code, the QR standard's minimum
MIN_MODULE_PX = 8      # whole screen pixels per module (DESIGN §6 QR panel rule)
# Module value → grey level: segno marks dark modules with 1.
_TO_GREY = bytes([255, 0]) + bytes(254)


class QrTooLargeError(ValueError):
    """A payload needs a QR version above MAX_VERSION at error correction M."""


class Bitmap(NamedTuple):
    """A square RGBA picture of a code, rows top to bottom (Kivy textures: flip it)."""

    size: int      # width = height in pixels
    rgba: bytes    # size * size * 4 bytes


@lru_cache(maxsize=64)
def _code(payload: str) -> segno.QRCode:
    # Encoding is the slow part (~15 ms for version 12); a detail screen redraws its code
    # on every page turn and theme change, so the last codes are kept.
    eci = not payload.isascii()
    code = segno.make_qr(payload, error=ERROR, encoding="utf-8" if eci else None, eci=eci)
    if code.version > MAX_VERSION:
        raise QrTooLargeError(
            f"payload of {len(payload.encode())} bytes needs QR version {code.version} "
            f"(at most {MAX_VERSION})"
        )
    return code


def clear_cache() -> None:
    """Forget encoded codes (benchmarks measure a cold build)."""
    _code.cache_clear()


def version(payload: str) -> int:
    """Return the QR version (1 to MAX_VERSION) `payload` is encoded with."""
    return int(_code(payload).version)


def error_level(payload: str) -> str:
    """Return the error correction level: "M", or higher when the version had room."""
    return str(_code(payload).error)


def matrix(payload: str) -> tuple[bytes, ...]:
    """Return the modules without quiet zone, row by row, 1 = dark, 0 = light."""
    return tuple(bytes(row) for row in _code(payload).matrix)


def size_modules(payload: str, quiet: int = QUIET) -> int:
    """Return the width in modules, quiet zone included (17 + 4 × version + 2 × quiet)."""
    return len(_code(payload).matrix) + 2 * quiet


def fit_module_px(payload: str, box_px: int, quiet: int = QUIET) -> int:
    """Return the largest whole number of pixels per module that fits into `box_px`.

    The screen must not show a code below MIN_MODULE_PX; it checks the result against it.
    """
    return box_px // size_modules(payload, quiet)


def image(payload: str, module_px: int, quiet: int = QUIET) -> Image.Image:
    """Draw the code as a greyscale Pillow image, `module_px` pixels per module."""
    if quiet < QUIET:
        raise ValueError(f"quiet zone of {quiet} modules, the standard needs {QUIET}")
    if module_px < 1:
        raise ValueError("module_px must be a whole number of pixels, at least 1")
    rows = _code(payload).matrix
    n = len(rows) + 2 * quiet
    margin = bytes([255]) * quiet
    blank = bytes([255]) * n
    grey = b"".join(
        [blank] * quiet
        + [margin + bytes(row).translate(_TO_GREY) + margin for row in rows]
        + [blank] * quiet
    )
    small = Image.frombytes("L", (n, n), grey)
    # Nearest neighbour at a whole factor: every module is an exact square of one colour,
    # no grey seams that a scanner's binarizer could misread.
    return small.resize((n * module_px, n * module_px), Image.Resampling.NEAREST)


def render(payload: str, module_px: int, quiet: int = QUIET) -> Bitmap:
    """Draw the code as RGBA bytes for a texture: black modules on white, opaque."""
    picture = image(payload, module_px, quiet).convert("RGBA")
    return Bitmap(picture.width, picture.tobytes())
