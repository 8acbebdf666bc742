"""Large, realistic-looking content for benchmarks: 2,000 entries, 20,000 dates; as a feed
(big_feed) or as a content source with pictures (big_source)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from kiosk.clock import TZ

CATEGORIES = [{"id": "treffen", "label": "Treffen & Bewegung", "icon": "treffen"},
              {"id": "hilfe", "label": "Hilfe & Beratung", "icon": "hilfe"},
              {"id": "mitmachen", "label": "Mitmachen", "icon": "mitmachen"}]


def big_feed(now: datetime, entries: int = 2000, dates: int = 10, version: int = 1) -> dict:
    """A valid feed with `entries` events of `dates` weekly dates each, around `now`."""
    base = now.astimezone(TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    places = [{"id": f"ort-{i}", "name": f"Gemeindesaal {i}", "address": f"Hauptstraße {i}",
               "floor": "EG", "access": {"step_free": True, "door_width_cm": 90,
                                         "checked_on": "2026-10-01"}} for i in range(50)]
    items = []
    for i in range(entries):
        occ = []
        for k in range(dates):
            start = base + timedelta(days=k * 7 + i % 7, hours=8 + i % 10)
            occ.append({"start": start.isoformat(),
                        "end": (start + timedelta(minutes=90)).isoformat(),
                        "status": "cancelled" if (i + k) % 37 == 0 else "scheduled"})
        items.append({
            "id": f"eintrag-{i}", "kind": "course" if i % 5 == 0 else "event",
            "category": CATEGORIES[i % 3]["id"], "title": f"Veranstaltung Nummer {i}",
            "summary": "Gemeinsam etwas unternehmen, mit Kaffee und Zeit für Gespräche. " * 2,
            "occurrences": occ, "rhythm": "jede Woche", "place_id": f"ort-{i % 50}",
            "audience": ["alle"], "cost": {"kind": "amount", "euro": 3.5, "per": "Termin"},
            "registration": {"kind": "none"},
            "contact": {"role": "Quartiersbüro", "phone": f"069 90009{i % 1000:03d}",
                        "phone_hours": "Mo bis Fr, 9 bis 12 Uhr"},
        })
    return {"format": "quartier-feed/1", "site": "bench", "site_name": "Bench-Treff",
            "version": version, "generated_at": now.isoformat(),
            "expires_at": (now + timedelta(days=14)).isoformat(), "categories": CATEGORIES,
            "places": places, "entries": items, "polls": [], "assets": {}}


def bench_picture(index: int, size: tuple[int, int] = (960, 720)) -> bytes:
    """A distinct photo-like JPEG for image `index` (a tinted gradient)."""
    import io

    from PIL import Image

    tint = ((index * 67) % 256, (index * 131) % 256, (index * 29) % 256)
    img = Image.linear_gradient("L").resize(size).convert("RGB")
    img = Image.blend(img, Image.new("RGB", size, tint), 0.45)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def big_source(folder: Path, entries: int = 2000, images: int = 200, dates: int = 10,
               marker: str = "", site: str = "bench") -> dict:
    """A source document (quartier-source/1) like big_feed, with `images` pictures.

    Pictures are written to `folder`/bilder once and reused; every `entries // images`-th
    entry shows one. `marker` goes into every summary, so versions are told apart.
    """
    from datetime import date

    from sync.source import SOURCE_FORMAT

    pictures = folder / "bilder"
    pictures.mkdir(parents=True, exist_ok=True)
    for i in range(images):
        path = pictures / f"bild-{i:03d}.jpg"
        if not path.exists():
            path.write_bytes(bench_picture(i))
    step = max(1, entries // images) if images else 0
    start = date.today() - timedelta(days=3)
    items = []
    for i in range(entries):
        day = start + timedelta(days=i % 7)
        item = {
            "id": f"eintrag-{i}", "kind": "course" if i % 5 == 0 else "event",
            "category": CATEGORIES[i % 3]["id"], "title": f"Veranstaltung Nummer {i}",
            "summary": f"Gemeinsam etwas unternehmen, mit Kaffee und Zeit für Gespräche. "
                       f"{marker}".strip(),
            "schedule": {"start": f"{day.isoformat()}T{8 + i % 10:02d}:00",
                         "end": f"{day.isoformat()}T{9 + i % 10:02d}:30",
                         "rrule": f"FREQ=WEEKLY;COUNT={dates}"},
            "rhythm": "jede Woche", "place_id": f"ort-{i % 50}", "audience": ["alle"],
            "cost": {"kind": "amount", "euro": 3.5, "per": "Termin"},
            "registration": {"kind": "none"},
            "contact": {"role": "Quartiersbüro", "phone": f"069 90009{i % 1000:03d}",
                        "phone_hours": "Mo bis Fr, 9 bis 12 Uhr"},
        }
        if step and i % step == 0 and i // step < images:
            item["image"] = {"file": f"bilder/bild-{i // step:03d}.jpg",
                             "alt": f"Foto zur Veranstaltung {i}"}
        items.append(item)
    places = [{"id": f"ort-{i}", "name": f"Gemeindesaal {i}", "address": f"Hauptstraße {i}",
               "floor": "EG", "geo": {"lat": 48.7 + i / 1000, "lon": 9.2},
               "access": {"step_free": True, "door_width_cm": 90,
                          "checked_on": "2026-10-01"}} for i in range(50)]
    return {"format": SOURCE_FORMAT, "site": site, "site_name": "Bench-Treff",
            "timezone": "Europe/Berlin", "categories": CATEGORIES, "places": places,
            "entries": items, "polls": []}
