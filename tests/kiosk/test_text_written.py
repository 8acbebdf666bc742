"""German wording, written, besides dates (kiosk/text/written.py): small helpers, status,
cost, registration, opening hours and hours lines, phone numbers and access facts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from kiosk import text
from kiosk.clock import TZ
from kiosk.hours import OpenState, Slot, open_state
from sync.model import Access, Cost, Hours, HoursException, Registration
from tests.helpers import berlin as at
from tests.kiosk.text_helpers import HOLIDAYS, NOW, TUE_THU

# -- small helpers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["Montag"], "Montag"),
        (["Montag", "Mittwoch"], "Montag und Mittwoch"),
        (["Montag", "", "Mittwoch", "Freitag"], "Montag, Mittwoch und Freitag"),
    ],
)
def test_join_words_german_enumeration(items: list[str], expected: str) -> None:
    assert text.join_words(items) == expected


def test_capitalize_first_letter_only() -> None:
    assert text.capitalize("heute, 14:30 Uhr") == "Heute, 14:30 Uhr"
    assert text.capitalize("jetzt geöffnet bis 12:00 Uhr") == "Jetzt geöffnet bis 12:00 Uhr"
    assert text.capitalize("") == ""


def test_page_text_counts_from_one() -> None:
    assert text.page_text(2, 3) == "Seite 2 von 3"


# -- status, cost, registration --------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [("cancelled", "fällt aus"), ("full", "ausgebucht"), ("moved", "verlegt"),
     ("scheduled", ""), ("unknown", "")],
)
def test_status_text_in_words(status: str, expected: str) -> None:
    assert text.status_text(status) == expected


@pytest.mark.parametrize(("new_start", "expected"), [
    (datetime(2026, 12, 11, 16, tzinfo=TZ),
     "Donnerstag, 10. Dezember: verlegt auf Freitag, 11. Dezember, 16:00 bis 17:30 Uhr"),
    (datetime(2026, 12, 10, 16, tzinfo=TZ),
     "Donnerstag, 10. Dezember: verlegt auf 16:00 bis 17:30 Uhr"),
    (datetime(2026, 12, 2, 9, tzinfo=TZ), "Jetzt, bis 10:30 Uhr – verlegt"),
])
def test_moved_text_names_the_usual_day_and_where_it_went(new_start: datetime,
                                                          expected: str) -> None:
    usual = datetime(2026, 12, 10, 14, 30, tzinfo=TZ)
    now = datetime(2026, 12, 2, 9, 30, tzinfo=TZ)
    end = new_start + timedelta(minutes=90)
    assert text.moved_text(usual, new_start, end, now) == expected


@pytest.mark.parametrize(
    ("euro", "expected"),
    [
        (1, "1 €"),
        (0.5, "0,50 €"),
        (15, "15 €"),
        (15.0, "15 €"),
        (6.5, "6,50 €"),
        (2.05, "2,05 €"),
        (0.999, "1 €"),  # rounded to cents first, as in speech
        (1200, "1.200 €"),
        (1234.5, "1.234,50 €"),
    ],
)
def test_euro_text_german_amounts(euro: float, expected: str) -> None:
    assert text.euro_text(euro) == expected


@pytest.mark.parametrize(
    ("cost", "expected"),
    [
        (None, ""),
        (Cost("free"), "kostenlos"),
        (Cost("donation"), "gegen Spende"),
        (Cost("amount", 6.5), "6,50 €"),
        (Cost("amount", 15, per="Stunde"), "15 € pro Stunde"),
        (Cost("amount", 0.5, per="Tasse"), "0,50 € pro Tasse"),
        (Cost("amount", 0), "kostenlos"),
    ],
)
def test_cost_text_kinds(cost: Cost | None, expected: str) -> None:
    assert text.cost_text(cost) == expected


SATURDAY = at(2026, 11, 28, 10)


@pytest.mark.parametrize(
    ("reg", "now", "expected"),
    [
        pytest.param(None, SATURDAY, "", id="none_given"),
        pytest.param(Registration("none"), SATURDAY, "Sie müssen sich nicht anmelden",
                     id="kind_none"),
        pytest.param(Registration("required"), SATURDAY, "bitte vorher anmelden",
                     id="required_no_deadline"),
        pytest.param(Registration("requested"), SATURDAY, "bitte möglichst vorher anmelden",
                     id="requested_no_deadline"),
        pytest.param(Registration("required", deadline=date(2026, 12, 2)), SATURDAY,
                     "bitte anmelden bis Mittwoch, 2. Dezember", id="required_deadline"),
        pytest.param(Registration("requested", deadline=date(2026, 12, 2)), SATURDAY,
                     "bitte möglichst anmelden bis Mittwoch, 2. Dezember",
                     id="requested_deadline"),
        pytest.param(Registration("required", deadline=date(2026, 11, 28)), SATURDAY,
                     "bitte anmelden bis heute", id="deadline_today"),
        pytest.param(Registration("required", deadline=date(2026, 11, 29)), SATURDAY,
                     "bitte anmelden bis morgen, Sonntag, 29. November", id="deadline_tomorrow"),
        pytest.param(Registration("required", deadline=date(2027, 1, 4)), SATURDAY,
                     "bitte anmelden bis Montag, 4. Januar 2027", id="deadline_next_year"),
        pytest.param(Registration("required", deadline=date(2026, 11, 27)), SATURDAY,
                     "anmelden war nur bis 27. November möglich", id="deadline_passed"),
        pytest.param(Registration("required", deadline=date(2026, 12, 30)), at(2027, 1, 3),
                     "anmelden war nur bis 30. Dezember 2026 möglich",
                     id="deadline_passed_last_year"),
        pytest.param(Registration("required", seats=12, seats_free=0, waitlist=True), SATURDAY,
                     "ausgebucht – Warteliste möglich", id="full_waitlist"),
        pytest.param(Registration("required", seats=12, seats_free=0, waitlist=False), SATURDAY,
                     "ausgebucht", id="full_no_waitlist"),
        pytest.param(Registration("required", seats_free=0), SATURDAY, "ausgebucht",
                     id="full_waitlist_unknown"),
        pytest.param(Registration("required", deadline=date(2026, 11, 27), seats_free=0),
                     SATURDAY, "ausgebucht", id="full_beats_deadline"),
        pytest.param(Registration("required", deadline=date(2026, 12, 2), seats_free=1),
                     SATURDAY, "bitte anmelden bis Mittwoch, 2. Dezember",
                     id="one_seat_left"),
    ],
)
def test_registration_text_cases(reg: Registration | None, now: datetime, expected: str) -> None:
    assert text.registration_text(reg, now) == expected


def test_registration_text_waitlist_uses_en_dash() -> None:
    words = text.registration_text(Registration("required", seats_free=0, waitlist=True), NOW)
    assert "\u2013" in words
    assert text.DASH == "\u2013"


@pytest.mark.parametrize(
    ("seats_free", "expected"),
    [(None, ""), (0, ""), (1, "noch 1 Platz frei"), (2, "noch 2 Plätze frei"),
     (15, "noch 15 Plätze frei")],
)
def test_seats_text_singular_and_plural(seats_free: int | None, expected: str) -> None:
    assert text.seats_text(Registration("required", seats=20, seats_free=seats_free)) == expected
    assert text.seats_text(None) == ""


# -- standing offers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "exceptions", "now", "expected"),
    [
        pytest.param(TUE_THU, [], NOW, "jetzt geöffnet bis 12:00 Uhr", id="open_now"),
        pytest.param(TUE_THU, [], at(2026, 12, 1, 7), "nächste Sprechstunde: heute, 9:00 Uhr",
                     id="later_today"),
        pytest.param(TUE_THU, [], at(2026, 12, 2, 15),
                     "nächste Sprechstunde: morgen, Donnerstag, 3. Dezember, 9:00 Uhr",
                     id="tomorrow"),
        pytest.param(TUE_THU, [], at(2026, 12, 3, 13),
                     "nächste Sprechstunde: Dienstag, 8. Dezember, 9:00 Uhr", id="next_week"),
        pytest.param(TUE_THU, HOLIDAYS, NOW,
                     "bis Freitag, 4. Dezember: nur telefonisch – "
                     "nächste Sprechstunde: Dienstag, 8. Dezember, 9:00 Uhr", id="exception"),
        pytest.param(TUE_THU, HOLIDAYS, at(2026, 12, 4, 10),
                     "bis heute: nur telefonisch – "
                     "nächste Sprechstunde: Dienstag, 8. Dezember, 9:00 Uhr",
                     id="exception_last_day"),
        pytest.param([Hours("SA", "18:00", "24:00")], [], at(2026, 12, 5, 20),
                     "jetzt geöffnet bis 24:00 Uhr", id="until_midnight"),
    ],
)
def test_opening_text_from_hours(hours: list[Hours], exceptions: list[HoursException],
                                 now: datetime, expected: str) -> None:
    assert text.opening_text(open_state(hours, exceptions, now), now) == expected


def test_opening_text_exception_without_last_day() -> None:
    state = OpenState(False, exception_note="Sommerpause", exception_until=date.max)
    assert text.opening_text(state, NOW) == "Sommerpause"


def test_opening_text_nothing_ahead() -> None:
    assert text.opening_text(OpenState(False), NOW) == "zurzeit keine Öffnungszeiten"
    assert text.opening_text(None, NOW) == ""


def test_opening_text_own_word() -> None:
    state = OpenState(False, next_slot=Slot(at(2026, 12, 2, 10), at(2026, 12, 2, 12)))
    assert text.opening_text(state, NOW, "Fahrt") == (
        "nächste Fahrt: morgen, Mittwoch, 2. Dezember, 10:00 Uhr")


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        pytest.param([], [], id="empty"),
        pytest.param([Hours("TH", "08:30", "12:00"), Hours("TU", "08:30", "12:00")],
                     ["Dienstag und Donnerstag, 8:30 bis 12:00 Uhr"], id="equal_times"),
        pytest.param([Hours(d, "09:00", "12:00") for d in ("MO", "TU", "WE", "TH", "FR")],
                     ["Montag bis Freitag, 9:00 bis 12:00 Uhr"], id="weekdays_span"),
        pytest.param([Hours(d, "10:00", "18:00") for d in ("MO", "TU", "WE", "TH", "FR", "SA",
                                                          "SU")],
                     ["täglich, 10:00 bis 18:00 Uhr"], id="every_day"),
        pytest.param([Hours(d, "10:00", "18:00") for d in ("SA", "SU", "MO")],
                     ["Montag, Samstag und Sonntag, 10:00 bis 18:00 Uhr"], id="no_wrap"),
        pytest.param([Hours(d, "09:00", "12:00") for d in ("MO", "TU", "WE", "FR")],
                     ["Montag bis Mittwoch und Freitag, 9:00 bis 12:00 Uhr"], id="span_and_day"),
        pytest.param([Hours(d, "09:00", "12:00") for d in ("MO", "TU", "TH", "FR")],
                     ["Montag, Dienstag, Donnerstag und Freitag, 9:00 bis 12:00 Uhr"],
                     id="pairs_stay_named"),
        pytest.param([Hours("MO", "14:00", "16:00"), Hours("WE", "09:00", "12:00"),
                      Hours("MO", "09:00", "12:00")],
                     ["Montag und Mittwoch, 9:00 bis 12:00 Uhr", "Montag, 14:00 bis 16:00 Uhr"],
                     id="two_groups"),
        pytest.param([Hours("TU", "09:00", "12:00"), Hours("TU", "09:00", "12:00")],
                     ["Dienstag, 9:00 bis 12:00 Uhr"], id="duplicate"),
        pytest.param([Hours("SA", "18:00", "24:00")], ["Samstag, 18:00 bis 24:00 Uhr"],
                     id="until_24"),
        pytest.param([Hours("SU", "00:00", "24:00")], ["Sonntag, 0:00 bis 24:00 Uhr"],
                     id="whole_day"),
    ],
)
def test_hours_lines_grouped_by_time(hours: list[Hours], expected: list[str]) -> None:
    assert text.hours_lines(hours) == expected


# -- contact and place -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    ["069 90009201", "069 90009 201", "+49 69 90009201", "+49 (0)69 90009201",
     "0049 69 90009201", "069/90009201", "069 90009-201", "(069) 90009201", " 069 90009201 "],
)
def test_phone_text_groups(phone: str) -> None:
    assert text.phone_text(phone) == "069 90009 201"


@pytest.mark.parametrize(("phone", "expected"),
                         [(None, ""), ("", ""), ("069 90009", "069 90009"),
                          ("069 90009000", "069 90009 000")])
def test_phone_text_short_and_missing(phone: str | None, expected: str) -> None:
    assert text.phone_text(phone) == expected


def test_access_lines_measured_facts() -> None:
    access = Access(step_free=False, ramp_percent=6.5, elevator=True, door_width_cm=90,
                    accessible_wc=False, hearing_loop=True, surface="Kopfsteinpflaster",
                    checked_on=date(2026, 3, 3))
    assert text.access_lines(access, date(2026, 12, 1)) == [
        ("steps", "Eingang mit Stufen"),
        ("ramp", "Rampe mit 6,5 % Steigung"),
        ("elevator", "Aufzug vorhanden"),
        ("door", "Tür 90 cm breit"),
        ("no_wc", "kein rollstuhlgerechtes WC"),
        ("hearing_loop", "Hörschleife für Hörgeräte"),
        ("surface", "Weg: Kopfsteinpflaster"),
        ("checked", "Zugang geprüft am 3. März 2026"),
    ]
    assert text.access_lines(None) == []
