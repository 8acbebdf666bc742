"""Password rules for new passwords (admin form, own password, `quartier-hub add-user`):
at least 12 characters, not a common or easily guessed password, not the name from the
e-mail address, no "Quartier" or "Passwort"."""

from __future__ import annotations

import pytest

from hub.passwords import password_problem
from tests.hub.conftest import PASSWORD, error_of, unescape

SHORT = "Das Passwort muss mindestens 12 Zeichen lang sein."
COMMON = "Dieses Passwort ist zu leicht zu erraten"
NAME = "Das Passwort darf den Namen aus der E-Mail-Adresse nicht enthalten."
WORDS = "Wörter wie „Quartier“ oder „Passwort“ sind zu leicht zu erraten."


@pytest.mark.parametrize(("password", "start"), [
    ("Kurz-1234ab", SHORT),                       # 11 characters
    ("qwertzuiop123", COMMON),                    # a keyboard row
    ("123456789012", COMMON),
    ("aaaaaaaaaaaaaaaa", COMMON),
    ("hallo1234567", COMMON),
    ("iloveyou2026!", COMMON),
    ("Anna.Schmidt-2026", NAME),
    ("Mein-Schmidt-Garten-7", NAME),
    ("Quartier-2030-Lindenbach", WORDS),
    ("Demo-Passwort-2026", WORDS),
    ("Qu4rt13r-Lindenbach-7", WORDS),
    ("Kennwort-Lindenbach-7", WORDS),
    ("x" * 129, "Das Passwort darf höchstens 128 Zeichen lang sein."),
    (" Lindenblatt-Brunnen-42", "Das Passwort darf nicht mit Leerzeichen"),
])
def test_passwords_refused_with_a_german_reason(password, start):
    problem = password_problem(password, "anna.schmidt@gemeinde.example")
    assert problem is not None and problem.startswith(start), problem


@pytest.mark.parametrize("password", [
    "Lindenblatt-Brunnen-42", "Sonnenblume Kaffee Bürgerbus", "zwölf Zeichen!",
    "Ä" * 4 + "-Rathaus-Tür-9",
])
def test_passwords_good_ones_pass(password):
    assert password_problem(password, "anna.schmidt@gemeinde.example") is None


def test_passwords_short_local_parts_are_not_held_against_anyone():
    # "al@…" would forbid every password containing "al"; parts under 4 letters count not.
    assert password_problem("Kaltes-Wasser-Alb-42", "al.b@gemeinde.example") is None


def test_passwords_admin_form_refuses_a_weak_password_for_a_new_admin(as_admin):
    form = {"email": "neu@test.example", "role": "admin", "password": "Passwort2026!"}
    response = as_admin.post("/benutzer/neu", data=form)
    assert response.status_code == 422
    assert error_of(unescape(response.get_data(as_text=True)), "password") == WORDS


def test_passwords_own_password_change_refuses_a_weak_one(as_a):
    form = {"old_password": PASSWORD, "new_password": "password1234",
            "new_password2": "password1234"}
    page = unescape(as_a.post("/konto/passwort", data=form).get_data(as_text=True))
    assert error_of(page, "new_password") == WORDS


def test_passwords_add_user_cli_refuses_a_common_password(runner, tmp_path):
    result = runner("add-user", "--data", str(tmp_path / "hub"), "--email",
                    "chefin@gemeinde.example", "--role", "admin", "--password-stdin",
                    stdin="qwertzuiop123\n")
    assert result.code == 2
    assert result.err.startswith(f"quartier-hub: Passwort: {COMMON}")


def test_passwords_forms_tell_the_rules_before_typing(as_admin):
    for url in ("/benutzer/neu", "/konto/passwort"):
        page = unescape(as_admin.get(url).get_data(as_text=True))
        assert "Mindestens 12 Zeichen; kein häufiges Passwort" in page
