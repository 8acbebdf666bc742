"""The meaning audit's rules (DESIGN.md §6, "Meaning is tested too"), applied to a tour.

Each rule reads a shot of tour.json (the texts drawn, the speech, and the record
kiosk.meaning.record made from the view objects) and returns findings; none means a
resident understands the page from one look.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from kiosk.meaning import german
from kiosk.text.keep import orphan_start, plain_spaces
from kiosk.theme import MIN_EDGE_CONTRAST, contrast

NEAR_EMPTY = 1 / 3   # a page that is not the last holds at least this share of its room


@dataclass(frozen=True)
class Finding:
    rule: str
    file: str
    detail: str


Shot = dict
Rule = Callable[[Shot], Iterator[Finding]]


def _find(rule: str, shot: Shot, detail: str) -> Finding:
    return Finding(rule, shot.get("file", "?"), detail)


def _drawn(shot: Shot) -> set[str]:
    """The texts drawn on the shot, compared by their words (no-break spaces or not)."""
    return {plain_spaces(t["text"]) for t in shot.get("texts", [])}


def _columns(shot: Shot) -> list[dict]:
    return shot.get("columns") or []


def _is_text_page(shot: Shot) -> bool:
    return shot.get("screen") in ("list", "detail") and bool(_columns(shot))


# -- rules on one shot ------------------------------------------------------------------------

def fact_split_page(shot: Shot) -> Iterator[Finding]:
    """A column or page ends inside a fact ("16:00 bis", a heading without its lines), or
    the next one starts with what belongs to the page before (a unit, "bis")."""
    if not _is_text_page(shot):
        return
    columns = [c for c in _columns(shot) if c["blocks"]]
    last_page = shot["page"] + 1 >= shot["room"]["text_pages"]
    for number, column in enumerate(columns):
        if column["continues"]:
            word = orphan_start(column["blocks"][0]["text"])
            if word:
                yield _find("fact_split_page", shot, f"column {number + 1} starts with "
                                                     f"{word!r}: {column['blocks'][0]['text']!r}")
        if last_page and number == len(columns) - 1:
            continue
        block = column["blocks"][-1]
        if block["kind"] == "heading":
            yield _find("fact_split_page", shot, f"column {number + 1} ends with the heading "
                                                 f"{block['text']!r}")
        elif block["kind"] != "image" and german.fact_end(
                block["text"], prose=block["kind"] in ("paragraph", "row")):
            yield _find("fact_split_page", shot, f"column {number + 1} ends inside a fact: "
                                                 f"{block['text'][-40:]!r}")


def fact_split_line(shot: Shot) -> Iterator[Finding]:
    """A line break inside a fact: "1." | "OG", "120" | "m", "16:00 bis" | "17:30 Uhr";
    or inside a word, between two letters ("Pflegestützpunkt-Sprech" | "stunde")."""
    for item in shot.get("texts", []):
        lines = item.get("lines") or [item["text"]]
        for before, after in zip(lines, lines[1:], strict=False):
            where = german.broken_fact(before, after) or \
                german.broken_word(before, after, item["text"])
            if where:
                yield _find("fact_split_line", shot, f"{where} in {item['text']!r}")


def key_fact_missing(shot: Shot) -> Iterator[Finding]:
    """Page 1 of a detail lacks a key fact the entry has (status, next date, place,
    registration, cost)."""
    if shot.get("screen") != "detail" or shot.get("page") != 0 or "key_facts" not in shot:
        return
    for fact, shown in shot["key_facts"].items():
        if shown is False:
            yield _find("key_fact_missing", shot, f"{fact} not on page 1")


def key_fact_not_drawn(shot: Shot) -> Iterator[Finding]:
    """tour.json says a key fact is on the page, but its text is not drawn there."""
    drawn = _drawn(shot)
    for fact, texts in (shot.get("key_fact_texts") or {}).items():
        for text in texts:
            if plain_spaces(text) not in drawn:
                yield _find("key_fact_not_drawn", shot, f"{fact}: {text!r}")


def record_not_drawn(shot: Shot) -> Iterator[Finding]:
    """A block the paging put on the page is not among the texts drawn."""
    drawn = _drawn(shot)
    for column in _columns(shot):
        for block in column["blocks"]:
            if block["kind"] != "image" and plain_spaces(block["text"]) not in drawn:
                yield _find("record_not_drawn", shot, repr(block["text"]))


def continued_without_heading(shot: Shot) -> Iterator[Finding]:
    """A section goes on in a new column or page without repeating its heading (the
    description and lines that say their own word, "Für wen: …", have none)."""
    for number, column in enumerate(_columns(shot)):
        first = column["blocks"][0] if column["blocks"] else None
        if column["continues"] and first["kind"] != "heading" and first["section"]:
            yield _find("continued_without_heading", shot,
                        f"column {number + 1} goes on with {first['text'][:40]!r} "
                        f"({first['section']})")


def near_empty_page(shot: Shot) -> Iterator[Finding]:
    """A page that is not the last holds less than a third of its room. The last text
    page of a detail counts when there are several: the text could have been shared out
    (the QR page is the detail's last page)."""
    if not _is_text_page(shot):
        return
    room, columns = shot["room"], _columns(shot)
    page, text_pages = shot["page"], room["text_pages"]
    if page + 1 >= shot.get("pages", text_pages) or text_pages == 1:
        return
    fill = sum(c["used"] for c in columns) / (len(columns) * room["height"])
    if fill < NEAR_EMPTY:
        yield _find("near_empty_page", shot,
                    f"page {page + 1} of {text_pages} is {fill:.0%} full")


def abbreviation(shot: Shot) -> Iterator[Finding]:
    """A glossary abbreviation on screen or in speech."""
    sources = [("screen", t["text"]) for t in shot.get("texts", [])]
    sources.append(("speech", shot.get("speech_text", "")))
    for where, text in sources:
        for found in german.abbreviations(text):
            yield _find("abbreviation", shot, f"{where}: {found!r} in {text[:60]!r}")


def morgen_without_date(shot: Shot) -> Iterator[Finding]:
    """ "morgen" / "übermorgen" without weekday and date, on screen or in speech."""
    sources = [("screen", t["text"]) for t in shot.get("texts", [])]
    sources.append(("speech", shot.get("speech_text", "")))
    for where, text in sources:
        for found in german.bare_relative_days(text):
            yield _find("morgen_without_date", shot, f"{where}: {found!r}")


def _whole_screen(target: dict, shot: Shot) -> bool:
    width, height = shot.get("size") or (0, 0)
    return target["w"] >= width - 1 and target["h"] >= height - 1


def target_not_distinct(shot: Shot) -> Iterator[Finding]:
    """A tap target does not stand out from what is around it: neither its fill nor its
    frame has 3:1 against that colour (WCAG 1.4.11; "beige on cream, 1.14:1"). A target
    as large as the screen ("touch anywhere") needs no edge."""
    for target in shot.get("targets", []):
        around = target.get("around")
        if around is None or _whole_screen(target, shot):
            continue
        edges = [c for c in (target.get("fill"), target.get("edge")) if c]
        best = max((contrast(c, around) for c in edges), default=1.0)
        if best < MIN_EDGE_CONTRAST:
            yield _find("target_not_distinct", shot,
                        f"{target['target']}: {best:.2f}:1 against {around}")


def untappable_looks_tappable(shot: Shot) -> Iterator[Finding]:
    """Text a resident cannot tap looks like a button: it stands on the buttons' colour,
    or a phone number stands on a box of its own rather than on the page."""
    button, page = shot.get("button_bg"), shot.get("bg")
    for item in shot.get("texts", []):
        if item.get("in_target", True):
            continue
        if item["bg"] == button or (item["role"] == "phone" and page and item["bg"] != page):
            yield _find("untappable_looks_tappable", shot,
                        f"{item['text'][:40]!r} on {item['bg']}")


SHOT_RULES: list[Rule] = [fact_split_page, fact_split_line, key_fact_missing,
                          key_fact_not_drawn, record_not_drawn, continued_without_heading,
                          near_empty_page, abbreviation, morgen_without_date,
                          target_not_distinct, untappable_looks_tappable]


# -- rules across the pages of a list ---------------------------------------------------------

def _now(shot: Shot, doc: dict) -> datetime:
    return datetime.fromisoformat(shot.get("now") or doc["now"]).replace(tzinfo=None)


def list_order(doc: dict) -> Iterator[Finding]:
    """Every list (all its pages) and the start screen's rows are in time order: open now
    first, then by start; rows without a date are not ranked."""
    def key(shot: Shot) -> tuple:
        return (str(shot.get("size")), shot.get("now", ""), shot["theme"],
                shot["text_size"], shot["route"])

    shots = sorted((s for s in doc["shots"] if s["screen"] in ("list", "home")),
                   key=lambda s: (key(s), s["page"]))
    for _key, group in groupby(shots, key=key):
        latest: tuple[datetime, str] | None = None
        for shot in group:
            for item in shot["texts"]:
                if item["role"] != "headline":
                    continue
                moment = german.row_moment(item["text"], _now(shot, doc))
                if moment is None:
                    continue
                if latest is not None and moment < latest[0]:
                    yield _find("list_order", shot,
                                f"{item['text']!r} comes after {latest[1]!r}")
                    break
                latest = (moment, item["text"])


RULE_NAMES = [rule.__name__ for rule in SHOT_RULES] + ["list_order"]


def audit(doc: dict) -> list[Finding]:
    """Every finding of every rule over every shot of a tour."""
    findings = [f for shot in doc["shots"] for rule in SHOT_RULES for f in rule(shot)]
    return findings + list(list_order(doc))
