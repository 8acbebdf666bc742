"""Logging in and out: argon2 hashes, session cookie flags, the login rate limit, safe
redirects, changing one's password."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hub import context
from hub.messages import M
from hub.queries import users as user_q
from tests.hub.conftest import EDITOR_A, PASSWORD, error_of, login, unescape


def test_auth_login_sets_a_safe_session_cookie(client):
    response = client.post("/anmelden", data={"email": EDITOR_A, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http on one machine; https sets it (test below)
    assert client.get("/").status_code == 200


def test_auth_passwords_are_argon2_hashes(app):
    with app.app_context():
        stored = user_q.by_email(context.db(), EDITOR_A)["password_hash"]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_auth_https_base_url_makes_cookies_secure(data_dir, clock):
    from tests.hub.conftest import make_app

    app = make_app(data_dir, clock, SETTINGS={"hub": {"base_url": "https://example.org/hub"}})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_auth_wrong_password_says_so_next_to_the_field(client):
    response = client.post("/anmelden", data={"email": EDITOR_A, "password": "falsch"})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert error_of(page, "email").startswith("E-Mail-Adresse oder Passwort stimmen nicht")
    assert f'value="{EDITOR_A}"' in page


def test_auth_rate_limit_after_five_failures(client, clock):
    for _ in range(5):
        client.post("/anmelden", data={"email": EDITOR_A, "password": "falsch"})
    blocked = client.post("/anmelden", data={"email": EDITOR_A, "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Zu viele Anmeldeversuche. Bitte warten Sie 15 Minuten" in unescape(
        blocked.get_data(as_text=True))
    other = client.post("/anmelden", data={"email": "b@test.example", "password": PASSWORD},
                        environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 302  # another person on another computer may log in
    client.post("/abmelden")
    clock.now += timedelta(minutes=16)
    assert client.post("/anmelden", data={"email": EDITOR_A,
                                          "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(("target", "location"), [
    ("/orte", "/orte"), ("https://evil.example/", "/"), ("//evil.example", "/")])
def test_auth_login_goes_back_only_to_own_pages(client, target, location):
    response = client.post("/anmelden", data={"email": EDITOR_A, "password": PASSWORD,
                                              "next": target})
    assert response.headers["Location"] == location


def test_auth_anonymous_is_asked_to_log_in_and_comes_back(client):
    response = client.get("/orte?x=1")
    assert response.headers["Location"] == "/anmelden?next=/orte?x%3D1"


def test_auth_logout_ends_the_session(as_a):
    assert as_a.post("/abmelden").headers["Location"] == "/anmelden"
    assert as_a.get("/").status_code == 302


def test_auth_change_password_ends_other_sessions(app, client):
    other = app.test_client()
    login(other, EDITOR_A)
    login(client, EDITOR_A)
    form = {"old_password": PASSWORD, "new_password": "Lindenblatt-Brunnen-42",
            "new_password2": "Lindenblatt-Brunnen-42"}
    assert client.post("/konto/passwort", data=form).status_code == 302
    assert client.get("/").status_code == 200        # this session goes on
    assert other.get("/").status_code == 302          # the other one ends


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"old_password": "falsch"}, "old_password", M["password_wrong"]),
    ({"new_password": "kurz"}, "new_password",
     "Das Passwort muss mindestens 12 Zeichen lang sein."),
    ({"new_password2": "anders-als-vorher"}, "new_password2", M["password_mismatch"]),
])
def test_auth_change_password_messages(as_a, form, field, message):
    data = {"old_password": PASSWORD, "new_password": "Lindenblatt-Brunnen-42",
            "new_password2": "Lindenblatt-Brunnen-42", **form}
    page = unescape(as_a.post("/konto/passwort", data=data).get_data(as_text=True))
    assert error_of(page, field) == message
