"""The previews: the terminal's detail screen laid out by the kiosk's own code, and the
publisher's phone page."""

from __future__ import annotations

from hub import preview
from sync.demo import demo_source
from tests.hub.conftest import NOW


def _demo(entry_id: str) -> tuple[dict, dict | None, list]:
    source = demo_source(NOW.date())
    entry = next(e for e in source["entries"] if e["id"] == entry_id)
    data = {k: v for k, v in entry.items() if k != "id"}
    place = next((p for p in source["places"] if p["id"] == data.get("place_id")), None)
    return data, place, source["categories"]


def test_preview_terminal_pages_as_the_kiosk_lays_them_out():
    data, place, categories = _demo("lb-mittagstisch")
    result = preview.terminal("lb-mittagstisch", data, place, categories, NOW)
    assert result.error == ""
    first = result.pages[0]
    assert first[0].kind == "title" and first[0].text == "Offener Mittagstisch"
    texts = [i.text for i in first]
    assert "Wann" in texts and "Seite 1 von 4" in texts
    bar = [i.text for i in first if i.style == "bar"]
    assert bar == ["Start", "Zurück", "Vorlesen", "Schrift", "Kontrast", "Tempo", "Lauter"]
    assert all(i.x >= 0 and i.x + i.w <= 1920 and i.y >= 0 and i.y + i.h <= 1080
               for page in result.pages for i in page)
    assert result.pages[-1][1].kind == "qr" and "<svg" in result.qr_svg
    assert [c.label for c in result.codes] == ["Termin", "Kontakt", "Anrufen", "Weg"]
    assert result.row.headline == "Freitag, 4. Dezember, 12:00 bis 13:30 Uhr"


def test_preview_cancelled_entry_has_its_banner():
    data, place, categories = _demo("lb-konzert")
    result = preview.terminal("lb-konzert", data, place, categories, NOW)
    banner = next(i for i in result.pages[0] if i.kind == "banner")
    assert banner.style == "cancelled" and banner.text.startswith("Fällt aus: Der Chorleiter")


def test_preview_entry_the_terminal_would_not_show_says_why():
    data, place, categories = _demo("lb-fest-generationen")
    data["valid_until"] = "2026-11-01"
    result = preview.terminal("lb-fest-generationen", data, place, categories, NOW)
    assert result.pages == [] and "nicht gezeigt" in result.error


def test_preview_phone_page_is_the_publishers():
    data, place, categories = _demo("lb-mittagstisch")
    html = preview.phone("lb-mittagstisch", data, place, categories, NOW)
    assert "<h1>Offener Mittagstisch</h1>" in html
    assert 'href="tel:+496990009202"' in html and "lb-mittagstisch.ics" in html
