"""The hub on a phone in a real Chromium (390 × 844): every main page without sideways
scrolling – tables become stacked cards – and a link in the error list shows the field's
label and message, not only its input."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.hub.live_hub import ADMIN, EDITOR, NEIGHBOUR, SITE, login

pytestmark = pytest.mark.timeout(240)
PHONE = {"width": 390, "height": 844}
PAGES = [
    "/", "/eintraege", "/eintraege?state=draft", "/eintraege/neu",
    "/eintraege/lb-mittagstisch", "/eintraege/lb-mittagstisch/bearbeiten",
    "/eintraege/lb-mittagstisch/verlauf", "/eintraege/lb-mittagstisch/loeschen",
    "/eintraege/lb-mittagstisch/anbieten", "/papierkorb", "/orte", "/orte/neu",
    "/orte/alte-schule/bearbeiten", "/veroeffentlichen", "/aktualitaet", "/geraete",
    "/geraete/schule-2", "/angebote", "/umfragen", "/umfragen/neu", "/umfragen/lindenplatz",
    "/umfragen/lindenplatz/bearbeiten", "/auswertung", "/datenschutz-terminal",
    "/standorte", f"/standorte/{SITE}", f"/standorte/{SITE}/bearbeiten",
    f"/standorte/{NEIGHBOUR}", f"/standorte/{SITE}/terminals/neu",
    "/terminals/schule-1/neuer-schluessel", "/terminals/schule-1/loeschen", "/benutzer",
    "/benutzer/neu", "/benutzer/2/bearbeiten", "/konto/passwort",
]
WIDTH = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def _phone(browser, hub):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="de-DE",
                                  timezone_id="Europe/Berlin", base_url=hub.url,
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    return context.new_page()


def test_browser_phone_every_page_fits_390_pixels(browser, hub):
    page = _phone(browser, hub)
    page.goto("/anmelden")
    too_wide = {}
    scroll, client = page.evaluate(WIDTH)
    if scroll > PHONE["width"]:
        too_wide["/anmelden"] = scroll
    login(page, ADMIN)
    for path in PAGES:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        scroll, client = page.evaluate(WIDTH)
        assert client == PHONE["width"], path
        if scroll > PHONE["width"]:
            too_wide[path] = scroll
    # The preview of a spreadsheet (its address is the upload's).
    page.goto(f"/standorte/{SITE}")
    page.set_input_files("#sheet-file", files=[{
        "name": "orte.csv", "mimeType": "text/csv",
        "buffer": "Kennung;Name;Adresse;Hinweis zum Zugang\r\nkleiner-saal;Kleiner Saal im "
                  "Erdgeschoss;Schulstraße 4, 71111 Lindenbach;Eingang über den Hof, "
                  "Klingel links\r\n".encode()}])
    with page.expect_navigation():
        page.click("#upload-sheet")
    assert "/tabellen/" in page.url
    scroll, client = page.evaluate(WIDTH)
    if scroll > PHONE["width"]:
        too_wide["/tabellen/<upload>"] = scroll
    assert too_wide == {}, f"pages wider than {PHONE['width']} px: {too_wide}"
    # A table is a stack of cards, each value with its column's name.
    page.goto("/eintraege")
    row = page.locator("table.list tbody tr").first
    assert row.evaluate("el => getComputedStyle(el).display") == "block"
    expect(row.locator("td[data-label='Begegnungsstätte']")).to_be_visible()


def test_browser_phone_error_link_shows_label_and_message(browser, hub):
    page = _phone(browser, hub)
    login(page, EDITOR)
    page.goto("/eintraege/neu")
    page.fill("#title", "Zeitungscafé")
    page.fill("#summary", "Wir lesen gemeinsam die Zeitung von heute.")
    page.fill("#date_start", "2026-12-04")
    page.fill("#time_start", "10:00")
    with page.expect_navigation():
        page.click("#save")
    link = page.locator("#fehlerliste a[href='#contact_phone']")
    expect(link).to_have_count(1)
    link.click()
    expect(page.locator("#contact_phone")).to_be_focused()
    height = page.evaluate("window.innerHeight")
    for selector in ("label[for=contact_phone]", "#contact_phone-fehler", "#contact_phone"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, \
            (selector, box, height)
