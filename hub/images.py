"""Uploaded pictures: checked, turned upright, scaled and stripped of every metadata at
upload (sync.images, the publisher's own code, with its limits against decompression
bombs), kept content-addressed in <data>/content/bilder/<sha256>.<ext>, where the
publisher reads them.

A picture belongs to the sites it was uploaded for. A picture hash coming back from a form
is only accepted for a picture of one's own sites, the entry's own picture, or a picture
of an entry one may read – never an unknown hash, never another site's picture."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import sqlite_utils

from hub import auth
from hub.errors import ImageError
from hub.filemodes import PRIVATE_FILE
from hub.messages import msg
from hub.queries import entries as entry_q
from hub.queries import images as image_q
from sync.errors import SourceError, TooManyPixelsError
from sync.files import write_atomic
from sync.images import EXTENSIONS, scale_image

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def store_upload(raw: bytes, folder: Path, db: sqlite_utils.Database, now: datetime,
                 site_id: str) -> str:
    """Process one uploaded file for a site; return the sha256 of the stored picture."""
    try:
        scaled = scale_image(raw, "Upload")
    except TooManyPixelsError as exc:
        raise ImageError(msg("image_pixels", width=exc.width, height=exc.height,
                             megapixels=round(exc.width * exc.height / 1_000_000),
                             limit=exc.limit // 1_000_000)) from exc
    except SourceError as exc:
        raise ImageError(msg("image_invalid")) from exc
    target = folder / scaled.name
    if not target.exists():
        write_atomic(target, scaled.data, PRIVATE_FILE)
    with db.atomic():
        image_q.add(db, scaled.sha256, scaled.type, len(scaled.data), scaled.width,
                    scaled.height, now)
        image_q.claim(db, scaled.sha256, site_id)
    return scaled.sha256


def file_name(db: sqlite_utils.Database, sha256: str) -> str | None:
    """<sha256>.<ext> inside <data>/content/bilder/, or None if unknown."""
    mime = image_q.mime(db, sha256) if SHA256.match(sha256) else None
    return f"{sha256}.{EXTENSIONS[mime]}" if mime else None


def may_read(db: sqlite_utils.Database, user: dict, sha256: str) -> bool:
    """Whether the user may see this picture: admins, the sites it was uploaded for, and
    whoever may read an entry that shows it."""
    if auth.is_admin(user) or image_q.sites_of(db, sha256) & set(user["sites"]):
        return True
    return any(auth.may_read_entry(db, user, e) for e in entry_q.using_image(db, sha256))


def may_use(db: sqlite_utils.Database, user: dict, sha256: str, entry: dict | None) -> bool:
    """Whether the user may put this picture on `entry` (None: a new entry)."""
    if file_name(db, sha256) is None:
        return False
    if entry is not None and (entry["data"].get("image") or {}).get("sha256") == sha256:
        return True
    return may_read(db, user, sha256)
