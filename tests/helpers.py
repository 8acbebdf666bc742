"""Builders for test data: aware Berlin datetimes and small valid format-1 feeds."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta

from kiosk.clock import TZ


def berlin(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    """An aware datetime on the wall clock of Europe/Berlin."""
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


def occurrence(start: datetime, minutes: int = 60, **extra: object) -> dict:
    return {"start": start.isoformat(), "end": (start + timedelta(minutes=minutes)).isoformat(),
            "status": "scheduled", **extra}


def entry(entry_id: str, *starts: datetime, minutes: int = 60, **extra: object) -> dict:
    """A valid feed entry with one occurrence per start time."""
    base = {
        "id": entry_id, "kind": "event", "category": "treffen",
        "title": f"Titel {entry_id}", "summary": "Kurzer Text.",
        "occurrences": [occurrence(s, minutes) for s in starts],
        "place_id": "saal",
    }
    base.update(extra)
    return base


def make_feed(entries: list[dict], version: int = 1, generated: datetime | None = None,
              **extra: object) -> dict:
    """A small valid format-1 feed around `entries`."""
    generated = generated or berlin(2026, 12, 1, 8)
    doc = {
        "format": "quartier-feed/1", "site": "testort", "site_name": "Treff Testort",
        "version": version, "generated_at": generated.isoformat(),
        "expires_at": (generated + timedelta(days=14)).isoformat(),
        "categories": [{"id": "treffen", "label": "Treffen & Bewegung", "icon": "treffen"},
                       {"id": "hilfe", "label": "Hilfe & Beratung", "icon": "hilfe"}],
        "places": [{"id": "saal", "name": "Saal im Rathaus", "floor": "1. OG",
                    "access": {"step_free": True, "elevator": True}}],
        "entries": entries, "polls": [], "assets": {},
    }
    doc.update(extra)
    return copy.deepcopy(doc)
