"""QR codes: payloads (iCalendar, vCard, tel:, geo:, links), their size, and real decoding.

Every code of the demo content is rendered as the screen renders it (8 px per module) and
read back with two independent decoders, zxing-cpp and ZBar (pyzbar), sharp and as a
phone camera at arm's length sees it (35 %, slightly blurred).
"""

from __future__ import annotations

import copy
import re
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import qrcode
import zxingcpp
from icalendar import Calendar
from PIL import Image, ImageFilter
from pyzbar import pyzbar
from pyzbar.pyzbar import ZBarSymbol

from kiosk import qr_render, text
from kiosk.clock import TZ, fixed_clock
from kiosk.qr import (
    INSTRUCTION,
    KINDS,
    LABELS,
    MAX_BYTES,
    QrCode,
    detail_codes,
    escape,
    event_payload,
    international,
    panel_speech,
    qr_codes,
    shorten,
)
from kiosk.store import Detail, Store
from sync.apply import apply_feed
from sync.model import Contact, Entry, Geo, Links, Occurrence, Place
from tests.helpers import berlin, entry, make_feed

DEMO_NOW = berlin(2026, 12, 1, 9)  # Tuesday, one hour after the demo feed was published
SCREEN_PX = 8                      # pixels per module on the detail screen


# -- helpers -------------------------------------------------------------------------------

def _event(payload: str):
    calendar = Calendar.from_ical(payload)
    (event,) = calendar.walk("VEVENT")
    return event


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def parse_vcard(payload: str) -> dict[str, list[tuple[list[str], str]]]:
    """A strict vCard 3.0 reader: CRLF lines, folding, required properties, escapes."""
    assert payload.endswith("\r\n"), "every content line ends with CRLF"
    assert "\n" not in payload.replace("\r\n", "") and "\r" not in payload.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in payload.split("\r\n"))
    lines = payload.replace("\r\n ", "").split("\r\n")[:-1]  # unfold (RFC 2425 5.8.1)
    assert lines[0] == "BEGIN:VCARD" and lines[-1] == "END:VCARD"
    props: dict[str, list[tuple[list[str], str]]] = {}
    for line in lines[1:-1]:
        head, sep, value = line.partition(":")
        assert sep, f"no ':' in {line!r}"
        name, *params = head.split(";")
        assert re.fullmatch(r"[A-Z][A-Z-]*", name), name
        assert all(re.fullmatch(r"[A-Z]+=[A-Z,]+", p) for p in params), params
        assert re.search(r"(?<!\\)[,;]", value) is None or name in ("N", "ORG"), line
        props.setdefault(name, []).append((params, value))
    assert props["VERSION"] == [([], "3.0")]
    assert len(props["FN"]) == 1 and len(props["N"]) == 1
    assert len(re.split(r"(?<!\\);", props["N"][0][1])) == 5
    return props


def _value(props: dict, name: str) -> str:
    return _unescape(props[name][0][1])


def _decode_zxing(img: Image.Image) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)]


def _decode_zbar(img: Image.Image) -> list[bytes]:
    return [d.data for d in pyzbar.decode(img, symbols=[ZBarSymbol.QRCODE])]


def _camera(img: Image.Image) -> Image.Image:
    """The code as a phone at arm's length sees it: 35 % of the size, slightly blurred."""
    small = img.resize((round(img.width * 0.35), round(img.height * 0.35)),
                       Image.Resampling.BILINEAR)
    return small.filter(ImageFilter.GaussianBlur(0.8))


def _assert_decodes(payload: str, img: Image.Image) -> None:
    assert _decode_zxing(img) == [payload]
    # ZBar hands back UTF-8 bytes: compare bytes, not a lenient decode.
    assert _decode_zbar(img) == [payload.encode("utf-8")]


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
    assert all(c.speech.startswith("Mit diesem Code ") and c.speech.endswith(".")
               and c.speech.count(".") == 1 + c.speech.count(". ") for c in codes)


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
    assert "Dienstag, 8. Dezember, um 16:00 Uhr" in code.speech
    # Only past, ongoing or cancelled dates: no Termin.
    assert _kinds(qr_codes(_entry(), PLACE, dates[:2], now)) == ["weg"]
    # A cancelled entry hands over no date, whatever its dates say.
    cancelled = _entry(status="cancelled")
    assert "termin" not in _kinds(qr_codes(cancelled, PLACE, dates, now))


def test_qr_codes_speech_says_heute_and_morgen():
    now = berlin(2026, 12, 1, 9)
    today = qr_codes(_entry(), None, [_date(berlin(2026, 12, 1, 14, 30))], now)
    tomorrow = qr_codes(_entry(), None, [_date(berlin(2026, 12, 2, 10))], now)
    assert today[0].speech == ("Mit diesem Code speichert Ihr Handy den Termin heute um "
                               "14:30 Uhr im Kalender.")
    assert "den Termin morgen um 10:00 Uhr im Kalender" in tomorrow[0].speech
    spoken = text.spoken(today[0].speech)
    assert "vierzehn Uhr dreißig" in spoken and "14" not in spoken


