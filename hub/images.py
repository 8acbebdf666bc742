"""Uploaded pictures: checked, turned upright, scaled and stripped of every metadata at
upload (sync.images, the publisher's own code), kept content-addressed in
<data>/content/bilder/<sha256>.<ext>, where the publisher reads them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import sqlite_utils

from hub.errors import ImageError
from hub.filemodes import PRIVATE_FILE
from hub.messages import msg
from hub.queries import images as image_q
from sync.errors import SourceError
from sync.files import write_atomic
from sync.images import EXTENSIONS, scale_image


def store_upload(raw: bytes, folder: Path, db: sqlite_utils.Database, now: datetime) -> str:
    """Process one uploaded file; return the sha256 of the stored picture."""
    try:
        scaled = scale_image(raw, "Upload")
    except SourceError as exc:
        raise ImageError(msg("image_invalid")) from exc
    target = folder / scaled.name
    if not target.exists():
        write_atomic(target, scaled.data, PRIVATE_FILE)
    image_q.add(db, scaled.sha256, scaled.type, len(scaled.data), scaled.width,
                scaled.height, now)
    return scaled.sha256


def file_name(db: sqlite_utils.Database, sha256: str) -> str | None:
    """<sha256>.<ext> inside <data>/content/bilder/, or None if unknown."""
    mime = image_q.mime(db, sha256)
    return f"{sha256}.{EXTENSIONS[mime]}" if mime else None
