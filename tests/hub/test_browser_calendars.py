"""Calendar files and spreadsheets in a real Chromium: a staff member adds a contact
person, uploads an .ics file with one broken event (the others come in, the broken one is
named with its line), and imports an XLSX of standing offers with one bad row (the
preview names it, "Übernehmen" brings the rest). Saves the guide's pictures."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.hub.ical_cases import vcalendar, vevent
from tests.hub.live_hub import EDITOR, SITE, login, new_page, shoot
from tests.hub.sheet_cases import xlsx

pytestmark = pytest.mark.timeout(180)

CALENDAR = vcalendar(
    vevent("sitztanz@lindenbach.example", "DTSTART;TZID=Europe/Berlin:20261209T100000",
           "DTEND;TZID=Europe/Berlin:20261209T113000", "RRULE:FREQ=WEEKLY;BYDAY=WE",
           "DESCRIPTION:Tanzen im Sitzen\\, für alle. Bitte bequeme Schuhe mitbringen.",
           summary="Sitztanz"),
    vevent("", "DTSTART;VALUE=DATE:20261212", "DTEND;VALUE=DATE:20261214",
           "DESCRIPTION:Mit Posaunenchor und Glühwein.", summary="Adventsmarkt"),
    vevent("vortrag@lindenbach.example", "DTEND;TZID=Europe/Berlin:20261210T190000",
           summary="Vortrag ohne Beginn"))
BROKEN_LINE = CALENDAR.split("\r\n").index("UID:vortrag@lindenbach.example")
OFFERS = {
    "Ansprechpersonen": [["Kennung", "Aufgabe oder Stelle", "Name", "Telefon",
                          "Telefonisch erreichbar"],
                         ["pflege", "Pflegestützpunkt", "Frau Berger", "069 90009 130",
                          "Mo–Fr 9–12 Uhr"]],
    "Dauerangebote": [["Kennung", "Titel", "Kurzbeschreibung", "Bereich", "Öffnungszeiten",
                       "Ort", "Ansprechperson", "Kosten"],
                      ["pflegeberatung", "Pflegeberatung", "Beratung zu Pflegegrad und "
                       "Hilfen im Alltag.", "Hilfe & Beratung", "Mo–Fr 9–12 Uhr; Do 14–17 Uhr",
                       "Begegnungsstätte Alte Schule", "pflege", "kostenlos"],
                      ["handy", "Handy-Sprechstunde", "Fragen zum Smartphone? Wir helfen.",
                       "Treffen & Bewegung", "nach Vereinbarung", "alte-schule", "pflege",
                       ""],
                      ["rentenberatung", "Rentenberatung", "Hilfe bei Anträgen zur Rente.",
                       "Hilfe & Beratung", "Mi 9–11 Uhr", "rathaus", "pflege",
                       "gegen Spende"]],
}


def test_browser_calendars_upload_an_ics_file(browser, hub, shots):
    page = new_page(browser, hub)
    login(page, EDITOR)
    page.goto(f"/standorte/{SITE}")
    # A contact person first: the calendar's events have none of their own.
    page.fill("#new-contact-role", "Büro der Begegnungsstätte")
    page.fill("#new-contact-phone", "069 90009 100")
    page.fill("#new-contact-phone_hours", "Mo–Fr 9–12 Uhr")
    page.click("#add-contact")
    expect(page.locator("#kontakte + .flashes .flash")).to_contain_text("ist angelegt")
    page.set_input_files("#calendar-file", files=[{
        "name": "veranstaltungen.ics", "mimeType": "text/calendar",
        "buffer": CALENDAR.encode()}])
    page.select_option("#calendar-file-category", "treffen")
    page.select_option("#calendar-file-contact", label="Büro der Begegnungsstätte, "
                                                       "069 90009100")
    page.select_option("#calendar-file-place", "alte-schule")
    page.click("#upload-calendar")
    message = page.locator("#kalender + .flashes .flash")
    expect(message).to_contain_text("Kalender Datei veranstaltungen.ics: 2 neu, 0 geändert")
    expect(message).to_contain_text("1 abgelehnt")
    expect(message).to_be_in_viewport()
    card = page.locator("#kalender ~ ul.cards li.card").filter(has_text="veranstaltungen.ics")
    expect(card.locator("ul.import-problems")).to_contain_text(
        f"abgelehnt: Termin „vortrag@lindenbach.example“ (Zeile {BROKEN_LINE}) nicht "
        "übernommen: dem Termin fehlt der Beginn (DTSTART).")
    shoot(page, "kalender-datei", shots, top="#kalender")
    page.goto("/eintraege?q=Sitztanz")
    page.get_by_role("link", name="Sitztanz").click()
    expect(page.locator("ol.dates li").first).to_have_text(
        "Mittwoch, 9. Dezember, 10:00 bis 11:30 Uhr")
    expect(page.locator("dl.facts")).to_contain_text("OrtBegegnungsstätte Alte Schule")
    expect(page.locator("#vorschau")).to_contain_text("Büro der Begegnungsstätte")
    # Released on import: the calendar is the source, the terminals get it at once.
    expect(page.locator("#zustand .state-word")).to_have_text("Freigegeben")
    page.click("#edit")
    page.click("#save")                     # the import's defaults: saving works
    expect(page.locator(".flash")).to_contain_text("Als Entwurf gespeichert.")
    expect(page.locator("#zustand .state-word")).to_have_text("Entwurf mit Änderungen")


def test_browser_calendars_xlsx_with_one_bad_row(browser, hub, shots):
    page = new_page(browser, hub)
    login(page, EDITOR)
    page.goto(f"/standorte/{SITE}")
    page.set_input_files("#sheet-file", files=[{
        "name": "angebote.xlsx", "buffer": xlsx(OFFERS),
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.click("#upload-sheet")
    expect(page.locator("#sheet-summary")).to_have_text(
        "Das würde sich ändern: 3 neu, 0 geändert, 0 unverändert; 1 Zeile nicht übernommen "
        "(Tabellenblatt „Dauerangebote“, Zeile 3).")
    bad = page.locator("#preview-offers tr.row-error")
    expect(bad).to_contain_text("Tabellenblatt „Dauerangebote“, Zeile 3, Spalte "
                                "„Öffnungszeiten“: „nach Vereinbarung“: bitte mit den Tagen "
                                "beginnen")
    shoot(page, "tabelle-vorschau", shots)
    page.click("#apply-sheet")
    expect(page.locator("#tabellen + .flashes .flash")).to_contain_text(
        "Tabelle angebote.xlsx übernommen: 3 neu")
    page.goto("/eintraege?q=Pflegeberatung")
    page.get_by_role("link", name="Pflegeberatung").click()
    expect(page.locator("#vorschau")).to_contain_text("Frau Berger")
    expect(page.locator("#zustand .state-word")).to_have_text("Freigegeben")
    page.goto("/eintraege?q=Handy-Sprechstunde")
    expect(page.locator("main")).not_to_contain_text("Handy-Sprechstunde (")
    expect(page.get_by_role("link", name="Handy-Sprechstunde")).to_have_count(0)
