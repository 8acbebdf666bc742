"""Demo data: the demo content of sync.demo as the site "Alte Schule" in Lindenbach (with
its Lindenplatz poll), a neighbouring site in Eichhausen, demo accounts, three terminals
with three weeks of usage counts (hub.demo_usage) and heartbeats that show all three
traffic lights, and one publish. Everything is fictional; phone numbers are from
the range kept free for media (069 90009 000–999).

    quartier-hub serve --demo   or   quartier-hub seed-demo --data DIR
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlite_utils

from hub import demo_usage, images
from hub.auth import password_hasher
from hub.config import Paths, public_key_text
from hub.filemodes import PRIVATE_FILE, private_dir
from hub.publishing import publish_sites
from hub.queries import entries as entry_q
from hub.queries import offers as offer_q
from hub.queries import places as place_q
from hub.queries import polls as poll_q
from hub.queries import sites as site_q
from hub.queries import terminals as terminal_q
from hub.queries import users as user_q
from sync.demo import IMAGE_DIR, SITE, SITE_NAME, demo_source
from sync.files import write_atomic

NEIGHBOUR = "eichhausen-buergertreff"
PASSWORD = "Demo-Passwort-2026"
ADMIN = "admin@lindenbach.example"
EDITOR = "redaktion@lindenbach.example"
NEIGHBOUR_EDITOR = "redaktion@eichhausen.example"
TERMINALS = [  # id, site, name, token
    ("schule-1", SITE, "Foyer", "demo-token-schule-1"),
    ("schule-2", SITE, "Café, neben dem Eingang", "demo-token-schule-2"),
    ("eichhausen-1", NEIGHBOUR, "Eingangshalle", "demo-token-eichhausen-1"),
]


@dataclass
class DemoLogin:
    email: str
    password: str
    role: str


def seed(db: sqlite_utils.Database, paths: Paths, settings: dict, now: datetime,
         today: date, fast_hash: bool = False) -> list[DemoLogin] | None:
    """Fill an empty hub with the demo; None when it holds sites already."""
    if site_q.all_sites(db):
        return None
    site_q.create(db, SITE, SITE_NAME, "Lindenbach (fiktiv)", now)
    site_q.create(db, NEIGHBOUR, "Bürgertreff Eichhausen", "Eichhausen (fiktiv)", now)
    source = demo_source(today, images=True)
    for place in source["places"]:
        owner = None if place["id"] == "rathaus" else SITE
        place_q.save(db, place, owner, now, "demo")
    place_q.save(db, _neighbour_place(today), NEIGHBOUR, now, "demo")
    for entry in source["entries"]:
        if entry.get("image"):  # as if staff had uploaded the picture
            raw = (IMAGE_DIR / entry["image"]["file"]).read_bytes()
            sha = images.store_upload(raw, paths.images, db, now, SITE)
            entry = {**entry, "image": {"sha256": sha, "alt": entry["image"]["alt"]}}
        _add(db, SITE, entry, now, today)
    for entry in _neighbour_entries(today):
        _add(db, NEIGHBOUR, entry, now, today)
    # The Bürgerbus serves both villages; the neighbours were offered two more entries.
    entry_q.save(db, "lb-buergerbus", SITE, entry_q.get(db, "lb-buergerbus")["data"],
                 sharing="all", share_sites=[], now=now, user="demo")
    offer_q.offer(db, "lb-pflegestuetzpunkt", NEIGHBOUR, now, ADMIN)
    accepted = offer_q.for_sites(db, [NEIGHBOUR])[0]
    offer_q.decide(db, accepted["id"], "accepted", now, NEIGHBOUR_EDITOR)
    offer_q.offer(db, "lb-vortrag-vorsorge", NEIGHBOUR, now, ADMIN)
    hasher = password_hasher(fast_hash)
    logins = [DemoLogin(ADMIN, PASSWORD, "admin"), DemoLogin(EDITOR, PASSWORD, "editor"),
              DemoLogin(NEIGHBOUR_EDITOR, PASSWORD, "editor")]
    user_q.create(db, ADMIN, hasher.hash(PASSWORD), "admin", [], now)
    user_q.create(db, EDITOR, hasher.hash(PASSWORD), "editor", [SITE], now)
    user_q.create(db, NEIGHBOUR_EDITOR, hasher.hash(PASSWORD), "editor", [NEIGHBOUR], now)
    poll_start = _polls(db, source, now)
    for terminal_id, site, name, token in TERMINALS:
        terminal_q.create(db, terminal_id, site, name,
                          hashlib.sha256(token.encode()).hexdigest(), now - timedelta(days=40))
    demo_usage.record(db, [t[0] for t in TERMINALS], now, poll_start)
    publish_sites(db, paths, settings, None, now=now, user=ADMIN, trigger="demo")
    _heartbeats(db, now)
    return logins


def _polls(db: sqlite_utils.Database, source: dict, now: datetime) -> datetime | None:
    """The source's polls as hub polls, linked to the entry that names them; the moment
    the first one starts."""
    linked = {e["poll_id"]: e["id"] for e in source["entries"] if e.get("poll_id")}
    start = None
    for poll in source["polls"]:
        first = datetime.fromisoformat(poll["from"])
        last = datetime.fromisoformat(poll["until"]) - timedelta(days=1)
        answers = [{k: v for k, v in a.items() if k in ("id", "text", "icon")}
                   for a in poll["answers"]]
        poll_q.save(db, poll["id"], {
            "question": poll["question"], "answers": answers,
            "starts_on": first.date().isoformat(), "ends_on": last.date().isoformat(),
            "min_votes": poll.get("min_votes_to_show", 20),
            "entry_id": linked.get(poll["id"])}, [SITE], now, "demo")
        start = min(start or first, first)
    return start


def _add(db: sqlite_utils.Database, site: str, entry: dict, now: datetime,
         today: date) -> None:
    data = {k: v for k, v in entry.items() if k not in ("id", "poll_id") and v is not None}
    # Two entries nobody looked at for a while: the freshness page has something to show.
    stale = entry["id"] in ("lb-sonntagscafe", "lb-vorlesepaten")
    data["last_checked"] = (today - timedelta(days=120 if stale else 10)).isoformat()
    entry_q.save(db, entry["id"], site, data, sharing="site", share_sites=[], now=now,
                 user="demo")


def _neighbour_place(today: date) -> dict:
    return {"id": "buergertreff-eichhausen", "name": "Bürgertreff Eichhausen",
            "address": "Hauptstraße 8, Eichhausen (fiktiv)", "room": "Saal",
            "floor": "Erdgeschoss", "stop": "Haltestelle Rathausplatz, 60 m",
            "geo": {"lat": 48.7312, "lon": 9.2544},
            "access": {"step_free": True, "door_width_cm": 100, "accessible_wc": True,
                       "hearing_loop": False, "parking": True,
                       "checked_on": (today - timedelta(days=30)).isoformat()}}


def _neighbour_entries(today: date) -> list[dict]:
    thursday = today + timedelta(days=(3 - today.weekday()) % 7)
    first = thursday.isoformat()
    contact = {"role": "Bürgertreff", "phone": "069 90009301", "phone_hours": "Do, 14 bis 17 Uhr"}
    return [
        {"id": "eh-kaffeeklatsch", "kind": "event", "category": "treffen",
         "title": "Kaffeeklatsch im Bürgertreff",
         "summary": "Kaffee, Kuchen und Gespräche. Einfach vorbeikommen, auch zum ersten Mal.",
         "schedule": {"start": f"{first}T15:00", "end": f"{first}T17:00",
                      "rrule": "FREQ=WEEKLY;BYDAY=TH"},
         "place_id": "buergertreff-eichhausen", "audience": ["alle"],
         "cost": {"kind": "donation"}, "registration": {"kind": "none"}, "contact": contact,
         "organizer": "Bürgerverein Eichhausen (fiktiv)"},
        {"id": "eh-mittagstisch", "kind": "event", "category": "treffen",
         "title": "Mittagstisch im Bürgertreff",
         "summary": "Einmal im Monat kocht das Team vom Bürgerverein. Bitte anmelden.",
         "schedule": {"start": f"{first}T12:00", "end": f"{first}T13:30",
                      "rrule": "FREQ=MONTHLY;BYDAY=1WE"},
         "place_id": "buergertreff-eichhausen", "audience": ["alle"],
         "cost": {"kind": "amount", "euro": 5.5, "per": "Essen"},
         "registration": {"kind": "required", "note": "bis Montag davor"},
         "contact": {**contact, "phone": "069 90009302"},
         "organizer": "Bürgerverein Eichhausen (fiktiv)"},
    ]


def _heartbeats(db: sqlite_utils.Database, now: datetime) -> None:
    versions = {s["id"]: s["published_version"] for s in site_q.all_sites(db)}
    # Green: just called in. Yellow: clock 5 minutes fast, 45 minutes quiet. Red: quiet for
    # five hours, little disk left, last sync failed.
    beats = [
        ("schule-1", now - timedelta(minutes=2), versions[SITE], 0.4, 5200, None),
        ("schule-2", now - timedelta(minutes=45), versions[SITE], 300.0, 4100, None),
        ("eichhausen-1", now - timedelta(hours=5), versions[NEIGHBOUR], 1.2, 150,
         "connection to the feed server timed out"),
    ]
    for terminal_id, at, version, skew, disk, error in beats:
        terminal = terminal_q.get(db, terminal_id)
        assert terminal is not None
        body = {"terminal": terminal_id, "site": terminal["site_id"], "software": "0.1.0",
                "feed_version": version,
                "last_sync": {"at": at.isoformat(), "ok": error is None, "error": error},
                "clock_skew_s": skew, "disk_free_mb": disk, "uptime_s": 86400 * 3,
                "counters": []}
        terminal_q.record_heartbeat(db, terminal, body, at)


def write_kiosk_configs(paths: Paths, hub_url: str) -> list[Path]:
    """kiosk.toml files for the demo terminals (for `make demo`), in <data>/demo/."""
    folder = private_dir(paths.data / "demo")  # the files hold the terminals' tokens
    public = public_key_text(paths)
    written = []
    for terminal_id, site, _name, token in TERMINALS:
        path = folder / f"kiosk-{terminal_id}.toml"
        text = (f'[terminal]\nsite = "{site}"\nid = "{terminal_id}"\ntoken = "{token}"\n'
                f'[sync]\nfeed_url = "{hub_url}/sites/{site}/feed.json"\n'
                f'public_keys = ["{public}"]\ninterval_s = 60\n'
                f'[paths]\ndata = "terminal-{terminal_id}"\n[hub]\nurl = "{hub_url}"\n')
        write_atomic(path, text.encode("utf-8"), PRIVATE_FILE)
        written.append(path)
    return written
