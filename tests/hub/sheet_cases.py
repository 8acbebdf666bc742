"""Spreadsheets for the tests, written as real .xlsx (openpyxl) and .csv files."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook

CONTACT_HEAD = ["Kennung", "Aufgabe oder Stelle", "Name", "Telefon", "Telefonisch erreichbar",
                "E-Mail"]
PLACE_HEAD = ["Kennung", "Name", "Adresse", "Raum", "Stufenloser Eingang", "Aufzug",
              "Türbreite (cm)", "Geprüft am"]
OFFER_HEAD = ["Kennung", "Titel", "Kurzbeschreibung", "Bereich", "Öffnungszeiten", "Ort",
              "Ansprechperson", "Kosten", "Für wen?"]
CONTACTS = [CONTACT_HEAD,
            ["pflege-buero", "Pflegestützpunkt", "Frau Berger", "069 90009 130",
             "Mo–Fr 9–12 Uhr", "pflege@adorf.example"]]
PLACES = [PLACE_HEAD,
          ["kleiner-saal", "Kleiner Saal", "Weg 1, Adorf", "Erdgeschoss", "ja", "nein", 88,
           "30.11.2026"]]
OFFERS = [OFFER_HEAD,
          ["pflegeberatung", "Pflegeberatung", "Beratung zu Pflegegrad und Hilfen im Alltag.",
           "Hilfe & Beratung", "Mo–Fr 9–12 Uhr; Do 14–17 Uhr", "kleiner-saal", "pflege-buero",
           "kostenlos", "Angehörige, Ältere"],
          ["", "Handy-Sprechstunde", "Fragen zum Smartphone? Wir helfen.", "Treffen & Bewegung",
           "Mx 9–12", "Saal A", "a-buero", "", ""],
          ["", "Bürgerbus", "Der Bürgerbus fährt Sie zum Einkaufen und zum Arzt.",
           "hilfe", "dienstags und donnerstags 8:30–12:00", "", "a-buero", "gegen Spende", ""]]


def xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_saved_values(raw: bytes, values: dict[str, str]) -> bytes:
    """The .xlsx with each formula cell ("B2") given a saved value, as a spreadsheet program
    writes it (openpyxl itself saves formulas without values)."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode()
                for ref, value in values.items():
                    text = re.sub(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?',
                                  rf'<c r="{ref}"\1 t="str"><f>\2</f><v>{value}</v>', text)
                data = text.encode()
            target.writestr(item, data)
    return out.getvalue()


def csv_text(rows: list[list[object]], delimiter: str = ";") -> str:
    return "".join(delimiter.join(str(c) for c in row) + "\r\n" for row in rows)
