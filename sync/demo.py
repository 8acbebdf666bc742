"""Built-in demo content: the fictional municipality Lindenbach and its Begegnungsstätte.

Everything is invented. Phone numbers are from the range the Bundesnetzagentur keeps free
for media (069 90009 000-999); they never ring anyone. Dates are computed relative to
`today`, so the demo never looks stale: weekly and monthly events, a course, standing
offers with hours and holiday exceptions, a cancelled and a full event, calls for
volunteers, a participation event and a poll.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sync.demo_entries import (
    calls_and_participation,
    courses_and_single_events,
    regular_events,
    standing_offers,
)
from sync.source import SOURCE_FORMAT

# Drawn illustrations (deploy/draw_demo_images.py); the package ships them.
IMAGE_DIR = Path(__file__).resolve().parent.parent / "assets" / "demo"
PICTURES = {
    "lb-mittagstisch": ("mittagstisch.png",
                        "Gedeckter Tisch mit vier Tellern Kürbissuppe und einem Brotkorb"),
    "lb-sonntagscafe": ("sonntagscafe.png",
                        "Eine Tasse Kaffee und ein Stück Kirschkuchen auf dem Tisch"),
    "lb-spaziergang": ("spaziergang.png",
                       "Ein Weg am Bach mit Bäumen und einer Bank zum Ausruhen"),
    "lb-spielenachmittag": ("spielenachmittag.png",
                            "Ein Spielbrett „Mensch ärgere dich nicht“, ein Würfel und "
                            "Spielkarten"),
}
SITE = "lindenbach-alte-schule"
SITE_NAME = "Begegnungsstätte Alte Schule"
TOWN = "Lindenbach (fiktiv)"


def _places(today: date) -> list[dict]:
    checked = (today - timedelta(days=41)).isoformat()
    return [
        {
            "id": "alte-schule", "name": "Begegnungsstätte Alte Schule",
            "address": "Schulstraße 5, Lindenbach (fiktiv)", "room": "Großer Raum",
            "floor": "Erdgeschoss", "stop": "Haltestelle Schulstraße, 80 m",
            "geo": {"lat": 48.7031, "lon": 9.2127},
            "access": {"step_free": True, "ramp_percent": 6, "elevator": None,
                       "door_width_cm": 95, "accessible_wc": True, "hearing_loop": True,
                       "parking": True, "surface": None,
                       "note": "Rampe mit Handlauf am Seiteneingang", "checked_on": checked},
        },
        {
            "id": "gemeindehaus", "name": "Evangelisches Gemeindehaus",
            "address": "Kirchgasse 12, Lindenbach (fiktiv)", "room": "Saal",
            "floor": "1. OG", "stop": "Haltestelle Kirche, 120 m",
            "geo": {"lat": 48.7044, "lon": 9.2151},
            "access": {"step_free": True, "elevator": True, "door_width_cm": 90,
                       "accessible_wc": True, "hearing_loop": False, "parking": False,
                       "note": "Rollstuhlgerechtes WC im Erdgeschoss",
                       "checked_on": (today - timedelta(days=60)).isoformat()},
        },
        {
            "id": "rathaus", "name": "Rathaus Lindenbach",
            "address": "Marktplatz 1, Lindenbach (fiktiv)", "room": "Raum 0.14",
            "floor": "EG", "stop": "Haltestelle Marktplatz, 30 m",
            "geo": {"lat": 48.7020, "lon": 9.2102},
            "access": {"step_free": True, "elevator": True, "door_width_cm": 100,
                       "accessible_wc": True, "hearing_loop": False, "parking": True,
                       "note": "Stufenloser Eingang an der Rückseite, bitte klingeln",
                       "checked_on": (today - timedelta(days=95)).isoformat()},
        },
        {
            "id": "lindenhof", "name": "Bürgertreff Lindenhof",
            "address": "Lindenhof 20 (Wohnanlage), Lindenbach (fiktiv)",
            "room": "Gemeinschaftsraum", "floor": "Erdgeschoss",
            "stop": "Haltestelle Lindenhof, 50 m",
            "geo": {"lat": 48.6998, "lon": 9.2166},
            "access": {"step_free": True, "door_width_cm": 110, "accessible_wc": True,
                       "hearing_loop": False, "parking": True,
                       "note": "Automatische Tür", "checked_on": checked},
        },
        {
            "id": "sporthalle", "name": "Sporthalle am Bach",
            "address": "Bachweg 3, Lindenbach (fiktiv)", "room": "Gymnastikraum",
            "floor": "Erdgeschoss", "stop": "Haltestelle Bachweg, 200 m",
            "geo": {"lat": 48.7055, "lon": 9.2080},
            "access": {"step_free": True, "ramp_percent": 8, "door_width_cm": 90,
                       "accessible_wc": False, "hearing_loop": False, "parking": True,
                       "surface": "Kiesweg vom Parkplatz, 40 m", "checked_on": checked},
        },
    ]


CATEGORIES = [
    {"id": "treffen", "label": "Treffen & Bewegung", "icon": "treffen", "tile": True},
    {"id": "hilfe", "label": "Hilfe & Beratung", "icon": "hilfe", "tile": True},
    {"id": "mitmachen", "label": "Mitmachen", "icon": "mitmachen", "tile": True},
]


def demo_source(today: date, images: bool = False) -> dict:
    """Return the demo content as a source document, dated relative to `today`.

    With `images`, four entries name a picture in IMAGE_DIR ({"file", "alt"}, as a source
    file does): for the publisher and kiosk.demo, which turn them into assets. Without,
    the document is ready for sync.source.build_feed as it is."""
    entries = (regular_events(today) + courses_and_single_events(today)
               + standing_offers(today) + calls_and_participation(today))
    if images:
        for entry in entries:
            if entry["id"] in PICTURES:
                file, alt = PICTURES[entry["id"]]
                entry["image"] = {"file": file, "alt": alt}
    tz = ZoneInfo("Europe/Berlin")
    poll_from = datetime.combine(today - timedelta(days=7), time(0), tzinfo=tz).isoformat()
    poll_until = datetime.combine(today + timedelta(days=40), time(0), tzinfo=tz).isoformat()
    return {
        "format": SOURCE_FORMAT,
        "site": SITE,
        "site_name": SITE_NAME,
        "town": TOWN,
        "timezone": "Europe/Berlin",
        "categories": CATEGORIES,
        "places": _places(today),
        "entries": entries,
        "polls": [{
            "id": "lindenplatz",
            "question": "Was wünschen Sie sich am Lindenplatz am meisten?",
            "answers": [{"id": "baenke", "text": "Mehr Bänke", "icon": "people"},
                        {"id": "schatten", "text": "Bäume und Schatten", "icon": "surface"},
                        {"id": "brunnen", "text": "Einen Trinkbrunnen", "icon": "location"},
                        {"id": "treffpunkt", "text": "Einen überdachten Treffpunkt",
                         "icon": "treffen"}],
            "from": poll_from, "until": poll_until, "min_votes_to_show": 20,
            # What the hub publishes once the site has 20 votes (the hub's demo computes
            # the same numbers from its terminals' counts, hub/demo_usage.py).
            "results": {"baenke": 23, "schatten": 17, "brunnen": 9, "treffpunkt": 12},
            "votes": 61,
        }],
    }
