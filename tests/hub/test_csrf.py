"""CSRF protection on every form: a POST without the form's token is refused (400) with a
German explanation; the token of the page makes it pass. The heartbeat API is exempt
(terminals use a bearer token, no cookies)."""

from __future__ import annotations

import re

import pytest

from tests.hub.conftest import ADMIN, PASSWORD, TOKENS, make_app, seed
from tests.hub.test_access import STAFF_ROUTES

POSTS = [(u, d) for m, u, d in STAFF_ROUTES if m == "POST"] + [
    ("/angebote/1/annehmen", {}), ("/angebote/1/ablehnen", {})]


@pytest.fixture
def csrf_client(data_dir, clock):
    app = make_app(data_dir, clock, WTF_CSRF_ENABLED=True)
    seed(app)
    return app.test_client()


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _login(client) -> None:
    token = _token(client.get("/anmelden").get_data(as_text=True))
    response = client.post("/anmelden", data={"email": ADMIN, "password": PASSWORD,
                                              "csrf_token": token})
    assert response.status_code == 302


def test_csrf_login_without_token_is_refused(csrf_client):
    response = csrf_client.post("/anmelden", data={"email": ADMIN, "password": PASSWORD})
    assert response.status_code == 400
    assert "Das Formular ist abgelaufen" in response.get_data(as_text=True)


@pytest.mark.parametrize(("url", "data"), POSTS, ids=[u for u, _ in POSTS])
def test_csrf_every_form_refuses_a_post_without_token(csrf_client, url, data):
    _login(csrf_client)
    response = csrf_client.post(url, data=data)
    assert response.status_code == 400
    assert "Bitte gehen Sie zurück, laden Sie die Seite neu" in response.get_data(as_text=True)


def test_csrf_wrong_token_is_refused(csrf_client):
    _login(csrf_client)
    response = csrf_client.post("/eintraege/a-treff/geprueft", data={"csrf_token": "falsch"})
    assert response.status_code == 400


def test_csrf_token_of_the_page_is_accepted(csrf_client):
    _login(csrf_client)
    page = csrf_client.get("/eintraege/a-treff").get_data(as_text=True)
    response = csrf_client.post("/eintraege/a-treff/geprueft",
                                data={"csrf_token": _token(page)})
    assert response.status_code == 302


def test_csrf_heartbeat_api_needs_no_token(csrf_client):
    body = {"terminal": "a-1", "site": "ort-a", "software": "0.1.0", "feed_version": None,
            "last_sync": None, "clock_skew_s": None, "disk_free_mb": 900, "uptime_s": 5,
            "counters": []}
    response = csrf_client.post("/api/v1/heartbeat", json=body,
                                headers={"Authorization": f"Bearer {TOKENS['a-1']}"})
    assert response.status_code == 200
