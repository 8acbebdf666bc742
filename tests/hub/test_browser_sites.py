"""Working between sites in a real Chromium: an offer accepted by the neighbours reaches
their feed; the freshness list empties when entries are checked; a calendar subscribed on
a site's page is fetched from a real web server and becomes entries; a place's measured
access facts reach the phone page. Saves the guide's pictures."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from playwright.sync_api import expect

from tests.hub.live_hub import (
    EDITOR,
    NEIGHBOUR,
    NEIGHBOUR_EDITOR,
    SITE,
    login,
    new_page,
    shoot,
)

pytestmark = pytest.mark.timeout(180)
TOWN_CALENDAR = "https://www.lindenbach.example/veranstaltungen.ics"

CALENDAR = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Gemeinde Lindenbach (fiktiv)//Veranstaltungen//DE\r
BEGIN:VEVENT\r
UID:sitzgymnastik-rathaus@lindenbach.example\r
DTSTAMP:20261120T080000Z\r
DTSTART;TZID=Europe/Berlin:20261207T100000\r
DTEND;TZID=Europe/Berlin:20261207T110000\r
RRULE:FREQ=WEEKLY;BYDAY=MO\r
EXDATE;TZID=Europe/Berlin:20261228T100000\r
SUMMARY:Bewegung am Montag im Rathaus\r
DESCRIPTION:Leichte Übungen im Sitzen und Stehen. Fragen: 069 90009 125.\r
LOCATION:Rathaus Lindenbach\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture
def calendar_server(tmp_path) -> Iterator[str]:
    """The municipality's calendar on a real web server on 127.0.0.1."""
    folder = tmp_path / "web"
    folder.mkdir()
    (folder / "veranstaltungen.ics").write_text(CALENDAR, "utf-8")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *_args: object) -> None: ...

    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/veranstaltungen.ics"
    server.shutdown()
    server.server_close()


def test_browser_sites_accepted_offer_reaches_the_neighbours_feed(browser, hub, shots):
    # Lindenbach offers its Erzählcafé to Eichhausen ...
    page = new_page(browser, hub)
    login(page, EDITOR)
    page.goto("/eintraege/lb-erzaehlcafe")
    page.click("#offer")
    page.check(f"#offer_sites-{NEIGHBOUR}")
    shoot(page, "anbieten", shots)
    page.click("#send-offer")
    expect(page.locator("dl.facts")).to_contain_text("Angeboten anBürgertreff Eichhausen (wartet)")
    # ... and Eichhausen, which already has the Vorsorge talk waiting, accepts it.
    page = new_page(browser, hub)
    login(page, NEIGHBOUR_EDITOR)
    expect(page.locator("main")).to_contain_text("2 Angebote")
    page.get_by_role("link", name="Angebote", exact=True).click()
    cards = page.locator("ul.cards li.card")
    expect(cards).to_have_count(2)
    shoot(page, "angebote", shots)
    card = cards.filter(has_text="Erzählcafé")
    card.get_by_role("button", name="Annehmen").click()
    expect(page.locator(".flash")).to_be_visible()
    expect(cards).to_have_count(1)
    expect(page.locator("table.list")).to_contain_text("angenommen")
    page.get_by_role("link", name="Veröffentlichen", exact=True).click()
    page.click(f"#publish-{NEIGHBOUR}")
    expect(page.locator(f"section:has(#version-{NEIGHBOUR})")).to_contain_text("Erzählcafé")
    feed = requests.get(f"{hub.url}/sites/{NEIGHBOUR}/feed.json", timeout=10).json()
    assert "lb-erzaehlcafe" in {e["id"] for e in feed["entries"]}
    assert "lb-vortrag-vorsorge" not in {e["id"] for e in feed["entries"]}  # still waiting


def test_browser_sites_freshness_list_empties_when_checked(browser, hub, shots):
    page = new_page(browser, hub)
    login(page, EDITOR)
    page.get_by_role("link", name="Aktualität", exact=True).click()
    cards = page.locator("ul.cards li.card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("zuletzt geprüft vor 120 Tagen")
    shoot(page, "aktualitaet", shots)
    for entry in ("lb-sonntagscafe", "lb-vorlesepaten"):
        page.click(f"#checked-{entry}")
        expect(page.locator(f"#checked-{entry}")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Alles aktuell")
    page.goto("/eintraege/lb-sonntagscafe")
    expect(page.locator("dl.facts")).to_contain_text("Dienstag, 1. Dezember 2026")


def test_browser_sites_subscribed_calendar_becomes_entries(browser, hub, shots,
                                                           calendar_server):
    # The municipality's server stands on 127.0.0.1 here: an intranet address the
    # operator allowed (docs/hub.md, "Fetching a calendar address").
    hub.app.config["HUB_SETTINGS"]["calendars"]["allow_networks"] = ["127.0.0.1/32"]
    page = new_page(browser, hub)
    login(page, EDITOR)
    page.goto(f"/standorte/{SITE}")
    page.get_by_label("Adresse des Kalenders").fill(calendar_server)
    page.select_option("#calendar-category", "treffen")
    page.click("#add-calendar")
    # The page opens at the calendar section, so the message stands there, in view.
    message = page.locator("#kalender + .flashes .flash")
    expect(message).to_contain_text("Der Kalender ist abonniert")
    expect(message).to_be_in_viewport()
    page.get_by_role("button", name="Jetzt abrufen").click()
    expect(page.locator("#kalender + .flashes .flash")).to_contain_text("1 neu")
    expect(page.locator("#kalender ~ ul.cards")).to_contain_text("Zuletzt abgerufen")
    # Ending the subscription keeps what came in. The guide's picture shows an address as
    # staff would type it (the test server's port changes from run to run).
    page.get_by_role("button", name="Abo beenden").click()
    expect(page.locator("#kalender + .flashes .flash")).to_contain_text("Das Abo ist beendet")
    page.get_by_label("Adresse des Kalenders").fill(TOWN_CALENDAR)
    page.click("#add-calendar")
    expect(page.locator("#kalender ~ ul.cards")).to_contain_text("Noch nicht abgerufen.")
    shoot(page, "kalender", shots, top="#kalender")
    page.goto("/eintraege?q=Bewegung+am+Montag")
    page.get_by_role("link", name="Bewegung am Montag im Rathaus").click()
    dates = page.locator("ol.dates li")
    expect(dates.first).to_have_text("Montag, 7. Dezember, 10:00 bis 11:00 Uhr")
    expect(dates.nth(3)).to_have_text("Montag, 4. Januar 2027, 10:00 bis 11:00 Uhr")  # 28.12. off
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Kalender-Import")
    expect(facts).to_contain_text("Rathaus Lindenbach")  # LOCATION matched the place


def test_browser_sites_measured_access_facts_reach_the_phone_page(browser, hub, shots):
    page = new_page(browser, hub)
    login(page, EDITOR)
    page.get_by_role("link", name="Orte", exact=True).click()
    page.get_by_role("link", name="Begegnungsstätte Alte Schule").first.click()
    page.fill("#door_width_cm", "88")
    page.fill("#checked_on", "2026-11-30")
    shoot(page, "ort", shots, top="h2:text-is('Zugang – gemessen vor Ort')")
    page.click("#save")
    expect(page.locator(".flash")).to_be_visible()
    page.goto("/eintraege/lb-mittagstisch")
    expect(page.locator("#vorschau")).to_contain_text("Tür 88 cm breit")
    phone = page.frame_locator("iframe.phone")
    expect(phone.locator("body")).to_contain_text("88 cm")