def test_panel_speech_names_the_choices_and_the_instruction():
    e = _entry(contact=CONTACT)
    codes = qr_codes(e, PLACE, [_date(berlin(2026, 12, 10, 15))], berlin(2026, 12, 1, 9))
    speech = panel_speech(codes, "anrufen")
    assert speech.startswith("Codes für Ihr Handy: „Termin“, „Kontakt“, „Anrufen“ und "
                             "„Weg“. Gezeigt wird „Anrufen“.")
    assert _code(codes, "anrufen").speech in speech
    assert speech.endswith(f"{INSTRUCTION}.")
    assert INSTRUCTION == "Handy-Kamera öffnen und auf den Code halten"
    assert panel_speech([], "termin") == ""
    single = qr_codes(_entry(), PLACE, [], berlin(2026, 12, 1, 9))
    assert panel_speech(single, "weg") == f"{single[0].speech} {INSTRUCTION}."


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
    # The address comes first; a description only where even that leaves room.
    assert "DESCRIPTION" not in event
    place = Place(id="p", name="Rathaus")
    event = _event(event_payload(short, place, _date(berlin(2026, 12, 2, 15))))
    description = str(event["DESCRIPTION"])
    assert description.startswith("Ein alter Heimatfilm") and description.endswith("…")
    assert 24 <= len(description) <= 80
    moved = _date(berlin(2026, 12, 11, 16), status="moved", note="diesmal am Freitag")
    event = _event(event_payload(short, place, moved))
    assert str(event["DESCRIPTION"]).startswith("Verlegt: diesmal am Freitag. Ein")


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
    assert "„Frau Beispiel“" in code.speech


def test_vcard_payload_names_an_office_by_its_role():
    e = _entry(contact=CONTACT, organizer="Ev. Kirchengemeinde Lindenbach (fiktiv)")
    props = parse_vcard(_code(qr_codes(e, None, [], DEMO_NOW), "kontakt").payload)
    assert _value(props, "FN") == "Gemeindebüro"
    assert props["N"][0][1] == "Gemeindebüro;;;;"
    assert _value(props, "ORG") == "Ev. Kirchengemeinde Lindenbach (fiktiv)"
    assert _value(props, "NOTE") == "erreichbar Mo bis Fr, 9 bis 11 Uhr"
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
    assert code.speech == "Mit diesem Code wählt Ihr Handy die Nummer 069 90009 204."


def test_weg_payload_is_geo_uri_or_map_search():
    code = _code(qr_codes(_entry(), PLACE, [], DEMO_NOW), "weg")
    assert code.payload == "geo:48.7044,9.2151"
    assert re.fullmatch(r"geo:-?\d{1,2}(\.\d{1,6})?,-?\d{1,3}(\.\d{1,6})?", code.payload)
    assert "Evangelisches Gemeindehaus" in code.speech
    no_geo = Place(id="p", name="Rathaus", address="Marktplatz 1, Lindenbach-Süd")
    code = _code(qr_codes(_entry(), no_geo, [], DEMO_NOW), "weg")
    assert code.payload == ("https://www.openstreetmap.org/search?query="
                            "Marktplatz+1,+Lindenbach-S%C3%BCd")
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


# -- size: version 10 at M -----------------------------------------------------------------

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


def test_qr_codes_worst_case_entry_fits_version_10_and_shortens_gracefully():
    e, place, dates = _worst_entry()
    codes = qr_codes(e, place, dates, berlin(2026, 10, 1))
    assert _kinds(codes) == list(KINDS)
    for code in codes:
        assert len(code.payload.encode()) <= MAX_BYTES
        assert qr_render.version(code.payload) <= 10
    termin = _code(codes, "termin").payload
    event = _event(termin)
    # Title and place share the room, both cut after a whole word.
    shown_and_full = [(str(event["SUMMARY"]), e.title), (str(event["LOCATION"]), place.name)]
    for shown, full in shown_and_full:
        assert shown.endswith("…") and full.startswith(shown[:-1]), shown
        assert full[len(shown) - 1] in " ,;:" and len(shown) >= 30, shown
    assert event.decoded("DTSTART") == dates[0].start
    props = parse_vcard(_code(codes, "kontakt").payload)
    assert props["TEL"][0][1] == "+496990009999"
    assert _value(props, "FN").endswith("…")
    # A cut e-mail address or cut opening hours would mislead: left out whole.
    assert "EMAIL" not in props and "NOTE" not in props
    assert _code(codes, "weg").payload == "geo:-89.123457,-179.987654"


