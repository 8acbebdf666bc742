"""Large, realistic-looking content for benchmarks: 2,000 entries, 20,000 dates."""

from __future__ import annotations

from datetime import datetime, timedelta

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
