"""The glossary of plain German: abbreviations residents should never have to decode.

Staff type "1. OG", "Ev. Gemeindehaus" or "Mo bis Fr, 9 bis 12 Uhr"; the terminal, its
speech and the phone pages show "1. Obergeschoss", "Evangelisches Gemeindehaus" and
"montags bis freitags, 9 bis 12 Uhr". `plain` writes them out in the fields that hold
names of places and rooms, `plain_hours` in "telefonisch erreichbar"; `found` lists them
for the hub's hints. The rules and the table for staff are docs/glossar.md (a test keeps
the table there complete).

It lives in sync because the phone pages need it too (sync may not import kiosk);
kiosk.text.glossary re-exports it for the terminal.
"""

from __future__ import annotations

import re

# Abbreviation → plain form. Every key is matched as a whole word, case-sensitive.
ABBREVIATIONS: dict[str, str] = {
    "EG": "Erdgeschoss",
    "OG": "Obergeschoss",
    "UG": "Untergeschoss",
    "DG": "Dachgeschoss",
    "Ev.": "Evangelisches",
    "Kath.": "Katholisches",
    "Str.": "Straße",
    "str.": "straße",        # the end of a word: "Hauptstr. 5"
    "Pl.": "Platz",
    "Nr.": "Nummer",
    "Tel.": "Telefon",
    "Hbf.": "Hauptbahnhof",
    "Bhf.": "Bahnhof",
    "Haltest.": "Haltestelle",
    "Geb.": "Gebäude",
    "Zi.": "Zimmer",
    "Hr.": "Herr",
    "z. B.": "zum Beispiel",
    "u. a.": "unter anderem",
    "ca.": "ungefähr",
    "bzw.": "oder",
    "ggf.": "wenn nötig",
    "evtl.": "vielleicht",
    "inkl.": "mit",
    "usw.": "und so weiter",
    "e. V.": "eingetragener Verein",
}
# Short weekdays are words of their own elsewhere ("So", "Do"): they count as
# abbreviations only in a run of days or before a time (see plain_hours).
WEEKDAY_ABBREVIATIONS: dict[str, str] = {
    "Mo": "montags", "Di": "dienstags", "Mi": "mittwochs", "Do": "donnerstags",
    "Fr": "freitags", "Sa": "samstags", "So": "sonntags",
}
# Adjectives take the ending of the noun they stand before ("Ev. Kirche" is
# "Evangelische Kirche", "Ev. Gemeindehaus" "Evangelisches Gemeindehaus").
_ADJECTIVES = {"Ev.": "Evangelisch", "Kath.": "Katholisch"}
_FEMININE_ENDINGS = ("e", "ung", "heit", "keit", "schaft", "ei", "ion", "tät", "in")
_MASCULINE_ENDINGS = ("garten", "saal", "treff", "verein", "dienst", "hof", "raum", "platz")
_SUFFIXES = {"str."}  # abbreviations that end a word rather than stand alone
_MAX_CHARS = 2000  # a field longer than this is not a name: left as it is


def _pattern(abbreviation: str) -> str:
    # "z. B." is also typed "z.B.": a space after an inner dot is optional.
    body = r"\.\s?".join(re.escape(p) for p in abbreviation.rstrip(".").split(". "))
    body += r"\." if abbreviation.endswith(".") else ""
    if abbreviation in _SUFFIXES:
        return rf"(?<=[a-zäöüß]){body}"
    end = "" if abbreviation.endswith(".") else r"(?![\wÄÖÜäöüß])"
    return rf"(?<![\wÄÖÜäöüß]){body}{end}"


_ABBREVIATION_RE = re.compile(
    "|".join(f"(?P<a{i}>{_pattern(k)})" for i, k in enumerate(ABBREVIATIONS)))
_KEYS = list(ABBREVIATIONS)
_DAY = r"(?:Mo|Di|Mi|Do|Fr|Sa|So)\.?"
_JOIN = r"\s*(?:bis|und|,|–|-)\s*"
# A run of two or more days ("Mo bis Fr", "Mo–Fr", "Mo, Mi, Do"), or one day before a
# time ("Di 14 bis 17 Uhr", "Sa, 9:00").
_DAYS_RE = re.compile(
    rf"(?<![\wÄÖÜäöüß]){_DAY}(?:{_JOIN}{_DAY})+(?![\wÄÖÜäöüß])"
    rf"|(?<![\wÄÖÜäöüß]){_DAY}(?=,?\s*\d)")


def _adjective(match: re.Match, key: str) -> str:
    rest = match.string[match.end():]
    noun = re.match(r"\s*([A-ZÄÖÜ][\wäöüß-]*)", rest)
    if not noun:
        return ABBREVIATIONS[key]
    word = noun[1].lower()
    if word.endswith(_MASCULINE_ENDINGS):
        return _ADJECTIVES[key] + "er"
    if word.endswith(_FEMININE_ENDINGS):
        return _ADJECTIVES[key] + "e"
    return _ADJECTIVES[key] + "es"


def _replace(match: re.Match) -> str:
    key = _KEYS[int(match.lastgroup[1:])]  # type: ignore[index]
    words = _adjective(match, key) if key in _ADJECTIVES else ABBREVIATIONS[key]
    before = match.string[max(0, match.start() - 2):match.start()]
    # "1.OG" → "1. Obergeschoss": a written-out word needs its space after the number.
    return " " + words if re.fullmatch(r"\d\.", before) else words


def plain(text: str | None) -> str:
    """Write out the glossary's abbreviations: "Saal, 1. OG" → "Saal, 1. Obergeschoss"."""
    if not text or len(text) > _MAX_CHARS:
        return text or ""
    return _ABBREVIATION_RE.sub(_replace, text)


def _days(match: re.Match) -> str:
    parts = re.split(rf"({_JOIN})", match[0])
    words = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            words.append(WEEKDAY_ABBREVIATIONS[part.rstrip(".")])
        else:
            words.append(" bis " if part.strip() in ("bis", "–", "-") else part)
    joined = "".join(words)
    # "montags, mittwochs, donnerstags" reads as a list only with its "und".
    if all(p.strip() == "," for p in parts[1::2]) and len(parts) > 1:
        head, _, last = joined.rpartition(", ")
        joined = f"{head} und {last}"
    return joined


def plain_hours(text: str | None) -> str:
    """Write out short weekdays and other abbreviations in hours:
    "Mo bis Fr, 9 bis 12 Uhr" → "montags bis freitags, 9 bis 12 Uhr"."""
    if not text or len(text) > _MAX_CHARS:
        return text or ""
    return plain(_DAYS_RE.sub(_days, text))


def found(text: str | None, hours: bool = False) -> list[tuple[str, str]]:
    """The abbreviations in `text` with their plain forms, each once, in order."""
    if not text or len(text) > _MAX_CHARS:
        return []
    out: dict[str, str] = {}
    if hours:
        for match in _DAYS_RE.finditer(text):
            out.setdefault(match[0], _days(match))
    for match in _ABBREVIATION_RE.finditer(text):
        out.setdefault(match[0], _replace(match))
    return list(out.items())
