""""Angekommen?": every publish has a label in words, the publish page lists what will
change before the button and which state each terminal shows, the fleet says "zeigt den
neuesten Stand" or "zeigt den Stand von …, seit …"; version numbers are technical detail."""

from __future__ import annotations

import functools
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from hub import context
from hub.publishing import pending, publish_sites
from hub.queries import entries as entry_q
from hub.queries import places as place_q
from hub.queries import publications as pub_q
from hub.queries import sites as site_q
from hub.wording import stand_label
from tests.hub.conftest import NOW, TOKENS, entry_data, unescape
from tests.hub.test_entries import VALID

AUTH = {"Authorization": f"Bearer {TOKENS['a-1']}"}


def _publish(app) -> int:
    with app.app_context():
        outcome = publish_sites(context.db(), context.paths(), context.settings(), ["ort-a"],
                                now=context.now(), user="t", trigger="test")
    return outcome.sites[0].version


def _beat(client, version: int | None) -> None:
    body = {"terminal": "a-1", "site": "ort-a", "software": "0.1.0", "feed_version": version,
            "last_sync": {"at": "2026-12-01T07:55:00+00:00", "ok": True, "error": None},
            "clock_skew_s": 0.4, "disk_free_mb": 5120, "uptime_s": 3600, "counters": []}
    assert client.post("/api/v1/heartbeat", json=body, headers=AUTH).status_code == 200


def test_arrival_label_is_the_moment_in_the_terminals_words():
    assert stand_label(NOW) == "Stand: 1. Dezember, 9:00 Uhr"
    summer = datetime(2027, 7, 5, 14, 18, tzinfo=UTC)
    assert stand_label(summer, NOW) == "Stand: 5. Juli 2027, 16:18 Uhr"
    assert stand_label(summer.isoformat(), summer) == "Stand: 5. Juli, 16:18 Uhr"


def test_arrival_publish_page_lists_pending_changes_per_site(app, as_a, clock):
    _publish(app)
    clock.now += timedelta(minutes=10)
    as_a.post("/eintraege/neu", data=VALID)
    as_a.post("/eintraege/neu", data={**VALID, "title": "Kinonachmittag"})
    as_a.post("/eintraege/kinonachmittag/freigeben")
    as_a.post("/eintraege/neu", data={**VALID, "title": "Ab Januar",
                                      "valid_from": "2027-01-04"})
    as_a.post("/eintraege/ab-januar/freigeben")
    as_a.post("/eintraege/a-treff/bearbeiten", data={**VALID, "title": "Treff in A, neu"})
    as_a.post("/eintraege/a-treff/freigeben")
    page = unescape(as_a.get("/veroeffentlichen").get_data(as_text=True))
    pending = page[page.index('id="pending-ort-a"'):page.index('id="publish-ort-a"')]
    assert '<p class="pending-kind">Neu</p><ul><li>Kinonachmittag</li></ul>' in pending
    assert '<p class="pending-kind">Geändert</p><ul><li>Treff in A, neu</li></ul>' in pending
    assert "Ab Januar" not in pending           # "Gültig ab" is not reached yet
    assert "1 Entwurf" in pending and "Spielenachmittag" not in pending
    as_a.post("/veroeffentlichen", data={"site": "ort-a"})
    page = unescape(as_a.get("/veroeffentlichen").get_data(as_text=True))
    assert "Keine Änderungen an den Einträgen seit dem letzten Veröffentlichen." in page
    as_a.post("/eintraege/kinonachmittag/loeschen")
    page = unescape(as_a.get("/veroeffentlichen").get_data(as_text=True))
    assert '<p class="pending-kind">Entfernt</p><ul><li>Kinonachmittag</li></ul>' in page


def test_arrival_pending_leaves_out_what_the_last_publish_left_out(app, as_a):
    with app.app_context():
        data = entry_data("Kaputt")
        data["contact"]["web"] = "HTTPS://X.DE/<script>"
        entry_q.save(context.db(), "a-kaputt", "ort-a", data, sharing="site",
                     share_sites=[], now=NOW, user="t")
    _publish(app)
    page = unescape(as_a.get("/veroeffentlichen").get_data(as_text=True))
    assert "Keine Änderungen an den Einträgen seit dem letzten Veröffentlichen." in page


