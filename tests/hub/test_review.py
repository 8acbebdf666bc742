"""Drafts and release: a saved form is a draft until "Freigeben", only released versions are
published (the version a draft replaces stays), copies start as drafts, a site can have an
admin release its editors' entries, the list filters by state, and the migration releases
what existed before."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest

from hub import context
from hub.db import migrations, open_db
from hub.publishing import export_site, publish_sites
from hub.queries import entries as entry_q
from hub.queries import sites as site_q
from hub.queries import versions as version_q
from tests.hub.conftest import ADMIN, EDITOR_A, NOW, login, unescape
from tests.hub.ical_cases import vcalendar, vevent
from tests.hub.sheet_cases import OFFERS, xlsx
from tests.hub.test_entries import VALID


def _export_titles(app, site: str = "ort-a") -> list[str]:
    with app.app_context():
        db = context.db()
        doc = export_site(db, site_q.get(db, site), context.settings(), NOW.date())
    return sorted(e["title"] for e in doc["entries"])


def _entry(app, entry_id: str) -> dict:
    with app.app_context():
        return entry_q.get(context.db(), entry_id)


def test_review_a_saved_form_is_a_draft_until_released(app, as_a):
    assert as_a.post("/eintraege/neu", data=VALID).status_code == 302
    assert _export_titles(app) == ["Treff in A"]          # not published: a draft
    entry = _entry(app, "spielenachmittag")
    assert entry["released_rev"] is None and entry["rev"] == 1
    page = unescape(as_a.get("/eintraege/spielenachmittag").get_data(as_text=True))
    assert "Entwurf" in page and 'id="release"' in page and ">Freigeben<" in page
    response = as_a.post("/eintraege/spielenachmittag/freigeben")
    assert response.status_code == 302
    entry = _entry(app, "spielenachmittag")
    assert entry["released_rev"] == 1 and entry["released_by"] == EDITOR_A
    assert _export_titles(app) == ["Spielenachmittag", "Treff in A"]
    page = unescape(as_a.get("/eintraege/spielenachmittag").get_data(as_text=True))
    assert "Freigegeben" in page and 'id="release"' not in page


def test_review_changes_to_a_released_entry_wait_for_their_release(app, as_a):
    form = {**VALID, "title": "Treff in A, jetzt mit Kuchen"}
    assert as_a.post("/eintraege/a-treff/bearbeiten", data=form).status_code == 302
    entry = _entry(app, "a-treff")
    assert (entry["rev"], entry["released_rev"]) == (2, 1)
    # The terminals keep the released version until the change is released.
    assert _export_titles(app) == ["Treff in A"]
    page = unescape(as_a.get("/eintraege/a-treff").get_data(as_text=True))
    assert "Entwurf mit Änderungen" in page and "Änderungen ansehen" in page
    as_a.post("/eintraege/a-treff/freigeben")
    assert _export_titles(app) == ["Treff in A, jetzt mit Kuchen"]


def test_review_mark_checked_reaches_the_released_version_without_a_release(app, as_a, clock):
    as_a.post("/eintraege/a-treff/bearbeiten", data={**VALID, "title": "Neuer Titel"})
    clock.now += timedelta(days=3)
    login(as_a, EDITOR_A)   # the session of three days ago has ended
    assert as_a.post("/eintraege/a-treff/geprueft").status_code == 302
    with app.app_context():
        db = context.db()
        doc = export_site(db, site_q.get(db, "ort-a"), context.settings(), NOW.date())
    (entry,) = doc["entries"]
    assert entry["title"] == "Treff in A" and entry["last_checked"] == "2026-12-04"


def test_review_copy_starts_as_a_draft(app, as_a):
    assert as_a.post("/eintraege/a-treff/kopieren").status_code == 302
    assert _export_titles(app) == ["Treff in A"]          # the copy is not published
    assert _entry(app, "treff-in-a")["released_rev"] is None
    with app.app_context():
        assert version_q.of_entry(context.db(), "treff-in-a")[0]["action"] == "copy"


def _rule(app, on: bool = True) -> None:
    with app.app_context():
        db = context.db()
        site = site_q.get(db, "ort-a")
        site_q.update(db, "ort-a", site["name"], site["town"], on)


def test_review_site_rule_editor_asks_and_admin_releases(app, client):
    _rule(app)
    login(client, EDITOR_A)
    client.post("/eintraege/neu", data=VALID)
    page = unescape(client.get("/eintraege/spielenachmittag").get_data(as_text=True))
    assert "Zur Freigabe vorlegen" in page
    client.post("/eintraege/spielenachmittag/freigeben")
    entry = _entry(app, "spielenachmittag")
    assert entry["review"] == "requested" and entry["released_rev"] is None
    page = unescape(client.get("/eintraege/spielenachmittag").get_data(as_text=True))
    assert "Wartet auf Freigabe" in page and 'id="release"' not in page
    assert "Spielenachmittag" not in _export_titles(app)
    listed = unescape(client.get("/eintraege?state=pending").get_data(as_text=True))
    assert "Spielenachmittag" in listed and "Treff in A" not in listed
    client.post("/abmelden")
    login(client, ADMIN)
    client.post("/eintraege/spielenachmittag/freigeben")
    entry = _entry(app, "spielenachmittag")
    assert entry["review"] is None and entry["released_by"] == ADMIN
    assert "Spielenachmittag" in _export_titles(app)


def test_review_site_rule_is_set_by_admins_on_the_site_form(app, as_admin):
    as_admin.post("/standorte/ort-a/bearbeiten", data={"name": "Treff A",
                                                       "release_by_admin": "1"})
    with app.app_context():
        assert site_q.get(context.db(), "ort-a")["release_by_admin"] == 1
    page = unescape(as_admin.get("/standorte/ort-a").get_data(as_text=True))
    assert "Einträge der Redaktion gibt die Verwaltung frei." in page
    as_admin.post("/standorte/ort-a/bearbeiten", data={"name": "Treff A"})
    with app.app_context():
        assert site_q.get(context.db(), "ort-a")["release_by_admin"] == 0


@pytest.mark.parametrize(("state", "shown"), [
    ("draft", {"Spielenachmittag", "Treff in A, geändert"}),
    ("released", {"Freigegebener Treff"}),
    ("left_out", set()),
    ("", {"Spielenachmittag", "Treff in A, geändert", "Freigegebener Treff"}),
])
def test_review_list_filters_by_state(app, as_a, state, shown):
    as_a.post("/eintraege/neu", data=VALID)
    as_a.post("/eintraege/a-treff/bearbeiten", data={**VALID, "title": "Treff in A, geändert"})
    as_a.post("/eintraege/neu", data={**VALID, "title": "Freigegebener Treff"})
    as_a.post("/eintraege/freigegebener-treff/freigeben")
    page = unescape(as_a.get(f"/eintraege?site=ort-a&state={state}").get_data(as_text=True))
    titles = {"Spielenachmittag", "Treff in A, geändert", "Freigegebener Treff"}
    assert {t for t in titles if f">{t}</a>" in page} == shown
    if state == "draft":
        assert "Entwurf (Änderungen)" in page


def test_review_left_out_entries_are_a_state_of_the_list(app, as_a):
    with app.app_context():
        db = context.db()
        data = entry_q.get(db, "a-treff")["data"]
        data["contact"]["web"] = "HTTPS://X.DE/<script>"   # the publisher refuses it
        entry_q.save(db, "a-treff", "ort-a", data, sharing="site", share_sites=[],
                     now=NOW, user="t")
        publish_sites(db, context.paths(), context.settings(), ["ort-a"], now=NOW, user="t",
                      trigger="test")
    page = unescape(as_a.get("/eintraege?state=left_out").get_data(as_text=True))
    assert ">Treff in A</a>" in page and "nicht veröffentlicht" in page


def test_review_migration_releases_the_entries_that_existed(tmp_path):
    path = tmp_path / "hub.sqlite"
    db = open_db(path, migrate=False)
    migrations.apply(db, stop_before="m011_staff_workflow")
    db.execute("INSERT INTO sites (id, name, created_at) VALUES ('s', 'S', '2026-01-01')")
    data = {"kind": "offer", "category": "hilfe", "title": "Alt", "summary": "Schon da."}
    db.execute("INSERT INTO entries (id, site_id, kind, category, title, data, created_at, "
               "updated_at, updated_by) VALUES ('alt', 's', 'offer', 'hilfe', 'Alt', ?, "
               "'2026-01-01T08:00:00+00:00', '2026-02-01T08:00:00+00:00', 'x@y.example')",
               [json.dumps(data)])
    migrations.apply(db)
    row = db.execute("SELECT rev, released_rev, review FROM entries").fetchone()
    assert row == (1, 1, None)
    version = db.execute("SELECT rev, data, saved_by, released_at FROM entry_versions "
                         "WHERE entry_id = 'alt'").fetchone()
    assert version[0] == 1 and json.loads(version[1]) == data
    assert version[2] == "x@y.example" and version[3] == "2026-02-01T08:00:00+00:00"
    db.conn.close()


def test_review_imports_are_released_also_under_the_site_rule(app, client):
    # The calendar and the spreadsheet are the sources the site chose: what they bring
    # reaches the terminals without a click, also where the Verwaltung releases entries.
    _rule(app)
    login(client, EDITOR_A)
    calendar = vcalendar(vevent("singen@adorf.example",
                                "DTSTART;TZID=Europe/Berlin:20261210T150000",
                                "DTEND;TZID=Europe/Berlin:20261210T160000",
                                summary="Adventssingen"))
    answer = client.post("/standorte/ort-a/kalender/datei", content_type="multipart/form-data",
                         data={"category": "treffen", "contact_id": "a-buero",
                               "place_id": "", "file": (io.BytesIO(calendar.encode()),
                                                        "termine.ics")})
    assert answer.status_code == 302
    sheet = xlsx({"Dauerangebote": [OFFERS[0], OFFERS[3]]})
    answer = client.post("/standorte/ort-a/tabelle", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(sheet), "angebote.xlsx")})
    assert client.post(answer.headers["Location"] + "/uebernehmen").status_code == 302
    assert _export_titles(app) == ["Adventssingen", "Bürgerbus", "Treff in A"]
    for entry_id in ("buergerbus", _id_of_uid(app, "singen@adorf.example")):
        entry = _entry(app, entry_id)
        assert entry["released_rev"] == entry["rev"] and entry["review"] is None


def _id_of_uid(app, uid: str) -> str:
    with app.app_context():
        return entry_q.by_uid(context.db(), "ort-a", uid)["id"]
