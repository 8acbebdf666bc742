"""The hub in a real Chromium: an editor writes a weekly entry with an exception, a place,
contact hours and a picture, sees the next ten dates and both previews of the draft,
releases it, sees the pending changes on the publish page and publishes; a terminal that
pulls the published tree has the entry and the picture, and after its heartbeat the fleet
says "zeigt den neuesten Stand". Then an edit, its history, and an older version
restored. Also: an error shown next to its field, and another site's entry refused.
Saves the guide's pictures."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from PIL import Image
from playwright.sync_api import expect

from sync.config import load_config
from sync.heartbeat import send
from tests.hub.live_hub import (
    EDITOR,
    NEIGHBOUR_EDITOR,
    SITE,
    login,
    new_page,
    shoot,
)

pytestmark = pytest.mark.timeout(240)
BIN = Path(sys.executable).parent
TITLE = "Spielenachmittag"
ALT = "Spielkarten und Würfel auf einem Holztisch"


def _photo(path: Path) -> Path:
    """A camera-sized JPEG with a camera name in its EXIF (the hub must strip it)."""
    image = Image.new("RGB", (1600, 1200), (214, 160, 70))
    for i in range(6):
        image.paste((40 + 30 * i, 90, 140 - 15 * i), (120 + 230 * i, 300, 300 + 230 * i, 900))
    exif = Image.Exif()
    exif[0x010F] = "Testkamera"  # Make
    image.save(path, "JPEG", quality=85, exif=exif)
    return path


def _fill_entry(page, photo: Path, shots: Path) -> None:
    page.get_by_label("Titel").fill(TITLE)
    page.fill("#summary", "Brettspiele, Karten und Rätsel in netter Runde. Einfach kommen.")
    page.select_option("#category", "treffen")
    shoot(page, "eintrag-neu", shots, top="h1")
    # Every Thursday from 3 December, 14:30 to 16:30, not on Christmas Eve or New Year's Eve.
    page.fill("#date_start", "2026-12-03")
    page.fill("#time_start", "14:30")
    page.fill("#time_end", "16:30")
    page.check("#repeat-weekly")
    page.check("#weekly_days-TH")
    page.fill("#exdates", "24.12.2026\n31.12.2026")
    # Recalculated by the page's script while typing: after the 17th comes 7 January.
    dates = page.locator("#termine-liste li")
    expect(dates.nth(3)).to_have_text("Donnerstag, 7. Januar 2027, 14:30 bis 16:30 Uhr")
    expect(dates).to_have_count(10)
    expect(dates.first).to_have_text("Donnerstag, 3. Dezember, 14:30 bis 16:30 Uhr")
    scripted = page.inner_text("#termine-liste")
    listed = " | ".join(dates.all_inner_texts())
    assert "24. Dezember" not in listed and "31. Dezember" not in listed
    # The rhythm above the dates names the two left out, so "jeden Donnerstag" is true.
    assert "(nicht am 24. Dezember und 31. Dezember)" in scripted
    # "Termine prüfen" computes the same on the server (without JavaScript), keeping the form.
    with page.expect_navigation():
        page.click("#show-dates")
    assert page.inner_text("#termine-liste") == scripted
    expect(page.locator("#exdates")).to_have_value("24.12.2026\n31.12.2026")
    shoot(page, "eintrag-wann", shots, top="#wann legend")
    shoot(page, "eintrag-termine", shots, bottom="#termine")
    page.select_option("#place_id", "alte-schule")
    page.fill("#contact_role", "Quartiersbüro")
    page.fill("#contact_phone", "069 / 90009-123")
    page.fill("#contact_phone_hours", "Mo bis Fr, 9 bis 12 Uhr")
    page.set_input_files("#image", str(photo))
    page.fill("#image_alt", ALT)
    shoot(page, "eintrag-ort", shots, top="h2:text-is('Wo?')")
    shoot(page, "eintrag-kontakt", shots, top="h2:text-is('Kontakt')")
    shoot(page, "eintrag-bild", shots, top="h2:text-is('Bild (freiwillig)')")


def _terminal_db(hub) -> Path:
    return hub.data / "demo" / "terminal-schule-1" / "kiosk.sqlite"


def test_browser_entry_weekly_with_picture_reaches_a_terminal(browser, hub, shots, tmp_path):
    page = new_page(browser, hub)
    page.goto("/anmelden")
    shoot(page, "anmelden", shots)
    login(page, EDITOR)
    shoot(page, "uebersicht", shots)
    page.get_by_role("link", name="Einträge", exact=True).click()
    page.click("#new-entry")
    _fill_entry(page, _photo(tmp_path / "spiele.jpg"), shots)
    with page.expect_navigation():
        page.click("#save")
    assert urlsplit(page.url).path == "/eintraege/spielenachmittag"
    expect(page.locator("h1")).to_have_text(TITLE)
    assert page.locator("ol.dates li").count() == 10
    # The terminal's detail screen, page by page, and the row of the lists.
    figures = page.locator("#vorschau figure.terminal")
    assert figures.count() >= 2
    expect(figures.first).to_contain_text(TITLE)
    # The key facts on the first page: the next date and the place.
    expect(figures.first).to_contain_text("Donnerstag, 3. Dezember, 14:30 bis 16:30 Uhr")
    expect(figures.first).to_contain_text("Begegnungsstätte Alte Schule")
    # The picture follows the summary; the rhythm and the phone with its hours follow.
    terminal = page.locator("#vorschau")
    expect(terminal.locator(f'img.t-image[alt="{ALT}"]')).to_have_count(1)
    expect(terminal).to_contain_text("Jeden Donnerstag, 14:30 bis 16:30 Uhr")
    # Typed with short weekdays: the terminal writes them out, the page names the hint.
    expect(terminal).to_contain_text(
        "Quartiersbüro, Telefon 069 90009 123 (montags bis freitags, 9 bis 12 Uhr)")
    expect(page.locator("#abkuerzungen")).to_contain_text("„Mo bis Fr“")
    expect(terminal).to_contain_text("Tür 95 cm breit")  # the place's measured facts
    expect(page.locator("#vorschau .row-preview")).to_contain_text(
        "Donnerstag, 3. Dezember, 14:30 bis 16:30 Uhr")
    # The phone page the QR code opens, with the picture and its alt text.
    phone = page.frame_locator("iframe.phone")
    expect(phone.locator("h1")).to_have_text(TITLE)
    expect(phone.locator(f'img[alt="{ALT}"]')).to_have_count(1)
    expect(phone.locator("a[href='tel:+496990009123']").first).to_contain_text("069 90009 123")
    # A draft: the terminals do not show it before it is released.
    expect(page.locator("#zustand")).to_contain_text("Entwurf – noch nicht freigegeben")
    shoot(page, "eintrag-seite", shots)
    shoot(page, "eintrag-vorschau", shots, top="#vorschau h2")
    shoot(page, "eintrag-handy", shots, top="#preview-phone")
    with page.expect_navigation():
        page.click("#release")
    expect(page.locator("#zustand")).to_contain_text("Freigegeben am 1. Dezember 2026")
    shoot(page, "eintrag-freigegeben", shots)

    # The publish page lists what will change before the button, per site.
    hub.clock.now += timedelta(hours=7, minutes=18)   # the afternoon: a later "Stand"
    login(page, EDITOR)
    page.get_by_role("link", name="Veröffentlichen", exact=True).click()
    pending = page.locator(f"#pending-{SITE}")
    expect(pending.locator("li")).to_have_text([TITLE])
    expect(pending).to_contain_text("Neu")
    expect(page.locator("#arrival-schule-1")).to_contain_text("zeigt den neuesten Stand")
    shoot(page, "veroeffentlichen", shots, top=f"#site-{SITE}")
    with page.expect_navigation():
        page.click(f"#publish-{SITE}")
    expect(page.locator("h1")).to_have_text("Veröffentlicht")
    result = page.locator(f"section:has(#version-{SITE})")
    expect(result.locator("h3", has_text="Neu")).to_have_count(1)
    expect(result).to_contain_text(TITLE)
    expect(page.locator(f"#label-{SITE}")).to_have_text("Stand: 1. Dezember, 16:18 Uhr")
    version = int(page.inner_text(f"#version-{SITE}"))
    shoot(page, "veroeffentlicht", shots)

    # Before the terminal pulls, it shows the state before; after its pull and heartbeat
    # the fleet says it has the newest.
    hub.clock.now += timedelta(minutes=4)
    page.get_by_role("link", name="Geräte", exact=True).click()
    foyer = page.locator("table.list tbody tr", has_text="Foyer")
    expect(foyer.locator(".arrival-words")).to_have_text(
        "zeigt den Stand von 1. Dezember, 9:00 Uhr, seit 4 Minuten gibt es einen neueren")
    pulled = subprocess.run([str(BIN / "quartier-sync"), "pull", "--config",
                             str(hub.kiosk_toml())], capture_output=True, text=True,
                            timeout=60)
    assert pulled.returncode == 0, pulled.stderr
    _assert_on_terminal(_terminal_db(hub), version)
    with requests.Session() as session:
        assert send(load_config(hub.kiosk_toml()), session)["ok"] is True
    page.reload()
    expect(foyer.locator(".arrival-words")).to_have_text("zeigt den neuesten Stand")
    expect(foyer.locator(".technical")).to_contain_text(f"Versionsnummer {version}")
    shoot(page, "geraete-angekommen", shots)

    # An edit is a new version; the history shows it in words and restores the older one.
    page.goto("/eintraege/spielenachmittag/bearbeiten")
    page.get_by_label("Titel").fill("Spielenachmittag mit Kuchen")
    with page.expect_navigation():
        page.click("#save")
    expect(page.locator("#zustand")).to_contain_text("Entwurf mit Änderungen")
    with page.expect_navigation():
        page.click("#history")
    unreleased = page.locator("#nicht-freigegeben tbody tr", has_text="Titel")
    expect(unreleased.locator("td.old")).to_have_text(TITLE)
    expect(unreleased.locator("td.new")).to_have_text("Spielenachmittag mit Kuchen")
    shoot(page, "eintrag-verlauf", shots)
    with page.expect_navigation():
        page.click("#restore-1")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".flash")).to_contain_text("Fassung 1 ist wiederhergestellt")
    page.click("#history")
    expect(page.locator("#fassung-3")).to_contain_text("Fassung 1 wiederhergestellt")


def _assert_on_terminal(db_path: Path, version: int) -> None:
    db = sqlite3.connect(db_path)
    try:
        assert db.execute("SELECT version FROM feed").fetchone() == (version,)
        title, place, data = db.execute(
            "SELECT title, place_id, data FROM entries WHERE id = 'spielenachmittag'"
        ).fetchone()
        starts = [r[0] for r in db.execute(
            "SELECT start FROM occurrences WHERE entry_id = 'spielenachmittag' ORDER BY start_ts")]
        asset = db.execute("SELECT type FROM assets WHERE sha256 = ?",
                           (json.loads(data)["image"]["sha256"],)).fetchone()
    finally:
        db.close()
    entry = json.loads(data)
    assert title == TITLE and place == "alte-schule"
    assert entry["image"]["alt"] == ALT and asset == ("image/jpeg",)
    assert entry["contact"]["phone_hours"] == "Mo bis Fr, 9 bis 12 Uhr"
    assert starts[:3] == ["2026-12-03T14:30:00+01:00", "2026-12-10T14:30:00+01:00",
                          "2026-12-17T14:30:00+01:00"]
    assert starts[3] == "2027-01-07T14:30:00+01:00"  # 24 and 31 December left out
    sha = entry["image"]["sha256"]
    files = list((db_path.parent / "assets").glob(f"{sha}.*"))
    assert len(files) == 1 and hashlib.sha256(files[0].read_bytes()).hexdigest() == sha
    with Image.open(files[0]) as picture:
        assert picture.format == "JPEG" and max(picture.size) <= 1280
        assert not picture.getexif()  # no camera data on the terminal


def test_browser_entry_error_is_shown_next_to_its_field(browser, hub, shots):
    page = new_page(browser, hub)
    login(page, EDITOR)
    page.goto("/eintraege/neu")
    page.fill("#summary", "Wir lesen gemeinsam die Zeitung von heute.")
    page.fill("#date_start", "2026-12-04")
    page.fill("#time_start", "10:00")
    page.fill("#contact_phone", "069 90009124")
    with page.expect_navigation() as saved:
        page.click("#save")
    assert saved.value.status == 422
    error, label, field = (page.locator("#title-fehler"), page.locator("label[for=title]"),
                           page.locator("#title"))
    expect(error).to_be_visible()
    expect(error).to_contain_text("Titel")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert "title-fehler" in (field.get_attribute("aria-describedby") or "").split()
    # Right under the label, right above the input, in the same column.
    e, lab, f = error.bounding_box(), label.bounding_box(), field.bounding_box()
    assert e and lab and f
    assert lab["y"] < e["y"] < f["y"] and e["y"] + e["height"] <= f["y"] + 1
    assert abs(e["x"] - f["x"]) < 2
    summary = page.locator("#fehlerliste")
    expect(summary.locator("li")).to_have_count(1)
    expect(summary.locator("a[href='#title']")).to_have_count(1)
    shoot(page, "eintrag-fehler", shots, top="#fehlerliste")
    # What was typed is still there; with a title the entry is saved.
    expect(page.locator("#summary")).to_have_value("Wir lesen gemeinsam die Zeitung von heute.")
    page.get_by_label("Titel").fill("Zeitungscafé")
    with page.expect_navigation() as saved:
        page.click("#save")
    assert saved.value.status == 200 and page.url.endswith("/eintraege/zeitungscafe")


@pytest.mark.parametrize("path", ["/eintraege/lb-mittagstisch",
                                  "/eintraege/lb-mittagstisch/bearbeiten",
                                  "/eintraege/lb-mittagstisch/handy"])
def test_browser_entry_of_another_site_is_refused(browser, hub, path):
    page = new_page(browser, hub)
    login(page, NEIGHBOUR_EDITOR)
    response = page.goto(path)
    assert response is not None and response.status in (403, 404)
    expect(page.locator("h1")).to_have_text(
        "Kein Zugriff" if response.status == 403 else "Seite nicht gefunden")
    assert "Offener Mittagstisch" not in page.content()


def test_browser_entry_shared_with_all_is_readable_but_not_editable(browser, hub):
    page = new_page(browser, hub)
    login(page, NEIGHBOUR_EDITOR)
    response = page.goto("/eintraege/lb-buergerbus")
    assert response is not None and response.status == 200
    expect(page.locator("#copy")).to_be_visible()
    expect(page.locator("#edit")).to_have_count(0)
    assert page.goto("/eintraege/lb-buergerbus/bearbeiten").status == 403
