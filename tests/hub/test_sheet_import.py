"""Standing offers, places and contact persons from a spreadsheet: the preview says per
row what will change (neu / geändert / unverändert) and names each bad row with its row
and column; "Übernehmen" applies the good rows; a file that is no table applies nothing."""

from __future__ import annotations

import io
import re

import pytest

from hub import context
from hub.publishing import publish_sites
from hub.queries import contacts as contact_q
from hub.queries import entries as entry_q
from hub.queries import places as place_q
from hub.queries import sheets as sheet_q
from tests.hub.conftest import EDITOR_A, login, unescape
from tests.hub.sheet_cases import (
    CONTACTS,
    OFFER_HEAD,
    OFFERS,
    PLACE_HEAD,
    PLACES,
    csv_text,
    xlsx,
)

BAD_HOURS = ("Tabellenblatt „Dauerangebote“, Zeile 3, Spalte „Öffnungszeiten“: „Mx 9–12“: "
             "bitte mit den Tagen beginnen, zum Beispiel „Mo–Fr 9–12 Uhr; Do 14–17 Uhr“.")
WORKBOOK = {"Ansprechpersonen": CONTACTS, "Orte": PLACES, "Dauerangebote": OFFERS}


def _send(client, raw: bytes, name: str):
    return client.post("/standorte/ort-a/tabelle", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(raw), name)})


def _preview(client, raw: bytes, name: str = "angebote.xlsx") -> tuple[str, str]:
    answer = _send(client, raw, name)
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    url = answer.headers["Location"]
    return url, unescape(client.get(url).get_data(as_text=True))


def _rows(page: str, kind: str) -> list[str]:
    table = page.split(f'id="preview-{kind}"', 1)[1].split("</table>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", r).split())
            for r in re.findall(r"<tr class=\"row-[a-z]+\">(.*?)</tr>", table, re.S)]


def _section(client) -> str:
    page = client.get("/standorte/ort-a").get_data(as_text=True)
    return unescape(page.split('id="tabellen"', 1)[1])


def test_sheet_import_xlsx_with_one_bad_row_imports_the_rest(app, client):
    login(client, EDITOR_A)
    url, page = _preview(client, xlsx(WORKBOOK))
    assert "Das würde sich ändern: 4 neu, 0 geändert, 0 unverändert; 1 Zeile nicht " \
           "übernommen (Tabellenblatt „Dauerangebote“, Zeile 3)." in page
    assert _rows(page, "contacts") == ["2 pflege-buero Frau Berger neu"]
    assert _rows(page, "places") == ["2 kleiner-saal Kleiner Saal neu"]
    assert _rows(page, "offers") == [
        "2 pflegeberatung Pflegeberatung neu",
        f"3 handy-sprechstunde Handy-Sprechstunde nicht übernommen: {BAD_HOURS}",
        "4 buergerbus Bürgerbus neu"]
    with app.app_context():         # nothing is stored before "Übernehmen"
        assert place_q.get(context.db(), "kleiner-saal") is None
    answer = client.post(url + "/uebernehmen")
    assert answer.headers["Location"].endswith("/standorte/ort-a#tabellen")
    assert ("Tabelle angebote.xlsx übernommen: 4 neu, 0 geändert, 0 unverändert; 1 Zeile "
            "nicht übernommen (Tabellenblatt „Dauerangebote“, Zeile 3).") in _section(client)
    with app.app_context():
        db = context.db()
        beratung = entry_q.get(db, "pflegeberatung")
        bus = entry_q.get(db, "buergerbus")
        saal = place_q.get(db, "kleiner-saal")["data"]
        assert entry_q.get(db, "handy-sprechstunde") is None
        assert sheet_q.get(db, url.rsplit("/", 1)[1]) is None
        outcome = publish_sites(db, context.paths(), context.settings(), ["ort-a"],
                                now=context.now(), user="t", trigger="test")
    assert outcome.failed == [] and outcome.sites[0].skipped == []
    assert beratung["origin"] == "sheet" and beratung["kind"] == "offer"
    data = beratung["data"]
    assert data["hours"] == [{"day": d, "from": "09:00", "to": "12:00"}
                             for d in ("MO", "TU", "WE")] + [
        {"day": "TH", "from": "09:00", "to": "12:00"},
        {"day": "TH", "from": "14:00", "to": "17:00"},
        {"day": "FR", "from": "09:00", "to": "12:00"}]
    assert data["place_id"] == "kleiner-saal" and data["category"] == "hilfe"
    assert data["contact"] == {"role": "Pflegestützpunkt", "name": "Frau Berger",
                               "phone": "069 90009130", "phone_hours": "Mo–Fr 9–12 Uhr",
                               "email": "pflege@adorf.example"}
    assert data["cost"] == {"kind": "free"} and data["audience"] == ["Angehörige", "Ältere"]
    assert bus["data"]["hours"] == [{"day": "TU", "from": "08:30", "to": "12:00"},
                                    {"day": "TH", "from": "08:30", "to": "12:00"}]
    assert bus["data"]["cost"] == {"kind": "donation"}
    assert saal["access"] == {"step_free": True, "elevator": False, "door_width_cm": 88,
                              "checked_on": "2026-11-30"}


