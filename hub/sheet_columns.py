"""The spreadsheet template: which tables the hub reads (standing offers, places, contact
persons), their German column names with what each means and an example, and the
template itself, generated here as .xlsx (one sheet per table and a sheet "Anleitung")
and as one .csv per table (UTF-8 with BOM, separated by semicolons, as German Excel
opens it). docs/hub.md and docs/anleitung.md list the same columns.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class Column:
    name: str          # as written in the first row
    key: str           # what the import calls it
    meaning: str
    example: str
    required: bool = False


@dataclass(frozen=True)
class Table:
    kind: str          # "offers", "places", "contacts"
    title: str         # the sheet's name, the CSV file's name
    what: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def required(self) -> list[Column]:
        return [c for c in self.columns if c.required]


KEY_HELP = ("Frei wählbar (Kleinbuchstaben, Ziffern, Bindestrich). Mit ihr findet der Hub "
            "die Zeile beim nächsten Hochladen wieder; leer: der Hub vergibt eine.")
YES_NO = "„ja“, „nein“ oder leer (nicht geprüft)"
CONTACTS = Table("contacts", "Ansprechpersonen", "Wer gibt Auskunft (für Dauerangebote und "
                 "als Kontakt der Kalender-Termine).", (
    Column("Kennung", "id", KEY_HELP, "buero"),
    Column("Aufgabe oder Stelle", "contact_role", "Wofür die Person da ist.",
           "Büro der Begegnungsstätte"),
    Column("Name", "contact_name", "Name der Person.", "Frau Berger"),
    Column("Telefon", "contact_phone", "Telefonnummer mit Vorwahl.", "069 90009 100"),
    Column("Telefonisch erreichbar", "contact_phone_hours", "Wann man anrufen kann.",
           "Mo–Fr 9–12 Uhr"),
    Column("E-Mail", "contact_email", "E-Mail-Adresse.", "buero@beispiel.de"),
    Column("Webseite", "contact_web", "Adresse einer Webseite.", "https://beispiel.de"),
))
PLACES = Table("places", "Orte", "Orte mit den vor Ort gemessenen Angaben zum Zugang.", (
    Column("Kennung", "id", KEY_HELP, "alte-schule"),
    Column("Name", "name", "Name des Ortes, wie ihn alle kennen.", "Alte Schule",
           required=True),
    Column("Adresse", "address", "Straße, Hausnummer, Ort.", "Schulstraße 4, Lindenbach"),
    Column("Raum", "room", "Raum im Gebäude.", "Saal im Erdgeschoss"),
    Column("Stockwerk", "floor", "Stockwerk in Worten.", "Erdgeschoss"),
    Column("Haltestelle", "stop", "Nächste Haltestelle und Entfernung.",
           "Rathaus (Bus 12), 150 m"),
    Column("Breitengrad", "lat", "Für die Karte auf dem Handy (optional).", "48,7758"),
    Column("Längengrad", "lon", "Für die Karte auf dem Handy (optional).", "9,1829"),
    Column("Stufenloser Eingang", "step_free", YES_NO, "ja"),
    Column("Aufzug", "elevator", YES_NO, "nein"),
    Column("Rollstuhlgerechtes WC", "accessible_wc", YES_NO, "ja"),
    Column("Induktionsschleife", "hearing_loop", YES_NO, ""),
    Column("Behindertenparkplatz", "parking", YES_NO, "ja"),
    Column("Rampe (Steigung in %)", "ramp_percent", "Gemessene Steigung einer Rampe.", "6"),
    Column("Türbreite (cm)", "door_width_cm", "Schmalste Tür auf dem Weg, gemessen.", "90"),
    Column("Bodenbelag", "surface", "Belag des Weges zum Eingang.", "Pflaster, eben"),
    Column("Hinweis zum Zugang", "access_note", "Was sonst wichtig ist.",
           "Klingel links neben der Tür"),
    Column("Geprüft am", "checked_on", "Wann die Angaben vor Ort geprüft wurden "
           "(Pflicht, sobald eine Angabe zum Zugang da ist).", "30.11.2026"),
))
OFFERS = Table("offers", "Dauerangebote", "Beratung, Hilfe, Bürgerbus: Angebote mit "
               "festen Zeiten in der Woche.", (
    Column("Kennung", "id", KEY_HELP, "pflegeberatung"),
    Column("Titel", "title", "Höchstens 60 Zeichen.", "Pflegeberatung", required=True),
    Column("Kurzbeschreibung", "summary", "Ein oder zwei Sätze, höchstens 240 Zeichen.",
           "Beratung zu Pflegegrad, Hilfen im Alltag und Entlastung.", required=True),
    Column("Bereich", "category", "Die Kachel am Terminal (ihr Name).", "Hilfe & Beratung",
           required=True),
    Column("Öffnungszeiten", "hours", "Tage und Zeiten, mehrere mit Semikolon getrennt.",
           "Mo–Fr 9–12 Uhr; Do 14–17 Uhr", required=True),
    Column("Ort", "place", "Kennung oder Name eines Ortes (auch aus dem Blatt „Orte“); "
           "leer: kein fester Ort.", "alte-schule"),
    Column("Ansprechperson", "contact", "Kennung einer Ansprechperson (auch aus dem Blatt "
           "„Ansprechpersonen“).", "buero", required=True),
    Column("Kosten", "cost", "„kostenlos“, „gegen Spende“ oder ein Betrag in Euro; leer: "
           "keine Angabe.", "kostenlos"),
    Column("Für wen?", "audience", "Wörter, mit Komma getrennt.", "Angehörige, Ältere"),
    Column("Weitere Einzelheiten", "body", "Längerer Text (höchstens 4000 Zeichen).", ""),
    Column("Gültig bis", "valid_until", "Bis wann das Angebot gilt; leer: unbegrenzt.",
           "31.12.2027"),
))
TABLES = (OFFERS, PLACES, CONTACTS)
BY_SLUG = {"dauerangebote": OFFERS, "orte": PLACES, "ansprechpersonen": CONTACTS}


def template_xlsx() -> bytes:
    """The template: an empty sheet per table (the names in the first row, bold, frozen)
    and "Anleitung" with every column's meaning and an example."""
    book = Workbook()
    guide = book.active
    guide.title = "Anleitung"
    guide.append(["Tabelle", "Spalte", "Pflicht", "Bedeutung", "Beispiel"])
    for table in TABLES:
        sheet = book.create_sheet(table.title)
        sheet.append([c.name for c in table.columns])
        sheet.freeze_panes = "A2"
        for i, column in enumerate(table.columns, 1):
            sheet.cell(1, i).font = Font(bold=True)
            sheet.column_dimensions[get_column_letter(i)].width = max(14, len(column.name) + 4)
            guide.append([table.title, column.name, "ja" if column.required else "",
                          column.meaning, column.example])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (18, 26, 8, 70, 34), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
    book.move_sheet("Anleitung", offset=len(TABLES))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_csv(table: Table) -> bytes:
    """One table's first row as CSV for German Excel."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerow(
        [c.name for c in table.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