def test_arrival_fleet_and_publish_page_say_what_each_terminal_shows(app, as_a, client,
                                                                      clock):
    page = unescape(as_a.get("/geraete").get_data(as_text=True))
    assert "hat sich noch nicht gemeldet" in page
    first = _publish(app)
    _beat(client, first)
    page = unescape(as_a.get("/geraete").get_data(as_text=True))
    row = page[page.index("Foyer ort-a"):]
    assert "zeigt den neuesten Stand" in row[:600]
    assert f"Stand: 1. Dezember, 9:00 Uhr · Versionsnummer {first}" in row[:600]
    clock.now += timedelta(minutes=10)
    with app.app_context():
        entry_q.save(context.db(), "a-neu", "ort-a", entry_data("Neu"), sharing="site",
                     share_sites=[], now=context.now(), user="t")
    _publish(app)
    clock.now += timedelta(hours=1)
    as_a.get("/")               # the login stays alive (two idle hours end it)
    clock.now += timedelta(hours=1)
    for url in ("/geraete", "/veroeffentlichen", "/geraete/a-1"):
        page = unescape(as_a.get(url).get_data(as_text=True))
        assert "zeigt den Stand von 1. Dezember, 9:00 Uhr, seit 2 Stunden gibt es einen " \
               "neueren" in page, url
    # The light gives the same words as its reason.
    page = unescape(as_a.get("/geraete").get_data(as_text=True))
    assert "zeigt den Stand von 1. Dezember, 9:00 Uhr (1 Veröffentlichung zurück), neuer " \
           "Stand seit 2 Stunden" in page


def test_arrival_result_page_names_the_state_and_keeps_the_number_technical(app, as_a):
    response = as_a.post("/veroeffentlichen", data={"site": "ort-a"})
    page = unescape(as_a.get(response.headers["Location"]).get_data(as_text=True))
    assert '<strong id="label-ort-a">Stand: 1. Dezember, 9:00 Uhr</strong>' in page
    assert 'Technisch: Versionsnummer <span id="version-ort-a">' in page


@pytest.mark.parametrize("old_snapshot", [False, True], ids=["revs", "before-drafts"])
def test_arrival_pending_list_is_what_the_publish_then_reports(app, clock, old_snapshot):
    with app.app_context():
        db = context.db()
        save = functools.partial(entry_q.save, db, sharing="site", share_sites=[], user="t")
        save("a-weg", "ort-a", entry_data("Fällt weg"), now=clock.now)
        save("a-bleibt", "ort-a", entry_data("Bleibt"), now=clock.now)
        _publish(app)
        if old_snapshot:   # as published before versions existed: digests only
            row = pub_q.latest(db, "ort-a")
            del row["snapshot"]["revs"]
            db.execute("UPDATE publications SET snapshot = ? WHERE id = ?",
                       [json.dumps(row["snapshot"]), row["id"]])
        clock.now += timedelta(minutes=10)
        save("a-neu", "ort-a", entry_data("Ganz neu"), now=clock.now)
        save("a-entwurf", "ort-a", entry_data("Nur Entwurf"), now=clock.now, release=False)
        save("a-bleibt", "ort-a", entry_data("Bleibt, aber anders"), now=clock.now,
             release=False)                                     # a draft change: not yet
        entry_q.mark_checked(db, "a-treff", date(2026, 12, 2), clock.now, "t")
        entry_q.delete(db, "a-weg", clock.now, "t")
        place = place_q.get(db, "saal-a")["data"]
        place_q.save(db, {**place, "room": "Raum 2"}, "ort-a", clock.now, "t")
        expected = pending(db, site_q.get(db, "ort-a"), context.settings(), clock.now.date())
    assert expected == {"neu": ["Ganz neu"], "geaendert": ["Treff in A"],
                        "entfernt": ["Fällt weg"], "orte": ["Saal A"]}
    with app.app_context():
        outcome = publish_sites(context.db(), context.paths(), context.settings(), ["ort-a"],
                                now=context.now(), user="t", trigger="test")
    assert outcome.sites[0].summary == expected