def test_sheet_import_again_is_unchanged_then_names_the_changed_columns(app, client):
    login(client, EDITOR_A)
    client.post(_preview(client, xlsx(WORKBOOK))[0] + "/uebernehmen")
    _, page = _preview(client, xlsx(WORKBOOK))
    assert "0 neu, 0 geändert, 4 unverändert; 1 Zeile nicht übernommen" in page
    changed = [row[:] for row in OFFERS]
    changed[1][4] = "Mo–Fr 9–12 Uhr"           # no longer on Thursday afternoons
    places = [PLACE_HEAD, [*PLACES[1][:6], 92, "01.12.2026"]]
    _, page = _preview(client, xlsx({"Orte": places, "Dauerangebote": changed}))
    assert _rows(page, "offers")[0] == "2 pflegeberatung Pflegeberatung geändert: " \
                                       "Öffnungszeiten"
    assert _rows(page, "places") == [
        "2 kleiner-saal Kleiner Saal geändert: Türbreite (cm), Geprüft am"]


def test_sheet_import_keeps_what_staff_set_beyond_the_table(app, client):
    # "Gültig ab" and a draft's release state are not columns of the template.
    login(client, EDITOR_A)
    client.post(_preview(client, xlsx(WORKBOOK))[0] + "/uebernehmen")
    with app.app_context():
        db = context.db()
        row = entry_q.get(db, "pflegeberatung")
        entry_q.save(db, "pflegeberatung", "ort-a", {**row["data"], "valid_from": "2027-01-04"},
                     sharing="site", share_sites=[], now=context.now(), user="t")
    changed = [row[:] for row in OFFERS]
    changed[1][2] = "Beratung zu Pflegegrad, Hilfen im Alltag und Entlastung."
    url, page = _preview(client, xlsx({"Dauerangebote": changed}))
    assert _rows(page, "offers")[0] == "2 pflegeberatung Pflegeberatung geändert: " \
                                       "Kurzbeschreibung"
    client.post(url + "/uebernehmen")
    with app.app_context():
        row = entry_q.get(context.db(), "pflegeberatung")
    assert row["data"]["valid_from"] == "2027-01-04"
    assert row["data"]["summary"].endswith("und Entlastung.")
    assert row["released_rev"] == row["rev"]            # released on import


def test_sheet_import_csv_of_excel_in_windows_1252(app, client):
    rows = [["Name", "Adresse", "Stufenloser Eingang", "Rollstuhlgerechtes WC",
             "Induktionsschleife", "Türbreite (cm)", "Bodenbelag", "Geprüft am"],
            ["Gemeindehaus Süd", "Kirchweg 3, Adorf", "X", "nein", "", "95 cm",
             "Pflaster, eben", "2026-11-02"],
            ["Turnhalle", "Am Sportplatz", "vielleicht", "", "", "", "", ""]]
    login(client, EDITOR_A)
    url, page = _preview(client, csv_text(rows).encode("cp1252"), "orte.csv")
    assert _rows(page, "places") == [
        "2 gemeindehaus-sued Gemeindehaus Süd neu",
        "3 turnhalle Turnhalle nicht übernommen: Zeile 3, Spalte „Stufenloser Eingang“: "
        "„vielleicht“: bitte „ja“, „nein“ oder leer."]
    client.post(url + "/uebernehmen")
    with app.app_context():
        place = place_q.get(context.db(), "gemeindehaus-sued")
    assert place["site_id"] == "ort-a" and place["data"]["access"] == {
        "step_free": True, "accessible_wc": False, "door_width_cm": 95,
        "surface": "Pflaster, eben", "checked_on": "2026-11-02"}


def test_sheet_import_names_every_bad_cell_by_row_and_column(app, client):
    rows = [OFFER_HEAD,
            ["", "Kochkurs", "Gemeinsam kochen.", "Kochen", "Mo 9–12", "", "a-buero", "", ""],
            ["", "Lesecafé", "Wir lesen vor.", "Treffen & Bewegung", "Di 15–14", "", "a-buero",
             "", ""],
            ["", "Spieletreff", "Brettspiele.", "Treffen & Bewegung", "Mi 14–16", "Turnhalle",
             "", "", ""],
            ["", "Repair-Café", "Wir reparieren.", "Treffen & Bewegung", "Sa 10–13", "",
             "niemand", "ein Euro", ""],
            ["", "Ein viel zu langer Titel für eine Zeile am Terminal, den niemand liest",
             "", "Treffen & Bewegung", "Fr 9–10", "", "a-buero", "", ""],
            ["", "Wandern", "Wir wandern.", "Treffen & Bewegung", "Mo 9–12", "", "a-buero",
             "", ""]]
    login(client, EDITOR_A)
    _, page = _preview(client, csv_text(rows).encode(), "angebote.csv")
    offers = _rows(page, "offers")
    assert offers[0].endswith("Zeile 2, Spalte „Bereich“: „Kochen“ gibt es nicht. Möglich: "
                              "„Treffen & Bewegung“, „Hilfe & Beratung“, „Mitmachen“.")
    assert offers[1].endswith("Zeile 3, Spalte „Öffnungszeiten“: Dienstag: Die Sprechzeit "
                              "muss nach ihrem Beginn enden.")
    assert "Zeile 4, Spalte „Ort“: „Turnhalle“: diesen Ort gibt es nicht (Kennung oder " \
           "Name)." in offers[2]
    assert "Zeile 4, Spalte „Ansprechperson“: Bitte geben Sie mindestens einen Weg an" \
        in offers[2]
    assert "Zeile 5, Spalte „Ansprechperson“: „niemand“: diese Ansprechperson gibt es " \
           "nicht (Kennung)." in offers[3]
    assert "Zeile 5, Spalte „Kosten“: „ein Euro“: bitte „kostenlos“, „gegen Spende“ oder " \
           "einen Betrag wie „3,50 €“." in offers[3]
    assert "Zeile 6, Spalte „Titel“: Der Titel ist 70 Zeichen lang" in offers[4]
    assert "Zeile 6, Spalte „Kurzbeschreibung“: Bitte schreiben Sie eine Kurzbeschreibung" \
        in offers[4]
    assert offers[5] == "7 wandern Wandern neu"


