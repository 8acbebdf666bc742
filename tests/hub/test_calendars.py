"""A site's calendars in the hub: an .ics file uploaded in the browser is imported with the
same code and report as a subscription (per event), kept and imported again every day;
a file that is no calendar, too large or missing changes nothing; the defaults for the
entries (contact person, place) are chosen per calendar; contact persons are added and
removed on the site's page."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest

from hub import context
from hub.import_defaults import gaps
from hub.queries import calendars as calendar_q
from hub.queries import contacts as contact_q
from hub.queries import entries as entry_q
from hub.subscriptions import refresh_all
from tests.hub.conftest import EDITOR_A, EDITOR_B, NOW, login, unescape
from tests.hub.ical_cases import vcalendar, vevent

SINGEN = vevent("singen@adorf.example", "DTSTART;TZID=Europe/Berlin:20261210T150000",
                "DTEND;TZID=Europe/Berlin:20261210T160000", summary="Adventssingen")
# A weekly consultation written in UTC: its dates are expanded into a list at import.
SPRECHSTUNDE = vevent("sprech@adorf.example", "DTSTART:20261203T090000Z",
                      "DTEND:20261203T100000Z", "RRULE:FREQ=WEEKLY",
                      summary="Sprechstunde")
OHNE_BEGINN = vevent("kaputt@adorf.example", "SUMMARY;LANGUAGE=de:Ohne Beginn")
FILE = vcalendar(SINGEN, SPRECHSTUNDE, OHNE_BEGINN)


def _upload(client, text: str | bytes, name: str = "termine.ics", **form: str):
    raw = text.encode() if isinstance(text, str) else text
    data = {"category": "treffen", "contact_id": "", "place_id": "", **form,
            "file": (io.BytesIO(raw), name)}
    return client.post("/standorte/ort-a/kalender/datei", data=data,
                       content_type="multipart/form-data")


def _section(client) -> str:
    page = client.get("/standorte/ort-a").get_data(as_text=True)
    return unescape(page.split('id="kalender"', 1)[1].split('id="kontakte"', 1)[0])


def test_calendars_upload_imports_per_event_and_keeps_the_file(app, client):
    login(client, EDITOR_A)
    answer = _upload(client, FILE, contact_id="a-buero", place_id="saal-a")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("#kalender")
    section = _section(client)
    assert ("Kalender Datei termine.ics: 2 neu, 0 geändert, 0 unverändert, 0 entfernt, "
            "0 übersprungen (vorbei), 1 abgelehnt. Was nicht übernommen wurde, steht unten "
            "bei der Datei.") in section
    line = FILE.split("\r\n").index("UID:kaputt@adorf.example")   # BEGIN:VEVENT: above
    assert (f"abgelehnt: Termin „kaputt@adorf.example“ (Zeile {line}) nicht übernommen: "
            "dem Termin fehlt der Beginn (DTSTART).") in section
    assert "Datei termine.ics" in section and "Neu einlesen" in section
    with app.app_context():
        db = context.db()
        singen = entry_q.by_uid(db, "ort-a", "singen@adorf.example")
        files = [c for c in calendar_q.of_sites(db, ["ort-a"]) if c["is_file"]]
        stored = calendar_q.get(db, files[0]["id"])
    assert singen["ics_source"] == "datei:termine.ics" and gaps(singen) == ["summary"]
    assert singen["data"]["contact"]["role"] == "Büro Treff A"
    assert singen["data"]["place_id"] == "saal-a"
    assert stored["content"] == FILE and stored["contact_id"] == "a-buero"


def test_calendars_uploaded_file_is_imported_again_every_day(app, client, clock):
    login(client, EDITOR_A)
    _upload(client, FILE)
    clock.now = NOW + timedelta(days=30)
    with app.app_context():
        assert refresh_all(context.db(), context.settings(), clock.now) == 1  # port 9 fails
        dates = entry_q.by_uid(context.db(), "ort-a", "sprech@adorf.example")["data"]
    # The list of dates rolls on with the day of the import (120 days ahead).
    assert dates["occurrences"][0]["start"] == "2026-12-31T10:00:00+01:00"
    assert dates["occurrences"][-1]["start"] == "2027-04-29T11:00:00+02:00"


def test_calendars_same_file_name_again_replaces_the_file(app, client):
    login(client, EDITOR_A)
    _upload(client, FILE)
    _upload(client, vcalendar(SINGEN))
    section = _section(client)
    assert "0 neu, 0 geändert, 1 unverändert, 1 entfernt" in section
    with app.app_context():
        files = [c for c in calendar_q.of_sites(context.db(), ["ort-a"]) if c["is_file"]]
        assert len(files) == 1
        assert entry_q.by_uid(context.db(), "ort-a", "sprech@adorf.example") is None


@pytest.mark.parametrize("text, name, max_mb, message", [
    ("Einkaufsliste\r\nBrot\r\n", "liste.ics", 10,
     "Nicht übernommen – Zeile 1: Das ist keine iCalendar-Datei: Sie muss mit "
     "BEGIN:VCALENDAR beginnen. Es wurde nichts geändert."),
    (FILE.encode("utf-16"), "utf16.ics", 10,
     "Nicht übernommen – Zeile 1: Die Datei ist nicht in UTF-8 geschrieben."),
    (FILE, "gross.ics", 0.0005, "Der Kalender ist größer als 0.0005 MB."),
    (FILE, "", 10, "Bitte wählen Sie eine Kalender-Datei aus"),
], ids=["no-calendar", "utf-16", "too-large", "no-file"])
def test_calendars_upload_that_cannot_be_read_changes_nothing(app, client, text, name,
                                                              max_mb, message):
    app.config["HUB_SETTINGS"]["calendars"]["max_mb"] = max_mb
    login(client, EDITOR_A)
    _upload(client, text, name)
    assert message in _section(client)
    with app.app_context():
        assert [c["is_file"] for c in calendar_q.of_sites(context.db(), ["ort-a"])] == [0]
        assert entry_q.from_calendar(context.db(), "ort-a", f"datei:{name}") == []


def test_calendars_upload_refuses_defaults_of_another_site(app, client):
    with app.app_context():
        contact_q.save(context.db(), "b-buero", "ort-b", {"phone": "069 90009200"}, NOW, "t")
    login(client, EDITOR_A)
    _upload(client, FILE, contact_id="b-buero")
    assert "Bitte eine Ansprechperson dieser Begegnungsstätte wählen." in _section(client)
    _upload(client, FILE, place_id="saal-b")
    assert "Bitte einen Ort wählen, den diese Begegnungsstätte verwendet." in _section(client)
    with app.app_context():
        assert entry_q.from_calendar(context.db(), "ort-a", "datei:termine.ics") == []


def test_calendars_file_name_is_cleaned_and_escaped(app, client):
    login(client, EDITOR_A)
    _upload(client, FILE, name="../../Fest & <Feier>\t.ics")
    page = client.get("/standorte/ort-a").get_data(as_text=True)
    assert "<Feier>" not in page and "Datei Fest &amp; &lt;Feier&gt; .ics" in page
    with app.app_context():
        urls = [c["url"] for c in calendar_q.of_sites(context.db(), ["ort-a"])]
    assert "datei:Fest & <Feier> .ics" in urls    # no folders, no control characters


def test_calendars_new_defaults_fill_the_gaps_at_once(app, client):
    login(client, EDITOR_A)
    _upload(client, FILE)
    with app.app_context():
        calendar = next(c for c in calendar_q.of_sites(context.db(), ["ort-a"])
                        if c["is_file"])
        assert gaps(entry_q.by_uid(context.db(), "ort-a", "singen@adorf.example")) == [
            "contact", "place", "summary"]
    answer = client.post(f"/kalender/{calendar['id']}/vorgaben",
                         data={"contact_id": "a-buero", "place_id": "saal-a"})
    assert answer.status_code == 302
    assert "Gespeichert. Kalender Datei termine.ics: 0 neu, 2 geändert" in _section(client)
    with app.app_context():
        singen = entry_q.by_uid(context.db(), "ort-a", "singen@adorf.example")
    assert gaps(singen) == ["summary"]


def test_calendars_contact_persons_added_and_removed(app, client):
    login(client, EDITOR_A)
    client.post("/standorte/ort-a/kontakte",
                data={"contact_role": "Nachbarschaftshilfe", "contact_name": "Frau Berger",
                      "contact_phone": "069 / 90009-123", "contact_phone_hours": "Mo 9–12"})
    bad = client.post("/standorte/ort-a/kontakte", data={"contact_name": "<i>Ohne</i>",
                                                         "contact_phone": "abc"})
    assert bad.headers["Location"].endswith("#kontakte")
    page = client.get("/standorte/ort-a").get_data(as_text=True)
    contacts = unescape(page.split('id="kontakte"', 1)[1])
    assert "Die Ansprechperson ist angelegt." in contacts
    assert re.search(r"Telefon: .*Telefonnummer", contacts)
    assert "<i>Ohne</i>" not in page
    with app.app_context():
        berger = contact_q.get(context.db(), "frau-berger")
    assert berger["data"] == {"role": "Nachbarschaftshilfe", "name": "Frau Berger",
                              "phone": "069 90009123", "phone_hours": "Mo 9–12"}
    assert "Nachbarschaftshilfe (Frau Berger), 069 90009123" in page   # to choose
    client.post("/kontakte/frau-berger/entfernen")
    with app.app_context():
        assert contact_q.get(context.db(), "frau-berger") is None
    login(client, EDITOR_B)
    assert client.post("/kontakte/a-buero/entfernen").status_code == 403
