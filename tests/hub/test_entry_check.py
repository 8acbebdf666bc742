"""Every entry passes the publisher's own check when it is saved or imported: the stored
XSS of the attack run (an upper-case web address with a script, refused by the feed schema,
whose reason went unescaped into the phone preview), normalised web addresses, line breaks
in one-line fields, and the German message next to the field the publisher refuses."""

from __future__ import annotations

import pytest

from hub import context
from hub.entry_check import check
from hub.messages import M
from hub.queries import entries as entry_q
from hub.queries import places as place_q
from hub.queries import users as user_q
from tests.hub.conftest import ADMIN, EDITOR_A, NOW, entry_data, error_of, login, unescape
from tests.hub.test_entries import VALID
from tests.hub.test_ical_import import _import, calendar

ATTACK = "HTTPS://x.de/<script>fetch('/benutzer/neu',{method:'POST'})</script>"


def _entry(app, entry_id: str) -> dict | None:
    with app.app_context():
        return entry_q.get(context.db(), entry_id)


def test_entry_check_the_attack_url_is_refused_by_the_form(app, as_a):
    response = as_a.post("/eintraege/neu", data={**VALID, "contact_web": ATTACK})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert error_of(page, "contact_web") == M["web_chars"]
    assert _entry(app, "spielenachmittag") is None


def test_entry_check_a_stored_attack_reaches_the_admin_escaped(app, client):
    # Stored before this check existed (or by any other way around the form).
    with app.app_context():
        entry_q.save(context.db(), "angriff", "ort-a",
                     entry_data("Angriff", contact={"web": ATTACK}), sharing="site",
                     share_sites=[], now=NOW, user=EDITOR_A)
        users_before = len(user_q.all_users(context.db()))
    login(client, ADMIN)
    for url in ("/eintraege/angriff", "/eintraege/angriff/handy"):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert "<script>fetch" not in body, url
        assert "&lt;script&gt;fetch" in body, url          # the message is there, escaped
        assert "„Webseite“" in unescape(body), url         # in German, naming the field
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy or "default-src 'none'" in policy, url
    with app.app_context():
        assert len(user_q.all_users(context.db())) == users_before


def test_entry_check_upper_case_scheme_is_written_lower_case_and_publishes(app, as_a):
    form = {**VALID, "contact_web": "HTTPS://Gemeinde.DE/Seniorentreff"}
    assert as_a.post("/eintraege/neu", data=form).status_code == 302
    contact = _entry(app, "spielenachmittag")["data"]["contact"]
    assert contact["web"] == "https://gemeinde.de/Seniorentreff"
    response = as_a.post("/veroeffentlichen", data={"site": "ort-a"})
    assert response.status_code == 302 and "/ergebnis/" in response.headers["Location"]


def test_entry_check_line_breaks_leave_one_line_fields_and_publishing_works(app, as_a):
    form = {**VALID, "title": "Spiele\r\nnachmittag", "contact_name": "Frau\nMeier",
            "organizer": "Senioren\trat", "status_note": "heute\u2028anders",
            "image_alt": "", "summary": "Rommé,\r\nKaffee und Kuchen.\x07"}
    assert as_a.post("/eintraege/neu", data=form).status_code == 302
    data = _entry(app, "spiele-nachmittag")["data"]
    assert data["title"] == "Spiele nachmittag"
    assert data["contact"]["name"] == "Frau Meier" and data["organizer"] == "Senioren rat"
    assert data["status_note"] == "heute anders"
    assert data["summary"] == "Rommé,\nKaffee und Kuchen."           # a text keeps its lines
    response = as_a.post("/veroeffentlichen", data={"site": "ort-a"})
    assert response.status_code == 302 and "/ergebnis/" in response.headers["Location"]


def test_entry_check_place_names_are_one_line(app, as_a):
    form = {"site": "ort-a", "name": "Saal\nOst", "room": "Raum\r\n2", "address": "Weg 1"}
    assert as_a.post("/orte/neu", data=form).status_code == 302
    with app.app_context():
        place = place_q.get(context.db(), "saal-ost")
    assert place["data"]["name"] == "Saal Ost" and place["data"]["room"] == "Raum 2"


