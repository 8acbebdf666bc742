"""QR code payloads (kiosk/qr.py): which codes an entry offers and what they say, iCalendar
(Termin), vCard (Kontakt), tel: (Anrufen), OpenStreetMap links (Weg), links (Details), and the
size limit."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from kiosk import qr_render, text
from kiosk.clock import TZ, fixed_clock
from kiosk.qr import (
    INSTRUCTION,
    KINDS,
    LABELS,
    MAX_BYTES,
    QrCode,
    escape,
    event_payload,
    international,
    panel_speech,
    qr_codes,
    shorten,
)
from kiosk.store import Store
from sync import phonepage
from sync.apply import apply_feed
from sync.ics import event_uid
from sync.model import Contact, Entry, Geo, Links, Occurrence, Place
from tests.helpers import berlin, entry, make_feed
from tests.kiosk.qr_helpers import DEMO_NOW, _event, _value, parse_vcard

# -- helpers -------------------------------------------------------------------------------

def _entry(**fields) -> Entry:
    base = dict(id="e", kind="event", category="treffen", title="Erzählcafé",
                summary="Bei Kaffee erzählen wir von früher.")
    base.update(fields)
    return Entry(**base)


def _date(start: datetime, minutes: int = 90, status: str = "scheduled",
          note: str | None = None) -> Occurrence:
    return Occurrence(start, start + timedelta(minutes=minutes), status, note)


PLACE = Place(id="gemeindehaus", name="Evangelisches Gemeindehaus",
              address="Kirchgasse 12, Lindenbach (fiktiv)", geo=Geo(48.7044, 9.2151))
CONTACT = Contact(role="Gemeindebüro", phone="069 90009204",
                  phone_hours="Mo bis Fr, 9 bis 11 Uhr")


def _kinds(codes: list[QrCode]) -> list[str]:
    return [c.kind for c in codes]


def _code(codes: list[QrCode], kind: str) -> QrCode:
    (code,) = [c for c in codes if c.kind == kind]
    return code


# -- which codes ---------------------------------------------------------------------------

def test_qr_codes_offers_every_kind_in_button_order():
    e = _entry(contact=CONTACT, links=Links(page="https://lindenbach.example/e/e.html"))
    codes = qr_codes(e, PLACE, [_date(berlin(2026, 12, 10, 15))], berlin(2026, 12, 1, 9))
    assert _kinds(codes) == list(KINDS)
    assert [c.label for c in codes] == ["Termin", "Kontakt", "Anrufen", "Weg", "Details"]
    assert all(c.label == LABELS[c.kind] for c in codes)
    # One sentence each, for the screen (and read aloud): what the phone does with it.
    assert [c.explanation.split(":")[0] for c in codes] == [
        "Ihr Handy trägt den Termin in den Kalender ein",
        "Ihr Handy speichert den Kontakt „Gemeindebüro“ im Adressbuch.",
        "Ihr Handy wählt die Nummer 069 90009 204.",
        "Ihr Handy zeigt den Ort auf einer Karte",
        "Ihr Handy öffnet eine Seite mit allen Angaben zum Nachlesen."]
    assert all(c.explanation.endswith(".") for c in codes)


def test_qr_codes_leaves_out_kinds_without_data():
    now = berlin(2026, 12, 1, 9)
    assert qr_codes(_entry(), None, [], now) == []
    # An e-mail alone gives a contact card, but nothing to call.
    mail_only = _entry(contact=Contact(role="Büro", email="buero@lindenbach.example"))
    assert _kinds(qr_codes(mail_only, None, [], now)) == ["kontakt"]
    # A role without phone or e-mail is nothing to save.
    assert qr_codes(_entry(contact=Contact(role="Büro")), None, [], now) == []
    # A place without geo or address cannot be found on a map.
    assert qr_codes(_entry(), Place(id="p", name="Saal"), [], now) == []
    # Only absolute web links open on a phone.
    for page in ("e/e.html", "javascript:alert(1)", "ftp://lindenbach.example/e.html"):
        assert qr_codes(_entry(links=Links(page=page)), None, [], now) == []
    assert qr_codes(_entry(links=Links(ics="https://x.example/e.ics")), None, [], now) == []


def test_qr_codes_termin_takes_the_next_date_that_takes_place():
    now = berlin(2026, 12, 1, 15)
    dates = [_date(berlin(2026, 12, 1, 14, 30), 150),                 # already begun
             _date(berlin(2026, 12, 3, 15), status="cancelled"),
             _date(berlin(2026, 12, 10, 15)),
             _date(berlin(2026, 12, 8, 16), status="moved", note="diesmal um 16 Uhr")]
    code = _code(qr_codes(_entry(), PLACE, dates, now), "termin")
    event = _event(code.payload)
    assert event.decoded("DTSTART") == berlin(2026, 12, 8, 16)
    # Day and month never part at the end of a line.
    assert code.explanation.endswith("ein: Dienstag, 8.\u00a0Dezember, 16:00 Uhr.")
    # Only past, ongoing or cancelled dates: no Termin.
    assert _kinds(qr_codes(_entry(), PLACE, dates[:2], now)) == ["weg"]
    # A cancelled entry hands over no date, whatever its dates say.
    cancelled = _entry(status="cancelled")
    assert "termin" not in _kinds(qr_codes(cancelled, PLACE, dates, now))


def test_qr_codes_explanation_says_heute_and_morgen_with_its_date():
    now = berlin(2026, 12, 1, 9)
    today = qr_codes(_entry(), None, [_date(berlin(2026, 12, 1, 14, 30))], now)
    tomorrow = qr_codes(_entry(), None, [_date(berlin(2026, 12, 2, 10))], now)
    assert today[0].explanation == ("Ihr Handy trägt den Termin in den Kalender ein: "
                                    "heute, 14:30 Uhr.")
    assert tomorrow[0].explanation.endswith(
        "ein: morgen, Mittwoch, 2.\u00a0Dezember, 10:00 Uhr.")
    spoken = text.spoken(today[0].explanation)
    assert "vierzehn Uhr dreißig" in spoken and "14" not in spoken


def test_panel_speech_names_the_choices_and_the_instruction():
    e = _entry(contact=CONTACT)
    codes = qr_codes(e, PLACE, [_date(berlin(2026, 12, 10, 15))], berlin(2026, 12, 1, 9))
    speech = panel_speech(codes, "anrufen")
    assert speech.startswith("Codes für Ihr Handy: „Termin“, „Kontakt“, „Anrufen“ und "
                             "„Weg“. Gezeigt wird „Anrufen“.")
    assert _code(codes, "anrufen").explanation in speech
    assert speech.endswith(f"{INSTRUCTION}.")
    assert INSTRUCTION == "Handy-Kamera öffnen und auf den Code halten"
    assert panel_speech([], "termin") == ""
    single = qr_codes(_entry(), PLACE, [], berlin(2026, 12, 1, 9))
    assert panel_speech(single, "weg") == f"{single[0].explanation} {INSTRUCTION}."


# -- Termin: iCalendar ---------------------------------------------------------------------

def test_event_payload_parses_with_icalendar():
    date = _date(berlin(2026, 12, 10, 15))
    payload = event_payload(_entry(), PLACE, date)
    event = _event(payload)
    assert str(event["SUMMARY"]) == "Erzählcafé"
    assert event.decoded("DTSTART") == berlin(2026, 12, 10, 15)
    assert event.decoded("DTEND") == berlin(2026, 12, 10, 16, 30)
    assert str(event["LOCATION"]).startswith("Evangelisches Gemeindehaus")
    assert payload.startswith("BEGIN:VCALENDAR\r\n") and payload.endswith("END:VCALENDAR\r\n")
    assert "\n" not in payload.replace("\r\n", "")
    assert "DTSTART:20261210T140000Z\r\n" in payload  # UTC: no VTIMEZONE needed
    assert len(payload.encode()) <= MAX_BYTES


def test_event_payload_adds_address_and_description_when_there_is_room():
    short = _entry(title="Kino", summary="Ein alter Heimatfilm auf großer Leinwand, mit "
                   "Untertiteln. Danach gibt es Kaffee und Kuchen für alle Gäste.")
    place = Place(id="p", name="Rathaus", address="Marktplatz 1, Lindenbach")
    event = _event(event_payload(short, place, _date(berlin(2026, 12, 2, 15))))
    assert str(event["LOCATION"]) == "Rathaus, Marktplatz 1, Lindenbach"
    assert "VERSION:2.0\r\n" in event_payload(short, place, _date(berlin(2026, 12, 2, 15)))
    assert str(event["DESCRIPTION"]).startswith("Ein alter Heimatfilm")
    # The address comes first; a description only where even that leaves room.
    long_title = _entry(title="Kino am Nachmittag: Ein Heimatfilm mit Untertiteln und Kaffee",
                        summary=short.summary)
    crowded = Place(id="p", name="Rathaus Lindenbach, großer Sitzungssaal im Erdgeschoss",
                    address="Marktplatz 1, 99999 Lindenbach-Süd (Eingang hinten am Hof)")
    event = _event(event_payload(long_title, crowded, _date(berlin(2026, 12, 2, 15))))
    assert str(event["LOCATION"]).endswith("(Eingang hinten am Hof)")
    assert "DESCRIPTION" not in event
    place = Place(id="p", name="Rathaus")
    event = _event(event_payload(short, place, _date(berlin(2026, 12, 2, 15))))
    description = str(event["DESCRIPTION"])
    assert description.startswith("Ein alter Heimatfilm") and description.endswith("…")
    assert 24 <= len(description) <= 80
    moved = _date(berlin(2026, 12, 11, 16), status="moved", note="diesmal am Freitag")
    event = _event(event_payload(short, place, moved))
    assert str(event["DESCRIPTION"]).startswith("Verlegt: diesmal am Freitag. Ein")


def test_event_payload_carries_uid_and_the_address_of_the_place():
    date = _date(berlin(2026, 12, 10, 15))
    event = _event(event_payload(_entry(), PLACE, date))
    # The same UID as the date in the phone page's calendar file: saved twice, one date.
    assert str(event["UID"]) == event_uid("e", date.start) == (
        "e-20261210T140000Z@quartier-kiosk")
    assert str(event["LOCATION"]) == ("Evangelisches Gemeindehaus, Kirchgasse 12, "
                                      "Lindenbach (fiktiv)")


def test_event_payload_of_every_demo_date_has_uid_and_address_and_fits(demo_doc, db_path):
    apply_feed(db_path, demo_doc)
    store = Store(db_path, clock=fixed_clock(DEMO_NOW))
    largest = ""
    for entry_id in store.entry_ids():
        detail = store.detail(entry_id)
        termin = [c for c in qr_codes(detail.entry, detail.place, detail.upcoming, DEMO_NOW)
                  if c.kind == "termin"]
        if not termin:
            continue
        event = _event(termin[0].payload)
        assert str(event["UID"]).startswith(f"{entry_id}-"), entry_id
        if detail.place and detail.place.address:
            assert str(event["LOCATION"]).endswith(detail.place.address), entry_id
        assert str(event["SUMMARY"]) == detail.entry.title, entry_id
        largest = max(largest, termin[0].payload, key=lambda p: len(p.encode()))
    assert qr_render.version(largest) <= qr_render.MAX_VERSION


def test_event_payload_escapes_text():
    tricky = _entry(title="Tanz; Spiel", summary="Zeile eins\nZeile \\ zwei")
    place = Place(id="p", name="Saal, hinten")
    payload = event_payload(tricky, place, _date(berlin(2026, 12, 2, 15)))
    assert "SUMMARY:Tanz\\; Spiel\r\n" in payload
    assert "LOCATION:Saal\\, hinten\r\n" in payload
    assert "DESCRIPTION:Zeile eins\\nZeile \\\\ zwei\r\n" in payload
    event = _event(payload)
    assert str(event["SUMMARY"]) == "Tanz; Spiel"
    assert str(event["LOCATION"]) == "Saal, hinten"
    assert str(event["DESCRIPTION"]) == "Zeile eins\nZeile \\ zwei"
    assert escape("a\r\nb\rc") == "a\\nb\\nc"


def test_event_payload_without_known_end_has_no_dtend():
    start = berlin(2026, 12, 2, 15)
    event = _event(event_payload(_entry(), PLACE, Occurrence(start, start)))
    assert "DTEND" not in event and event.decoded("DTSTART") == start


@pytest.mark.parametrize(("day", "utc"), [
    ((2026, 10, 24), "20261024T130000Z"),   # last Saturday of summer time
    ((2026, 10, 25), "20261025T140000Z"),   # the clocks went back at 3:00 that morning
    ((2027, 3, 27), "20270327T140000Z"),
    ((2027, 3, 28), "20270328T130000Z"),    # the clocks went forward at 2:00
])
def test_event_payload_keeps_berlin_wall_clock_across_dst(db_path, day, utc):
    # Through the feed and the store, as the screen gets its dates.
    start = berlin(*day, 15)
    apply_feed(db_path, make_feed([entry("dst", start, minutes=90)]))
    now = start - timedelta(days=2)
    detail = Store(db_path, clock=fixed_clock(now)).detail("dst")
    code = _code(qr_codes(detail.entry, detail.place, detail.upcoming, now), "termin")
    event = _event(code.payload)
    assert f"DTSTART:{utc}\r\n" in code.payload
    assert event.decoded("DTSTART").astimezone(TZ) == start
    assert event.decoded("DTSTART").astimezone(TZ).hour == 15
    assert event.decoded("DTEND").astimezone(TZ) == berlin(*day, 16, 30)
    assert str(event["LOCATION"]) == "Saal im Rathaus"


def test_event_payload_spans_the_night_the_clocks_go_back():
    start = datetime(2026, 10, 25, 1, 30, tzinfo=TZ)
    end = datetime(2026, 10, 25, 4, 0, tzinfo=TZ)   # 2:30 on the wall clock, 3:30 real
    event = _event(event_payload(_entry(), None, Occurrence(start, end)))
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=3, minutes=30)
    assert event.decoded("DTEND").astimezone(TZ) == end


# -- Kontakt, Anrufen, Weg, Details --------------------------------------------------------

def test_vcard_payload_parses_strictly():
    e = _entry(contact=Contact(role="Pflegeberatung", name="Frau Beispiel",
                               phone="069 90009205", email="pflege@lindenbach.example",
                               phone_hours="Mo bis Fr, 9 bis 12 Uhr"),
               organizer="Pflegestützpunkt; Landkreis")
    code = _code(qr_codes(e, PLACE, [], berlin(2026, 12, 1, 9)), "kontakt")
    props = parse_vcard(code.payload)
    assert _value(props, "FN") == "Frau Beispiel"
    assert _value(props, "TITLE") == "Pflegeberatung"
    assert props["ORG"][0][1] == "Pflegestützpunkt\\; Landkreis"
    assert props["TEL"] == [(["TYPE=WORK"], "+496990009205")]
    assert _value(props, "EMAIL") == "pflege@lindenbach.example"
    assert "„Frau Beispiel“" in code.explanation


def test_vcard_payload_names_an_office_by_its_role():
    e = _entry(contact=CONTACT, organizer="Ev. Kirchengemeinde Lindenbach (fiktiv)")
    props = parse_vcard(_code(qr_codes(e, None, [], DEMO_NOW), "kontakt").payload)
    assert _value(props, "FN") == "Gemeindebüro"
    assert props["N"][0][1] == "Gemeindebüro;;;;"
    # Written out, as on the screen: the card ends up in the resident's address book.
    assert _value(props, "ORG") == "Evangelische Kirchengemeinde Lindenbach (fiktiv)"
    assert _value(props, "NOTE") == "erreichbar montags bis freitags, 9 bis 11 Uhr"
    assert "TITLE" not in props
    # Without an organizer the place tells the phone's address book where it belongs.
    props = parse_vcard(_code(qr_codes(_entry(contact=CONTACT), PLACE, [], DEMO_NOW),
                              "kontakt").payload)
    assert _value(props, "ORG") == "Evangelisches Gemeindehaus"


@pytest.mark.parametrize(("written", "dialled"), [
    ("069 90009201", "+496990009201"),
    ("069/90009-999", "+496990009999"),
    ("(069) 90009 000", "+496990009000"),
    ("+49 69 90009201", "+496990009201"),
    ("+49 (0)69 90009201", "+496990009201"),
    ("0049 69 90009201", "+496990009201"),
    ("116117", "116117"),
])
def test_international_phone_forms(written, dialled):
    assert international(written) == dialled


def test_anrufen_payload_is_tel_uri():
    code = _code(qr_codes(_entry(contact=CONTACT), None, [], DEMO_NOW), "anrufen")
    assert code.payload == "tel:+496990009204"
    assert re.fullmatch(r"tel:\+49[1-9]\d{5,13}", code.payload)
    assert code.explanation == "Ihr Handy wählt die Nummer 069 90009 204."


def test_weg_payload_is_an_openstreetmap_link_a_phone_camera_opens():
    code = _code(qr_codes(_entry(), PLACE, [], DEMO_NOW), "weg")
    # https, not geo: (phone cameras do not open geo: URIs); the same link as the phone page.
    assert code.payload == ("https://www.openstreetmap.org/?mlat=48.7044&mlon=9.2151"
                            "#map=18/48.7044/9.2151")
    assert code.payload == phonepage.map_link({"name": "x", "geo": {"lat": 48.7044,
                                                                   "lon": 9.2151}})
    assert "Evangelisches Gemeindehaus" in code.explanation
    no_geo = Place(id="p", name="Rathaus", address="Marktplatz 1, Lindenbach-Süd")
    code = _code(qr_codes(_entry(), no_geo, [], DEMO_NOW), "weg")
    assert code.payload == ("https://www.openstreetmap.org/search?query="
                            "Marktplatz%201%2C%20Lindenbach-S%C3%BCd")
    assert code.payload.isascii()


def test_details_payload_is_the_phone_page():
    page = "https://lindenbach.example/e/lb-erzählcafe.html"
    code = _code(qr_codes(_entry(links=Links(page=page)), None, [], DEMO_NOW), "details")
    assert code.payload == "https://lindenbach.example/e/lb-erz%C3%A4hlcafe.html"
    too_long = "https://lindenbach.example/" + "x" * MAX_BYTES
    assert qr_codes(_entry(links=Links(page=too_long)), None, [], DEMO_NOW) == []


def test_details_payload_resolves_a_relative_page_against_the_feed_url():
    relative = _entry(links=Links(page="../../e/lb-kino.html"))
    feed_url = "https://lindenbach.example/sites/lindenbach-alte-schule/feed.json"
    (code,) = qr_codes(relative, None, [], DEMO_NOW, page_base=feed_url)
    assert code.payload == "https://lindenbach.example/e/lb-kino.html"
    assert qr_codes(relative, None, [], DEMO_NOW) == []


# -- size: version 12 at M -----------------------------------------------------------------

def _worst_entry() -> tuple[Entry, Place, list[Occurrence]]:
    title = "Große Überraschungsfeier für Jung und Alt: Grüße aus Übersee"
    assert len(title) == 60
    place = Place(id="p", name="Evangelisches Gemeindehaus der Kirchengemeinde St. Jürgen "
                  "und Maria im Ortsteil Lindenbach-Süd, großer Saal über dem Kindergarten "
                  "(Zugang über den Hof)" + " Ö" * 40,
                  address="Schulstraße " + "ä" * 180, geo=Geo(-89.123456789, -179.987654321))
    contact = Contact(role="Ö" * 120, name="Ü" * 120, phone="+49 (0)69 90009-999",
                      phone_hours="Ä" * 120, email="ä" * 60 + "@lindenbach.example",
                      web="https://lindenbach.example")
    e = _entry(id="x" * 80, title=title, summary="Ö" * 240, contact=contact,
               organizer="ß" * 160, links=Links(page="https://lindenbach.example/e/"
                                                + "x" * 80 + ".html"))
    start = berlin(2026, 10, 25, 15)
    return e, place, [Occurrence(start, start + timedelta(hours=2), "moved", "Ä" * 240)]


def test_qr_codes_worst_case_entry_fits_the_largest_version_and_shortens_gracefully():
    e, place, dates = _worst_entry()
    codes = qr_codes(e, place, dates, berlin(2026, 10, 1))
    assert _kinds(codes) == list(KINDS)
    for code in codes:
        assert len(code.payload.encode()) <= MAX_BYTES
        assert qr_render.version(code.payload) <= qr_render.MAX_VERSION
    termin = _code(codes, "termin").payload
    event = _event(termin)
    # The UID whole (an 80-character id: 112 bytes); the title cut after a whole word;
    # a place name and an address too long for the code are left out, never cut.
    assert str(event["UID"]) == event_uid(e.id, dates[0].start)
    shown = str(event["SUMMARY"])
    assert shown.endswith("…") and e.title.startswith(shown[:-1]), shown
    assert e.title[len(shown) - 1] in " ,;:" and len(shown) >= 16, shown
    assert "LOCATION" not in event
    assert event.decoded("DTSTART") == dates[0].start
    props = parse_vcard(_code(codes, "kontakt").payload)
    assert props["TEL"][0][1] == "+496990009999"
    assert _value(props, "FN").endswith("…")
    # A cut e-mail address or cut opening hours would mislead: whole or left out.
    assert "EMAIL" not in props or _value(props, "EMAIL") == e.contact.email
    assert "NOTE" not in props
    assert _code(codes, "weg").payload == (
        "https://www.openstreetmap.org/?mlat=-89.123457&mlon=-179.987654"
        "#map=18/-89.123457/-179.987654")


def test_event_payload_with_a_long_hub_id_keeps_the_address_before_the_place_name():
    title = "Große Überraschungsfeier für Jung und Alt: Grüße aus Übersee"
    e = _entry(id="grosse-ueberraschungsfeier-fuer-jung-und", title=title)  # as the hub slugs
    place = Place(id="p", name="Evangelisches Gemeindehaus der Kirchengemeinde St. Jürgen",
                  address="Schulstraße 12, 70000 Lindenbach-Süd (fiktiv)")
    payload = event_payload(e, place, _date(berlin(2026, 12, 2, 15)))
    event = _event(payload)
    assert str(event["LOCATION"]) == place.address
    shown = str(event["SUMMARY"])
    assert shown.endswith("…") and title.startswith(shown[:-1]) and len(shown) >= 16
    assert len(payload.encode()) <= MAX_BYTES


def test_qr_codes_all_umlaut_title_still_fits():
    e = _entry(title="Ä" * 60, contact=CONTACT)
    place = Place(id="p", name="Ü" * 200, address="ß" * 200)
    codes = qr_codes(e, place, [_date(berlin(2026, 12, 2, 15))], DEMO_NOW)
    termin = _code(codes, "termin").payload
    assert qr_render.version(termin) <= qr_render.MAX_VERSION
    assert str(_event(termin)["SUMMARY"]).startswith("Ä" * 16)


def test_shorten_cuts_at_a_word_and_marks_it():
    assert shorten("kurz", 10) == "kurz"
    assert shorten("Kaffee und Kuchen am Nachmittag", 20) == "Kaffee und Kuchen…"
    assert shorten("Donaudampfschifffahrtsgesellschaft", 10) == "Donaudamp…"
    assert shorten("Eins, zwei, drei", 12) == "Eins, zwei…"
    # A whole word only when that keeps two thirds of the room.
    assert shorten("Rathaus Lindenbachtal-Süd", 20) == "Rathaus Lindenbacht…"
