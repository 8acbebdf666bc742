"""History: every save keeps a version (who, when), the changes in staff words, restoring
an older version as a new draft (checked like a save); the bin: deleting keeps the entry
restorable for 30 days, the daily run purges it afterwards."""

from __future__ import annotations

from datetime import timedelta

from hub import context, entry_diff
from hub.queries import entries as entry_q
from hub.queries import versions as version_q
from hub.scheduler import DailyPublisher
from tests.hub.conftest import EDITOR_A, NOW, entry_data, unescape
from tests.hub.test_entries import VALID

CATEGORIES = {"treffen": "Treffen & Bewegung", "hilfe": "Hilfe & Beratung"}


def _versions(app, entry_id: str) -> list[dict]:
    with app.app_context():
        return version_q.of_entry(context.db(), entry_id)


def test_history_every_save_keeps_the_previous_version(app, as_a, clock):
    clock.now += timedelta(hours=1)
    as_a.post("/eintraege/a-treff/bearbeiten", data={**VALID, "title": "Spieletreff"})
    clock.now += timedelta(hours=1)
    as_a.post("/eintraege/a-treff/bearbeiten", data={**VALID, "title": "Spielenachmittag",
                                                     "contact_phone": "069 90009 204"})
    found = _versions(app, "a-treff")
    assert [v["rev"] for v in found] == [3, 2, 1]
    assert [v["data"]["title"] for v in found] == ["Spielenachmittag", "Spieletreff",
                                                   "Treff in A"]
    assert found[0]["saved_by"] == EDITOR_A and found[2]["saved_by"] == "test"
    assert found[0]["saved_at"] == "2026-12-01T10:00:00+00:00"
    page = unescape(as_a.get("/eintraege/a-treff/verlauf").get_data(as_text=True))
    assert "Fassung 3 (aktuell)" in page and "Fassung 1" in page
    # Readable: German labels, old and new value side by side, server-rendered.
    assert '<th scope="row">Titel</th><td data-label="Vorher" class="old">Spieletreff</td>' \
           '<td data-label="Nachher" class="new">Spielenachmittag</td>' in page
    assert '<th scope="row">Telefon</th>' in page and "069 90009204" in page
    # Not released yet: what the terminals do not get, against the released version 1.
    assert "Noch nicht freigegeben" in page and "Diese Fassung wiederherstellen" in page


def test_history_diff_words_each_field_as_the_form_labels_it():
    old = entry_data("Treff", cost={"kind": "free"})
    new = entry_data("Treff", cost={"kind": "amount", "euro": 6.5, "per": "Essen"},
                     schedule={"start": "2026-12-03T14:30", "end": "2026-12-03T16:00",
                               "rrule": "FREQ=WEEKLY;BYDAY=TH", "exdates": ["2026-12-24"]},
                     valid_from="2027-01-04", category="hilfe")
    changes = {c.label: (c.old, c.new) for c in entry_diff.compare(old, new, {}, CATEGORIES)}
    assert changes == {
        "Bereich am Terminal": ("Treffen & Bewegung", "Hilfe & Beratung"),
        "Termine": ("1. Dezember 2026, 14:30 Uhr; jeden Dienstag, 14:30 bis 16:00 Uhr",
                    "3. Dezember 2026, 14:30 Uhr; jeden Donnerstag, 14:30 bis 16:00 Uhr "
                    "(nicht am 24. Dezember)"),
        "Nicht stattfinden lassen, ohne Hinweis": ("–", "24. Dezember 2026"),
        "Kosten": ("kostenlos", "6,50 € pro Essen"),
        "Gültig ab": ("–", "4. Januar 2027"),
    }


def test_history_restore_makes_a_new_draft_version(app, as_a):
    as_a.post("/eintraege/a-treff/bearbeiten", data={**VALID, "title": "Falscher Titel"})
    as_a.post("/eintraege/a-treff/freigeben")
    response = as_a.post("/eintraege/a-treff/verlauf/1/wiederherstellen")
    assert response.status_code == 302 and response.headers["Location"] == "/eintraege/a-treff"
    with app.app_context():
        entry = entry_q.get(context.db(), "a-treff")
    assert entry["rev"] == 3 and entry["released_rev"] == 2
    assert entry["data"]["title"] == "Treff in A" and entry["title"] == "Treff in A"
    assert _versions(app, "a-treff")[0]["action"] == "restore:1"
    page = unescape(as_a.get("/eintraege/a-treff/verlauf").get_data(as_text=True))
    assert "Fassung 1 wiederhergestellt" in page


