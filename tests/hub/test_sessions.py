"""Sessions kept on the server: logging out ends this browser's session for good (an old
cookie replayed is refused), a new password or an admin's change ends the others, and a
session ends 12 hours after the login however busy it is, or after 2 idle hours."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient

from tests.hub.conftest import ADMIN, EDITOR_A, PASSWORD, login

COOKIE = "quartier_hub"


def _cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    return cookie.value


def _replay(app, value: str) -> FlaskClient:
    other = app.test_client()
    other.set_cookie(COOKIE, value)
    return other


def test_sessions_old_cookie_after_logout_goes_to_the_login_page(app, as_a):
    old = _cookie(as_a)
    assert as_a.get("/").status_code == 200
    as_a.post("/abmelden")
    replayed = _replay(app, old).get("/")
    assert replayed.status_code == 302
    assert replayed.headers["Location"].startswith("/anmelden")


def test_sessions_logout_ends_only_this_browser(app, client):
    other = app.test_client()
    login(other, EDITOR_A)
    login(client, EDITOR_A)
    client.post("/abmelden")
    assert client.get("/").status_code == 302
    assert other.get("/").status_code == 200


def test_sessions_end_twelve_hours_after_login_even_when_busy(as_a, clock):
    for _ in range(11):
        clock.now += timedelta(hours=1)
        assert as_a.get("/").status_code == 200
    clock.now += timedelta(minutes=61)
    assert as_a.get("/").headers["Location"].startswith("/anmelden")


def test_sessions_end_after_two_idle_hours(as_a, clock):
    clock.now += timedelta(hours=1, minutes=59)
    assert as_a.get("/").status_code == 200
    clock.now += timedelta(hours=2, minutes=1)
    assert as_a.get("/").status_code == 302


def test_sessions_role_change_by_an_admin_ends_the_users_sessions(app, as_a):
    admin = login(app.test_client(), ADMIN)
    # Saving unchanged keeps the session ...
    admin.post("/benutzer/2/bearbeiten", data={"role": "editor", "sites": ["ort-a"]})
    assert as_a.get("/").status_code == 200
    # ... a new site ends it, as does a role change.
    admin.post("/benutzer/2/bearbeiten", data={"role": "editor", "sites": ["ort-a", "ort-b"]})
    assert as_a.get("/").status_code == 302
    login(as_a, EDITOR_A)
    admin.post("/benutzer/2/bearbeiten", data={"role": "admin"})
    assert as_a.get("/").status_code == 302
    assert admin.get("/").status_code == 200


def test_sessions_deleted_user_is_logged_out(app, as_a):
    admin = login(app.test_client(), ADMIN)
    admin.post("/benutzer/2/loeschen")
    assert as_a.get("/").status_code == 302


def test_sessions_password_change_ends_the_old_cookie_of_this_browser_too(app, as_a):
    old = _cookie(as_a)
    form = {"old_password": PASSWORD, "new_password": "Lindenblatt-Brunnen-42",
            "new_password2": "Lindenblatt-Brunnen-42"}
    assert as_a.post("/konto/passwort", data=form).status_code == 302
    assert as_a.get("/").status_code == 200
    assert _replay(app, old).get("/").status_code == 302
