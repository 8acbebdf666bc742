"""The previews: the terminal's detail screen laid out by the kiosk's own code, and the
publisher's phone page."""

from __future__ import annotations

import pytest

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
    texts = [i.text.replace("\u00a0", " ") for i in first]
    # The key facts on page 1, as on the terminal: date, place, cost, registration.
    assert texts[2:8:2] == ["Freitag, 4. Dezember, 12:00 bis 13:30 Uhr",
                            "Begegnungsstätte Alte Schule, Großer Raum, Erdgeschoss",
                            "6,50 € pro Essen"]
    assert "Bitte vorher anmelden" in texts and "Seite 1 von 4" in texts
    icons = [i for i in first if i.kind == "icon"]
    assert len(icons) >= 4 and all(i.w < i.size * 1.2 for i in icons)
    bar = [i.text for i in first if i.style == "bar"]
    assert bar == ["Start", "Zurück", "Vorlesen", "Schrift", "Kontrast", "Tempo", "Lauter"]
    # Every word fits its button, at the size the terminal gives it.
    from kiosk import layout

    for item in (i for page in result.pages for i in page if i.kind == "button"):
        assert layout.text_width(item.text, item.size, bold=True) < item.w, item.text
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


def _uploaded(folder, data: dict) -> tuple[dict, object]:
    """The demo's lunch picture as the hub stores an upload: scaled, content-addressed."""
    from sync.demo import IMAGE_DIR, PICTURES
    from sync.images import scale_image

    file, alt = PICTURES["lb-mittagstisch"]
    scaled = scale_image((IMAGE_DIR / file).read_bytes())
    path = folder / scaled.name
    path.write_bytes(scaled.data)
    return {**data, "image": {"sha256": scaled.sha256, "alt": alt}}, path


def test_preview_terminal_shows_the_uploaded_picture_in_the_flow(tmp_path):
    data, place, categories = _demo("lb-mittagstisch")
    data, path = _uploaded(tmp_path, data)
    result = preview.terminal("lb-mittagstisch", data, place, categories, NOW, path,
                              "/eintraege/bilder/x.jpg")
    assert result.error == "" and result.image_src == "/eintraege/bilder/x.jpg"
    items = [i for page in result.pages for i in page]
    (picture,) = [i for i in items if i.kind == "image"]
    assert picture.text == data["image"]["alt"]
    assert picture.w / picture.h == pytest.approx(1.5, abs=0.02)
    page = next(p for p in result.pages if picture in p)
    for other in page:
        if other is not picture and other.kind in ("text", "heading", "title"):
            apart = (other.x >= picture.x + picture.w or picture.x >= other.x + other.w
                     or other.y >= picture.y + picture.h or picture.y >= other.y + other.h)
            assert apart, other.text


def test_preview_terminal_without_the_file_shows_no_picture(tmp_path):
    data, place, categories = _demo("lb-mittagstisch")
    data, path = _uploaded(tmp_path, data)
    path.unlink()
    result = preview.terminal("lb-mittagstisch", data, place, categories, NOW, path,
                              "/eintraege/bilder/x.jpg")
    assert result.error == "" and result.image_src == ""
    assert all(i.kind != "image" for page in result.pages for i in page)
