"""Access rules over every route: anonymous visitors see only the login page, an editor of
site A cannot read or change site B, admin pages are for admins."""

from __future__ import annotations

import pytest

from hub import context
from hub.queries import (
    calendars,
    contacts,
    entries,
    offers,
    places,
    polls,
    sheets,
    terminals,
    versions,
)
from tests.hub.conftest import ADMIN, EDITOR_A, EDITOR_B, login

# (method, url, form data) of every staff route, by who may use it. URLs name the
# resources of site A ("ort-a") from the seed; editor B must be refused there.
SITE_A = [
    ("GET", "/eintraege/a-treff", None),
    ("GET", "/eintraege/a-treff/bearbeiten", None),
    ("POST", "/eintraege/a-treff/bearbeiten", {"action": "dates"}),
    ("POST", "/eintraege/a-treff/kopieren", {}),
    ("POST", "/eintraege/a-treff/freigeben", {}),
    ("GET", "/eintraege/a-treff/verlauf", None),
    ("POST", "/eintraege/a-treff/verlauf/1/wiederherstellen", {}),
    ("POST", "/papierkorb/a-geloescht/wiederherstellen", {}),
    ("GET", "/eintraege/a-treff/loeschen", None),
    ("POST", "/eintraege/a-treff/loeschen", {}),
    ("POST", "/eintraege/a-treff/geprueft", {}),
    ("GET", "/eintraege/a-treff/anbieten", None),
    ("POST", "/eintraege/a-treff/anbieten", {"offer_sites": "ort-b"}),
    ("GET", "/eintraege/a-treff/handy", None),
    ("GET", "/eintraege?site=ort-a", None),
    ("GET", "/orte/saal-a/bearbeiten", None),
    ("POST", "/orte/saal-a/bearbeiten", {"name": "Saal A", "site": "ort-a"}),
    ("GET", "/orte/saal-a/loeschen", None),
    ("POST", "/orte/saal-a/loeschen", {}),
    ("GET", "/standorte/ort-a", None),
    ("GET", "/standorte/ort-a/terminals/neu", None),
    ("POST", "/standorte/ort-a/terminals/neu", {"id": "a-2", "name": "Café"}),
    ("GET", "/terminals/a-1/neuer-schluessel", None),
    ("POST", "/terminals/a-1/neuer-schluessel", {}),
    ("GET", "/terminals/a-1/loeschen", None),
    ("POST", "/terminals/a-1/loeschen", {}),
    ("GET", "/geraete/a-1", None),
    ("POST", "/veroeffentlichen", {"site": "ort-a"}),
    ("POST", "/standorte/ort-a/kalender", {"url": "https://x.example/k.ics",
                                           "category": "treffen"}),
    ("POST", "/kalender/1/abrufen", {}),
    ("POST", "/kalender/1/vorgaben", {"contact_id": "a-buero", "place_id": "saal-a"}),
    ("POST", "/kalender/1/entfernen", {}),
    ("POST", "/standorte/ort-a/kalender/datei", {}),
    ("POST", "/standorte/ort-a/kontakte", {"contact_role": "Küche",
                                           "contact_phone": "069 90009101"}),
    ("POST", "/kontakte/a-buero/entfernen", {}),
    ("POST", "/standorte/ort-a/tabelle", {}),
    ("GET", "/tabellen/tabelle-a", None),
    ("POST", "/tabellen/tabelle-a/uebernehmen", {}),
    ("GET", "/umfragen/a-frage", None),
    ("GET", "/umfragen/a-frage/bearbeiten", None),
    ("POST", "/umfragen/a-frage/bearbeiten", {"question": ""}),
    ("GET", "/umfragen/a-frage/loeschen", None),
    ("POST", "/umfragen/a-frage/loeschen", {}),
    ("GET", "/auswertung?site=ort-a", None),
    ("GET", "/auswertung/bericht.csv?site=ort-a", None),
]
ANY_STAFF = [
    ("GET", "/", None),
    ("GET", "/eintraege", None),
    ("GET", "/eintraege/neu", None),
    ("POST", "/eintraege/neu", {"action": "dates", "site": "ort-a"}),
    ("POST", "/eintraege/termine", {"date_start": "2026-12-03", "time_start": "10:00"}),
    ("GET", "/eintraege?state=draft", None),
    ("POST", "/eintraege/auswahl", {"bulk_action": "release", "ids": "a-treff"}),
    ("GET", "/papierkorb", None),
    ("GET", "/eintraege/schrift/icons.ttf", None),
    ("GET", "/orte", None),
    ("GET", "/orte/neu", None),
    ("POST", "/orte/neu", {"name": ""}),
    ("GET", "/standorte", None),
    ("GET", "/veroeffentlichen", None),
    ("GET", "/aktualitaet", None),
    ("GET", "/glossar", None),
    ("GET", "/geraete", None),
    ("GET", "/geraete/zaehler.csv", None),
    ("GET", "/angebote", None),
    ("GET", "/konto/passwort", None),
    ("POST", "/konto/passwort", {"old_password": "falsch"}),
    ("POST", "/abmelden", {}),
    ("GET", "/umfragen", None),
    ("GET", "/umfragen/neu", None),
    ("POST", "/umfragen/neu", {"question": ""}),
    ("GET", "/auswertung", None),
    ("GET", "/auswertung/bericht.csv", None),
    ("GET", "/datenschutz-terminal", None),
    ("GET", "/tabellen/vorlage.xlsx", None),
    ("GET", "/tabellen/vorlage-orte.csv", None),
]
ADMIN_ONLY = [
    ("GET", "/benutzer", None),
    ("GET", "/benutzer/neu", None),
    ("POST", "/benutzer/neu", {"email": "neu@test.example", "role": "admin",
                               "password": "Noch-eine-Linde-am-Weg-5"}),
    ("GET", "/benutzer/2/bearbeiten", None),
    ("POST", "/benutzer/2/bearbeiten", {"role": "editor", "sites": "ort-a"}),
    ("GET", "/benutzer/3/loeschen", None),
    ("POST", "/benutzer/3/loeschen", {}),
    ("GET", "/standorte/neu", None),
    ("POST", "/standorte/neu", {"id": "ort-c", "name": "Treff C"}),
    ("GET", "/standorte/ort-a/bearbeiten", None),
    ("POST", "/standorte/ort-a/bearbeiten", {"name": "Treff A neu"}),
    ("POST", "/veroeffentlichen", {"site": "alle"}),
    ("GET", "/software", None),
    ("POST", "/software/pilot", {"release": ""}),
    ("POST", "/software/alle/zurueckrollen", {}),
]
# Routes with their own rules, tested elsewhere: the login page, static files, the
# published tree (public), the heartbeat (token), offers (test_offers), publish results
# (test_publishing), uploaded pictures (test_entries), releases (public, test_software).
OWN_RULES = {"account.login", "static", "api.heartbeat", "published.site_file",
             "published.asset", "published.page", "published.health", "offers.accept",
             "offers.decline", "publish.result", "entry_actions.image",
             "published.ring_file", "published.release_file", "published.release_wheel"}
