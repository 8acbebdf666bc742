"""The login limit: attempts recorded before the password is checked, per e-mail address and
per computer, at most a few argon2 checks at a time, the same work whether an account
exists or not, and the "Noch 2 Versuche" warning."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
import requests
from argon2 import PasswordHasher
from werkzeug.serving import make_server

from hub import context
from hub.auth import password_hasher
from hub.queries import users as user_q
from tests.hub.conftest import EDITOR_A, EDITOR_B, PASSWORD, Clock, error_of, make_app, unescape

WRONG = {"email": EDITOR_A, "password": "falsch"}


class CountingVerify:
    """PasswordHasher.verify, counted (thread-safe); the real check still runs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()
        real = PasswordHasher.verify

        def verify(hasher: PasswordHasher, hash_: str, password: str) -> bool:
            with self._lock:
                self.calls += 1
                self.running += 1
                self.most_at_once = max(self.most_at_once, self.running)
            try:
                return real(hasher, hash_, password)
            finally:
                with self._lock:
                    self.running -= 1

        monkeypatch.setattr(PasswordHasher, "verify", verify)


@pytest.fixture
def verify_calls(monkeypatch: pytest.MonkeyPatch) -> CountingVerify:
    return CountingVerify(monkeypatch)


@contextmanager
def real_hub(tmp_path) -> Iterator[str]:
    """A hub with the production argon2 parameters on Werkzeug's threaded server on
    127.0.0.1 (as `quartier-hub serve` runs it), with EDITOR_A and EDITOR_B."""
    app = make_app(tmp_path / "hub", Clock(), HUB_FAST_HASH=False)
    with app.app_context():
        db = context.db()
        strong = password_hasher().hash(PASSWORD)
        from tests.hub.conftest import NOW

        for email in (EDITOR_A, EDITOR_B):
            user_q.create(db, email, strong, "admin", [], NOW)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def test_login_limit_parallel_wrong_passwords_are_checked_at_most_five_times(
        tmp_path, verify_calls):
    with real_hub(tmp_path) as url:
        barrier = threading.Barrier(30)
        codes: list[int] = []

        def attempt() -> None:
            barrier.wait()
            codes.append(requests.post(f"{url}/anmelden", data=WRONG, timeout=120,
                                       allow_redirects=False).status_code)

        threads = [threading.Thread(target=attempt) for _ in range(30)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(150)
        assert len(codes) == 30
        assert verify_calls.calls <= 5
        assert verify_calls.most_at_once <= 2
        assert codes.count(429) >= 25
        # The colleague at the same computer (same address) still gets in.
        ok = requests.post(f"{url}/anmelden", data={"email": EDITOR_B, "password": PASSWORD},
                           timeout=60, allow_redirects=False)
        assert ok.status_code == 302 and ok.headers["Location"] == "/"


def test_login_limit_colleague_at_the_same_computer_is_not_locked_out(client):
    for _ in range(5):
        client.post("/anmelden", data=WRONG)
    locked = client.post("/anmelden", data={"email": EDITOR_A, "password": PASSWORD})
    assert locked.status_code == 429
    page = unescape(locked.get_data(as_text=True))
    assert "Zu viele Anmeldeversuche mit dieser E-Mail-Adresse. Bitte warten Sie 15 " \
           "Minuten" in error_of(page, "email")
    colleague = client.post("/anmelden", data={"email": EDITOR_B, "password": PASSWORD})
    assert colleague.status_code == 302


def test_login_limit_lock_ends_after_the_window(client, clock):
    for _ in range(5):
        client.post("/anmelden", data=WRONG)
    clock.now += timedelta(minutes=10)
    page = unescape(client.post("/anmelden", data=WRONG).get_data(as_text=True))
    assert "Bitte warten Sie 5 Minuten" in error_of(page, "email")
    clock.now += timedelta(minutes=5, seconds=1)
    ok = client.post("/anmelden", data={"email": EDITOR_A, "password": PASSWORD})
    assert ok.status_code == 302


def test_login_limit_many_failures_from_one_computer_lock_that_computer(client):
    for n in range(50):
        client.post("/anmelden", data={"email": f"rate-{n}@test.example", "password": "x"})
    blocked = client.post("/anmelden", data={"email": EDITOR_B, "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Von diesem Computer aus gab es zu viele fehlgeschlagene Anmeldungen" in \
        unescape(blocked.get_data(as_text=True))
    elsewhere = client.post("/anmelden", data={"email": EDITOR_B, "password": PASSWORD},
                            environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert elsewhere.status_code == 302


@pytest.mark.parametrize("email", [EDITOR_A, "niemand@test.example"])
def test_login_limit_warns_before_the_lock_whether_or_not_the_account_exists(client, email):
    texts = []
    for _ in range(4):
        page = unescape(client.post("/anmelden", data={"email": email, "password": "falsch"})
                        .get_data(as_text=True))
        texts.append(error_of(page, "email"))
    assert "Noch" not in texts[0] and "Noch" not in texts[1]
    assert texts[2].endswith("Noch 2 Versuche, dann ist die Anmeldung für 15 Minuten "
                             "gesperrt.")
    assert texts[3].endswith("Noch 1 Versuch, dann ist die Anmeldung für 15 Minuten "
                             "gesperrt.")
    assert all(t.startswith("E-Mail-Adresse oder Passwort stimmen nicht") for t in texts)


def test_login_limit_success_clears_the_account_failures(client):
    for _ in range(4):
        client.post("/anmelden", data=WRONG)
    assert client.post("/anmelden", data={"email": EDITOR_A,
                                          "password": PASSWORD}).status_code == 302
    client.post("/abmelden")
    page = unescape(client.post("/anmelden", data=WRONG).get_data(as_text=True))
    assert "Noch" not in error_of(page, "email")


def test_login_limit_unknown_address_costs_one_password_check_too(client, verify_calls):
    client.post("/anmelden", data={"email": "niemand@test.example", "password": "falsch"})
    assert verify_calls.calls == 1
    client.post("/anmelden", data=WRONG)
    assert verify_calls.calls == 2
    client.post("/anmelden", data={"email": "", "password": "falsch"})
    assert verify_calls.calls == 3


def test_login_limit_no_free_check_slot_answers_503_in_german(app, client):
    slots = app.extensions["hub.password_checks"]
    app.config["HUB_SETTINGS"]["login"]["wait_s"] = 0.2
    taken = [slots.acquire(timeout=1) for _ in range(app.config["HUB_SETTINGS"]["login"]
                                                      ["parallel_checks"])]
    try:
        response = client.post("/anmelden", data={"email": EDITOR_A, "password": PASSWORD})
    finally:
        for _ in taken:
            slots.release()
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "Bitte versuchen Sie es gleich noch einmal." in unescape(
        response.get_data(as_text=True))
    # The refused attempt does not count as a failure: the login works at once.
    assert client.post("/anmelden", data={"email": EDITOR_A,
                                          "password": PASSWORD}).status_code == 302


def test_login_limit_wrong_old_password_counts_too(as_a):
    form = {"old_password": "falsch", "new_password": "Lindenblatt-Brunnen-42",
            "new_password2": "Lindenblatt-Brunnen-42"}
    for _ in range(5):
        as_a.post("/konto/passwort", data=form)
    page = unescape(as_a.post("/konto/passwort", data={**form, "old_password": PASSWORD})
                    .get_data(as_text=True))
    assert re.search(r"Zu viele Anmeldeversuche", error_of(page, "old_password") or "")
