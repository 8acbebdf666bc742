"""The meaning audit on crafted pages: each rule fires on the defect it names and stays
quiet on the same page done right."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.meaning import RULE_NAMES, audit, german
from kiosk.text.glossary import ABBREVIATIONS, WEEKDAY_ABBREVIATIONS

NOW = "2026-12-08T10:05:00+01:00"   # a Tuesday morning


def _text(text: str, role: str = "body", lines: list[str] | None = None) -> dict:
    return {"text": text, "role": role, "lines": lines or [text]}


def _column(*blocks: tuple[str, str], continues: bool = False, used: int = 600) -> dict:
    return {"continues": continues, "used": used,
            "blocks": [{"kind": kind, "text": text, "section": "Wann", "facts": []}
                       for kind, text in blocks]}


def _detail(columns: list[dict], page: int = 0, text_pages: int = 3, pages: int = 4,
            key_facts: dict | None = None, fact_texts: dict | None = None,
            texts: list[dict] | None = None, speech: str = "Ein Text zum Vorlesen.",
            height: int = 600) -> dict:
    drawn = texts if texts is not None else [
        _text(b["text"]) for c in columns for b in c["blocks"]]
    shot = {"file": f"detail-s{page + 1}.png", "screen": "detail", "entry_id": "x",
            "route": "x", "page": page, "pages": pages, "theme": "normal",
            "text_size": 2, "size": [1920, 1080], "now": NOW, "speech_text": speech,
            "texts": drawn, "columns": columns,
            "room": {"height": height, "text_pages": text_pages}}
    if key_facts is not None:
        shot["key_facts"] = key_facts
        shot["key_fact_texts"] = fact_texts or {}
    return shot


def _rules(*shots: dict) -> dict[str, int]:
    found: dict[str, int] = {}
    for finding in audit({"now": NOW, "shots": list(shots)}):
        found[finding.rule] = found.get(finding.rule, 0) + 1
    return found


GOOD = _detail([_column(("heading", "Wann"), ("line", "Heute, 16:00 bis 17:30 Uhr")),
                _column(("heading", "Wo"), ("line", "Saal, 1. Obergeschoss"))])


def test_meaning_audit_finds_nothing_on_a_good_page():
    assert _rules(GOOD) == {}


def test_meaning_fact_split_page_fires_on_a_page_ending_in_bis_and_a_unit_on_the_next():
    ending = _detail([_column(("heading", "Wann"), ("line", "Donnerstag, 10. Dezember, "
                                                            "16:00 bis")), _column()])
    starting = _detail([_column(("line", "Uhr – fällt aus"), continues=True),
                        _column(("heading", "Wo"), ("line", "Saal"))], page=1)
    heading_last = _detail([_column(("line", "Text"), ("heading", "Kosten")), _column()])
    assert _rules(ending)["fact_split_page"] == 1
    assert _rules(starting)["fact_split_page"] == 1
    assert _rules(heading_last)["fact_split_page"] == 1


def test_meaning_fact_split_line_fires_on_a_break_inside_a_fact():
    cases = [["Evangelisches Gemeindehaus, Saal, 1.", "Obergeschoss"],
             ["Haltestelle Kirche, 120", "m"],
             ["Freitag, 4. Dezember, 12:00 bis", "13:30 Uhr"],
             ["Freitag, 4. Dezember, 12:00 bis 13:30", "Uhr"],
             ["Telefon 069 90009", "202"],
             ["Sitzgymnastik, 8-mal montags, 10:00", "bis 11:00 Uhr"]]
    for lines in cases:
        shot = _detail([_column(("line", " ".join(lines)))],
                       texts=[_text(" ".join(lines), lines=lines)])
        assert _rules(shot) == {"fact_split_line": 1}, lines
    word = ["Pflegestützpunkt-Sprech", "stunde – Rathaus"]   # Kivy cut a word
    shot = _detail([_column(("line", "x"))], texts=[
        _text("Pflegestützpunkt-Sprechstunde – Rathaus", lines=word)])
    assert [f.detail for f in audit({"now": NOW, "shots": [shot]})
            if f.rule == "fact_split_line"] == \
        ["Pflegestützpunkt-Sprech | stunde in 'Pflegestützpunkt-Sprechstunde – Rathaus'"]
    hyphen = ["Pflegestützpunkt-", "Sprechstunde – Rathaus"]
    assert not german.broken_word(*hyphen, "Pflegestützpunkt-\nSprechstunde – Rathaus")
    fine = ["Freitag, 4. Dezember,", "12:00 bis 13:30 Uhr, Telefon", "069 90009 202"]
    assert _rules(_detail([_column(("line", " ".join(fine)))],
                          texts=[_text(" ".join(fine), lines=fine)])) == {}


def test_meaning_key_fact_missing_fires_for_status_or_registration_not_on_page_1():
    facts = {"status": False, "next_date": True, "place": True, "registration": False,
             "cost": None}
    texts = {"next_date": ["Heute, 16:00 bis 17:30 Uhr"], "place": ["Saal, 1. Obergeschoss"]}
    shot = _detail(GOOD["columns"], key_facts=facts, fact_texts=texts)
    assert _rules(shot) == {"key_fact_missing": 2}
    later = _detail(GOOD["columns"], page=1, key_facts=facts, fact_texts=texts)
    assert _rules(later) == {}    # page 2 need not carry them


def test_meaning_key_fact_not_drawn_fires_when_the_record_claims_a_text_not_on_screen():
    facts = {"status": True, "next_date": None, "place": None, "registration": None,
             "cost": None}
    shot = _detail(GOOD["columns"], key_facts=facts,
                   fact_texts={"status": ["Fällt aus: Der Chorleiter ist erkrankt."]})
    assert _rules(shot) == {"key_fact_not_drawn": 1}


def test_meaning_record_not_drawn_fires_for_a_block_that_is_not_on_screen():
    shot = _detail(GOOD["columns"], texts=[_text("Wann"), _text("Wo")])
    assert _rules(shot) == {"record_not_drawn": 2}


def test_meaning_continued_without_heading_fires_and_a_repeated_heading_passes():
    bare = _detail([_column(("line", "Aufzug vorhanden"), continues=True), _column()],
                   page=1)
    repeated = _detail([_column(("heading", "Zugang (Fortsetzung)"),
                                ("line", "Aufzug vorhanden"), continues=True), _column()],
                       page=1)
    assert _rules(bare) == {"continued_without_heading": 1}
    assert _rules(repeated) == {}
    own_words = _detail([_column(("line", "Für wen: alle"), continues=True), _column()],
                        page=1)
    own_words["columns"][0]["blocks"][0]["section"] = ""   # no heading to repeat
    assert _rules(own_words) == {}


def test_meaning_near_empty_page_fires_unless_it_is_the_last():
    def page(number: int, text_pages: int, pages: int) -> dict:
        return _detail([_column(("heading", "Veranstalter"), ("line", "Gesangverein"),
                                used=150), _column(used=0)],
                       page=number, text_pages=text_pages, pages=pages)
    assert _rules(page(2, 3, 4)) == {"near_empty_page": 1}   # the last text page, QR after
    assert _rules(page(1, 3, 4)) == {"near_empty_page": 1}
    assert _rules(page(2, 3, 3)) == {}                        # the very last page
    assert _rules(page(0, 1, 2)) == {}                        # all the text on one page


def test_meaning_abbreviation_fires_on_screen_and_in_speech():
    shot = _detail(GOOD["columns"], texts=[*GOOD["texts"], _text("erreichbar Mo bis Fr, "
                                                                 "9 bis 12 Uhr")],
                   speech="Saal, 1. OG. Ev. Kirchengemeinde.")
    found = [f.detail for f in audit({"now": NOW, "shots": [shot]})]
    assert len(found) == 4 and sum(f.startswith("speech") for f in found) == 2


def test_meaning_abbreviations_of_the_glossary_are_found_and_plain_words_are_not():
    assert german.abbreviations("Saal, 1. OG") == ["OG"]
    assert german.abbreviations("Di und Do, 13 bis 15 Uhr") == ["Di", "Do"]
    assert german.abbreviations("Mo–So") == ["Mo", "So"]
    assert german.abbreviations("z. B. einen Rollator, ggf. mit Begleitung") == \
        ["z. B.", "ggf."]
    assert german.abbreviations("Ev. Kirchengemeinde, Tel. 069") == ["Ev.", "Tel."]
    for plain in ("So lese ich lauter vor.", "Montag bis Freitag, 9 bis 12 Uhr",
                  "1. Obergeschoss", "Sonntagscafé", "Evangelisches Gemeindehaus",
                  "Frau Beispiel", "Ideen? Mitmachen!"):
        assert german.abbreviations(plain) == [], plain
    assert {"OG", "EG", "UG", "Ev.", "Tel."} <= set(ABBREVIATIONS)
    assert {"Mo", "So"} <= set(WEEKDAY_ABBREVIATIONS)


def test_meaning_morgen_without_date_fires_and_with_weekday_and_date_passes():
    assert german.bare_relative_days("Morgen, 15:00 bis 17:00 Uhr") == \
        ["Morgen, 15:00 bis 17:00 Uhr"]
    assert german.bare_relative_days("übermorgen um 9 Uhr")
    assert german.bare_relative_days("morgen, Mittwoch, 9. Dezember, 9:30 Uhr") == []
    assert german.bare_relative_days("morgen, Mittwoch, der neunte Dezember") == []
    assert german.bare_relative_days("Guten Morgen! Heute ist Dienstag.") == []
    assert german.bare_relative_days("morgens und abends") == []
    shot = _detail(GOOD["columns"], speech="Kino am Nachmittag, morgen, fünfzehn Uhr.")
    assert _rules(shot) == {"morgen_without_date": 1}


def _list_shot(page: int, headlines: list[str], route: str = "category:hilfe") -> dict:
    return {"file": f"list-s{page + 1}.png", "screen": "list", "route": route,
            "page": page, "pages": 2, "theme": "normal", "text_size": 0,
            "size": [1920, 1080], "now": NOW, "speech_text": "Eine Liste.",
            "texts": [_text(h, role="headline") for h in headlines]}


def test_meaning_list_order_fires_across_pages_and_passes_in_time_order():
    first = _list_shot(0, ["Jetzt geöffnet bis 12:00 Uhr", "Mittwoch, 16. Dezember, "
                                                            "10:00 bis 12:00 Uhr"])
    second = _list_shot(1, ["Samstag, 19. Dezember, 9:00 bis 11:00 Uhr",
                            "Nächste Sprechstunde: Mittwoch, 9. Dezember, 9:00 Uhr"])
    assert _rules(first, second) == {"list_order": 1}
    ordered = _list_shot(1, ["Nächste Sprechstunde: Donnerstag, 17. Dezember, 9:00 Uhr",
                             "Mitmachen gesucht, bis 6. April 2027"])
    assert _rules(first, ordered) == {}


@pytest.mark.parametrize(("headline", "expected"), [
    ("Jetzt, bis 11:30 Uhr", datetime(2026, 12, 8, 10, 5)),
    ("Heute, 14:30 bis 17:00 Uhr", datetime(2026, 12, 8, 14, 30)),
    ("Morgen, 15:00 bis 17:00 Uhr", datetime(2026, 12, 9, 15, 0)),
    ("Morgen, Mittwoch, 9. Dezember, 9:30 Uhr", datetime(2026, 12, 9, 9, 30)),
    ("Freitag, 8. Januar, 12:00 bis 13:30 Uhr", datetime(2027, 1, 8, 12, 0)),
    ("Nächste Sprechstunde: Donnerstag, 10. Dezember, 14:00 Uhr",
     datetime(2026, 12, 10, 14, 0)),
    ("Heute, ganztägig", datetime(2026, 12, 8, 0, 0)),
    ("Mitmachen gesucht, bis 6. April 2027", None),
    ("Zurzeit keine Öffnungszeiten", None),
])
def test_meaning_row_moment_reads_the_headline(headline, expected):
    now = datetime(2026, 12, 8, 10, 5)
    assert german.row_moment(headline, now) == expected


def test_meaning_list_order_fires_on_the_hilfe_list_of_issue_12():
    """As the issue found it at 10:05 on a Tuesday: 16 Dec, 20 Dec, then the offers open
    now and "morgen 9:00" on the next page."""
    first = _list_shot(0, ["Mittwoch, 16. Dezember, 10:00 bis 12:00 Uhr",
                           "Sonntag, 20. Dezember, 15:00 bis 16:30 Uhr",
                           "Jetzt geöffnet bis 12:00 Uhr"])
    second = _list_shot(1, ["Nächste Sprechstunde: morgen, Mittwoch, 9. Dezember, "
                            "9:00 Uhr", "Jetzt geöffnet bis 12:00 Uhr"])
    found = audit({"now": NOW, "shots": [first, second]})
    assert [f.rule for f in found] == ["list_order", "list_order"]
    assert "Jetzt geöffnet" in found[0].detail and "Nächste Sprechstunde" in found[1].detail
    home = {**_list_shot(0, ["Heute, 14:30 bis 17:00 Uhr", "Jetzt, bis 12:00 Uhr"]),
            "screen": "home", "route": ""}
    assert _rules(home) == {"list_order": 1}   # Start's rows too


def _targets_shot(*targets: dict, texts: list[dict] | None = None) -> dict:
    return {"file": "list-s1.png", "screen": "list", "route": "week", "page": 0,
            "pages": 1, "theme": "normal", "text_size": 0, "size": [1920, 1080],
            "now": NOW, "speech_text": "Eine Liste.", "bg": "#fbf8f1",
            "button_bg": "#123c7a", "targets": list(targets), "texts": texts or []}


def _target(name: str, fill: str | None, edge: str | None = None, around="#fbf8f1",
            w: int = 1800, h: int = 200) -> dict:
    return {"target": name, "label": name, "x": 60, "y": 100, "w": w, "h": h,
            "fill": fill, "edge": edge, "around": around}


def test_meaning_target_not_distinct_fires_on_a_beige_row_on_cream():
    """Issue 12: list rows were beige on cream (1.14:1) without a frame."""
    beige = _targets_shot(_target("row:a", "#efe9dc"))
    (finding,) = audit({"now": NOW, "shots": [beige]})
    assert finding.rule == "target_not_distinct" and "1.14:1" in finding.detail
    framed = _targets_shot(_target("row:a", "#efe9dc", edge="#123c7a"),
                           _target("bar:home", "#123c7a", w=240, h=150))
    assert _rules(framed) == {}
    high = _targets_shot(_target("row:a", "#161616", around="#000000"))
    assert _rules(high) == {"target_not_distinct": 1}           # the dark theme too
    pale_edge = _targets_shot(_target("row:a", "#efe9dc", edge="#c8c2b4"))
    assert _rules(pale_edge) == {"target_not_distinct": 1}      # a frame below 3:1
    anywhere = _targets_shot(_target("attract", None, w=1920, h=1080))
    assert _rules(anywhere) == {}                               # "touch anywhere"


def test_meaning_untappable_looks_tappable_fires_on_a_phone_number_on_a_box():
    def phone(bg: str, in_target: bool = False) -> dict:
        return {**_text("069 90009 202 (erreichbar montags, 9 bis 12 Uhr)", role="phone"),
                "fg": "#1b1b1b", "bg": bg, "in_target": in_target}
    assert _rules(_targets_shot(texts=[phone("#fbf8f1")])) == {}
    assert _rules(_targets_shot(texts=[phone("#efe9dc")])) == \
        {"untappable_looks_tappable": 1}                        # a box of its own
    blue = {**_text("Anrufen"), "fg": "#ffffff", "bg": "#123c7a", "in_target": False}
    assert _rules(_targets_shot(texts=[blue])) == {"untappable_looks_tappable": 1}
    assert _rules(_targets_shot(texts=[{**blue, "in_target": True}])) == {}


def test_meaning_rule_names_cover_every_rule_of_the_issue():
    assert set(RULE_NAMES) == {
        "fact_split_page", "fact_split_line", "key_fact_missing", "key_fact_not_drawn",
        "record_not_drawn", "continued_without_heading", "near_empty_page", "abbreviation",
        "morgen_without_date", "list_order", "target_not_distinct",
        "untappable_looks_tappable"}
