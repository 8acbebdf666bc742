"""Flowing a detail's blocks into columns and pages (kiosk.flow), with blocks whose lines
are words: every rule of the flow on a small, exact layout."""

from __future__ import annotations

from dataclasses import replace

from kiosk.flow import NEAR_EMPTY, Block, Measure, fill, flow_pages

LINE = 10
WORDS_PER_LINE = 3


def _lines(block: Block) -> list[str]:
    words = block.text.split(" ")
    return [" ".join(words[i:i + WORDS_PER_LINE]) for i in range(0, len(words),
                                                                  WORDS_PER_LINE)]


def _remeasure(block: Block, text: str) -> Block:
    block = replace(block, text=text)
    count = len(_lines(block))
    return replace(block, lines=count, height=count * LINE)


MEASURE = Measure(gap=0, line=LINE, remeasure=_remeasure, lines=_lines)


def _block(kind: str, text: str, section: str = "", group: int = 0) -> Block:
    return _remeasure(Block(kind, text, section=section, group=group), text)


def _section(heading: str, group: int, *lines: str) -> list[Block]:
    return [_block("heading", heading, heading, group)] + \
        [_block("line", text, heading, group) for text in lines]


def _texts(pages) -> list[list[list[str]]]:
    return [[[b.text for b in column] for column in page.columns] for page in pages]


def test_flow_puts_the_key_facts_first_and_keeps_a_short_section_whole():
    facts = [_block("line", "Freitag 11. Dezember"), _block("line", "Saal im Erdgeschoss")]
    short = _section("Kontakt", 1, "eins zwei", "drei vier")
    pages = flow_pages([facts, short], columns=2, height=40, measure=MEASURE)
    assert _texts(pages) == [[["Freitag 11. Dezember", "Saal im Erdgeschoss"],
                              ["Kontakt", "eins zwei", "drei vier"]]]


def test_flow_continues_a_long_section_under_its_heading():
    long = _section("Zugang", 0, *[f"Fakt {n}" for n in range(6)])
    pages = flow_pages([long], columns=1, height=40, measure=MEASURE)
    columns = [column for page in _texts(pages) for column in page]
    assert columns[0][0] == "Zugang"
    assert all(column[0] == "Zugang (Fortsetzung)" for column in columns[1:])
    assert [t for column in columns for t in column if t.startswith("Fakt")] == \
        [f"Fakt {n}" for n in range(6)]
    assert all(column[-1] != "Zugang" for column in columns)   # never a heading last


def test_flow_cuts_a_paragraph_between_lines_but_never_after_bis():
    text = "Wir treffen uns von 16:00 bis 17:30 Uhr im Saal und trinken Kaffee zusammen"
    lines = _lines(_block("paragraph", text))
    assert lines[1].endswith("bis")                           # the natural cut is bad
    pages = flow_pages([[_block("line", "Fakt eins Fakt")], [_block("paragraph", text)]],
                       columns=1, height=30, measure=MEASURE)
    first_column = _texts(pages)[0][0]
    assert first_column[0] == "Fakt eins Fakt"
    assert not first_column[-1].endswith("bis")
    pieces = [t for page in _texts(pages) for column in page for t in column]
    assert " ".join(pieces[1:]) == text                       # every word, in order


def test_flow_shares_out_text_so_no_page_is_nearly_empty():
    facts = [_block("line", "Fakt eins"), _block("line", "Fakt zwei")]
    more = [_block("line", f"Zeile {n}", group=1) for n in range(9)]
    plain = [_remeasure(b, b.text) for b in more]
    pages = flow_pages([facts, [replace(b, group=1) for b in plain]], columns=1, height=100,
                       measure=MEASURE)
    assert len(pages) == 2
    assert all(fill(page, 100, 0) >= NEAR_EMPTY for page in pages)
    assert _texts(pages)[0][0][:2] == ["Fakt eins", "Fakt zwei"]


def test_flow_cuts_a_section_line_no_column_can_hold_and_keeps_its_heading_company():
    # At the largest text a moved date with its note ("Donnerstag, 14. Januar: verlegt auf
    # Freitag, …") can be taller than a column under "Weitere Termine (Fortsetzung)": it
    # is cut between lines (never after "bis") instead of running over the column's end,
    # and the heading never stands alone.
    moved = ("Donnerstag 14. Januar verlegt auf Freitag 15. Januar 16:00 bis 17:30 Uhr "
             "diesmal am Freitag um 16 Uhr wegen des Konzerts")
    section = _section("Weitere Termine", 1, moved, "Donnerstag 11. Februar")
    facts = [_block("line", "Fakt eins Fakt"), _block("line", "Fakt zwei")]
    pages = flow_pages([facts, section], columns=2, height=50, measure=MEASURE)
    columns = [column for page in pages for column in page.columns]
    assert all(sum(b.height for b in column) <= 50 for column in columns)
    assert all(not column or column[-1].kind != "heading" for column in columns)
    texts = [b.text for column in columns for b in column if b.kind == "line"]
    assert " ".join(texts[2:]) == f"{moved} Donnerstag 11. Februar"   # every word, in order
    assert not any(t.endswith("bis") for t in texts)
