"""Prepare the built-in demo content on this machine, through the same apply path as a
real feed (sync.source builds a format-1 feed, sync.apply writes it).

The entries link their phone pages as a feed published with `--base-url PUBLISHED_URL`
would, so the demo shows every QR code a real terminal shows ("Details" included); the
address is a reserved example domain, nothing is published there."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from kiosk.clock import system_clock
from sync.apply import apply_feed, current_version
from sync.db import open_db
from sync.demo import IMAGE_DIR, demo_source
from sync.images import ImageResolver
from sync.phonepage import page_links
from sync.source import build_feed

PUBLISHED_URL = "https://quartier.example.org"


def default_demo_dir() -> Path:
    """Where `--demo` keeps its data when no config names a folder."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "quartier-kiosk" / "demo"


def load_demo(data_dir: Path, now: datetime | None = None) -> Path:
    """Build the demo feed for today, apply it into `data_dir`, return the database path.

    The pictures are scaled by the publisher's own code into `data_dir`/assets/, where a
    pull would have put them (sync.config.Config.asset_dir)."""
    now = now or system_clock()
    db_path = data_dir / "kiosk.sqlite"
    # The version must grow even when an earlier run (a tour with a later --now) left a
    # higher one behind.
    version = int(now.timestamp())
    if db_path.exists():
        db = open_db(db_path)
        try:
            version = max(version, (current_version(db) or 0) + 1)
        finally:
            db.close()
    resolver = ImageResolver(data_dir / "assets", {})
    source, _assets = resolver.resolve_source(demo_source(now.date(), images=True),
                                              IMAGE_DIR, "demo")
    doc = build_feed(source, version=version, now=now)
    for entry in doc["entries"]:
        entry["links"] = page_links(entry, PUBLISHED_URL)
    apply_feed(db_path, doc, now=now, allow_same_version=True)
    return db_path
