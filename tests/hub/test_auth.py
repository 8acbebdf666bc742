"""Logging in and out: argon2 hashes, session cookie flags, safe redirects, changing one's
password (the login limit: test_login_limit.py; sessions: test_sessions.py; password
rules: test_passwords.py)."""

from __future__ import annotations

import pytest

from hub import context
from hub.messages import M
from hub.queries import users as user_q
from tests.hub.conftest import EDITOR_A, PASSWORD, error_of, login, unescape

NEW = "Lindenblatt-Brunnen-42"


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
    form = {"old_password": PASSWORD, "new_password": NEW,
            "new_password2": NEW}
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
    data = {"old_password": PASSWORD, "new_password": NEW,
            "new_password2": NEW, **form}
    page = unescape(as_a.post("/konto/passwort", data=data).get_data(as_text=True))
    assert error_of(page, field) == message