def test_entry_check_what_the_publisher_refuses_is_shown_next_to_the_field(app, as_a):
    # The form reads any amount; the feed schema allows at most 100,000 euros.
    form = {**VALID, "cost_kind": "amount", "cost_euro": "250000"}
    response = as_a.post("/eintraege/neu", data=form)
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    message = error_of(page, "cost_euro")
    assert message is not None and message.startswith("„Betrag in Euro“:")
    assert f'<a href="#cost_euro">{message}</a>' in page
    assert _entry(app, "spielenachmittag") is None


@pytest.mark.parametrize(("change", "field", "label"), [
    ({"contact": {"web": ATTACK}}, "contact_web", "Webseite"),
    ({"title": "x" * 61}, "title", "Titel"),
    ({"cost": {"kind": "amount", "euro": 100001}}, "cost_euro", "Betrag in Euro"),
    ({"hours": [{"day": "MO", "from": "12:00", "to": "09:00"}]}, "hours_MO", "Montag"),
    ({"schedule": {"start": "2026-12-08T14:30", "end": "2026-12-08T17:00",
                   "rrule": "FREQ=MONTHLY;BYDAY=TH;BYSETPOS=400"}}, "rrule",
     "Eigene Regel (RRULE)"),
    ({"image": {"sha256": "a" * 64, "alt": "x" * 241}}, "image_alt",
     "Was ist auf dem Bild zu sehen?"),
])
def test_entry_check_names_the_form_field(app, change, field, label):
    with app.app_context():
        problem = check("neu", entry_data(**change), None, context.settings()["categories"],
                        NOW)
    assert problem is not None
    assert problem.field == field and problem.message.startswith(f"„{label}“:")


def test_entry_check_a_valid_entry_passes(app):
    with app.app_context():
        assert check("neu", entry_data(), None, context.settings()["categories"], NOW) is None


EVENT = """BEGIN:VEVENT
UID:zeilen@adorf.example
DTSTAMP:20261120T080000Z
DTSTART;TZID=Europe/Berlin:20261210T150000
DTEND;TZID=Europe/Berlin:20261210T163000
SUMMARY:Spiele\\nnachmittag
LOCATION:Gemeindehaus\\nHinterhof
URL:HTTPS://Adorf.example/Spiele
END:VEVENT
"""


def test_entry_check_calendar_import_writes_one_line_fields_and_normal_addresses(app):
    with app.app_context():
        _import(calendar(extra=EVENT))
        data = entry_q.by_uid(context.db(), "ort-a", "zeilen@adorf.example")["data"]
        assert data["title"] == "Spiele nachmittag"
        assert data["contact"]["web"] == "https://adorf.example/Spiele"
        assert "Ort: Gemeindehaus Hinterhof" in data["body"]


def test_entry_check_calendar_import_drops_a_hostile_address_with_a_note(app):
    with app.app_context():
        report = _import(calendar(extra=EVENT.replace("HTTPS://Adorf.example/Spiele",
                                                      "HTTPS://x.de/<script>x</script>")))
        data = entry_q.by_uid(context.db(), "ort-a", "zeilen@adorf.example")["data"]
        assert "contact" not in data
        assert any("Webadresse" in note for note in report.notes)


def test_entry_check_calendar_import_refuses_what_the_publisher_refuses(app):
    broken = EVENT.replace("URL:", "RRULE:FREQ=MONTHLY;BYDAY=TH;BYSETPOS=400\nURL:")
    with app.app_context():
        report = _import(calendar(extra=broken))      # refused alone (issue 16)
        assert entry_q.by_uid(context.db(), "ort-a", "zeilen@adorf.example") is None
    assert len(report.refused) == 1
    assert report.refused[0].startswith("Termin „zeilen@adorf.example“ (Zeile ")
    assert "„RRULE:FREQ=MONTHLY;BYDAY=TH;BYSETPOS=400“ ist nicht lesbar" in report.refused[0]
