"""Fixtures for the hub: an app on a temporary data folder with a fixed clock, two sites
with an editor each, an admin, places, entries and terminals; `client` and `runner`."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from hub import create_app
from hub.auth import password_hasher
from hub.queries import calendars as calendar_q
from hub.queries import contacts as contact_q
from hub.queries import entries as entry_q
from hub.queries import places as place_q
from hub.queries import polls as poll_q
from hub.queries import sheets as sheet_q
from hub.queries import sites as site_q
from hub.queries import terminals as terminal_q
from hub.queries import users as user_q

# Tuesday, 1 December 2026, 9:00 in Lindenbach.
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
PASSWORD = "ein-langes-passwort"
ADMIN, EDITOR_A, EDITOR_B = "admin@test.example", "a@test.example", "b@test.example"
TOKENS = {"a-1": "token-a-1", "b-1": "token-b-1"}


class Clock:
    """The app's clock; tests move it."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


A_POLL = {"question": "Was wünschen Sie sich im Treff A?", "starts_on": "2026-11-20",
          "ends_on": "2026-12-20", "min_votes": 3, "entry_id": "a-treff",
          "answers": [{"id": "musik", "text": "Mehr Musik", "icon": "people"},
                      {"id": "kaffee", "text": "Besseren Kaffee"}]}


def entry_data(title: str = "Offener Treff", **extra: object) -> dict:
    data = {"kind": "event", "category": "treffen", "title": title,
            "summary": "Einfach vorbeikommen.",
            "schedule": {"start": "2026-12-01T14:30", "end": "2026-12-01T16:00",
                         "rrule": "FREQ=WEEKLY;BYDAY=TU"},
            "contact": {"role": "Büro", "phone": "069 90009100"},
            "last_checked": "2026-11-20"}
    data.update(extra)
    return data


def seed(app: Flask) -> None:
    """Two sites, their editors, an admin, places, one entry each, one terminal each, a
    poll at site A, a calendar subscription, a contact person and a spreadsheet waiting
    for "Übernehmen" (its id "tabelle-a") of site A."""
    with app.app_context():
        from hub import context

        db = context.db()
        hasher = password_hasher(fast=True)
        site_q.create(db, "ort-a", "Treff A", "Adorf", NOW)
        site_q.create(db, "ort-b", "Treff B", "Bedorf", NOW)
        user_q.create(db, ADMIN, hasher.hash(PASSWORD), "admin", [], NOW)
        editor_a = user_q.create(db, EDITOR_A, hasher.hash(PASSWORD), "editor", ["ort-a"],
                                 NOW)
        user_q.create(db, EDITOR_B, hasher.hash(PASSWORD), "editor", ["ort-b"], NOW)
        access = {"step_free": True, "door_width_cm": 90, "checked_on": "2026-10-01"}
        place_q.save(db, {"id": "saal-a", "name": "Saal A", "address": "Weg 1, Adorf",
                          "access": access}, "ort-a", NOW, "test")
        place_q.save(db, {"id": "saal-b", "name": "Saal B", "access": access}, "ort-b", NOW,
                     "test")
        place_q.save(db, {"id": "rathaus", "name": "Rathaus"}, None, NOW, "test")
        entry_q.save(db, "a-treff", "ort-a", entry_data("Treff in A", place_id="saal-a"),
                     sharing="site", share_sites=[], now=NOW, user="test")
        entry_q.save(db, "b-treff", "ort-b", entry_data("Treff in B", place_id="saal-b"),
                     sharing="site", share_sites=[], now=NOW, user="test")
        entry_q.save(db, "a-geloescht", "ort-a", entry_data("Gelöscht in A"), sharing="site",
                     share_sites=[], now=NOW, user="test")
        entry_q.delete(db, "a-geloescht", NOW, "test")
        poll_q.save(db, "a-frage", A_POLL, ["ort-a"], NOW, "test")
        # Port 9 (discard) refuses at once: fetching it fails fast and without a network.
        calendar_q.add(db, "ort-a", "http://127.0.0.1:9/kalender.ics", "treffen", NOW)
        contact_q.save(db, "a-buero", "ort-a", {"role": "Büro Treff A",
                                                "phone": "069 90009100"}, NOW, "test")
        sheet_q.add(db, "tabelle-a", "ort-a", editor_a, "orte.csv",
                    b"Name;Adresse\r\nKleiner Saal;Weg 1, Adorf\r\n", NOW)
        for terminal, site in (("a-1", "ort-a"), ("b-1", "ort-b")):
            terminal_q.create(db, terminal, site, f"Foyer {site}",
                              hashlib.sha256(TOKENS[terminal].encode()).hexdigest(), NOW)


def make_app(data_dir: Path, clock: Callable[[], datetime] | None = None,
             **config: object) -> Flask:
    return create_app({"DATA_DIR": data_dir, "TESTING": True, "WTF_CSRF_ENABLED": False,
                       "HUB_FAST_HASH": True, "HUB_CLOCK": clock or Clock(), **config})


def publish_all(app: Flask) -> None:
    """Publish every site at the app's clock, as the button for all sites does."""
    from hub import context
    from hub.publishing import publish_sites

    with app.app_context():
        publish_sites(context.db(), context.paths(), context.settings(), None,
                      now=context.now(), user="t", trigger="test")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "hub-daten"


@pytest.fixture
def app(data_dir: Path, clock: Clock) -> Iterator[Flask]:
    application = make_app(data_dir, clock)
    seed(application)
    yield application


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def login(client: FlaskClient, email: str) -> FlaskClient:
    response = client.post("/anmelden", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


@pytest.fixture
def as_admin(client: FlaskClient) -> FlaskClient:
    return login(client, ADMIN)


@pytest.fixture
def as_a(client: FlaskClient) -> FlaskClient:
    return login(client, EDITOR_A)


@pytest.fixture
def as_b(client: FlaskClient) -> FlaskClient:
    return login(client, EDITOR_B)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def runner(capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, clock: Clock
           ) -> Callable[..., Result]:
    """Run `quartier-hub ARGS` in this process at the test clock's moment (the command
    builds its own app with the real clock, so Python's clock is moved there while it
    runs); `stdin` feeds --password-stdin."""
    import io

    import time_machine

    from hub.cli import main

    def run(*args: str, stdin: str = "") -> Result:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        capsys.readouterr()
        with time_machine.travel(clock.now, tick=True):
            code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def error_of(html: str, field: str) -> str | None:
    """The error text shown next to a field (the element the field's aria-describedby names)."""
    match = re.search(rf'<p class="error" id="{re.escape(field)}-fehler">'
                      r'<span class="visually-hidden">Fehler: </span>(.*?)</p>', html, re.S)
    return match.group(1) if match else None


def unescape(text: str) -> str:
    import html

    return html.unescape(text)


# -- the browser tests (tests/hub/test_browser_*.py) -----------------------------------------

@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, one per test module."""
    from tests.hub.live_hub import chromium

    with chromium() as b:
        yield b


@pytest.fixture
def hub(tmp_path):
    """`quartier-hub serve` with the demo content on a free port (tests/hub/live_hub.py)."""
    from tests.hub.live_hub import live_hub

    with live_hub(tmp_path / "hub") as running:
        yield running


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where a test saves its screenshots (the staff guide's are copied from there)."""
    folder = tmp_path / "shots"
    folder.mkdir()
    return folder
