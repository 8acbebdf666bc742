"""Reading what staff type: dates, times, phone numbers, amounts, addresses; the dates
form in both directions; the rhythm in words; the next dates as the terminal words them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from hub.forms import schedule_form
from hub.forms.fields import (
    FieldError,
    FormState,
    multi_line,
    normalise_phone,
    normalise_web,
    number_text,
    one_line,
    parse_date,
    parse_decimal,
    parse_time,
    slugify,
)
from hub.messages import M


@pytest.mark.parametrize(("typed", "stored"), [
    ("069 90009201", "069 90009201"),
    ("069/90009-201", "069 90009201"),
    ("(069) 900 09-201", "069 90009201"),
    ("+49 69 90009201", "069 90009201"),
    ("+49 (0)69 90009201", "069 90009201"),
    ("0049 69 90009201", "069 90009201"),
    ("06990009201", "06990009201"),
    ("+43 1 5555555", "+43 15555555"),
])
def test_fields_phone_numbers_are_written_one_way(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["ruf an", "123", "069 9000x", "+49"])
def test_fields_unreadable_phone_numbers_are_refused(typed):
    with pytest.raises(FieldError, match="Telefonnummer"):
        normalise_phone(typed)


@pytest.mark.parametrize(("typed", "day"), [
    ("24.12.2026", date(2026, 12, 24)), ("1.2.27", date(2027, 2, 1)),
    ("2026-12-24", date(2026, 12, 24)), ("", None)])
def test_fields_dates_as_staff_type_them(typed, day):
    assert parse_date(typed) == day


@pytest.mark.parametrize(("typed", "clock"), [
    ("14:30", time(14, 30)), ("9", time(9)), ("9 Uhr", time(9)), ("14.30", time(14, 30))])
def test_fields_times_as_staff_type_them(typed, clock):
    assert parse_time(typed) == clock


def test_fields_amounts_numbers_addresses_and_ids():
    assert parse_decimal("6,50 €") == 6.5
    assert number_text(6.5) == "6,50" and number_text(40.0) == "40"
    assert number_text(48.7031) == "48,7031"
    assert normalise_web("www.gemeinde.de") == "https://www.gemeinde.de"
    assert slugify("Größere Übung: Straße & Co!") == "groessere-uebung-strasse-co"


@pytest.mark.parametrize(("typed", "stored"), [
    ("HTTPS://Gemeinde.DE/Seniorentreff?Tag=Di#Anfahrt",
     "https://gemeinde.de/Seniorentreff?Tag=Di#Anfahrt"),
    ("Http://www.gemeinde.de:8080/x", "http://www.gemeinde.de:8080/x"),
    ("WWW.Gemeinde.de", "https://www.gemeinde.de"), ("gemeinde.de/treff", "https://gemeinde.de/treff"),
    ("https://bücherei-lindenbach.de/öffnungszeiten",
     "https://xn--bcherei-lindenbach-m6b.de/öffnungszeiten"),
    ("  https://gemeinde.de/  ", "https://gemeinde.de/"),
])
def test_fields_web_addresses_are_normalised(typed, stored):
    assert normalise_web(typed) == stored


@pytest.mark.parametrize("typed", [
    "HTTPS://x.de/<script>alert(1)</script>", "javascript:alert(1)",
    "JaVaScRiPt://gemeinde.de/%0aalert(1)", "data:text/html,<b>x</b>",
    "ftp://gemeinde.de/datei", "https://gemeinde.de/a b", 'https://gemeinde.de/"onmouseover=x',
    "https://gemeinde.de/\x00", "https://gemeinde.de/\u2028x", "https://gemeinde.de\\@böse.de",
    "https://nutzer:pw@gemeinde.de/", "https://gemeinde", "https://-x-.de", "https://",
    "https://gemeinde.de:99999/", "https://" + "a" * 300 + ".de", "https://gemeinde.de/`x`",
])
def test_fields_web_addresses_that_are_refused(typed):
    with pytest.raises(FieldError, match="Webadresse"):
        normalise_web(typed)


def test_fields_one_line_texts_lose_control_characters():
    assert one_line("Spiele\nnachmittag") == "Spiele nachmittag"
    assert one_line(" Frau\r\n Meier\t(Büro)\x00\x1b[31m\u2028 ") == "Frau Meier (Büro) [31m"
    assert one_line("ganz normal – 14:30 Uhr") == "ganz normal – 14:30 Uhr"
    assert multi_line("Erste Zeile\r\nZweite\rDritte\u2029Vierte\x00\x07\tEnde") == \
        "Erste Zeile\nZweite\nDritte\nVierte Ende"


SCHEDULES = [
    {"start": "2026-12-04T12:00", "end": "2026-12-04T13:30", "rrule": "FREQ=WEEKLY;BYDAY=FR",
     "exdates": ["2026-12-25"]},
    {"start": "2026-12-10T15:00", "end": "2026-12-10T16:30",
     "rrule": "FREQ=MONTHLY;BYDAY=2TH;COUNT=6",
     "changes": [{"date": "2027-01-14", "status": "moved", "start": "2027-01-15T16:00",
                  "end": "2027-01-15T17:30", "note": "diesmal am Freitag"}]},
    {"start": "2026-12-02T10:00", "end": "2026-12-02T12:00",
     "rrule": "FREQ=WEEKLY;BYDAY=MO,WE;INTERVAL=2;UNTIL=20270331T235959",
     "rdates": ["2027-01-07T10:00"]},
    {"start": "2026-12-05T00:00", "end": "2026-12-07T00:00"},
    {"start": "2026-12-01T14:30", "end": "2026-12-01T17:00",
     "rrule": "FREQ=WEEKLY;UNTIL=20270427T143000;BYDAY=TU"},
]


@pytest.mark.parametrize("schedule", SCHEDULES, ids=range(len(SCHEDULES)))
def test_schedule_form_round_trip(schedule):
    values = schedule_form.values_from_schedule(schedule)
    state = FormState(values)
    parsed = schedule_form.parse(state, required=True)
    assert state.errors == {}
    again = schedule_form.values_from_schedule(parsed)
    assert again == values
    assert schedule_form.next_dates(parsed, datetime(2026, 12, 1, 8, tzinfo=UTC)) == \
        schedule_form.next_dates(schedule, datetime(2026, 12, 1, 8, tzinfo=UTC))


def test_schedule_form_keeps_an_own_rule_it_cannot_show_as_a_form():
    values = schedule_form.values_from_schedule(
        {"start": "2026-12-01T10:00", "end": "2026-12-01T11:00",
         "rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1"})
    assert values["repeat"] == "rule"
    assert values["rrule"] == "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1"


@pytest.mark.parametrize(("schedule", "words"), [
    (SCHEDULES[0], "jeden Freitag, 12:00 bis 13:30 Uhr (nicht am 25. Dezember)"),
    (SCHEDULES[1], "jeden 2. Donnerstag im Monat, 15:00 bis 16:30 Uhr (6 Termine)"),
    (SCHEDULES[2], "alle zwei Wochen am Montag und Mittwoch, 10:00 bis 12:00 Uhr "
                   "(bis 31. März 2027)"),
    (SCHEDULES[3], None),
    ({"start": "2026-12-02T10:00", "end": "2026-12-02T10:00",
      "rrule": "FREQ=MONTHLY;BYDAY=1WE,3WE"}, "jeden 1. und 3. Mittwoch im Monat, 10:00 Uhr"),
])
def test_schedule_form_rhythm_in_words(schedule, words):
    assert schedule_form.rhythm_words(schedule) == words


def test_schedule_form_next_dates_in_the_terminals_words():
    now = datetime(2026, 12, 1, 8, tzinfo=UTC)
    dates = schedule_form.next_dates(SCHEDULES[1], now)
    assert dates[0] == {"text": "Donnerstag, 10. Dezember, 15:00 bis 16:30 Uhr",
                        "status": "scheduled"}
    # A moved date stands under its usual day and says where it went.
    assert dates[1] == {"text": "Donnerstag, 14. Januar 2027: verlegt auf Freitag, 15. Januar "
                                "2027, 16:00 bis 17:30 Uhr (diesmal am Freitag)",
                        "status": "moved"}
    assert len(dates) == 6                                   # COUNT=6
    whole = schedule_form.next_dates(SCHEDULES[3], now)
    assert whole[0]["text"] == "Samstag, 5. Dezember bis Sonntag, 6. Dezember"
    # The entry's own status is said once (its page, the terminal's banner), not per date.
    full = schedule_form.next_dates(SCHEDULES[0], now, entry_status="full")
    assert full[0]["status"] == "full" and "ausgebucht" not in full[0]["text"]


def test_schedule_form_keeps_time_across_the_dst_change():
    schedule = {"start": "2027-03-23T14:30", "end": "2027-03-23T16:00",
                "rrule": "FREQ=WEEKLY;BYDAY=TU"}
    dates = schedule_form.next_dates(schedule, datetime(2027, 3, 20, tzinfo=UTC), count=2)
    assert [d["text"] for d in dates] == ["Dienstag, 23. März, 14:30 bis 16:00 Uhr",
                                          "Dienstag, 30. März, 14:30 bis 16:00 Uhr"]


def test_schedule_form_without_a_date_is_no_schedule_unless_required():
    state = FormState({"repeat": "none"})
    assert schedule_form.parse(state, required=False) is None and state.ok
    assert schedule_form.parse(state, required=True) is None
    assert state.errors == {"date_start": M["date_missing"]}


@pytest.mark.timeout(5)
@pytest.mark.parametrize("rule", ["FREQ=MINUTELY", "FREQ=SECONDLY",
                                  "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"])
def test_schedule_form_next_dates_of_a_stored_hostile_rule_come_at_once(rule):
    schedule = {"start": "2026-11-30T10:00", "end": "2026-11-30T10:01", "rrule": rule}
    assert schedule_form.next_dates(schedule, datetime(2026, 12, 1, 8, tzinfo=UTC)) == []


def test_schedule_form_next_dates_in_the_spring_gap_keep_their_length():
    schedule = {"start": "2027-03-28T02:30", "end": "2027-03-28T03:00"}
    dates = schedule_form.next_dates(schedule, datetime(2027, 3, 20, tzinfo=UTC))
    assert [d["text"] for d in dates] == ["Sonntag, 28. März, 3:30 bis 4:00 Uhr"]
