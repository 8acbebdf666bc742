"""Facts kept whole on screen: no-break spaces where a line must not break, loosened only
where a group is wider than a line."""

from __future__ import annotations

import pytest

from kiosk import layout
from kiosk.text.keep import (
    NBSP,
    dangling_end,
    keep_together,
    loosen_once,
    orphan_start,
    plain_spaces,
)


@pytest.mark.parametrize(("text", "groups"), [
    ("Freitag, 11. Dezember, 16:00 bis 17:30 Uhr",
     ["Freitag,", "11. Dezember,", "16:00 bis 17:30 Uhr"]),
    ("Evangelisches Gemeindehaus, Saal, 1. Obergeschoss",
     ["Evangelisches", "Gemeindehaus,", "Saal,", "1. Obergeschoss"]),
    ("Haltestelle Kirche, 120 m", ["Haltestelle", "Kirche,", "120 m"]),
    ("6,50 € pro Essen", ["6,50 €", "pro", "Essen"]),
    ("Telefon 069 90009 202 (montags bis mittwochs, 9 bis 12 Uhr)",
     ["Telefon", "069 90009 202", "(montags", "bis", "mittwochs,", "9 bis 12 Uhr)"]),
    ("Kirchgasse 12, Lindenbach", ["Kirchgasse 12,", "Lindenbach"]),
    ("17:30 Uhr – fällt aus", ["17:30 Uhr", "–", "fällt aus"]),
])
def test_keep_together_binds_each_fact_and_breaks_after_commas(text, groups):
    kept = keep_together(text)
    assert [g.replace(NBSP, " ") for g in kept.split(" ")] == groups
    assert plain_spaces(kept) == text
    assert keep_together(kept) == kept                         # idempotent


def test_keep_together_keeps_paragraph_breaks():
    assert keep_together("Ab 14 Uhr.\nBis 16 Uhr.") == \
        f"Ab{NBSP}14{NBSP}Uhr.\nBis{NBSP}16{NBSP}Uhr."


def test_layout_wrap_never_breaks_inside_a_fact():
    text = "Evangelisches Gemeindehaus, Saal, 1. Obergeschoss, Haltestelle Kirche, 120 m"
    for width in range(450, 1400, 37):   # "1. Obergeschoss" fits
        for line in layout.wrap(text, 52, width):
            assert not line.endswith(("1.", "120")), (width, line)
            assert not line.startswith(("Obergeschoss", "m")), (width, line)


def test_layout_prepare_loosens_a_group_wider_than_the_line():
    text = "Die Nummer 069 90009 201."
    wide = layout.prepare(text, 52, 2000)
    assert wide == keep_together(text)
    narrow = layout.prepare(text, 52, 400)                     # the number still whole
    assert narrow == f"Die Nummer 069{NBSP}90009{NBSP}201."
    assert layout.prepare("16:00 bis 17:30 Uhr", 52, 150).count(NBSP) == 0
    assert loosen_once(keep_together("16:00 bis 17:30 Uhr")) == \
        keep_together("16:00 bis 17:30 Uhr")                  # "bis" holds its number


def test_layout_prepare_keeps_a_phone_number_whole_before_its_hours():
    """Issue 12 at the largest size: "069 | 90009" broke when the number and the hours'
    "(erreichbar" held together were wider than the column."""
    text = "Seniorenrat, Telefon 069 90009 203 (erreichbar dienstags, 14 bis 17 Uhr)"
    lines = layout.wrap(text, 78, 841)
    assert f"069{NBSP}90009{NBSP}203" in layout.prepare(text, 78, 841)
    assert not any(line.endswith(("069", "90009")) for line in lines), lines


def test_layout_wrap_breaks_a_compound_too_wide_for_the_line_after_its_hyphen():
    """A compound wider than the line is broken after its hyphen, never between letters
    ("Pflegestützpunkt-Sprech | stunde" on Start's narrow rows)."""
    text = "Pflegestützpunkt-Sprechstunde – Rathaus Lindenbach"
    lines = layout.wrap(text, 52, 566)
    assert lines[0] == "Pflegestützpunkt-" and lines[1].startswith("Sprechstunde ")
    assert layout.wrap(text, 52, 2000) == [text]                # room: one word
    assert layout.prepare(layout.prepare(text, 52, 566), 52, 566) == \
        layout.prepare(text, 52, 566)                            # as drawn and measured


def test_dangling_end_and_orphan_start():
    assert dangling_end("Donnerstag, 10. Dezember, 16:00 bis") == "bis"
    assert dangling_end(f"16:00{NBSP}–") == "–"
    assert dangling_end("Saal, 1. Obergeschoss") == ""
    assert orphan_start("Uhr – fällt aus") == "Uhr"
    assert orphan_start("m") == "m" and orphan_start("Montag") == ""


def test_keep_together_a_phone_number_is_not_tied_to_its_hours_in_parentheses():
    # Tied to "(dienstags," the number made a group wider than a column, and the line
    # broke inside the number ("069 | 90009") – the meaning audit found it.
    kept = keep_together("Seniorenrat, Telefon 069 90009 203 (dienstags, 14 bis 17 Uhr)")
    assert kept == ("Seniorenrat, Telefon 069\u00a090009\u00a0203 (dienstags, "
                    "14\u00a0bis\u00a017\u00a0Uhr)")


def test_keep_fitting_a_group_held_across_a_line_break_is_measured_line_by_line():
    # "{{ 7*7 }} ${7*7}" then a line break then "<b": a group with "\n" in it made
    # Pillow's text layout fail (raqm_layout) and the hub's entry page answered 500.
    text = "{{ 7*7 }} ${7*7}\n<b id=xss> {{ 7*7 }}"
    assert layout.wrap(text, 40, 2000)[0] == "{{\u00a07*7\u00a0}}\u00a0${7*7}"
    assert layout.text_width("kurz\nein längeres Wort", 40) == layout.text_width(
        "ein längeres Wort", 40)
