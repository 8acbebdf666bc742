"""German wording: what the screen shows (written) and what the voice says (spoken)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kiosk import text
from kiosk.hours import OpenState, Slot, open_state
from sync.model import Access, Cost, Hours, HoursException, Registration
from tests.helpers import berlin as at

NOW = at(2026, 12, 1, 10, 0)  # Tuesday, 1 December 2026, 10:00
SPOKEN_PHONE = "null sechs neun, neun null null null neun, zwo null eins"

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


# -- dates and times, written ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2026, 12, 1, 14, 30), "14:30 Uhr"),
        (at(2026, 12, 1, 9, 0), "9:00 Uhr"),
        (at(2026, 12, 1, 1, 0), "1:00 Uhr"),
        (at(2026, 12, 1, 0, 0), "0:00 Uhr"),
        (at(2026, 12, 1, 9, 5), "9:05 Uhr"),
        (datetime(2026, 12, 1, 13, 30, tzinfo=UTC), "14:30 Uhr"),  # shown in Berlin time
        (datetime(2026, 7, 1, 12, 30, tzinfo=UTC), "14:30 Uhr"),  # summer time
    ],
)
def test_time_text_local_clock(moment: datetime, expected: str) -> None:
    assert text.time_text(moment) == expected
    assert text.clock_time(moment) == expected.removesuffix(" Uhr")


def test_end_time_text_midnight_is_24_00() -> None:
    assert text.end_time_text(at(2026, 12, 2, 0, 0)) == "24:00 Uhr"
    assert text.end_time_text(at(2026, 12, 1, 17, 0)) == "17:00 Uhr"


@pytest.mark.parametrize(
    ("day", "today", "expected"),
    [
        (date(2026, 12, 1), date(2026, 12, 1), "heute"),
        (date(2026, 12, 2), date(2026, 12, 1), "morgen"),
        (date(2026, 11, 30), date(2026, 12, 1), "gestern"),
        (date(2026, 12, 3), date(2026, 12, 1), "Donnerstag, 3. Dezember"),
        (date(2026, 12, 8), date(2026, 12, 1), "Dienstag, 8. Dezember"),
        (date(2027, 1, 1), date(2026, 12, 31), "morgen"),
        (date(2027, 1, 2), date(2026, 12, 31), "Samstag, 2. Januar 2027"),
        (date(2026, 12, 28), date(2027, 1, 2), "Montag, 28. Dezember 2026"),
    ],
)
def test_day_text_words_people_use(day: date, today: date, expected: str) -> None:
    assert text.day_text(day, today) == expected


@pytest.mark.parametrize(
    ("day", "today", "expected"),
    [
        (date(2026, 12, 8), None, "Dienstag, 8. Dezember"),
        (date(2026, 12, 8), date(2026, 1, 1), "Dienstag, 8. Dezember"),
        (date(2027, 1, 4), date(2026, 12, 1), "Montag, 4. Januar 2027"),
    ],
)
def test_date_text_year_only_for_another_year(day: date, today: date | None,
                                              expected: str) -> None:
    assert text.date_text(day, today) == expected


def test_short_date_year_only_for_another_year() -> None:
    assert text.short_date(date(2026, 12, 8), date(2026, 12, 1)) == "8. Dezember"
    assert text.short_date(date(2027, 1, 4), date(2026, 12, 1)) == "4. Januar 2027"
    assert text.short_date(date(2026, 3, 1)) == "1. März"


def test_full_date_always_with_year() -> None:
    assert text.full_date(date(2026, 11, 28)) == "Samstag, 28. November 2026"


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (at(2026, 12, 1, 14, 30), "heute, 14:30 Uhr"),
        (at(2026, 12, 2, 10, 0), "morgen, 10:00 Uhr"),
        (at(2026, 12, 8, 14, 30), "Dienstag, 8. Dezember, 14:30 Uhr"),
        (at(2026, 12, 2, 0, 0), "morgen, 0:00 Uhr"),
        (at(2026, 12, 1, 23, 59), "heute, 23:59 Uhr"),
        (at(2027, 1, 5, 9, 0), "Dienstag, 5. Januar 2027, 9:00 Uhr"),
    ],
)
def test_start_text_day_and_time(start: datetime, expected: str) -> None:
    assert text.start_text(start, NOW) == expected


def test_start_text_uses_local_day_not_utc_day() -> None:
    # 23:30 UTC on 1 December is already 0:30 on 2 December in Berlin.
    assert text.start_text(datetime(2026, 12, 1, 23, 30, tzinfo=UTC), NOW) == "morgen, 0:30 Uhr"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(at(2026, 12, 8, 14, 30), at(2026, 12, 8, 17),
                     "Dienstag, 8. Dezember, 14:30 bis 17:00 Uhr", id="same_day_range"),
        pytest.param(at(2026, 12, 1, 14, 30), at(2026, 12, 1, 17),
                     "heute, 14:30 bis 17:00 Uhr", id="today"),
        pytest.param(at(2026, 12, 2, 9), at(2026, 12, 2, 12),
                     "morgen, 9:00 bis 12:00 Uhr", id="tomorrow_full_hours"),
        pytest.param(at(2026, 12, 1, 8), at(2026, 12, 1, 9, 30),
                     "heute, 8:00 bis 9:30 Uhr", id="over_earlier_today"),
        pytest.param(at(2026, 12, 8, 0), at(2026, 12, 8, 1),
                     "Dienstag, 8. Dezember, 0:00 bis 1:00 Uhr", id="starts_at_midnight"),
        pytest.param(at(2026, 12, 8, 20), at(2026, 12, 9, 0),
                     "Dienstag, 8. Dezember, 20:00 bis 24:00 Uhr", id="ends_at_midnight"),
        pytest.param(at(2026, 12, 8, 20), at(2026, 12, 9, 1),
                     "Dienstag, 8. Dezember, 20:00 Uhr bis Mittwoch, 9. Dezember, 1:00 Uhr",
                     id="past_midnight"),
        pytest.param(at(2026, 12, 8, 14), at(2026, 12, 10, 12),
                     "Dienstag, 8. Dezember, 14:00 Uhr bis Donnerstag, 10. Dezember, 12:00 Uhr",
                     id="multi_day"),
        pytest.param(at(2026, 12, 2, 14), at(2026, 12, 4, 12),
                     "morgen, 14:00 Uhr bis Freitag, 4. Dezember, 12:00 Uhr",
                     id="multi_day_from_tomorrow"),
        pytest.param(at(2026, 12, 8, 0), at(2026, 12, 9, 0),
                     "Dienstag, 8. Dezember, ganztägig", id="all_day"),
        pytest.param(at(2026, 12, 8, 0), at(2026, 12, 11, 0),
                     "Dienstag, 8. Dezember bis Donnerstag, 10. Dezember", id="several_days"),
        pytest.param(at(2027, 1, 8, 14), at(2027, 1, 8, 16),
                     "Freitag, 8. Januar 2027, 14:00 bis 16:00 Uhr", id="next_year"),
        pytest.param(at(2026, 12, 31, 22), at(2027, 1, 1, 1),
                     "Donnerstag, 31. Dezember, 22:00 Uhr bis Freitag, 1. Januar 2027, 1:00 Uhr",
                     id="into_next_year"),
    ],
)
def test_when_text_future_dates(start: datetime, end: datetime, expected: str) -> None:
    assert text.when_text(start, end, NOW) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(at(2026, 12, 1, 9, 30), at(2026, 12, 1, 17),
                     "jetzt, bis 17:00 Uhr", id="ends_today"),
        pytest.param(NOW, at(2026, 12, 1, 12), "jetzt, bis 12:00 Uhr", id="starts_right_now"),
        pytest.param(at(2026, 12, 1, 8), at(2026, 12, 2, 0), "jetzt, bis 24:00 Uhr",
                     id="ends_at_midnight"),
        pytest.param(at(2026, 11, 30, 9), at(2026, 12, 2, 17),
                     "jetzt, bis morgen, 17:00 Uhr", id="ends_tomorrow"),
        pytest.param(at(2026, 11, 30, 9), at(2026, 12, 4, 17),
                     "jetzt, bis Freitag, 4. Dezember, 17:00 Uhr", id="ends_later"),
        pytest.param(at(2026, 11, 20, 0), at(2026, 12, 19, 0),
                     "jetzt, bis Freitag, 18. Dezember", id="exhibition"),
        pytest.param(at(2026, 12, 1, 0), at(2026, 12, 2, 0),
                     "heute, ganztägig", id="all_day_today"),
    ],
)
def test_when_text_ongoing(start: datetime, end: datetime, expected: str) -> None:
    assert text.when_text(start, end, NOW) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [(at(2026, 12, 8, 14, 30), "Dienstag, 8. Dezember, 14:30 Uhr"),
     (at(2026, 12, 8, 0, 0), "Dienstag, 8. Dezember, 0:00 Uhr")],
)
def test_when_text_without_known_end(start: datetime, expected: str) -> None:
    assert text.when_text(start, start, NOW) == expected


def test_when_text_ended_exactly_now_is_not_ongoing() -> None:
    assert text.when_text(at(2026, 12, 1, 8), NOW, NOW) == "heute, 8:00 bis 10:00 Uhr"


def test_when_text_keeps_wall_clock_across_dst() -> None:
    # The night summer time ends: 1:00 CEST to 4:00 CET is four real hours, shown as
    # the clock on the wall says.
    start, end = at(2026, 10, 25, 1), at(2026, 10, 25, 4)
    assert text.when_text(start, end, at(2026, 10, 20, 12)) == (
        "Sonntag, 25. Oktober, 1:00 bis 4:00 Uhr")
    assert text.when_text(at(2027, 3, 28, 10), at(2027, 3, 28, 12), at(2027, 3, 27, 12)) == (
        "morgen, 10:00 bis 12:00 Uhr")


def test_time_range_with_midnight_end() -> None:
    assert text.time_range(at(2026, 12, 1, 14, 30), at(2026, 12, 1, 17)) == "14:30 bis 17:00 Uhr"
    assert text.time_range(at(2026, 12, 1, 20), at(2026, 12, 2, 0)) == "20:00 bis 24:00 Uhr"


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        (at(2026, 12, 1, 9, 12), "Stand: heute, 9:12 Uhr"),
        (at(2026, 11, 30, 18, 40), "Stand: gestern, 18:40 Uhr"),
        (at(2026, 11, 24, 8, 0), "Stand: 24. November"),
        (at(2025, 12, 24, 8, 0), "Stand: 24. Dezember 2025"),
    ],
)
def test_stand_text_recent_and_older(changed: datetime, expected: str) -> None:
    assert text.stand_text(changed, NOW) == expected


# -- status, cost, registration --------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [("cancelled", "fällt aus"), ("full", "ausgebucht"), ("moved", "verlegt"),
     ("scheduled", ""), ("unknown", "")],
)
def test_status_text_in_words(status: str, expected: str) -> None:
    assert text.status_text(status) == expected


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
        (Cost("donation"), "Spende erbeten"),
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
        pytest.param(Registration("none"), SATURDAY, "ohne Anmeldung", id="kind_none"),
        pytest.param(Registration("required"), SATURDAY, "Anmeldung erforderlich",
                     id="required_no_deadline"),
        pytest.param(Registration("required", deadline=date(2026, 12, 2)), SATURDAY,
                     "Anmeldung erforderlich bis Mittwoch, 2. Dezember", id="required_deadline"),
        pytest.param(Registration("requested", deadline=date(2026, 12, 2)), SATURDAY,
                     "Anmeldung erbeten bis Mittwoch, 2. Dezember", id="requested_deadline"),
        pytest.param(Registration("required", deadline=date(2026, 11, 28)), SATURDAY,
                     "Anmeldung erforderlich bis heute", id="deadline_today"),
        pytest.param(Registration("required", deadline=date(2026, 11, 29)), SATURDAY,
                     "Anmeldung erforderlich bis morgen", id="deadline_tomorrow"),
        pytest.param(Registration("required", deadline=date(2027, 1, 4)), SATURDAY,
                     "Anmeldung erforderlich bis Montag, 4. Januar 2027", id="deadline_next_year"),
        pytest.param(Registration("required", deadline=date(2026, 11, 27)), SATURDAY,
                     "Anmeldeschluss war am 27. November", id="deadline_passed"),
        pytest.param(Registration("required", deadline=date(2026, 12, 30)), at(2027, 1, 3),
                     "Anmeldeschluss war am 30. Dezember 2026", id="deadline_passed_last_year"),
        pytest.param(Registration("required", seats=12, seats_free=0, waitlist=True), SATURDAY,
                     "ausgebucht – Warteliste", id="full_waitlist"),
        pytest.param(Registration("required", seats=12, seats_free=0, waitlist=False), SATURDAY,
                     "ausgebucht", id="full_no_waitlist"),
        pytest.param(Registration("required", seats_free=0), SATURDAY, "ausgebucht",
                     id="full_waitlist_unknown"),
        pytest.param(Registration("required", deadline=date(2026, 11, 27), seats_free=0),
                     SATURDAY, "ausgebucht", id="full_beats_deadline"),
        pytest.param(Registration("required", deadline=date(2026, 12, 2), seats_free=1),
                     SATURDAY, "Anmeldung erforderlich bis Mittwoch, 2. Dezember",
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


TUE_THU = [Hours("TU", "09:00", "12:00"), Hours("TH", "09:00", "12:00")]
HOLIDAYS = [HoursException(date(2026, 12, 1), date(2026, 12, 4), "nur telefonisch")]


@pytest.mark.parametrize(
    ("hours", "exceptions", "now", "expected"),
    [
        pytest.param(TUE_THU, [], NOW, "jetzt geöffnet bis 12:00 Uhr", id="open_now"),
        pytest.param(TUE_THU, [], at(2026, 12, 1, 7), "nächste Sprechstunde: heute, 9:00 Uhr",
                     id="later_today"),
        pytest.param(TUE_THU, [], at(2026, 12, 2, 15), "nächste Sprechstunde: morgen, 9:00 Uhr",
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
    assert text.opening_text(state, NOW, "Fahrt") == "nächste Fahrt: morgen, 10:00 Uhr"


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
        ("checked", "geprüft am 3. März"),
    ]
    assert text.access_lines(None) == []


# -- spoken: single forms --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        ("14:30", "vierzehn Uhr dreißig"),
        ("9:00", "neun Uhr"),
        ("09:00", "neun Uhr"),
        ("1:00", "ein Uhr"),
        ("1:30", "ein Uhr dreißig"),
        ("0:00", "null Uhr"),
        ("0:05", "null Uhr fünf"),
        ("12:00", "zwölf Uhr"),
        ("21:01", "einundzwanzig Uhr eins"),
        ("24:00", "vierundzwanzig Uhr"),
    ],
)
def test_speak_time_words(clock: str, expected: str) -> None:
    assert text.speak_time(clock) == expected


def test_speak_time_from_datetime_in_local_time() -> None:
    assert text.speak_time(at(2026, 12, 1, 14, 30)) == "vierzehn Uhr dreißig"
    assert text.speak_time(datetime(2026, 12, 1, 0, 0, tzinfo=UTC)) == "ein Uhr"


@pytest.mark.parametrize(
    ("euro", "expected"),
    [
        (1, "ein Euro"),
        (0.5, "fünfzig Cent"),
        (0.01, "ein Cent"),
        (15, "fünfzehn Euro"),
        (6.5, "sechs Euro fünfzig"),
        (1.05, "ein Euro fünf"),
        (21, "einundzwanzig Euro"),
        (2.999, "drei Euro"),
    ],
)
def test_speak_euro_words(euro: float, expected: str) -> None:
    assert text.speak_euro(euro) == expected


@pytest.mark.parametrize("phone", ["069 90009 201", "069 90009201", "+49 69 90009201",
                                   "+49 (0)69 90009201", "069/90009-201"])
def test_speak_phone_digit_groups(phone: str) -> None:
    assert text.speak_phone(phone) == SPOKEN_PHONE


def test_speak_phone_zeros() -> None:
    assert text.speak_phone("069 90009000") == (
        "null sechs neun, neun null null null neun, null null null")


@pytest.mark.parametrize(
    ("day", "today", "expected"),
    [
        (date(2026, 12, 8), None, "Dienstag, der achte Dezember"),
        (date(2026, 12, 8), date(2026, 12, 1), "Dienstag, der achte Dezember"),
        (date(2026, 12, 1), date(2026, 12, 1), "heute"),
        (date(2026, 12, 2), date(2026, 12, 1), "morgen"),
        (date(2026, 10, 18), None, "Sonntag, der achtzehnte Oktober"),
        (date(2027, 1, 1), date(2026, 11, 30),
         "Freitag, der erste Januar zweitausendsiebenundzwanzig"),
    ],
)
def test_speak_date_with_article(day: date, today: date | None, expected: str) -> None:
    assert text.speak_date(day, today) == expected


def test_number_and_ordinal_words() -> None:
    assert text.number(14) == "vierzehn"
    assert text.ordinal(8) == "achte"
    assert text.ordinal(2, "n") == "zweiten"
    assert text.ordinal(1, "r") == "erster"


# -- spoken: rewriting screen text -----------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("", ""),
        ("heute, 14:30 Uhr", "heute, vierzehn Uhr dreißig"),
        ("morgen", "morgen"),
        ("morgen, 9:00 Uhr", "morgen, neun Uhr"),
        ("heute, 1:00 Uhr", "heute, ein Uhr"),
        ("heute, 0:00 Uhr", "heute, null Uhr"),
        ("Dienstag, 8. Dezember, 14:30 bis 17:00 Uhr",
         "Dienstag, der achte Dezember, vierzehn Uhr dreißig bis siebzehn Uhr"),
        ("Dienstag, 8. Dezember, 9:00 bis 12:00 Uhr",
         "Dienstag, der achte Dezember, neun bis zwölf Uhr"),
        ("Dienstag, 8. Dezember, 20:00 bis 24:00 Uhr",
         "Dienstag, der achte Dezember, zwanzig bis vierundzwanzig Uhr"),
        ("Dienstag, 8. Dezember, 14:00 Uhr bis Donnerstag, 10. Dezember, 12:00 Uhr",
         "Dienstag, der achte Dezember, vierzehn Uhr bis Donnerstag, den zehnten Dezember, "
         "zwölf Uhr"),
        ("Dienstag, 8. Dezember, ganztägig", "Dienstag, der achte Dezember, ganztägig"),
        ("Freitag, 1. Januar 2027, 14:00 bis 16:00 Uhr",
         "Freitag, der erste Januar zweitausendsiebenundzwanzig, vierzehn bis sechzehn Uhr"),
        ("jetzt geöffnet bis 12:00 Uhr", "jetzt geöffnet bis zwölf Uhr"),
        ("jetzt, bis 17:00 Uhr", "jetzt, bis siebzehn Uhr"),
        ("jetzt, bis morgen, 17:00 Uhr", "jetzt, bis morgen, siebzehn Uhr"),
        ("nächste Sprechstunde: Dienstag, 8. Dezember, 9:00 Uhr",
         "nächste Sprechstunde: Dienstag, der achte Dezember, neun Uhr"),
        ("Stand: heute, 9:12 Uhr", "Stand: heute, neun Uhr zwölf"),
        ("Stand: 24. November", "Stand: vierundzwanzigster November"),
    ],
)
def test_spoken_dates_and_times(written: str, expected: str) -> None:
    assert text.spoken(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("kostenlos", "kostenlos"),
        ("Spende erbeten", "Spende erbeten"),
        ("6,50 €", "sechs Euro fünfzig"),
        ("1 €", "ein Euro"),
        ("0,50 €", "fünfzig Cent"),
        ("15 €", "fünfzehn Euro"),
        ("15 € pro Stunde", "fünfzehn Euro pro Stunde"),
        ("1.200 €", "eintausendzweihundert Euro"),
        ("Eintritt 3,5 €", "Eintritt drei Euro fünfzig"),
    ],
)
def test_spoken_amounts(written: str, expected: str) -> None:
    assert text.spoken(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Anmeldung erforderlich bis Mittwoch, 2. Dezember",
         "Anmeldung erforderlich bis Mittwoch, den zweiten Dezember"),
        ("Anmeldung erforderlich bis morgen", "Anmeldung erforderlich bis morgen"),
        ("Anmeldeschluss war am 18. Oktober", "Anmeldeschluss war am achtzehnten Oktober"),
        ("ausgebucht – Warteliste", "ausgebucht, Warteliste"),
        ("fällt aus", "fällt aus"),
        ("noch 1 Platz frei", "noch ein Platz frei"),
        ("noch 2 Plätze frei", "noch zwei Plätze frei"),
        ("für 1 Person", "für eine Person"),
        ("bis Mittwoch, 2. Dezember: nur telefonisch",
         "bis Mittwoch, den zweiten Dezember: nur telefonisch"),
    ],
)
def test_spoken_registration_and_status(written: str, expected: str) -> None:
    assert text.spoken(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("am 18. Oktober", "am achtzehnten Oktober"),
        ("Am 18. Oktober", "Am achtzehnten Oktober"),
        ("bis 2. Dezember", "bis zum zweiten Dezember"),
        ("Bis 2. Dezember", "Bis zum zweiten Dezember"),
        ("ab 18. Oktober", "ab dem achtzehnten Oktober"),
        ("seit 3. März", "seit dem dritten März"),
        ("ab dem 18. Oktober", "ab dem achtzehnten Oktober"),
        ("vom 18. Oktober bis 2. November", "vom achtzehnten Oktober bis zum zweiten November"),
        ("vom 18. bis 20. Oktober", "vom achtzehnten bis zum zwanzigsten Oktober"),
        ("am Dienstag, 8. Dezember", "am Dienstag, dem achten Dezember"),
        ("bis Mittwoch, 2. Dezember", "bis Mittwoch, den zweiten Dezember"),
        ("ab Montag, 4. Januar 2027",
         "ab Montag, dem vierten Januar zweitausendsiebenundzwanzig"),
    ],
)
def test_spoken_date_article_and_case(written: str, expected: str) -> None:
    assert text.spoken(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Tel. 069 90009 201", f"Telefon {SPOKEN_PHONE}"),
        ("Tel.: 069 90009201", f"Telefon: {SPOKEN_PHONE}"),
        ("Telefon +49 69 90009201", f"Telefon {SPOKEN_PHONE}"),
        ("Telefon +49 (0)69 90009201.", f"Telefon {SPOKEN_PHONE}."),
        ("Rückruf unter 069 90009-201, Frau Berger", f"Rückruf unter {SPOKEN_PHONE}, Frau Berger"),
    ],
)
def test_spoken_phone_numbers(written: str, expected: str) -> None:
    assert text.spoken(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Mo bis Fr, 9 bis 12 Uhr", "Montag bis Freitag, neun bis zwölf Uhr"),
        ("Mo–Fr 9–12 Uhr", "Montag bis Freitag neun bis zwölf Uhr"),
        ("Mo.–Fr. 9–12 Uhr", "Montag bis Freitag neun bis zwölf Uhr"),
        ("Mo-Fr 9-12 Uhr", "Montag bis Freitag neun bis zwölf Uhr"),
        ("Di und Do, 8:30 bis 12:00 Uhr",
         "Dienstag und Donnerstag, acht Uhr dreißig bis zwölf Uhr"),
        ("Sa und So geschlossen", "Samstag und Sonntag geschlossen"),
        ("Mo, Mi, Fr 10 Uhr", "Montag, Mittwoch, Freitag zehn Uhr"),
        ("So, 10 Uhr", "Sonntag, zehn Uhr"),
        ("So 10–12 Uhr", "Sonntag zehn bis zwölf Uhr"),
        ("Mi, 14 Uhr", "Mittwoch, vierzehn Uhr"),
        # The German word "So" at a sentence start is not a Sunday.
        ("So geht es weiter.", "So geht es weiter."),
        ("So, das war es.", "So, das war es."),
        ("So und nicht anders.", "So und nicht anders."),
        ("Ach so, 5 Leute", "Ach so, fünf Leute"),
        ("Fr. Berger berät.", "Frau Berger berät."),
    ],
)
def test_spoken_weekday_abbreviations(written: str, expected: str) -> None:
    assert text.spoken(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Raum 3, 1. OG", "Raum drei, erster Stock"),
        ("2. Stock", "zweiter Stock"),
        ("3. Obergeschoss", "dritter Stock"),
        ("Saal im EG", "Saal im Erdgeschoss"),
        ("Keller (UG)", "Keller (Untergeschoss)"),
        ("Nr. 5", "Nummer fünf"),
        ("Hauptstr. 5a", "Hauptstraße fünf a"),
        ("Kaffee & Kuchen", "Kaffee und Kuchen"),
        ("z. B. Kuchen", "zum Beispiel Kuchen"),
        ("ca. 20 Plätze", "circa zwanzig Plätze"),
        ("Nachbarschaftshilfe e. V.", "Nachbarschaftshilfe eingetragener Verein"),
    ],
)
def test_spoken_abbreviations(written: str, expected: str) -> None:
    assert text.spoken(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Rampe mit 6 % Steigung", "Rampe mit sechs Prozent Steigung"),
        ("Rampe mit 6,5 % Steigung", "Rampe mit sechs Komma fünf Prozent Steigung"),
        ("Steigung 8%", "Steigung acht Prozent"),
        ("Tür 90 cm breit", "Tür neunzig Zentimeter breit"),
        ("Haltestelle 200 m entfernt", "Haltestelle zweihundert Meter entfernt"),
        ("Stufe 1 m hoch", "Stufe ein Meter hoch"),
        ("Eingang 2m breit", "Eingang zwei Meter breit"),
        ("1,5 km zu Fuß", "eins Komma fünf Kilometer zu Fuß"),
        ("5 min zu Fuß", "fünf Minuten zu Fuß"),
        ("1 min zu Fuß", "eine Minute zu Fuß"),
    ],
)
def test_spoken_units(written: str, expected: str) -> None:
    assert text.spoken(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Seite 2 von 3", "Seite zwei von drei"),
        ("Bus 42", "Bus zweiundvierzig"),
        ("Linie 1 Richtung Zentrum", "Linie eins Richtung Zentrum"),
        ("seit 2020", "seit zweitausendzwanzig"),
        ("1.250 Besucher", "eintausendzweihundertfünfzig Besucher"),
        ("Marktplatz 1, 70173 Stuttgart",
         "Marktplatz eins, sieben null eins sieben drei Stuttgart"),
        ("Kurs 3 von 10", "Kurs drei von zehn"),
    ],
)
def test_spoken_leftover_numbers(written: str, expected: str) -> None:
    assert text.spoken(written) == expected


# -- written and spoken together -------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("ab 14.30 Uhr", "ab vierzehn Uhr dreißig"),
        ("am 8.12. um 14 Uhr", "am achten Dezember um vierzehn Uhr"),
        ("Treffen am 8.12. Bitte anmelden.", "Treffen am achten Dezember. Bitte anmelden."),
        ("bis 02.12.2026", "bis zum zweiten Dezember zweitausendsechsundzwanzig"),
        ("jeden 1. und 3. Mittwoch im Monat, 14 Uhr",
         "jeden ersten und dritten Mittwoch im Monat, vierzehn Uhr"),
        ("jeden Freitag, 12:00–13:30 Uhr", "jeden Freitag, zwölf bis dreizehn Uhr dreißig"),
        ("seit 1990", "seit neunzehnhundertneunzig"),
        ("Version 3.14.", "Version drei Punkt vierzehn."),  # no 14th month: not a date
        ("Raum 0.14", "Raum null Punkt vierzehn"),
        ("Raum 1.04", "Raum eins Punkt null vier"),
        ("8-mal montags", "achtmal montags"),
        ("3 mal pro Woche", "dreimal pro Woche"),
    ],
)
def test_spoken_staff_typed_forms(written: str, expected: str) -> None:
    assert text.spoken(written) == expected


def test_spoken_of_when_text_reads_well() -> None:
    written = text.when_text(at(2026, 12, 8, 14, 30), at(2026, 12, 8, 17), NOW)
    assert text.spoken(written) == (
        "Dienstag, der achte Dezember, vierzehn Uhr dreißig bis siebzehn Uhr")


def test_spoken_of_hours_lines_reads_well() -> None:
    lines = text.hours_lines([Hours("TU", "08:30", "12:00"), Hours("TH", "08:30", "12:00"),
                              Hours("FR", "09:00", "12:00")])
    assert [text.spoken(line) for line in lines] == [
        "Dienstag und Donnerstag, acht Uhr dreißig bis zwölf Uhr",
        "Freitag, neun bis zwölf Uhr",
    ]


def test_spoken_of_opening_text_with_exception() -> None:
    now = NOW
    written = text.opening_text(open_state(TUE_THU, HOLIDAYS, now), now)
    assert text.spoken(written) == (
        "bis Freitag, den vierten Dezember: nur telefonisch, "
        "nächste Sprechstunde: Dienstag, der achte Dezember, neun Uhr")


def test_spoken_of_contact_line() -> None:
    written = f"Tel. {text.phone_text('+49 69 90009201')} (Mo–Fr 9–12 Uhr)"
    assert written == "Tel. 069 90009 201 (Mo–Fr 9–12 Uhr)"
    assert text.spoken(written) == (
        f"Telefon {SPOKEN_PHONE} (Montag bis Freitag neun bis zwölf Uhr)")
