"""Sites and terminals: creating sites, enrolling a terminal (id, token, the lines for its
kiosk.toml), a new token, removing a terminal; accounts."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest

from hub import context
from hub.messages import M
from hub.queries import sites as site_q
from hub.queries import terminals as terminal_q
from hub.queries import users as user_q
from tests.hub.conftest import ADMIN, EDITOR_A, error_of, login, unescape

BEAT = {"terminal": "a-2", "site": "ort-a", "software": "0.1.0", "feed_version": None,
        "last_sync": None, "clock_skew_s": None, "disk_free_mb": 900, "uptime_s": 5,
        "counters": []}


def test_sites_enrol_terminal_shows_kiosk_toml_once(app, as_a, clock):
    page = as_a.get("/standorte/ort-a/terminals/neu").get_data(as_text=True)
    assert 'value="ort-a-2"' in page                        # a suggested id
    response = as_a.post("/standorte/ort-a/terminals/neu", data={"id": "a-2", "name": "Café"})
    page = unescape(response.get_data(as_text=True))
    lines = re.search(r'<pre class="config" id="kiosk-toml"[^>]*>(.*?)</pre>', page, re.S)[1]
    token = re.search(r'token = "([^"]+)"', lines)[1]
    public = app.config["HUB_PATHS"].public_key.read_text().strip()
    assert '[terminal]\nsite = "ort-a"\nid = "a-2"\n' in lines
    assert 'feed_url = "http://localhost/sites/ort-a/feed.json"' in lines
    assert f'public_keys = ["{public}"]' in lines and 'url = "http://localhost"' in lines
    with app.app_context():
        stored = terminal_q.get(context.db(), "a-2")
    assert stored["token_sha256"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(stored)
    auth = {"Authorization": f"Bearer {token}"}
    assert as_a.post("/api/v1/heartbeat", json=BEAT, headers=auth).status_code == 200
    # A new token (after a question): the old one stops working at once.
    question = unescape(as_a.get("/terminals/a-2/neuer-schluessel").get_data(as_text=True))
    assert "Der alte Schlüssel gilt danach sofort nicht mehr" in question
    clock.now += timedelta(minutes=5)  # one heartbeat per terminal and 10 s
    assert as_a.post("/api/v1/heartbeat", json=BEAT, headers=auth).status_code == 200
    page = unescape(as_a.post("/terminals/a-2/neuer-schluessel").get_data(as_text=True))
    new = re.search(r'token = "([^"]+)"', page)[1]
    assert as_a.post("/api/v1/heartbeat", json=BEAT, headers=auth).status_code == 401
    clock.now += timedelta(minutes=5)
    assert as_a.post("/api/v1/heartbeat", json=BEAT,
                     headers={"Authorization": f"Bearer {new}"}).status_code == 200
    # "Abmelden" is logging out; a terminal is removed ("Terminal entfernen").
    site = as_a.get("/standorte/ort-a").get_data(as_text=True)
    assert ">Terminal entfernen</a>" in site and site.count(">Abmelden<") == 1
    confirm = unescape(as_a.get("/terminals/a-2/loeschen").get_data(as_text=True))
    assert "Terminal „Café“ entfernen?" in confirm and "Ja, Terminal entfernen" in confirm
    assert as_a.post("/terminals/a-2/loeschen").headers["Location"] == "/standorte/ort-a"
    assert as_a.post("/api/v1/heartbeat", json=BEAT,
                     headers={"Authorization": f"Bearer {new}"}).status_code == 401


def test_sites_configured_addresses_go_into_kiosk_toml(data_dir, clock):
    from tests.hub.conftest import make_app, seed

    app = make_app(data_dir, clock, SETTINGS={"hub": {
        "base_url": "https://example.org/hub", "published_url": "https://cdn.example.org/q"}})
    seed(app)
    client = app.test_client()
    login(client, EDITOR_A)
    page = unescape(client.post("/standorte/ort-a/terminals/neu",
                                data={"id": "a-2", "name": "Café"}).get_data(as_text=True))
    assert 'feed_url = "https://cdn.example.org/q/sites/ort-a/feed.json"' in page
    assert 'url = "https://example.org/hub"' in page


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"id": "Foyer 1", "name": "Foyer"}, "id", M["slug_invalid"]),
    ({"id": "a-1", "name": "Foyer"}, "id", M["slug_taken"]),
    ({"id": "a-9", "name": ""}, "name", M["name_missing"]),
])
def test_sites_enrol_messages(as_a, form, field, message):
    page = unescape(as_a.post("/standorte/ort-a/terminals/neu", data=form).get_data(
        as_text=True))
    assert error_of(page, field) == message


def test_sites_admin_creates_and_renames_sites(app, client):
    login(client, ADMIN)
    page = unescape(client.post("/standorte/neu", data={"id": "ort-a", "name": "X"}).get_data(
        as_text=True))
    assert error_of(page, "id") == M["slug_taken"]
    response = client.post("/standorte/neu", data={"id": "ort-c", "name": "Treff C",
                                                   "town": "Cedorf"})
    assert response.headers["Location"] == "/standorte/ort-c"
    client.post("/standorte/ort-c/bearbeiten", data={"name": "Bürgertreff C", "town": ""})
    with app.app_context():
        assert site_q.get(context.db(), "ort-c")["name"] == "Bürgertreff C"
    page = unescape(client.get("/standorte/ort-a").get_data(as_text=True))
    assert "Foyer ort-a" in page and "hat sich" in page


def test_users_admin_manages_accounts(app, client):
    login(client, ADMIN)
    response = client.post("/benutzer/neu", data={
        "email": "neu@test.example", "role": "editor", "sites": ["ort-a", "ort-b"],
        "password": "Noch-eine-Linde-am-Weg-5"})
    assert response.headers["Location"] == "/benutzer"
    with app.app_context():
        user = user_q.by_email(context.db(), "neu@test.example")
    assert user["sites"] == ["ort-a", "ort-b"] and user["role"] == "editor"
    client.post(f"/benutzer/{user['id']}/bearbeiten", data={"role": "admin"})
    with app.app_context():
        assert user_q.get(context.db(), user["id"])["role"] == "admin"
    client.post(f"/benutzer/{user['id']}/loeschen")
    with app.app_context():
        assert user_q.get(context.db(), user["id"]) is None


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"email": "kaputt"}, "email", M["email_invalid"]),
    ({"email": EDITOR_A}, "email", M["email_taken"]),
    ({"sites": []}, "sites", M["sites_missing"]),
    ({"password": "kurz"}, "password", "Das Passwort muss mindestens 12 Zeichen lang sein."),
])
def test_users_messages(client, form, field, message):
    login(client, ADMIN)
    data = {"email": "neu@test.example", "role": "editor", "sites": ["ort-a"],
            "password": "Noch-eine-Linde-am-Weg-5", **form}
    page = unescape(client.post("/benutzer/neu", data=data).get_data(as_text=True))
    assert error_of(page, field) == message


def test_users_the_last_admin_stays(app, client):
    login(client, ADMIN)
    page = unescape(client.post("/benutzer/1/bearbeiten", data={
        "role": "editor", "sites": ["ort-a"]}).get_data(as_text=True))
    assert error_of(page, "role") == M["last_admin"]
    assert "letzte Verwaltungskonto" in unescape(client.get("/benutzer/1/loeschen").get_data(
        as_text=True))
    client.post("/benutzer/1/loeschen")
    with app.app_context():
        assert user_q.get(context.db(), 1) is not None