def test_sheet_import_kennung_of_another_site_or_a_shared_place_is_refused(app, client):
    with app.app_context():
        contact_q.save(context.db(), "b-buero", "ort-b", {"phone": "069 90009200"},
                       context.now(), "t")
    rows = {"Ansprechpersonen": [["Kennung", "Telefon"], ["b-buero", "069 90009201"]],
            "Orte": [["Kennung", "Name"], ["rathaus", "Rathaus"], ["saal-b", "Saal B"]],
            "Dauerangebote": [OFFER_HEAD, ["b-treff", "Treff", "Treff.", "Treffen & Bewegung",
                                           "Mo 9–10", "", "a-buero", "", ""]]}
    login(client, EDITOR_A)
    _, page = _preview(client, xlsx(rows))
    assert "Spalte „Kennung“: diese Kennung hat schon eine andere Begegnungsstätte." \
        in _rows(page, "contacts")[0]
    assert "ein gemeinsamer Ort aller Begegnungsstätten" in _rows(page, "places")[0]
    assert "diese Kennung hat schon eine andere Begegnungsstätte" in _rows(page, "places")[1]
    assert "diese Kennung hat schon eine andere Begegnungsstätte" in _rows(page, "offers")[0]
    assert "Es gibt nichts zu übernehmen." in page


@pytest.mark.parametrize("raw, name, message", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", "angebote.pdf",
     "Die Datei ist keine Tabelle (.xlsx oder .csv)."),
    (b"PK\x03\x04 kaputt", "kaputt.xlsx", "Die Datei lässt sich nicht als Excel-Tabelle"),
    (b"Einkaufsliste;Menge\r\nBrot;1\r\n", "liste.csv",
     "Die Datei enthält keine Tabelle der Vorlage"),
    (b"", "leer.csv", "Die Datei enthält keine Tabelle der Vorlage"),
    ("Titel;Öffnungszeiten\r\nTreff;Mo 9–12\r\n".encode(), "ohne.csv",
     "Es fehlt die Spalte „Kurzbeschreibung“ (Pflicht)."),
    (csv_text([PLACE_HEAD] + [[f"o-{i}", f"Ort {i}"] for i in range(1001)]).encode(),
     "lang.csv", "Die Tabelle hat mehr als 1000 Zeilen."),
    (b"Name;Adresse\r\n" + b"x" * 5_000_001, "gross.csv", "Die Datei ist größer als 5 MB."),
], ids=["pdf", "broken-xlsx", "no-template-columns", "empty", "missing-column",
        "too-many-rows", "too-large"])
def test_sheet_import_file_that_is_no_table_applies_nothing(app, client, raw, name, message):
    login(client, EDITOR_A)
    answer = _send(client, raw, name)
    assert answer.headers["Location"].endswith("/standorte/ort-a#tabellen")
    section = _section(client)
    assert "Nichts übernommen – " in section and message in section
    with app.app_context():
        assert [r["id"] for r in place_q.visible(context.db(), ["ort-a"])] == [
            "rathaus", "saal-a"]


def test_sheet_import_templates_read_back_as_empty_tables(client):
    login(client, EDITOR_A)
    template = client.get("/tabellen/vorlage.xlsx")
    assert template.headers["Content-Disposition"] == \
        'attachment; filename="quartier-vorlage.xlsx"'
    _, page = _preview(client, template.data)
    assert "Das würde sich ändern: 0 neu, 0 geändert, 0 unverändert." in page
    assert "Es gibt nichts zu übernehmen." in page
    for slug in ("dauerangebote", "orte", "ansprechpersonen"):
        csv_file = client.get(f"/tabellen/vorlage-{slug}.csv")
        assert csv_file.data.startswith("\ufeffKennung;".encode())
        assert _send(client, csv_file.data, f"{slug}.csv").status_code == 302
    assert client.get("/tabellen/vorlage-geheim.csv").status_code == 404
