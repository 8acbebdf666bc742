"""Abbreviations a resident should never have to decode, with their plain German form.

The meaning audit (kiosk/meaning.py) fails on any of them on screen or in speech; the
wording and the hub's hints use the plain forms. Data only: extend it, keep it sorted by
kind. A key ending in "." is matched with or without spaces after inner dots ("z.B." also
finds "z. B."), in any case; the others are matched as whole words, case-sensitively. The
weekday abbreviations count only where they stand for a day ("Mo bis Fr", "Di, 14 Uhr"),
not the word "So" in "So lese ich vor".
"""

from __future__ import annotations

ABBREVIATIONS: dict[str, str] = {
    # floors
    "OG": "Obergeschoss",
    "EG": "Erdgeschoss",
    "UG": "Untergeschoss",
    "DG": "Dachgeschoss",
    # weekdays
    "Mo": "Montag",
    "Di": "Dienstag",
    "Mi": "Mittwoch",
    "Do": "Donnerstag",
    "Fr": "Freitag",
    "Sa": "Samstag",
    "So": "Sonntag",
    # words
    "ev.": "evangelisch",
    "kath.": "katholisch",
    "ggf.": "gegebenenfalls",
    "z.B.": "zum Beispiel",
    "Std.": "Stunde",
    "Min.": "Minuten",
    "Tel.": "Telefon",
    "Nr.": "Nummer",
    "Str.": "Straße",
}

WEEKDAY_ABBREVIATIONS = frozenset(("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"))
