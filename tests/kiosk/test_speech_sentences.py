"""The German sentence splitter (kiosk/speech/sentences.py): abbreviations, ordinals, times,
quotes, and long sentences cut at commas."""

from __future__ import annotations

import pytest

from kiosk.speech import split_sentences

# -- sentences -----------------------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    ("Wir treffen uns z. B. im Saal. Danach gibt es Kaffee.",
     ["Wir treffen uns z. B. im Saal.", "Danach gibt es Kaffee."]),
    ("Zimmer Nr. 5 im 1. OG. Bitte klingeln.", ["Zimmer Nr. 5 im 1. OG.", "Bitte klingeln."]),
    ("Am 8. Dezember um 14.30 Uhr. Bitte anmelden!",
     ["Am 8. Dezember um 14.30 Uhr.", "Bitte anmelden!"]),
    ("Ab 14:30 Uhr Kaffee. Um 16 Uhr Ende.", ["Ab 14:30 Uhr Kaffee.", "Um 16 Uhr Ende."]),
    ("Toll! Kommen Sie? Ja.", ["Toll!", "Kommen Sie?", "Ja."]),
    ("Er sagte: „Kommen Sie.“ Dann ging er.", ["Er sagte: „Kommen Sie.“", "Dann ging er."]),
    ("Dr. Müller berät ca. 20 Personen. Das war 2026. Neu: Kurse.",
     ["Dr. Müller berät ca. 20 Personen.", "Das war 2026.", "Neu: Kurse."]),
    ("Kosten inkl. Kaffee bei Fr. Maier, Hauptstr. 5.",
     ["Kosten inkl. Kaffee bei Fr. Maier, Hauptstr. 5."]),
    ("Tür breit. rollstuhlgerechtes WC.", ["Tür breit.", "rollstuhlgerechtes WC."]),
    ("Wann: Dienstag, der achte Dezember.\nWo: Saal", ["Wann: Dienstag, der achte Dezember.",
                                                        "Wo: Saal"]),
    ("", []),
])
def test_split_sentences_german_cases(source, expected):
    assert split_sentences(source) == expected


def test_split_sentences_cuts_long_sentences_at_commas():
    sentence = "Der Besuchsdienst kommt zu Ihnen nach Hause, " * 8 + "und bleibt eine Stunde."
    pieces = split_sentences(sentence)
    assert len(pieces) > 1 and all(len(p) <= 220 for p in pieces)
    assert " ".join(pieces) == sentence and pieces[0].endswith(",")
