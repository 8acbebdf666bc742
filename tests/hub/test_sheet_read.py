"""Reading spreadsheets: formula cells give the value the spreadsheet program saved and are
never evaluated; dates, numbers and yes/no cells read as the forms expect; the column
head may stand below a title row; zip bombs, formatted empty rows and foreign sheets."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest

from hub.errors import SheetError
from hub.sheet_read import read
from tests.hub.sheet_cases import OFFER_HEAD, PLACE_HEAD, with_saved_values, xlsx


def test_sheet_read_formula_cells_give_their_saved_value_and_are_never_run():
    rows = [OFFER_HEAD,
            ["", '=WEBSERVICE("http://127.0.0.1:9/")', "Text.", "Mitmachen", "Mo 9–12", "",
             "a-buero", "", ""],
            ["", '=HYPERLINK("http://127.0.0.1:9/","Klick")', "Text.", "Mitmachen",
             "Di 9–12", "", "a-buero", "", ""]]
    raw = with_saved_values(xlsx({"Dauerangebote": rows}), {"B2": "Pflegeberatung"})
    (found,) = read(raw)
    titles = [row["title"] for _, row in found.rows]
    # The first formula's saved value; the second has none saved: empty, not its text.
    assert titles == ["Pflegeberatung", ""]


def test_sheet_read_cells_as_the_forms_read_them():
    rows = [["Orte der Begegnungsstätte"], [], PLACE_HEAD + ["Breitengrad", "Bemerkung"],
            ["", "Alte Schule", "Schulstr. 4", None, True, False, 88.0,
             datetime(2026, 11, 30), 48.7758, "intern"],
            [None] * 10,
            ["", "Rathaus", "", "", "ja", "", 90, date(2026, 10, 1), None, ""]]
    (found,) = read(xlsx({"Tabelle1": rows}))
    assert found.table.kind == "places" and found.sheet == "Tabelle1"
    assert found.ignored == ["Bemerkung"]
    assert [number for number, _ in found.rows] == [4, 6]      # the sheet's row numbers
    first = found.rows[0][1]
    assert (first["step_free"], first["elevator"], first["door_width_cm"],
            first["checked_on"], first["lat"]) == ("ja", "nein", "88", "2026-11-30", "48,7758")


def test_sheet_read_formatted_empty_rows_at_the_end_are_no_rows():
    book = xlsx({"Orte": [["Name", "Adresse"], ["Alte Schule", "Schulstr. 4"]]
                 + [[None, None]] * 5000})
    (found,) = read(book)
    assert [row["name"] for _, row in found.rows] == ["Alte Schule"]


def test_sheet_read_zip_bomb_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 70_000_000)
    assert len(out.getvalue()) < 200_000
    with pytest.raises(SheetError, match="entpackt zu groß"):
        read(out.getvalue())


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_sheet_read_csv_with_any_delimiter(delimiter):
    text = delimiter.join(["Name", "Adresse", "Hinweis zum Zugang"]) + "\r\n" + \
        delimiter.join(["Alte Schule", '"Schulstr. 4; Lindenbach, Hof"', '"zwei\nZeilen"']) \
        + "\r\n" + delimiter.join(["Rathaus", "Markt 1", ""]) + "\r\n"
    (found,) = read(text.encode())
    assert found.rows == [
        (2, {"name": "Alte Schule", "address": "Schulstr. 4; Lindenbach, Hof",
             "access_note": "zwei\nZeilen"}),
        (4, {"name": "Rathaus", "address": "Markt 1", "access_note": ""})]