def test_qr_codes_all_umlaut_title_still_fits():
    e = _entry(title="Ä" * 60, contact=CONTACT)
    place = Place(id="p", name="Ü" * 200, address="ß" * 200)
    codes = qr_codes(e, place, [_date(berlin(2026, 12, 2, 15))], DEMO_NOW)
    termin = _code(codes, "termin").payload
    assert qr_render.version(termin) <= 10
    assert str(_event(termin)["SUMMARY"]).startswith("Ä" * 16)


def test_shorten_cuts_at_a_word_and_marks_it():
    assert shorten("kurz", 10) == "kurz"
    assert shorten("Kaffee und Kuchen am Nachmittag", 20) == "Kaffee und Kuchen…"
    assert shorten("Donaudampfschifffahrtsgesellschaft", 10) == "Donaudamp…"
    assert shorten("Eins, zwei, drei", 12) == "Eins, zwei…"
    # A whole word only when that keeps two thirds of the room.
    assert shorten("Rathaus Lindenbachtal-Süd", 20) == "Rathaus Lindenbacht…"


def test_render_max_bytes_is_the_capacity_of_version_10_at_m():
    assert qr_render.version("ä" + "a" * (MAX_BYTES - 2)) == 10
    assert qr_render.error_level("ä" + "a" * (MAX_BYTES - 2)) == "M"
    with pytest.raises(qr_render.QrTooLargeError, match="version 11"):
        qr_render.version("ä" + "a" * (MAX_BYTES - 1))


# -- the demo content, decoded -------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_details(tmp_path_factory, demo_feed) -> list[Detail]:
    """Every demo entry through the store, with the phone pages and e-mail addresses a
    published feed carries (the demo source has none, so Details would go untested)."""
    doc = copy.deepcopy(demo_feed)
    for item in doc["entries"]:
        item["links"] = {"page": f"https://lindenbach.example/e/{item['id']}.html"}
        if item["contact"]["role"] == "Quartiersbüro":
            item["contact"]["email"] = "quartiersbuero@lindenbach.example"
    db: Path = tmp_path_factory.mktemp("qr") / "kiosk.sqlite"
    apply_feed(db, doc)
    store = Store(db, clock=fixed_clock(DEMO_NOW))
    return [store.detail(entry_id, dates=5) for entry_id in store.entry_ids()]


@pytest.fixture(scope="module")
def demo_codes(demo_details) -> list[tuple[Detail, QrCode]]:
    return [(d, code) for d in demo_details
            for code in detail_codes(d, DEMO_NOW)]


def test_demo_codes_cover_every_entry_and_kind(demo_details, demo_codes):
    assert len(demo_details) == 21
    assert {code.kind for _, code in demo_codes} == set(KINDS)
    by_entry = {d.entry.id: [c.kind for e, c in demo_codes if e is d] for d in demo_details}
    assert by_entry["lb-mittagstisch"] == list(KINDS)
    assert by_entry["lb-konzert"] == ["kontakt", "anrufen", "weg", "details"]  # cancelled
    assert by_entry["lb-buergerbus"] == ["kontakt", "anrufen", "details"]      # no place


def test_demo_codes_fit_version_10(demo_codes):
    versions = [qr_render.version(code.payload) for _, code in demo_codes]
    assert max(versions) <= 10
    assert max(qr_render.size_modules(code.payload) for _, code in demo_codes) <= 65


def test_demo_codes_decode_byte_identical_in_zxing_and_zbar(demo_codes):
    for _, code in demo_codes:
        _assert_decodes(code.payload, qr_render.image(code.payload, SCREEN_PX))


def test_demo_codes_decode_at_arms_length(demo_codes):
    for _, code in demo_codes:
        _assert_decodes(code.payload, _camera(qr_render.image(code.payload, SCREEN_PX)))


def test_demo_termin_codes_parse_into_the_next_date(demo_codes):
    checked = 0
    for detail, code in demo_codes:
        if code.kind != "termin":
            continue
        (decoded,) = _decode_zxing(qr_render.image(code.payload, SCREEN_PX))
        event = _event(decoded)
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        taking_place = [d for d in detail.upcoming
                        if d.start > DEMO_NOW and d.status != "cancelled"]
        assert (start, end) == (taking_place[0].start, taking_place[0].end)
        assert str(event["SUMMARY"]) == detail.entry.title
        assert str(event["LOCATION"]).startswith(detail.place.name)
        checked += 1
    assert checked == 14
    mittag = next(c for d, c in demo_codes
                  if d.entry.id == "lb-mittagstisch" and c.kind == "termin")
    event = _event(mittag.payload)
    assert event.decoded("DTSTART").astimezone(TZ) == berlin(2026, 12, 4, 12)
    assert event.decoded("DTEND").astimezone(TZ) == berlin(2026, 12, 4, 13, 30)


