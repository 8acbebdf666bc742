"""Entries: create, edit, copy, delete with confirmation, mark as checked, the dates
preview before saving, pictures, and every validation message next to its field."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from hub import context
from hub.import_defaults import NO_SUMMARY
from hub.messages import M, msg
from hub.queries import entries as entry_q
from tests.hub.conftest import EDITOR_A, EDITOR_B, NOW, entry_data, error_of, login, unescape

VALID = {"action": "save", "site": "ort-a", "kind": "event", "category": "treffen",
         "title": "Spielenachmittag", "summary": "Rommé, Kaffee und Kuchen.",
         "status": "scheduled", "date_start": "2026-12-08", "time_start": "14:30",
         "time_end": "17:00", "repeat": "weekly", "weekly_days": "TU",
         "weekly_interval": "1", "repeat_end": "never", "changes_count": "1",
         "hexc_count": "1", "cost_kind": "free", "reg_kind": "none",
         "contact_role": "Seniorenrat", "contact_phone": "069/90009-203", "sharing": "site",
         "place_id": "saal-a"}


def _entry(app, entry_id: str) -> dict | None:
    with app.app_context():
        return entry_q.get(context.db(), entry_id)


def _photo(exif: bool = True) -> bytes:
    img = Image.linear_gradient("L").resize((2400, 1600)).convert("RGB")
    buf = io.BytesIO()
    extra = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Kamerahersteller"          # Make
        data[0x8825] = {1: "N", 2: (48.0, 42.0, 11.0)}  # GPS
        extra["exif"] = data.tobytes()
    img.save(buf, "JPEG", **extra)
    return buf.getvalue()


def test_entry_new_saves_normalises_and_shows_the_previews(app, as_a):
    response = as_a.post("/eintraege/neu", data=VALID)
    assert response.status_code == 302
    assert response.headers["Location"] == "/eintraege/spielenachmittag"
    entry = _entry(app, "spielenachmittag")
    data = entry["data"]
    assert entry["site_id"] == "ort-a" and entry["updated_by"] == EDITOR_A
    assert data["contact"] == {"role": "Seniorenrat", "phone": "069 90009203"}
    assert data["schedule"] == {"start": "2026-12-08T14:30", "end": "2026-12-08T17:00",
                                "rrule": "FREQ=WEEKLY;BYDAY=TU"}
    assert "rhythm" not in data          # derived from the schedule when publishing
    assert data["last_checked"] == "2026-12-01"
    page = unescape(as_a.get("/eintraege/spielenachmittag").get_data(as_text=True))
    assert "Dienstag, 8. Dezember, 14:30 bis 17:00 Uhr" in page      # the next dates
    assert "So zeigt das Terminal den Eintrag" in page
    kiosk_words = page.replace("\u00a0", " ")     # facts are held by no-break spaces
    assert "Seite 1 von" in page and "Telefon 069 90009 203" in kiosk_words
    assert 'src="/eintraege/spielenachmittag/handy"' in page
    phone = as_a.get("/eintraege/spielenachmittag/handy").get_data(as_text=True)
    assert "<h1>Spielenachmittag</h1>" in phone and 'href="tel:' in phone


def test_entry_dates_button_shows_ten_dates_in_words_without_saving(app, as_a):
    form = {**VALID, "action": "dates", "exdates": "15.12.2026"}
    response = as_a.post("/eintraege/neu", data=form)
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    dates = page.split('<ol class="dates">')[1].split("</ol>")[0]
    assert dates.count("<li") == 10
    assert "Dienstag, 8. Dezember, 14:30 bis 17:00 Uhr" in dates
    assert "15. Dezember" not in dates                      # an exception
    assert "Dienstag, 22. Dezember" in dates
    assert _entry(app, "spielenachmittag") is None          # nothing saved
    assert 'value="Spielenachmittag"' in page               # the form keeps its values


def test_entry_dates_fragment_for_the_small_script(as_a):
    response = as_a.post("/eintraege/termine", data={
        "date_start": "2026-12-10", "time_start": "15:00", "time_end": "16:30",
        "repeat": "monthly", "monthly_nth": "2", "monthly_day": "TH",
        "change-0-date": "2027-01-14", "change-0-status": "moved",
        "change-0-new_date": "2027-01-15", "change-0-new_time": "16:00", "changes_count": "1"})
    page = unescape(response.get_data(as_text=True))
    assert "Donnerstag, 10. Dezember, 15:00 bis 16:30 Uhr" in page
    assert "Donnerstag, 14. Januar 2027: verlegt auf Freitag, 15. Januar 2027, 16:00 bis " \
           "17:30 Uhr" in page
    assert "Donnerstag, 11. Februar 2027" in page


def test_entry_more_rows_for_changes_and_breaks(as_a):
    page = as_a.post("/eintraege/neu", data={**VALID, "action": "add_change"}).get_data(
        as_text=True)
    assert 'name="changes_count" value="2"' in page and "Änderung 2" in page
    page = as_a.post("/eintraege/neu", data={**VALID, "action": "add_hexc"}).get_data(
        as_text=True)
    assert 'name="hexc_count" value="2"' in page and 'id="hexc-1-from"' in page
    assert 'class="error"' not in page


def test_entry_monthly_with_exceptions_extra_dates_and_a_moved_date(app, as_a):
    form = {**VALID, "title": "Erzählcafé", "repeat": "monthly", "monthly_nth": ["2", "-1"],
            "monthly_day": "TH", "weekly_days": "", "repeat_end": "count",
            "repeat_count": "6", "exdates": "24.12.2026", "rdates": "07.01.2027 10:00",
            "change-0-date": "2027-01-14", "change-0-status": "moved",
            "change-0-new_date": "2027-01-15", "change-0-new_time": "16:00",
            "change-0-note": "diesmal am Freitag", "changes_count": "1"}
    assert as_a.post("/eintraege/neu", data=form).status_code == 302
    data = _entry(app, "erzaehlcafe")["data"]
    assert data["schedule"] == {
        "start": "2026-12-08T14:30", "end": "2026-12-08T17:00",
        "rrule": "FREQ=MONTHLY;BYDAY=2TH,-1TH;COUNT=6", "exdates": ["2026-12-24"],
        "rdates": ["2027-01-07T10:00"],
        "changes": [{"date": "2027-01-14", "status": "moved", "note": "diesmal am Freitag",
                     "start": "2027-01-15T16:00", "end": "2027-01-15T18:30"}]}
    assert "rhythm" not in data
    page = as_a.get("/eintraege/erzaehlcafe/bearbeiten").get_data(as_text=True)
    assert 'id="monthly_nth-2" name="monthly_nth" value="2" checked' in page
    assert "24.12.2026" in page and "07.01.2027 10:00" in page


def test_entry_standing_offer_with_hours_and_a_break(app, as_a):
    form = {**VALID, "kind": "offer", "title": "Pflegeberatung", "date_start": "",
            "time_start": "", "time_end": "", "repeat": "none", "hours_TU": "9–12",
            "hours_TH": "09:00-12:00, 14 bis 17 Uhr", "hexc-0-from": "2026-12-21",
            "hexc-0-to": "2027-01-06", "hexc-0-note": "nur telefonisch"}
    assert as_a.post("/eintraege/neu", data=form).status_code == 302
    data = _entry(app, "pflegeberatung")["data"]
    assert "schedule" not in data
    assert data["hours"] == [{"day": "TU", "from": "09:00", "to": "12:00"},
                             {"day": "TH", "from": "09:00", "to": "12:00"},
                             {"day": "TH", "from": "14:00", "to": "17:00"}]
    assert data["hours_exceptions"] == [{"from": "2026-12-21", "to": "2027-01-06",
                                         "note": "nur telefonisch"}]
    page = unescape(as_a.get("/eintraege/pflegeberatung/bearbeiten").get_data(as_text=True))
    assert 'value="09:00–12:00, 14:00–17:00"' in page
    shown = unescape(as_a.get("/eintraege/pflegeberatung").get_data(as_text=True))
    assert "Öffnungszeiten" in shown and "nur telefonisch" in shown


def test_entry_edit_keeps_id_and_updates(app, as_a):
    page = as_a.get("/eintraege/a-treff/bearbeiten").get_data(as_text=True)
    assert 'value="Treff in A"' in page
    assert 'id="weekly_days-TU" name="weekly_days" value="TU" checked' in page
    form = {**VALID, "title": "Treff in A, neu"}
    response = as_a.post("/eintraege/a-treff/bearbeiten", data=form)
    assert response.headers["Location"] == "/eintraege/a-treff"
    assert _entry(app, "a-treff")["title"] == "Treff in A, neu"


def test_entry_copy_goes_to_the_editors_own_site(app, client):
    login(client, EDITOR_A)
    response = client.post("/eintraege/a-treff/kopieren")
    assert response.headers["Location"] == "/eintraege/treff-in-a/bearbeiten"
    copy = _entry(app, "treff-in-a")
    assert copy["site_id"] == "ort-a" and copy["data"]["title"] == "Treff in A"
    with app.app_context():
        entry_q.save(context.db(), "a-treff", "ort-a", _entry(app, "a-treff")["data"],
                     sharing="all", share_sites=[], now=context.now(), user="t")
    login(client, EDITOR_B)
    response = client.post("/eintraege/a-treff/kopieren")
    assert _entry(app, "treff-in-a-2")["site_id"] == "ort-b"


def test_entry_delete_asks_first_and_never_reuses_the_id(app, as_a):
    page = as_a.get("/eintraege/a-treff/loeschen").get_data(as_text=True)
    assert "„Treff in A“ löschen?" in unescape(page)
    assert _entry(app, "a-treff") is not None  # asking deletes nothing
    assert as_a.post("/eintraege/a-treff/loeschen").headers["Location"] == "/eintraege"
    assert _entry(app, "a-treff") is None
    with app.app_context():
        assert entry_q.id_taken(context.db(), "a-treff")


def test_entry_mark_checked_sets_today(app, as_a, clock):
    from datetime import timedelta

    clock.now += timedelta(days=3)
    login(as_a, EDITOR_A)  # the session of three days ago has ended
    as_a.post("/eintraege/a-treff/geprueft")
    assert _entry(app, "a-treff")["last_checked"] == "2026-12-04"


def test_entry_picture_is_scaled_stripped_and_needs_alt_text(app, as_a):
    form = {**VALID, "image": (io.BytesIO(_photo()), "foto.jpg")}
    response = as_a.post("/eintraege/neu", data=form, content_type="multipart/form-data")
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert error_of(page, "image_alt") == M["image_alt_missing"]
    sha = page.split('name="image_sha256" value="')[1].split('"')[0]
    assert len(sha) == 64  # kept for the next try: no second upload needed
    response = as_a.post("/eintraege/neu", data={**VALID, "image_sha256": sha,
                                                 "image_alt": "Spielkarten auf dem Tisch"})
    assert response.status_code == 302
    stored = app.config["HUB_PATHS"].images / f"{sha}.jpg"
    with Image.open(stored) as img:
        assert max(img.size) <= 1280
        assert not img.getexif() and "exif" not in img.info
    assert _entry(app, "spielenachmittag")["data"]["image"] == {
        "sha256": sha, "alt": "Spielkarten auf dem Tisch"}
    assert as_a.get(f"/eintraege/bilder/{sha}.jpg").status_code == 200


def test_entry_picture_of_another_site_is_not_shown(app, client):
    login(client, EDITOR_A)
    form = {**VALID, "image": (io.BytesIO(_photo(False)), "foto.jpg"), "image_alt": "Karten"}
    client.post("/eintraege/neu", data=form, content_type="multipart/form-data")
    sha = _entry(app, "spielenachmittag")["data"]["image"]["sha256"]
    login(client, EDITOR_B)
    assert client.get(f"/eintraege/bilder/{sha}.jpg").status_code == 403


def test_entry_picture_removed(app, as_a):
    form = {**VALID, "image": (io.BytesIO(_photo(False)), "f.jpg"), "image_alt": "Karten"}
    as_a.post("/eintraege/neu", data=form, content_type="multipart/form-data")
    sha = _entry(app, "spielenachmittag")["data"]["image"]["sha256"]
    as_a.post("/eintraege/spielenachmittag/bearbeiten",
              data={**VALID, "image_sha256": sha, "image_alt": "Karten", "image_remove": "1"})
    assert "image" not in _entry(app, "spielenachmittag")["data"]


def test_entry_list_filters(as_a):
    page = as_a.get("/eintraege?q=Treff&kind=event").get_data(as_text=True)
    assert "Treff in A" in page
    assert "Treff in A" not in as_a.get("/eintraege?kind=offer").get_data(as_text=True)


# -- every validation message, next to its field -----------------------------------------

def _long(n: int) -> str:
    return "x" * n


CASES = [
    ("title", {"title": ""}, M["title_missing"]),
    ("title", {"title": _long(61)}, msg("title_long", n=61)),
    ("summary", {"summary": ""}, M["summary_missing"]),
    ("summary", {"summary": _long(241)}, msg("summary_long", n=241)),
    ("body", {"body": _long(4001)}, msg("text_long", n=4001, max=4000)),
    ("category", {"category": "unbekannt"}, M["choose"]),
    ("kind", {"kind": "fest"}, M["choose"]),
    ("place_id", {"place_id": "saal-b"}, M["choose"]),
    ("time_end", {"time_end": "13:00"}, M["end_before_start"]),
    ("date_end", {"date_end": "2026-12-07"}, M["end_before_start"]),
    ("date_start", {"date_start": ""}, M["date_missing"]),
    ("date_start", {"date_start": "32.13.2026"}, M["date_invalid"]),
    ("time_start", {"time_start": ""}, M["time_missing"]),
    ("time_start", {"time_start": "25:99"}, M["time_invalid"]),
    ("weekly_days", {"weekly_days": ""}, M["weekdays_missing"]),
    ("monthly_nth", {"repeat": "monthly", "monthly_day": "TH"}, M["nth_missing"]),
    ("rrule", {"repeat": "rule", "rrule": "FREQ=OFTEN"}, M["rrule_invalid"]),
    ("repeat_until", {"repeat_end": "until"}, M["until_missing"]),
    ("repeat_count", {"repeat_end": "count", "repeat_count": "0"}, M["count_invalid"]),
    ("exdates", {"exdates": "25.12.2026\nmorgen"},
     msg("date_lines_invalid", line=2, text="morgen")),
    ("change-0-date", {"change-0-note": "fällt aus"}, M["change_date_missing"]),
    ("change-0-new_date", {"change-0-date": "2026-12-15", "change-0-status": "moved"},
     M["change_new_missing"]),
    ("hours_MO", {"hours_MO": "vormittags"}, M["hours_invalid"]),
    ("hours_TU", {"hours_TU": "12-9"}, M["hours_order"]),
    ("hexc-0-from", {"hexc-0-note": "Ferien"}, M["date_missing"]),
    ("valid_until", {"kind": "call", "date_start": "", "time_start": "", "time_end": "",
                     "repeat": "none"}, M["valid_until_call"]),
    ("contact_phone", {"contact_phone": ""}, M["contact_missing"]),
    ("contact_phone", {"contact_phone": "ruf mich an"}, M["phone_invalid"]),
    ("contact_phone", {"contact_phone": "12"}, M["phone_invalid"]),
    ("contact_email", {"contact_email": "name-at-gemeinde"}, M["email_invalid"]),
    ("contact_web", {"contact_web": "gemeinde"}, M["web_invalid"]),
    ("cost_euro", {"cost_kind": "amount"}, M["euro_missing"]),
    ("cost_euro", {"cost_kind": "amount", "cost_euro": "sechs"}, M["euro_invalid"]),
    ("reg_seats", {"reg_kind": "required", "reg_seats": "viele"}, M["number_invalid"]),
    ("reg_seats_free", {"reg_kind": "required", "reg_seats": "10", "reg_seats_free": "12"},
     M["seats_free_more"]),
    ("image_alt", {"image_sha256": "a" * 64, "image_alt": ""}, M["image_alt_missing"]),
    ("sharing", {"sharing": "all"}, M["share_all_admin"]),
    ("share_sites", {"sharing": "some"}, M["share_sites_missing"]),
    ("share_sites", {"sharing": "some", "share_sites": "ort-b"}, M["share_sites_forbidden"]),
    ("site", {"site": "ort-b"}, M["site_forbidden"]),
]


@pytest.mark.parametrize(("field", "change", "message"), CASES,
                         ids=[f"{f}:{m[:30]}" for f, _, m in CASES])
def test_entry_validation_message_next_to_the_field(app, as_a, field, change, message):
    response = as_a.post("/eintraege/neu", data={**VALID, **change})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert error_of(page, field) == message
    assert f'<a href="#{field}">{message}</a>' in page          # the summary links to it
    assert _entry(app, "spielenachmittag") is None


def test_entry_invalid_field_is_marked_for_screen_readers(as_a):
    page = as_a.post("/eintraege/neu", data={**VALID, "title": ""}).get_data(as_text=True)
    tag = page.split('id="title"')[1].split(">")[0]
    assert 'aria-invalid="true"' in tag
    assert 'aria-describedby="title-hilfe title-fehler"' in tag


def test_entry_image_that_is_no_picture(as_a):
    form = {**VALID, "image": (io.BytesIO(b"kein Bild"), "brief.jpg"), "image_alt": "x"}
    page = unescape(as_a.post("/eintraege/neu", data=form,
                              content_type="multipart/form-data").get_data(as_text=True))
    assert error_of(page, "image") == M["image_invalid"]


def test_entry_phone_numbers_are_normalised(app, as_a):
    as_a.post("/eintraege/neu", data={**VALID, "contact_phone": "+49 (0)69 90009 201",
                                      "contact_web": "www.gemeinde.de"})
    contact = _entry(app, "spielenachmittag")["data"]["contact"]
    assert contact["phone"] == "069 90009201"
    assert contact["web"] == "https://www.gemeinde.de"


def test_entry_editor_b_cannot_post_into_site_a(app, as_b):
    response = as_b.post("/eintraege/neu", data={**VALID, "site": "ort-a"})
    assert response.status_code == 422
    assert _entry(app, "spielenachmittag") is None
    assert EDITOR_B


def test_entry_list_says_when(app, as_a):
    as_a.post("/eintraege/neu", data={**VALID, "kind": "offer", "title": "Beratung",
                                      "date_start": "", "time_start": "", "time_end": "",
                                      "repeat": "none", "hours_TU": "9-12", "hours_TH": "9-12"})
    as_a.post("/eintraege/neu", data={**VALID, "kind": "call", "title": "Helfer gesucht",
                                      "date_start": "", "time_start": "", "time_end": "",
                                      "repeat": "none", "valid_until": "2027-03-31"})
    page = unescape(as_a.get("/eintraege").get_data(as_text=True))
    assert "Dienstag und Donnerstag, 9:00 bis 12:00 Uhr" in page
    assert "gesucht bis 31. März 2027" in page
    assert "nächster Termin: Heute, 14:30 bis 16:00 Uhr" in page      # Treff in A


@pytest.mark.parametrize("rule", ["FREQ=MINUTELY", "FREQ=SECONDLY", "FREQ=HOURLY;INTERVAL=2",
                                  "FREQ=DAILY;BYHOUR=9,10,11", "FREQ=WEEKLY;BYMINUTE=0,30"])
def test_entry_rule_finer_than_daily_is_refused_at_its_field(app, as_a, rule):
    response = as_a.post("/eintraege/neu", data={**VALID, "repeat": "rule", "rrule": rule})
    assert response.status_code == 422
    page = unescape(response.get_data(as_text=True))
    assert error_of(page, "rrule") == msg("rrule_too_often")
    assert "FREQ=DAILY" in page and "höchstens einmal am Tag" in page
    assert _entry(app, "spielenachmittag") is None


def test_entry_rule_without_a_single_date_is_refused(app, as_a):
    response = as_a.post("/eintraege/neu", data={
        **VALID, "repeat": "rule", "rrule": "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"})
    assert response.status_code == 422
    assert error_of(unescape(response.get_data(as_text=True)), "rrule") == \
        msg("rrule_no_dates")


@pytest.mark.timeout(10)
def test_entry_list_with_stored_rules_finer_than_daily_answers_at_once(app, as_a):
    # Entries saved before the form refused such rules (or written by other means).
    with app.app_context():
        for entry_id, rule in (("a-minuten", "FREQ=MINUTELY"), ("a-sekunden", "FREQ=SECONDLY"),
                               ("a-30-februar", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")):
            data = entry_data(entry_id, schedule={"start": "2026-11-30T10:00",
                                                  "end": "2026-11-30T10:01", "rrule": rule})
            entry_q.save(context.db(), entry_id, "ort-a", data, sharing="site",
                         share_sites=[], now=NOW, user="test")
    response = as_a.get("/eintraege")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "a-minuten" in page and "a-sekunden" in page and "a-30-februar" in page
    assert as_a.get("/eintraege/a-minuten").status_code == 200
    assert as_a.get("/eintraege/a-minuten/bearbeiten").status_code == 200


def test_entry_imported_without_contact_or_place_is_flagged(app, as_a):
    with app.app_context():
        data = entry_data("Konzert im Park")
        data.pop("contact")
        entry_q.save(context.db(), "k-konzert", "ort-a", data, sharing="site",
                     share_sites=[], now=NOW, user=None, origin="ics",
                     ics_source="https://x.example/k.ics", ics_uid="uid-1")
    listing = unescape(as_a.get("/eintraege").get_data(as_text=True))
    row = listing[listing.index(">Konzert im Park</a>"):]
    row = row[:row.index("</tr>")]
    assert "ohne Kontakt" in row and "ohne Ort" in row
    page = unescape(as_a.get("/eintraege/k-konzert").get_data(as_text=True))
    assert "Aus einem Kalender übernommen – es fehlt: Kontakt und Ort." in page
    treff = unescape(as_a.get("/eintraege/a-treff").get_data(as_text=True))
    assert 'id="import-gaps"' not in treff   # entries written in the hub are not flagged


def test_entry_from_a_spreadsheet_or_without_description_is_flagged_too(app, as_a):
    with app.app_context():
        entry_q.save(context.db(), "k-sprechstunde", "ort-a", entry_data("Sprechstunde"),
                     sharing="site", share_sites=[], now=NOW, user=None, origin="sheet")
        bare = entry_data("Skat", summary=NO_SUMMARY, place_id="saal-a")
        entry_q.save(context.db(), "k-skat", "ort-a", bare, sharing="site", share_sites=[],
                     now=NOW, user=None, origin="ics", ics_source="k.ics", ics_uid="uid-2")
    page = unescape(as_a.get("/eintraege/k-sprechstunde").get_data(as_text=True))
    assert "Aus einer Tabelle übernommen – es fehlt: Ort." in page
    page = unescape(as_a.get("/eintraege/k-skat").get_data(as_text=True))
    assert "Aus einem Kalender übernommen – es fehlt: eigene Kurzbeschreibung." in page


def test_entry_same_title_at_the_site_is_a_warning_not_an_error(app, as_a):
    response = as_a.post("/eintraege/neu", data={**VALID, "title": "treff in a "})
    assert response.status_code == 302                       # saved all the same
    page = unescape(as_a.get(response.headers["Location"]).get_data(as_text=True))
    assert "gibt es einen weiteren Eintrag mit demselben Titel" in page
    assert 'href="/eintraege/a-treff">„Treff in A“ (a-treff)</a>' in page
    other = unescape(as_a.get("/eintraege/a-treff").get_data(as_text=True))
    assert 'id="doppelt"' in other


def test_entry_valid_from_must_come_before_valid_until(as_a):
    response = as_a.post("/eintraege/neu", data={**VALID, "valid_from": "01.03.2027",
                                                 "valid_until": "28.02.2027"})
    assert response.status_code == 422
    assert unescape(error_of(response.get_data(as_text=True), "valid_from")) == \
        msg("valid_from_after_until")
def test_entry_form_shows_the_rhythm_it_derives_and_takes_no_free_text(app, as_a):
    # An old form or a script may still send one: it could contradict the dates.
    form = {**VALID, "rhythm": "jeden Montag, 9 Uhr"}
    assert as_a.post("/eintraege/neu", data=form).status_code == 302
    assert "rhythm" not in _entry(app, "spielenachmittag")["data"]
    page = unescape(as_a.get("/eintraege/spielenachmittag/bearbeiten").get_data(as_text=True))
    assert 'name="rhythm"' not in page
    assert "Rhythmus, wie das Terminal ihn zeigt: „Jeden Dienstag, 14:30 bis 17:00 Uhr“" in page
    dates = unescape(as_a.post("/eintraege/termine", data={**VALID, "weekly_days": "FR"})
                     .get_data(as_text=True))
    assert "„Jeden Freitag, 14:30 bis 17:00 Uhr“" in dates
    once = unescape(as_a.post("/eintraege/termine", data={**VALID, "repeat": "none"})
                    .get_data(as_text=True))
    assert "Rhythmus" not in once
