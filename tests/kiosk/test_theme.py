"""Colours, type and sizes: the numbers of DESIGN.md §6 hold for any configured panel."""

import pytest
from PIL import ImageFont

from kiosk.icons import ICONS
from kiosk.theme import (
    CAP_HEIGHT_EM,
    MIN_EDGE_CONTRAST,
    PALETTES,
    TEXT_PAIRS,
    TEXT_SCALES,
    contrast,
    font_files,
    icon_font,
    metrics,
)


@pytest.mark.parametrize("theme", sorted(PALETTES))
@pytest.mark.parametrize(("fg", "bg"), TEXT_PAIRS)
def test_theme_every_text_colour_pair_is_at_least_7_to_1(theme, fg, bg):
    palette = PALETTES[theme]
    assert contrast(getattr(palette, fg), getattr(palette, bg)) >= 7


@pytest.mark.parametrize("theme", sorted(PALETTES))
def test_theme_rows_and_buttons_stand_out_at_least_3_to_1(theme):
    """List rows are framed in the buttons' colour (WCAG 1.4.11); their own ground alone
    (beige on cream, 1.14:1) does not show that they can be tapped."""
    palette = PALETTES[theme]
    assert contrast(palette.button_bg, palette.bg) >= MIN_EDGE_CONTRAST
    assert contrast(palette.button_bg, palette.muted_bg) >= MIN_EDGE_CONTRAST
    assert contrast(palette.muted_bg, palette.bg) < MIN_EDGE_CONTRAST   # why the frame


@pytest.mark.parametrize("theme", sorted(PALETTES))
def test_theme_a_status_never_wears_the_buttons_colour(theme):
    """ "Ausgebucht" on the buttons' yellow looked like a button in high contrast (the
    meaning audit's untappable_looks_tappable found it on the detail's status)."""
    palette = PALETTES[theme]
    grounds = {palette.alert_bg, palette.warn_bg, palette.ok_bg, palette.muted_bg}
    assert palette.button_bg not in grounds


def test_theme_contrast_formula_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("width_px,width_mm", [(1920, 476), (1920, 598), (1080, 268),
                                               (1366, 344), (3840, 598)])
def test_theme_body_capital_height_is_at_least_8mm_on_any_panel(width_px, width_mm):
    px_per_mm = width_px / width_mm
    for index, scale in enumerate(TEXT_SCALES):
        m = metrics(px_per_mm, index)
        assert m.body * CAP_HEIGHT_EM / px_per_mm >= 8 * scale
        assert m.button / px_per_mm >= 20 and m.gap / px_per_mm >= 6


def _ink(font: ImageFont.FreeTypeFont, char: str) -> bytes:
    return bytes(font.getmask(char))


@pytest.mark.parametrize("style", ["regular", "bold"])
def test_theme_typeface_has_every_german_glyph(style):
    font = ImageFont.truetype(font_files()[style], 64)
    missing = _ink(font, "\u4e00")  # a CJK character: certainly not in the font
    for char in "„“–€ßäöüÄÖÜéÉ":
        assert _ink(font, char) != missing, char


def test_theme_icon_font_has_every_icon():
    font = ImageFont.truetype(icon_font(), 64)
    missing = _ink(font, "\ue000")
    for name, glyph in ICONS.items():
        assert _ink(font, glyph) != missing, name
