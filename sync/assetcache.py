"""The terminal's content-addressed image cache: <paths.data>/assets/<sha256>.<ext>.

An image is downloaded into a temp file, checked against the feed's size and SHA-256 and
only then renamed to its name, so a file in the cache is always complete and correct
(sync.net.download_asset). Images of the old version are deleted only after the new
version is committed, so the kiosk never shows an entry whose picture is gone.
"""

from __future__ import annotations

import contextlib
import logging
import re
from pathlib import Path
from urllib.parse import urljoin

import requests

from sync.deadline import Deadline
from sync.files import remove_temp_files
from sync.images import asset_name
from sync.net import Limits, download_asset

log = logging.getLogger(__name__)
_NAME_RE = re.compile(r"^[0-9a-f]{64}\.(jpg|png|webp)$")


def assets_url(feed_url: str, configured: str = "") -> str:
    """Where assets/ lives: configured, or two folders up from sites/<site>/feed.json."""
    base = configured or urljoin(feed_url, "../../assets/")
    return base if base.endswith("/") else base + "/"


def missing(asset_dir: Path, assets: dict[str, dict]) -> dict[str, dict]:
    """The feed's assets that are not (completely) in the cache yet."""
    out = {}
    for sha, info in assets.items():
        path = asset_dir / asset_name(sha, info["type"])
        try:
            complete = path.stat().st_size == info["bytes"]
        except FileNotFoundError:
            complete = False
        if not complete:
            out[sha] = info
    return out


def ensure_assets(session: requests.Session, base_url: str, asset_dir: Path,
                  assets: dict[str, dict], *, max_bytes: int, limits: Limits,
                  deadline: Deadline) -> tuple[int, int]:
    """Download every asset not yet cached; return (files downloaded, bytes received)."""
    asset_dir.mkdir(parents=True, exist_ok=True)
    remove_temp_files(asset_dir)  # left by a killed download; we hold the sync lock
    todo = missing(asset_dir, assets)
    received = 0
    for sha, info in todo.items():
        name = asset_name(sha, info["type"])
        received += download_asset(session, base_url + name, asset_dir / name, sha256=sha,
                                   size=info["bytes"], max_bytes=max_bytes, limits=limits,
                                   deadline=deadline)
    if todo:
        log.info("downloaded %d images (%d bytes)", len(todo), received)
    return len(todo), received


def prune(asset_dir: Path, assets: dict[str, dict]) -> int:
    """Delete cached images the applied feed no longer names; return how many."""
    keep = {asset_name(sha, info["type"]) for sha, info in assets.items()}
    removed = 0
    if not asset_dir.is_dir():
        return 0
    for path in asset_dir.iterdir():
        if _NAME_RE.match(path.name) and path.name not in keep:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed += 1
    return removed
