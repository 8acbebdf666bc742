"""An entry's picture on the terminal: the cached file, its alt text and its pixel size.

The sync process downloads every picture into the asset cache before a feed becomes
visible, but a file can still be missing (deleted by hand, a disk error, a preview without
the file). Then the entry simply has no picture: never an error, never a blank screen.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from sync.images import EXTENSIONS, asset_name

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Picture:
    path: Path
    alt: str
    width: int      # pixels of the file
    height: int


def load_picture(asset_dir: Path | None, sha256: str, mime: str | None,
                 alt: str) -> Picture | None:
    """The picture in `asset_dir`, or None when it is unknown, missing or unreadable.

    Only the file's header is read (Pillow decodes pixels lazily), so this is cheap
    enough for the UI thread.
    """
    if asset_dir is None or mime not in EXTENSIONS:
        return None
    path = Path(asset_dir) / asset_name(sha256, mime)
    try:
        with Image.open(path) as img:
            width, height = img.size
    except FileNotFoundError:
        log.info("picture %s is not in the asset cache", path.name)
        return None
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        log.warning("picture %s cannot be read: %s", path.name, exc)
        return None
    if width <= 0 or height <= 0:
        return None
    return Picture(path, alt, width, height)


@functools.lru_cache(maxsize=8)
def pixels(path: Path, width: int, height: int) -> tuple[bytes, int, int]:
    """The picture scaled to fit `width` × `height` (aspect ratio kept), as RGBA rows from
    the top: what the screen shows, so the texture holds no more pixels than are drawn (a
    1280-pixel picture in a 60 mm box would take ten times the memory, and its upload and
    mipmaps a frame). Files are content-addressed, so the few recent ones are kept.
    Raises OSError when the file cannot be read."""
    try:
        with Image.open(path) as img:
            img.draft("RGB", (width, height))   # JPEG: decode at a fraction of the size
            img = img.convert("RGBA")   # 4 bytes a pixel: rows need no GL alignment
            img.thumbnail((max(1, width), max(1, height)), Image.Resampling.LANCZOS)
            return img.tobytes(), img.width, img.height
    except (UnidentifiedImageError, ValueError) as exc:
        raise OSError(f"{path.name}: {exc}") from exc
