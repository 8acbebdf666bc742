"""Kivy's own text layout, in the real window: it breaks lines at spaces only, never at a
no-break space, and the kiosk's measured wrap (kiosk.layout) predicts its lines."""

from __future__ import annotations

from kivy.core.text import Label as CoreLabel

from kiosk import layout
from kiosk.text.keep import NBSP
from kiosk.theme import font_files


def _kivy_lines(text: str, size: int, width: int) -> list[str]:
    label = CoreLabel(text=text, font_size=size, font_name=font_files()["regular"],
                      text_size=(width, None))
    label.refresh()
    return ["".join(word.text for word in line.words) for line in label._cached_lines]


def test_kivy_label_never_breaks_at_a_no_break_space():
    plain = "Haltestelle Kirche, 120 m"
    kept = f"Haltestelle Kirche, 120{NBSP}m"
    assert _kivy_lines(plain, 52, 560) == ["Haltestelle Kirche, 120", "m"]
    assert _kivy_lines(kept, 52, 560) == ["Haltestelle Kirche,", f"120{NBSP}m"]
    # As wide as a space: the same line, the same texture width.
    wide = CoreLabel(text=plain, font_size=52, font_name=font_files()["regular"])
    wide.refresh()
    held = CoreLabel(text=kept, font_size=52, font_name=font_files()["regular"])
    held.refresh()
    assert wide.texture.size == held.texture.size


def test_kivy_keeps_the_facts_whole_in_no_more_lines_than_measured():
    """The layout leaves a little slack (kiosk.layout.WIDTH_SLACK), so Kivy may need
    fewer lines than measured, never more; and none of its breaks is inside a fact."""
    from kiosk.meaning.german import broken_fact

    facts = ["Donnerstag, 10. Dezember, 16:00 bis 17:30 Uhr – fällt aus",
             "Evangelisches Gemeindehaus, Saal, 1. Obergeschoss",
             "069 90009 202 (montags bis mittwochs, 9 bis 12 Uhr)",
             "Ehrenamtliche kochen ein warmes Mittagessen. Essen Sie in Gesellschaft."]
    for text in facts:
        for size, width in ((52, 700), (65, 800), (77, 840), (77, 1030)):
            drawn = _kivy_lines(layout.prepare(text, size, width), size, width)
            assert len(drawn) <= len(layout.wrap(text, size, width)), (text, size, width)
            for before, after in zip(drawn, drawn[1:], strict=False):
                assert not broken_fact(before, after), (text, size, width, drawn)
