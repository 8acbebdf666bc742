"""Phone pages (e/<id>.html): valid HTML, German, large text, a tel: link, no JavaScript;
rendered in a real Chromium at phone size."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import html5lib
import pytest

from sync import phonepage
from sync.publish import publish
from sync.signing import keygen

REPO = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# The demo as published on Tuesday 1 December 2026, 8:00: the same pages on every run.
DEMO_NOW = datetime(2026, 12, 1, 8, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture(scope="module")
def demo_tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("phone")
    keygen(root / "keys")
    publish("demo", root / "keys" / "signing.key", root / "out", now=DEMO_NOW)
    return root / "out"


def _pages(tree: Path) -> list[Path]:
    return sorted((tree / "e").glob("*.html"))


def test_phonepage_every_demo_page_is_valid_html(demo_tree):
    pages = _pages(demo_tree)
    assert len(pages) == 21
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for page in pages:
        text = page.read_text("utf-8")
        doc = parser.parse(text)  # raises on any parse error
        assert doc.get("lang") == "de", page.name
        assert doc.find(".//script") is None and "javascript:" not in text, page.name
        assert doc.find(".//a[@href]") is not None
        tel = [a for a in doc.iter("a") if a.get("href", "").startswith("tel:+49699000")]
        assert tel, f"{page.name}: no tel: link"


def test_phonepage_escapes_text_from_the_source():
    entry = {"id": "x", "kind": "event", "title": "<script>alert(1)</script> & Co",
             "summary": '"Zitat" <b>', "contact": {"phone": "069 90009 300"}}
    html = phonepage.render(entry, None)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; Co" in html
    html5lib.HTMLParser(strict=True).parse(html)


def test_phonepage_states_cancellation_in_words():
    entry = {"id": "x", "kind": "event", "title": "Konzert", "summary": "",
             "status": "cancelled", "status_note": "Der Chor ist erkrankt.",
             "occurrences": [{"start": "2026-12-04T16:00:00+01:00",
                              "end": "2026-12-04T17:30:00+01:00", "status": "cancelled"}]}
    html = phonepage.render(entry, None)
    assert "Fällt aus. Der Chor ist erkrankt." in html
    assert "Freitag, 4.\u00a0Dezember 2026, 16:00 bis 17:30 Uhr" in html


def test_phonepage_moved_date_stands_under_its_usual_day():
    entry = {"id": "x", "kind": "event", "title": "Spielenachmittag", "summary": "",
             "rhythm": "jeden Donnerstag, 14:30 bis 16:00 Uhr",
             "occurrences": [{"start": "2026-12-11T16:00:00+01:00",
                              "end": "2026-12-11T17:30:00+01:00", "status": "moved",
                              "note": "diesmal am Freitag",
                              "moved_from": "2026-12-10T14:30:00+01:00"}]}
    html = phonepage.render(entry, None)
    assert ("<li><strong>Donnerstag, 10.\u00a0Dezember 2026</strong><br>verlegt auf Freitag, "
            "11.\u00a0Dezember 2026, 16:00 bis 17:30 Uhr<br>diesmal am Freitag</li>") in html
    html5lib.HTMLParser(strict=True).parse(html)


def test_phonepage_map_link_uses_the_place_geo_or_address():
    assert phonepage.map_link({"name": "x", "geo": {"lat": 48.7, "lon": 9.2}}) == (
        "https://www.openstreetmap.org/?mlat=48.7&mlon=9.2#map=18/48.7/9.2")
    assert phonepage.map_link({"name": "x", "address": "Marktplatz 1, Lindenbach"}) == (
        "https://www.openstreetmap.org/search?query=Marktplatz%201%2C%20Lindenbach")
    assert phonepage.map_link({"name": "x"}) is None


def test_phonepage_speaks_plain_german_without_abbreviations():
    entry = {"id": "x", "kind": "event", "title": "Treff", "summary": "",
             "registration": {"kind": "required", "deadline": "2026-12-03"},
             "contact": {"role": "Büro", "phone": "069 90009 300",
                         "phone_hours": "Mo bis Fr, 9 bis 12 Uhr"}}
    place = {"id": "p", "name": "Ev. Gemeindehaus", "room": "Saal", "floor": "1. OG",
             "address": "Kirchstr. 2, Lindenbach",
             "access": {"step_free": True, "checked_on": "2026-10-01"}}
    html = phonepage.render(entry, place)
    for abbreviation in ("1. OG", "Ev.", "Kirchstr.", "Mo bis Fr", "erforderlich"):
        assert abbreviation not in html
    assert "1. Obergeschoss" in html and "Evangelisches Gemeindehaus" in html
    assert "Kirchstraße 2" in html
    assert "erreichbar montags bis freitags, 9 bis 12 Uhr" in html
    assert "bitte anmelden bis Donnerstag, 3.\u00a0Dezember 2026" in html
    assert "Zugang nachgemessen am 1.\u00a0Oktober 2026." in html
    none = phonepage.render({**entry, "registration": {"kind": "none"}}, place)
    assert "Anmeldung:</strong> Sie müssen sich nicht anmelden" in none


# JavaScript run in the page: the computed font size of every element holding text.
TEXT_SIZES = """() => Array.from(document.querySelectorAll('body *'))
  .filter(el => Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(el => [parseFloat(getComputedStyle(el).fontSize), el.textContent.trim().slice(0, 40)])"""


def test_phonepage_renders_large_and_readable_in_chromium(demo_tree, tmp_path):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (deploy/system-deps.sh)")
    shots = tmp_path / "shots"
    shots.mkdir()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=PHONE, device_scale_factor=1,
                                    java_script_enabled=True)
            for path in _pages(demo_tree):
                page.goto(path.as_uri())
                sizes = page.evaluate(TEXT_SIZES)
                small = [(s, t) for s, t in sizes if s < 18]
                assert sizes and not small, f"{path.name}: small text {small[:3]}"
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= PHONE["width"], f"{path.name}: scrolls sideways ({width}px)"
                call = page.locator("a[href^='tel:']").first
                box = call.bounding_box()
                assert call.is_visible() and box and box["height"] >= 48, path.name
                page.screenshot(path=str(shots / f"{path.stem}.png"))
            page.goto((demo_tree / "e" / "lb-mittagstisch.html").as_uri())
            shot = page.screenshot()
        finally:
            browser.close()
    assert len(list(shots.iterdir())) == 21
    docs = REPO / "docs" / "phone-page.png"
    if not docs.exists() or docs.read_bytes() != shot:
        docs.write_bytes(shot)  # the README's picture, rewritten only when it changed