def test_demo_kontakt_codes_parse_with_the_right_phone(demo_codes):
    for detail, code in demo_codes:
        if code.kind != "kontakt":
            continue
        (raw,) = _decode_zbar(qr_render.image(code.payload, SCREEN_PX))
        props = parse_vcard(raw.decode("utf-8"))
        assert props["TEL"][0][1] == international(detail.entry.contact.phone)
        assert re.fullmatch(r"\+496990009\d{3}", props["TEL"][0][1])
        assert _value(props, "FN") in (detail.entry.contact.name, detail.entry.contact.role)


# -- umlauts and the ECI marker ------------------------------------------------------------

UMLAUT_WORDS = ["Erzählcafé", "Bürgertreff", "Straße"]


@pytest.mark.parametrize("word", UMLAUT_WORDS)
def test_render_umlauts_survive_both_decoders(word):
    img = qr_render.image(word, SCREEN_PX)
    _assert_decodes(word, img)
    _assert_decodes(word, _camera(img))


def test_render_marks_utf8_with_eci_and_leaves_ascii_plain():
    def eci_dump(payload: str) -> str:
        img = qr_render.image(payload, SCREEN_PX)
        (barcode,) = zxingcpp.read_barcodes(img, text_mode=zxingcpp.TextMode.HexECI)
        return barcode.text

    # "]Q2" + "\000026": symbology with ECI, designator 26 (UTF-8), then the UTF-8 bytes.
    assert eci_dump("Straße").startswith("5D 51 32 5C 30 30 30 30 32 36 53 74 72 61 C3 9F")
    assert eci_dump("tel:+496990009201").startswith("5D 51 31 74 65 6C")  # "]Q1tel"


@pytest.mark.parametrize("word", UMLAUT_WORDS)
def test_zbar_misreads_utf8_without_eci_which_render_avoids(word):
    """Why the marker matters: the qrcode package writes UTF-8 without ECI, and ZBar
    guesses another charset for short texts. If this starts to pass, ZBar has learnt to
    guess UTF-8 and the marker is only a safeguard."""
    plain = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8)
    plain.add_data(word.encode("utf-8"))
    assert _decode_zbar(plain.make_image().get_image().convert("L")) != [word.encode()]
    assert _decode_zbar(qr_render.image(word, SCREEN_PX)) == [word.encode()]


# -- pixels --------------------------------------------------------------------------------

def test_render_draws_whole_black_modules_on_white_with_quiet_zone():
    payload = "BEGIN:VCARD\r\nFN:Bürgertreff\r\nEND:VCARD\r\n"
    size = qr_render.size_modules(payload)
    assert size == 17 + 4 * qr_render.version(payload) + 2 * 4
    grey = np.asarray(qr_render.image(payload, SCREEN_PX))
    assert grey.shape == (size * SCREEN_PX, size * SCREEN_PX)
    assert set(np.unique(grey)) == {0, 255}
    quiet = 4 * SCREEN_PX
    for band in (grey[:quiet], grey[-quiet:], grey[:, :quiet], grey[:, -quiet:]):
        assert (band == 255).all()
    blocks = grey.reshape(size, SCREEN_PX, size, SCREEN_PX)
    assert (blocks.min(axis=(1, 3)) == blocks.max(axis=(1, 3))).all()  # no seams
    modules = blocks[:, 0, :, 0][4:-4, 4:-4]
    expected = np.array([list(row) for row in qr_render.matrix(payload)], dtype=bool)
    assert ((modules == 0) == expected).all()
    bitmap = qr_render.render(payload, SCREEN_PX)
    assert bitmap.size == size * SCREEN_PX
    rgba = np.frombuffer(bitmap.rgba, np.uint8).reshape(bitmap.size, bitmap.size, 4)
    colours = {tuple(c) for c in rgba.reshape(-1, 4)}
    assert colours == {(0, 0, 0, 255), (255, 255, 255, 255)}


def test_render_fit_module_px_fills_the_box_with_whole_pixels():
    payload = "ä" + "a" * (MAX_BYTES - 2)           # version 10: 57 + 8 modules
    assert qr_render.size_modules(payload) == 65
    assert qr_render.fit_module_px(payload, 524) == 8   # 130 mm at 4.03 px/mm
    assert qr_render.fit_module_px(payload, 519) == 7   # the screen must refuse this box
    assert qr_render.size_modules(payload, quiet=6) == 69


def test_render_refuses_a_quiet_zone_below_four_modules():
    with pytest.raises(ValueError, match="quiet zone"):
        qr_render.image("tel:+496990009201", SCREEN_PX, quiet=3)