STAFF_ROUTES = SITE_A + ANY_STAFF + ADMIN_ONLY


def _call(client, method: str, url: str, data: dict | None):
    return client.get(url) if method == "GET" else client.post(url, data=data or {})


def _endpoint(app, method: str, url: str) -> str:
    adapter = app.url_map.bind("localhost")
    return adapter.match(url.split("?")[0], method=method)[0]


def test_access_every_route_is_covered(app):
    covered = {_endpoint(app, m, u) for m, u, _ in STAFF_ROUTES} | OWN_RULES
    every = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert every - covered == set(), "new routes need a line in the access tests"


@pytest.mark.parametrize(("method", "url", "data"), STAFF_ROUTES,
                         ids=[f"{m} {u}" for m, u, _ in STAFF_ROUTES])
def test_access_anonymous_is_sent_to_login(client, method, url, data):
    response = _call(client, method, url, data)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/anmelden")


@pytest.mark.parametrize(("method", "url", "data"), SITE_A,
                         ids=[f"{m} {u}" for m, u, _ in SITE_A])
def test_access_editor_of_other_site_is_refused(client, app, method, url, data):
    login(client, EDITOR_B)
    response = _call(client, method, url, data)
    assert response.status_code == 403
    assert "Kein Zugriff" in response.get_data(as_text=True)
    with app.app_context():  # nothing of site A changed
        db = context.db()
        assert entries.get(db, "a-treff")["sharing"] == "site"
        assert entries.get(db, "a-treff")["rev"] == 1  # no new version, no restore
        assert versions.from_bin(db, "a-geloescht") is not None
        assert places.get(db, "saal-a") is not None
        assert terminals.get(db, "a-1") is not None
        assert polls.get(db, "a-frage")["question"].startswith("Was wünschen")
        assert offers.of_entry(db, "a-treff") == []
        assert [(c["url"], c["contact_id"]) for c in calendars.of_sites(db, None)] == [
            ("http://127.0.0.1:9/kalender.ics", None)]
        assert [c["id"] for c in contacts.of_sites(db, ["ort-a", "ort-b"])] == ["a-buero"]
        assert sheets.get(db, "tabelle-a") is not None


@pytest.mark.parametrize(("method", "url", "data"), SITE_A,
                         ids=[f"{m} {u}" for m, u, _ in SITE_A])
def test_access_editor_of_the_site_may(client, method, url, data):
    login(client, EDITOR_A)
    response = _call(client, method, url, data)
    assert response.status_code in (200, 302, 422), response.status_code
    if response.status_code == 302:
        assert not response.headers["Location"].startswith("/anmelden")


@pytest.mark.parametrize(("method", "url", "data"), ANY_STAFF,
                         ids=[f"{m} {u}" for m, u, _ in ANY_STAFF])
@pytest.mark.parametrize("email", [EDITOR_A, ADMIN])
def test_access_staff_pages_for_every_account(client, email, method, url, data):
    login(client, email)
    response = _call(client, method, url, data)
    assert response.status_code in (200, 302, 422), response.status_code


@pytest.mark.parametrize(("method", "url", "data"), ADMIN_ONLY,
                         ids=[f"{m} {u}" for m, u, _ in ADMIN_ONLY])
def test_access_admin_pages_refuse_editors(client, method, url, data):
    login(client, EDITOR_A)
    assert _call(client, method, url, data).status_code == 403


@pytest.mark.parametrize(("method", "url", "data"), ADMIN_ONLY,
                         ids=[f"{m} {u}" for m, u, _ in ADMIN_ONLY])
def test_access_admin_pages_for_admins(client, method, url, data):
    login(client, ADMIN)
    assert _call(client, method, url, data).status_code in (200, 302, 422)


def test_access_lists_show_only_own_sites(client):
    login(client, EDITOR_B)
    for url in ("/eintraege", "/orte", "/standorte", "/geraete", "/", "/veroeffentlichen",
                "/umfragen", "/auswertung", "/papierkorb"):
        page = client.get(url).get_data(as_text=True)
        assert "Treff in A" not in page and "Saal A" not in page and "Foyer ort-a" not in page, url
        assert "Gelöscht in A" not in page, url


def test_access_anonymous_sees_the_login_page(client):
    response = client.get("/anmelden")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'for="email"' in page and 'for="password"' in page
    assert "Hauptmenü" not in page  # no navigation before logging in