def test_history_restore_is_checked_like_a_save(app, as_a):
    with app.app_context():
        data = entry_data("Treff in A", place_id="saal-a")
        data["contact"]["web"] = "HTTPS://X.DE/<script>"   # stored before the check existed
        entry_q.save(context.db(), "a-treff", "ort-a", data, sharing="site", share_sites=[],
                     now=NOW, user="t")
    as_a.post("/eintraege/a-treff/bearbeiten", data=VALID)
    response = as_a.post("/eintraege/a-treff/verlauf/2/wiederherstellen")
    assert response.headers["Location"] == "/eintraege/a-treff/verlauf"
    raw = as_a.get("/eintraege/a-treff/verlauf").get_data(as_text=True)
    assert "<script>" not in raw
    page = unescape(raw)
    assert "Fassung 2 lässt sich so nicht wiederherstellen" in page and "Webseite" in page
    assert [v["rev"] for v in _versions(app, "a-treff")] == [3, 2, 1]


def test_history_deleting_moves_to_the_bin_and_back(app, as_a):
    as_a.post("/eintraege/a-treff/bearbeiten", data={**VALID, "title": "Treff in A"})
    response = as_a.post("/eintraege/a-treff/loeschen")
    listed = unescape(as_a.get(response.headers["Location"]).get_data(as_text=True))
    assert "„Treff in A“ liegt jetzt im Papierkorb" in listed
    with app.app_context():
        db = context.db()
        assert entry_q.get(db, "a-treff") is None and entry_q.id_taken(db, "a-treff")
    page = unescape(as_a.get("/papierkorb").get_data(as_text=True))
    assert "Treff in A" in page and "31. Dezember 2026" in page   # 30 days after deletion
    assert as_a.post("/papierkorb/a-treff/wiederherstellen").status_code == 302
    with app.app_context():
        db = context.db()
        entry = entry_q.get(db, "a-treff")
        assert version_q.from_bin(db, "a-treff") is None
    assert (entry["rev"], entry["released_rev"]) == (2, 1)   # state and history kept
    assert entry["place_id"] == "saal-a" and len(_versions(app, "a-treff")) == 2
    assert 'id="unbin-a-treff"' not in as_a.get("/papierkorb").get_data(as_text=True)


def test_history_bin_is_purged_by_the_daily_run_after_30_days(app, clock):
    with app.app_context():
        db = context.db()
        entry_q.delete(db, "a-treff", NOW + timedelta(days=2), "t")
    daily = DailyPublisher(app)
    daily.tick(NOW + timedelta(days=31, hours=3))   # 29 days after deleting a-treff
    with app.app_context():
        db = context.db()
        assert version_q.from_bin(db, "a-geloescht") is None      # 31 days: gone
        assert version_q.of_entry(db, "a-geloescht") == []
        assert version_q.from_bin(db, "a-treff") is not None
        assert entry_q.id_taken(db, "a-geloescht")                # the id stays taken


def test_history_bin_refuses_an_entry_the_calendar_brought_back(app, as_a):
    with app.app_context():
        db = context.db()
        entry_q.save(db, "k-1", "ort-a", entry_data("Konzert"), sharing="site",
                     share_sites=[], now=NOW, user=None, origin="ics",
                     ics_source="https://x.example/k.ics", ics_uid="uid-1")
        entry_q.delete(db, "k-1", NOW, None)
        entry_q.save(db, "k-2", "ort-a", entry_data("Konzert"), sharing="site",
                     share_sites=[], now=NOW, user=None, origin="ics",
                     ics_source="https://x.example/k.ics", ics_uid="uid-1")
    response = as_a.post("/papierkorb/k-1/wiederherstellen")
    assert response.headers["Location"] == "/papierkorb"
    page = unescape(as_a.get("/papierkorb").get_data(as_text=True))
    assert "inzwischen wieder aus dem Kalender übernommen" in page
