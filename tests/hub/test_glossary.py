"""Plain German for staff: the glossary page and the hints on the entry and place forms."""

from __future__ import annotations

from pathlib import Path

from sync.glossary import ABBREVIATIONS, WEEKDAY_ABBREVIATIONS
from tests.hub.conftest import unescape
from tests.hub.test_entries import VALID

REPO = Path(__file__).resolve().parents[2]


def test_glossary_page_lists_every_abbreviation_and_the_rules(as_a):
    page = unescape(as_a.get("/glossar").get_data(as_text=True))
    assert "„morgen“ immer mit Wochentag und Datum" in page
    for short, plain in {**ABBREVIATIONS, **WEEKDAY_ABBREVIATIONS}.items():
        assert f"<td>{short}</td><td>{plain}</td>" in page, short


def test_glossary_doc_for_staff_lists_every_abbreviation():
    doc = (REPO / "docs" / "glossar.md").read_text("utf-8")
    for short, plain in {**ABBREVIATIONS, **WEEKDAY_ABBREVIATIONS}.items():
        assert f"| {short} | {plain} |" in doc, short
    assert "glossar.md" in (REPO / "docs" / "anleitung.md").read_text("utf-8")


def test_entry_form_hints_at_abbreviations_with_their_plain_form(as_a):
    form = {**VALID, "action": "dates", "contact_phone_hours": "Mo bis Fr, 9 bis 12 Uhr",
            "summary": "Kaffee, Kuchen usw."}
    page = unescape(as_a.post("/eintraege/neu", data=form).get_data(as_text=True))
    assert ("„Mo bis Fr“ im Feld „Telefonisch erreichbar“: am Terminal steht "
            "„montags bis freitags“") in page
    assert "„usw.“ im Feld „Kurzbeschreibung“: bitte ausschreiben, etwa „und so weiter“" in page
    assert 'href="/glossar"' in page
    form["action"] = "save"
    assert as_a.post("/eintraege/neu", data=form).status_code == 302  # a hint, no error
    shown = unescape(as_a.get("/eintraege/spielenachmittag").get_data(as_text=True))
    assert "„usw.“ im Feld „Kurzbeschreibung“" in shown
    plain = unescape(as_a.get("/eintraege/a-treff").get_data(as_text=True))
    assert "Abkürzungen" not in plain


def test_place_form_hints_that_the_floor_is_written_out(as_a):
    form = {"site": "ort-a", "name": "Ev. Gemeindehaus", "floor": "1. OG"}
    page = unescape(as_a.post("/orte/neu", data=form, follow_redirects=True)
                    .get_data(as_text=True))
    assert "„OG“ im Feld „Stockwerk“: am Terminal steht „Obergeschoss“" in page
    assert "„Ev.“ im Feld „Name“: am Terminal steht „Evangelisches“" in page
