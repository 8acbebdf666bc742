"""Broken storage gives staff a German page that says what is wrong and whom to ask, and
the log the technical detail – never a bare 500 or a traceback. The storage is really
broken: a database file with overwritten bytes, a small tmpfs filled to the last byte or
remounted read-only (tests/hub/storage.py)."""

from __future__ import annotations

import logging

import pytest

from tests.hub.conftest import ADMIN, EDITOR_A, Clock, login, make_app, seed
from tests.hub.storage import corrupt, fill, make_read_only, small_disk

NEW_ENTRY = {"site": "ort-a", "kind": "event", "category": "treffen", "title": "Neu",
             "summary": "Kurz.", "date_start": "2026-12-10", "time_start": "14:00",
             "time_end": "15:00", "repeat": "once", "contact_phone": "069 90009123",
             "sharing": "site"}


def _page(response) -> str:
    text = response.get_data(as_text=True)
    assert "Traceback" not in text
    return text


def test_errors_corrupt_database_gives_a_german_page(client, app, caplog):
    login(client, ADMIN)
    corrupt(app.config["HUB_PATHS"].db)
    caplog.set_level(logging.ERROR)
    for url in ("/eintraege", "/anmelden"):
        response = client.get(url)
        assert response.status_code == 503, url
        text = _page(response)
        assert "Die Datenbank des Hubs ist beschädigt" in text
        assert "Bitte wenden Sie sich an die Technik" in text
    assert "file is not a database" in caplog.text and "hub.sqlite" in caplog.text


def test_errors_full_disk_gives_a_german_page(tmp_path, caplog):
    with small_disk(tmp_path / "platte") as disk:
        app = make_app(disk / "hub", Clock())
        seed(app)
        client = login(app.test_client(), EDITOR_A)
        fill(disk)
        caplog.set_level(logging.ERROR)
        for response in (client.post("/eintraege/neu", data=NEW_ENTRY),
                         client.post("/veroeffentlichen", data={"site": "ort-a"})):
            assert response.status_code == 503
            assert ("Der Hub kann gerade nicht speichern: der Speicherplatz ist voll. Bitte "
                    "wenden Sie sich an die Technik.") in _page(response)
        assert "full" in caplog.text or "No space left" in caplog.text


def test_errors_read_only_folder_gives_a_german_page(tmp_path, caplog):
    with small_disk(tmp_path / "platte", fillable=False) as disk:
        app = make_app(disk / "hub", Clock())
        seed(app)
        client = login(app.test_client(), EDITOR_A)
        make_read_only(disk)
        caplog.set_level(logging.ERROR)
        response = client.post("/eintraege/neu", data=NEW_ENTRY)
        assert response.status_code == 503
        assert ("Der Hub kann gerade nicht speichern: der Datenordner ist schreibgeschützt. "
                "Bitte wenden Sie sich an die Technik.") in _page(response)
        assert "readonly" in caplog.text or "Read-only" in caplog.text


@pytest.mark.parametrize("url", ["/api/v1/heartbeat"])
def test_errors_api_answers_broken_storage_in_json(client, app, url):
    corrupt(app.config["HUB_PATHS"].db)
    response = client.post(url, json={}, headers={"Authorization": "Bearer token-a-1"})
    assert response.status_code == 503
    assert response.get_json() == {"ok": False, "error": "the hub's database is damaged"}


def test_errors_command_line_says_what_is_wrong(app, runner, data_dir):
    corrupt(app.config["HUB_PATHS"].db)
    for args in (["publish", "--data", str(data_dir)], ["serve", "--data", str(data_dir)]):
        result = runner(*args)
        assert result.code == 1, result
        assert "Die Datenbank des Hubs ist beschädigt" in result.err
        assert f"({data_dir / 'hub.sqlite'}: file is not a database)" in result.err
        assert "Traceback" not in result.err
