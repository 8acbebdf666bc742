"""German wording, spoken (kiosk/text/spoken_forms.py): single spoken forms, screen text
rewritten for the voice, and written text (kiosk/text/written.py) read aloud."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kiosk import text
from kiosk.hours import open_state
from sync.model import Hours
from tests.helpers import berlin as at
from tests.kiosk.text_helpers import HOLIDAYS, NOW, TUE_THU

SPOKEN_PHONE = "null sechs neun, neun null null null neun, zwo null eins"


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
        (date(2026, 12, 2), date(2026, 12, 1), "morgen, Mittwoch, der zweite Dezember"),
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
