"""Reading German screen text the way a resident does: where a fact ends, which words are
abbreviations, whether "morgen" says which day, and when a list row's moment is.

Pure functions on strings; kiosk.meaning.rules applies them to tour.json.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from kiosk.text.glossary import ABBREVIATIONS, WEEKDAY_ABBREVIATIONS
from kiosk.text.keep import NBSP, UNITS, dangling_end, plain_spaces, words

MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
          "September", "Oktober", "November", "Dezember")
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
_NUMBER = re.compile(r"^\d+(?:[.,:]\d+)*$")
_ORDINAL = re.compile(r"^\d{1,3}\.$")


def is_number(token: str) -> bool:
    return bool(_NUMBER.match(token))


def fact_end(text: str, prose: bool = False) -> str:
    """The word a page or column may not end with, or "": "bis", "von", a dash, an
    ordinal ("10."), and – where the block is a fact, not prose – a comma or colon
    (the fact goes on)."""
    found = words(text)
    if not found:
        return ""
    last = found[-1]
    if dangling_end(text) or _ORDINAL.match(last) or (not prose and last[-1] in ",:("):
        return last
    return ""


def broken_fact(before: str, after: str) -> str:
    """Whether a line break between `before` and `after` falls inside a fact: a number
    and its unit, an ordinal and its noun ("1." | "Obergeschoss", "10." | "Dezember"), a
    time range ("16:00 bis" | "17:30 Uhr"), the groups of a phone number. Returns the
    two words around the break, or ""."""
    a_words, b_words = words(before), words(after)
    if not a_words or not b_words:
        return ""
    a, b = a_words[-1], b_words[0]
    split = (
        _ORDINAL.match(a)
        or (is_number(a) and (b in UNITS or is_number(b)))
        or (a in ("bis", "von", "ab") and is_number(b.rstrip(",")))
    )
    return f"{a} | {b}" if split else ""


def broken_word(before: str, after: str, text: str) -> str:
    """Whether a line break between `before` and `after` falls between two letters of a
    word of `text` (a word too wide for its line, cut where Kivy had to). Returns the
    two pieces, or ""."""
    a_words, b_words = words(before), words(after)
    if not a_words or not b_words:
        return ""
    a, b = a_words[-1], b_words[0]
    whole = plain_spaces(text).replace("\n", " ").split()
    if a[-1].isalpha() and b[0].isalpha() and any(a + b in w for w in whole):
        return f"{a} | {b}"
    return ""


# -- abbreviations ---------------------------------------------------------------------------

def _pattern(key: str) -> re.Pattern[str]:
    if key.endswith("."):
        # "z.B." also as "z. B."; in any case ("Ev." for "ev.").
        body = r"\.\s?".join(re.escape(part) for part in key[:-1].split("."))
        return re.compile(rf"(?<![\w.]){body}\.", re.IGNORECASE)
    return re.compile(rf"(?<![\w.]){re.escape(key)}(?!\w)")


_DOTTED_OR_WORDS = {key: _pattern(key) for key in ABBREVIATIONS
                    if key not in WEEKDAY_ABBREVIATIONS}
_DAYS = "|".join(sorted(WEEKDAY_ABBREVIATIONS))
# A weekday abbreviation counts only where it stands for a day: next to a separator, a
# number or another day ("Mo bis Fr, 9 bis 12 Uhr", "Di, 14 Uhr", "Mo–Fr").
_DAY_BEFORE = re.compile(rf"(?<![\w.])({_DAYS})\.?(?=\s*(?:,|–|-|/|bis\b|und\b|\d))")
_DAY_AFTER = re.compile(rf"(?:(?:{_DAYS})\.?\s*(?:,|–|-|/|bis|und)\s*)({_DAYS})(?!\w)")


def abbreviations(text: str) -> list[str]:
    """The glossary's abbreviations in `text`, as written there."""
    text = text.replace(NBSP, " ")
    found = {m.start(): m.group(0) for pattern in _DOTTED_OR_WORDS.values()
             for m in pattern.finditer(text)}
    for pattern in (_DAY_BEFORE, _DAY_AFTER):
        found.update((m.start(1), m.group(1)) for m in pattern.finditer(text))
    return [found[start] for start in sorted(found)]


# -- "morgen" with weekday and date ------------------------------------------------------------

_WEEKDAY = "|".join(WEEKDAYS)
_MONTH = "|".join(MONTHS)
_RELATIVE = re.compile(r"(?<![\wäöüß])(über)?morgen(?![\wäöüß])", re.IGNORECASE)
# Written "8. Dezember" or spoken "der achte Dezember" / "den achten Dezember".
_DAY_AND_DATE = re.compile(
    rf"\s*,\s*(?:{_WEEKDAY})\s*,?\s*(?:\d{{1,2}}\.\s*(?:{_MONTH})|(?:der|den|dem|am)\s+\w+"
    rf"\s+(?:{_MONTH}))")


def bare_relative_days(text: str) -> list[str]:
    """Each "morgen" / "übermorgen" not followed by its weekday and date ("Guten Morgen"
    is a greeting, not a day)."""
    text = text.replace(NBSP, " ")
    out = []
    for match in _RELATIVE.finditer(text):
        if text[:match.start()].rstrip().lower().endswith("guten"):
            continue
        if not _DAY_AND_DATE.match(text, match.end()):
            out.append(text[match.start():match.end() + 30].strip())
    return out


# -- when a list row happens -------------------------------------------------------------------

_DATE = re.compile(rf"(?:{_WEEKDAY}),\s*(\d{{1,2}})\.\s*({_MONTH})(?:\s+(\d{{4}}))?")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


def row_moment(headline: str, now: datetime) -> datetime | None:
    """When a list row's headline says the entry happens (open now: `now`), or None for
    rows without a date ("Mitmachen gesucht, bis 6. April")."""
    text = headline.replace(NBSP, " ").strip()
    lower = text.lower()
    marker = lower.rfind("nächste")
    if marker >= 0 and ":" in lower[marker:]:
        text = text[lower.index(":", marker) + 1:].strip()
        lower = text.lower()
    if lower.startswith("jetzt"):
        return now
    today = now.date()
    day: date | None = None
    for word, offset in (("heute", 0), ("übermorgen", 2), ("morgen", 1)):
        if lower.startswith(word):
            day = today + timedelta(days=offset)
    match = _DATE.search(text)
    # The date counts at the start, or after "Morgen, "; "gesucht, bis 6. April" is none.
    if match is not None and (match.start() == 0 or day is not None):
        day = _date(int(match[1]), MONTHS.index(match[2]) + 1, match[3], today)
    if day is None:
        return None
    clock = _CLOCK.search(text)
    at = time(int(clock[1]), int(clock[2])) if clock else time(0)
    return datetime.combine(day, at)


def _date(day: int, month: int, year: str | None, today: date) -> date:
    if year:
        return date(int(year), month, day)
    candidate = date(today.year, month, day)
    return candidate if candidate >= today - timedelta(days=1) else \
        date(today.year + 1, month, day)
