"""The fleet in a real Chromium: the traffic lights of the demo terminals with their
reasons in words, and a terminal enrolled in the browser whose kiosk.toml lines really
work – the terminal pulls the feed and its heartbeat turns up on the fleet page."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from hub.config import public_key_text
from sync.config import load_config
from sync.heartbeat import send
from tests.hub.live_hub import (
    ADMIN,
    EDITOR,
    PUBLIC_URL,
    SITE,
    login,
    new_page,
    shoot,
)

pytestmark = pytest.mark.timeout(180)
BIN = Path(sys.executable).parent


def test_browser_fleet_shows_every_light_with_its_reasons(browser, hub, shots):
    page = new_page(browser, hub)
    login(page, ADMIN)
    page.get_by_role("link", name="Geräte", exact=True).click()
    expect(page.locator("h1")).to_have_text("Geräte")
    expect(page.locator(".summary-line")).to_have_text("1 gestört 1 bitte ansehen 1 in Ordnung")
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(3)
    green, yellow, red = (rows.filter(has_text=name) for name in
                          ("Foyer", "Café, neben dem Eingang", "Eingangshalle"))
    expect(green.locator(".light")).to_have_text("in Ordnung")
    expect(green).to_contain_text("vor 2 Minuten")
    expect(yellow.locator(".light")).to_have_text("bitte ansehen")
    expect(yellow).to_contain_text("letzter Kontakt vor 45 Minuten")
    expect(yellow).to_contain_text("Uhr geht 5 Minuten vor")
    expect(red.locator(".light")).to_have_text("gestört")
    expect(red).to_contain_text("letzter Kontakt vor 5 Stunden")
    expect(red).to_contain_text("wenig Speicher: 150 MB frei")
    expect(red).to_contain_text("letzte Synchronisierung fehlgeschlagen")
    # The colour is never the only signal: each dot has its own shape, and the word.
    shapes = [page.locator(f".light-{c} .light-dot").first.evaluate(
        "el => [getComputedStyle(el).borderRadius, getComputedStyle(el).transform]")
        for c in ("green", "yellow", "red")]
    assert len({tuple(s) for s in shapes}) == 3
    shoot(page, "geraete", shots)
    red.get_by_role("link", name="Eingangshalle").click()
    expect(page.locator("h1")).to_have_text("Terminal „Eingangshalle“")
    expect(page.locator("main")).to_contain_text("150 MB")
    shoot(page, "geraet-gestoert", shots)


def test_browser_fleet_enrolled_terminal_pulls_and_calls_in(browser, hub, shots, tmp_path):
    page = new_page(browser, hub)
    login(page, EDITOR)
    page.get_by_role("link", name="Begegnungsstätten", exact=True).click()
    page.get_by_role("link", name="Begegnungsstätte Alte Schule").first.click()
    shoot(page, "standort", shots)
    page.click("#enrol-terminal")
    page.get_by_label("Wo steht das Terminal?").fill("Bücherei, im Lesesaal")
    terminal_id = page.input_value("#id")
    assert terminal_id == f"{SITE}-3"
    shoot(page, "terminal-anmelden", shots)
    page.click("#enrol")
    lines = page.inner_text("#kiosk-toml")
    shoot(page, "terminal-angemeldet", shots)
    doc = tomllib.loads(lines)
    assert doc["terminal"]["site"] == SITE and doc["terminal"]["id"] == terminal_id
    assert len(doc["terminal"]["token"]) >= 24
    assert doc["sync"]["feed_url"] == f"{PUBLIC_URL}/sites/{SITE}/feed.json"
    assert doc["sync"]["public_keys"] == [public_key_text(hub.app.config["HUB_PATHS"])]
    assert doc["hub"]["url"] == PUBLIC_URL
    # The token is shown once: the page, opened again, no longer has it.
    assert doc["terminal"]["token"] not in page.goto(f"/standorte/{SITE}").text()

    # The technician's file: exactly these lines plus a data folder, with the public
    # address of this test hub put in.
    config_path = tmp_path / "kiosk.toml"
    config_path.write_text(lines.replace(PUBLIC_URL, hub.url)
                           + '[paths]\ndata = "terminal"\n', "utf-8")
    pulled = subprocess.run([str(BIN / "quartier-sync"), "pull", "--config", str(config_path)],
                            capture_output=True, text=True, timeout=60)
    assert pulled.returncode == 0, pulled.stderr
    config = load_config(config_path)
    with requests.Session() as session:
        assert send(config, session)["ok"] is True

    page.goto("/geraete")
    row = page.locator("table.list tbody tr", has_text="Bücherei, im Lesesaal")
    expect(row.locator(".light")).to_have_text("in Ordnung")
    expect(page.locator(".summary-line")).to_contain_text("2 in Ordnung")
