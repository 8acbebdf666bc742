"""Spoken German: the screen's words rewritten so a speech engine reads them well.

Times and amounts become words ("vierzehn Uhr dreißig", "sechs Euro fünfzig"), phone
numbers are read digit by digit in their groups ("null sechs neun, ..., zwo null eins"),
dates get their article and case ("Dienstag, der achte Dezember"), abbreviations are
written out ("Tel." → "Telefon", "1. OG" → "erster Stock").
"""

from __future__ import annotations

import re
from datetime import date, datetime

from num2words import num2words

from kiosk.clock import local
from kiosk.text.written import phone_text

MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
          "September", "Oktober", "November", "Dezember")
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
# "zwo" instead of "zwei" in phone numbers, as people dictate them (no mix-up with "drei").
DIGITS = ("null", "eins", "zwo", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun")

_ABBREVIATIONS = [
    (r"\bTel\.(?=\s|:|$)", "Telefon"),
    (r"\bz\.\s?B\.", "zum Beispiel"),
    (r"\bu\.\s?a\.", "unter anderem"),
    (r"\be\.\s?V\.", "eingetragener Verein"),
    (r"\bca\.", "circa"),
    (r"\bNr\.", "Nummer"),
    (r"\bStr\.", "Straße"),
    # "Hauptstr. 5": the abbreviation is the end of a word, so \bStr\. misses it.
    (r"(?<=[a-zäöüß])str\.", "straße"),
    (r"\bbzw\.", "beziehungsweise"),
    (r"\bggf\.", "gegebenenfalls"),
    (r"\binkl\.", "inklusive"),
    (r"\bevtl\.", "eventuell"),
    (r"\bEv\.", "Evangelische"),
    # Only before a name: "Fr." before a time is Freitag (handled with the weekdays).
    (r"\bFr\.(?=\s+[A-ZÄÖÜ])", "Frau"),
    (r"\bHr\.(?=\s+[A-ZÄÖÜ])", "Herr"),
    (r"\bEG\b", "Erdgeschoss"),
    (r"\bUG\b", "Untergeschoss"),
    (r"\bDG\b", "Dachgeschoss"),
    (r"\bOG\b", "Obergeschoss"),
    (r"&", " und "),
]
_SHORT_DAYS = {"Mo": "Montag", "Di": "Dienstag", "Mi": "Mittwoch", "Do": "Donnerstag",
               "Fr": "Freitag", "Sa": "Samstag", "So": "Sonntag"}
# Unit → (after "1", otherwise).
_UNITS = {"m": ("ein Meter", "Meter"), "cm": ("ein Zentimeter", "Zentimeter"),
          "km": ("ein Kilometer", "Kilometer"), "min": ("eine Minute", "Minuten"),
          "kg": ("ein Kilogramm", "Kilogramm")}
# Nouns that take "eine" after a bare "1" ("für 1 Person"); everything else gets "ein".
_FEMININE = {"Person", "Stunde", "Minute", "Woche", "Nacht", "Tasse", "Portion", "Karte",
             "Gruppe", "Stufe", "Etage", "Haltestelle", "Station", "Sitzung", "Einheit"}


def number(n: int) -> str:
    """A cardinal number in words: 14 → "vierzehn"."""
    return num2words(n, lang="de")


def ordinal(n: int, ending: str = "") -> str:
    """An ordinal in words: 8 → "achte"; with ending "n" → "achten", "r" → "achter"."""
    return num2words(n, lang="de", to="ordinal") + ending


def speak_time(moment: datetime | str) -> str:
    """ "14:30" → "vierzehn Uhr dreißig", "9:00" → "neun Uhr", "1:00" → "ein Uhr"."""
    if isinstance(moment, datetime):
        moment = local(moment)
        hour, minute = moment.hour, moment.minute
    else:
        hh, mm = moment.split(":")
        hour, minute = int(hh), int(mm)
    hour_words = "ein" if hour == 1 else number(hour)
    return f"{hour_words} Uhr" + (f" {number(minute)}" if minute else "")


def speak_euro(euro: float) -> str:
    """6.5 → "sechs Euro fünfzig", 1 → "ein Euro", 0.5 → "fünfzig Cent"."""
    cents_total = round(euro * 100)
    whole, cents = divmod(cents_total, 100)
    if whole == 0:
        return "ein Cent" if cents == 1 else f"{number(cents)} Cent"
    euros = "ein Euro" if whole == 1 else f"{number(whole)} Euro"
    return f"{euros} {number(cents)}" if cents else euros


def speak_phone(phone: str) -> str:
    """ "069 90009201" → "null sechs neun, neun null null null neun, zwo null eins"."""
    # Group as the screen shows it, so the voice pauses where the eye does.
    groups = phone_text(phone).split()
    return ", ".join(_digits(g) for g in groups if any(c.isdigit() for c in g))


def _digits(text: str) -> str:
    return " ".join(DIGITS[int(d)] for d in text if d.isdigit())


def speak_date(day: date, today: date | None = None) -> str:
    """ "heute", "morgen, Mittwoch, der neunte Dezember" or "Dienstag, der achte Dezember"
    ("morgen" and "gestern" always with the date, as on the screen)."""
    text = f"{WEEKDAYS[day.weekday()]}, der {ordinal(day.day)} {MONTHS[day.month - 1]}"
    if today is not None and day.year != today.year:
        text += f" {_year(day.year)}"
    if today is not None:
        offset = (day - today).days
        if offset == 0:
            return "heute"
        if offset in (1, -1):
            return f"{'morgen' if offset == 1 else 'gestern'}, {text}"
    return text


def _year(year: int) -> str:
    return num2words(year, lang="de", to="year")


# -- rewriting written text ----------------------------------------------------------------

_MONTH_RE = "|".join(MONTHS)
_DAY_RE = "|".join(WEEKDAYS)
_PREP_RE = r"(?i:am|bis|ab|vom|seit|zum|dem|den)"
# Preposition → (words before the date, article after a weekday). "bis 2. Dezember" is
# read "bis zum zweiten Dezember", "bis Mittwoch, 2. Dezember" as "bis Mittwoch, den
# zweiten Dezember"; after the others the date is dative.
_PREPS = {"bis": ("bis zum", "den"), "ab": ("ab dem", "dem"), "seit": ("seit dem", "dem"),
          "den": ("den", "den")}
_DATE_RE = re.compile(
    rf"(?:\b(?P<prep>{_PREP_RE})\s+)?(?:(?P<wd>{_DAY_RE}),\s+)?"
    rf"(?P<d>\d{{1,2}})\.\s+(?P<m>{_MONTH_RE})(?:\s+(?P<y>\d{{4}}))?"
)
# The first day of "vom 18. bis 20. Oktober", which has no month of its own.
_DAY_ONLY_RE = re.compile(
    rf"(?:\b(?P<prep>{_PREP_RE})\s+)?\b(?P<d>\d{{1,2}})\."
    rf"(?=\s*(?:bis|und|–|-)\s*\d{{1,2}}\.\s+(?:{_MONTH_RE}))"
)
_PHONE_RE = re.compile(
    r"(?<![\d:.,])(?:(?:\+|00)49[\s(]*(?:0\)\s*)?|0)\d{2,5}(?:[ /-]\d{2,8}){1,3}"
    # A comma may follow the number ("069 90009 201, Frau Berger"), a decimal may not.
    r"(?![\d:]|,\d)"
)
# "8.12." and "8.12.2026" as typed by staff; read like "8. Dezember".
_NUMERIC_DATE_RE = re.compile(r"(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(\d{4})?(?!\d)")
# "jeden 1. und 3. Mittwoch im Monat".
_NTH_WEEKDAY_RE = re.compile(rf"\b(\d{{1,2}})\.(?=\s+(?:und\s+\d{{1,2}}\.\s+)?(?:{_DAY_RE})\b)")
_DOT_TIME_RE = re.compile(r"\b([01]?\d|2[0-4])\.([0-5]\d)(?=\s*Uhr\b)")
_TIME = r"\b([01]?\d|2[0-4]):([0-5]\d)"
_TIME_RANGE_RE = re.compile(rf"{_TIME}(?:\s*Uhr)?\s*(?:bis|–|-)\s*{_TIME}(?:\s*Uhr\b)?")
_TIME_RE = re.compile(rf"{_TIME}(?:\s*Uhr\b)?")
_EURO_RE = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?\s*€")
_FLOOR_RE = re.compile(r"\b(\d{1,2})\.\s*(?:OG|Obergeschoss|Stock)\b")
_SHORT_DAY = r"(?:Mo|Di|Mi|Do|Fr|Sa|So)\b\.?"
# A run of day abbreviations joined by "bis", "und", "," or a dash ("Mo–Fr", "Di und Do").
_SHORT_DAYS_RE = re.compile(
    rf"(?<![\w-]){_SHORT_DAY}(?:\s*(?:bis|und|,|–|-)\s*{_SHORT_DAY})*(?P<after>\s*,?\s*\d)?"
)
_HOUR_RANGE_RE = re.compile(r"\b(\d{1,2})\s*[–-]\s*(\d{1,2})(?=\s*Uhr)")
_HOUR_RE = re.compile(r"(?<![\d,.:])\b(\d{1,2})(\s+bis\s+)(\d{1,2}) Uhr\b|\b(\d{1,2}) Uhr\b")
_DECIMAL_RE = re.compile(r"(?<![\d])(?<![\d][.,])(\d+)([.,])(\d+)(?!\d|[.,]\d)")
_THOUSANDS_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?!\d|[.,]\d)")
_CODE_RE = re.compile(r"(?<![\d.,])\d{5,}(?![\d.,]\d)")
_INTEGER_RE = re.compile(r"(?<!\d)\d{1,4}(?!\d)")
# "1" after a lower-case word or at the start, before a noun: "noch 1 Platz" → "ein";
# after a noun it is a label and stays "eins" ("Linie 1 Richtung Zentrum").
_ONE_RE = re.compile(r"(?P<pre>^|(?<!\S)[a-zäöüß]+ )1(?= (?P<noun>[A-ZÄÖÜ]\w*))")
_TIMES_RE = re.compile(r"\b(\d{1,3})[ -]?mal\b")
_HOUSE_NUMBER_RE = re.compile(r"\b(\d+)([a-z])\b")
_UNIT_RE = re.compile(r"\b(\d+(?:,\d+)?)\s?(cm|km|min|kg|m)\b")
_PERCENT_RE = re.compile(r"\s?%")


def _date_words(match: re.Match) -> str:
    prep, weekday = match["prep"], match["wd"]
    day, month = int(match["d"]), match["m"]
    year = f" {_year(int(match['y']))}" if match["y"] else ""
    lead, article = _PREPS.get((prep or "").lower(), (prep, "dem"))
    if weekday and prep:
        return f"{prep} {weekday}, {article} {ordinal(day, 'n')} {month}{year}"
    if weekday:
        return f"{weekday}, der {ordinal(day)} {month}{year}"
    if prep:
        return f"{_keep_case(prep, lead)} {ordinal(day, 'n')} {month}{year}"
    # A bare date is read as a heading: "achter Dezember", not "der achte Dezember".
    return f"{ordinal(day, 'r')} {month}{year}"


def _day_only_words(match: re.Match) -> str:
    prep = match["prep"]
    if not prep:
        return ordinal(int(match["d"]), "r")
    lead = _PREPS.get(prep.lower(), (prep, ""))[0]
    return f"{_keep_case(prep, lead)} {ordinal(int(match['d']), 'n')}"


def _keep_case(written: str, words: str) -> str:
    # "Bis 2. Dezember" at a sentence start stays capitalised: "Bis zum zweiten Dezember".
    return words[:1].upper() + words[1:] if written[:1].isupper() else words


def _numeric_date(match: re.Match) -> str:
    day, month, year = int(match[1]), int(match[2]), match[3]
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return match[0]
    words = f"{day}. {MONTHS[month - 1]}" + (f" {year}" if year else "")
    # Keep the date's closing dot only where it also ends the sentence.
    rest = match.string[match.end():]
    ends_sentence = not year and (not rest.strip() or re.match(r"\s+[A-ZÄÖÜ]", rest))
    return words + ("." if ends_sentence else "")


def _time_range_words(match: re.Match) -> str:
    # "9:00 bis 12:00 Uhr" → "neun bis zwölf Uhr": one "Uhr" is enough for a full hour.
    h1, m1, h2, m2 = match.groups()
    first = number(int(h1)) if m1 == "00" else speak_time(f"{h1}:{m1}")
    return f"{first} bis {speak_time(f'{h2}:{m2}')}"


def _short_days_words(match: re.Match) -> str:
    # A lone "So" is only Sonntag before a time ("So, 10 Uhr"); "So geht es" stays as is.
    text = match[0]
    if not match["after"] and len(re.findall(rf"(?<!\w){_SHORT_DAY}", text)) < 2:
        return text
    text = re.sub(rf"(?<!\w)({_SHORT_DAY})", lambda m: _SHORT_DAYS[m[1][:2]], text)
    return re.sub(r"\s*[–-]\s*(?=[A-Z])", " bis ", text)


def _euro_words(match: re.Match) -> str:
    cents = match[2] or "0"
    return speak_euro(int(match[1].replace(".", "")) + int(cents.ljust(2, "0")) / 100)


def _hour_words(match: re.Match) -> str:
    if match[4]:
        return speak_time(f"{match[4]}:00")
    return f"{number(int(match[1]))}{match[2]}{speak_time(match[3] + ':00')}"


def _unit_words(match: re.Match) -> str:
    one, many = _UNITS[match[2]]
    return one if match[1] == "1" else f"{match[1]} {many}"


def _one_words(match: re.Match) -> str:
    return match["pre"] + ("eine" if match["noun"] in _FEMININE else "ein")


def _decimal_words(match: re.Match) -> str:
    whole, mark, part = match.groups()
    if mark == ",":
        # A German decimal: the places are read one by one ("sechs Komma fünf").
        return f"{number(int(whole))} Komma {_digits(part)}"
    # A dot between digits is no German decimal but a room or a version ("Raum 0.14").
    part_words = _digits(part) if part.startswith("0") else number(int(part))
    return f"{number(int(whole))} Punkt {part_words}"


def _integer_words(n: int) -> str:
    # 1100-1999 are read as years are ("seit 1990" → "neunzehnhundertneunzig"); for a
    # count it is still correct German ("fünfzehnhundert").
    return _year(n) if 1100 <= n <= 1999 else number(n)


def spoken(text: str) -> str:
    """Rewrite screen text for a German speech engine (times, money, dates, numbers)."""
    if not text:
        return ""
    out = _PHONE_RE.sub(lambda m: speak_phone(m[0]), text)
    out = _DOT_TIME_RE.sub(r"\1:\2", out)
    out = _NUMERIC_DATE_RE.sub(_numeric_date, out)
    out = _NTH_WEEKDAY_RE.sub(lambda m: ordinal(int(m[1]), "n"), out)
    out = _DAY_ONLY_RE.sub(_day_only_words, out)
    out = _DATE_RE.sub(_date_words, out)
    out = _TIME_RANGE_RE.sub(_time_range_words, out)
    out = _TIME_RE.sub(lambda m: speak_time(f"{m[1]}:{m[2]}"), out)
    out = _EURO_RE.sub(_euro_words, out)
    out = _FLOOR_RE.sub(lambda m: f"{ordinal(int(m[1]), 'r')} Stock", out)
    out = _SHORT_DAYS_RE.sub(_short_days_words, out)
    out = _HOUR_RANGE_RE.sub(r"\1 bis \2", out)
    out = _HOUR_RE.sub(_hour_words, out)
    out = _UNIT_RE.sub(_unit_words, out)
    out = _PERCENT_RE.sub(" Prozent", out)
    for pattern, words in _ABBREVIATIONS:
        out = re.sub(pattern, words, out)
    return _numbers_words(out)


def _numbers_words(text: str) -> str:
    # Whatever numbers are left are read as words too: engines differ in how they read
    # digits, and Piper voices often stumble over them.
    out = _THOUSANDS_RE.sub(lambda m: number(int(m[0].replace(".", ""))), text)
    out = _DECIMAL_RE.sub(_decimal_words, out)
    # Five digits and more are a postcode or a code, read digit by digit like a phone
    # number: "sieben null eins sieben drei", not "siebzigtausend…".
    out = _CODE_RE.sub(lambda m: _digits(m[0]), out)
    out = _TIMES_RE.sub(lambda m: f"{number(int(m[1]))}mal", out)
    out = _HOUSE_NUMBER_RE.sub(r"\1 \2", out)
    out = _ONE_RE.sub(_one_words, out)
    out = _INTEGER_RE.sub(lambda m: _integer_words(int(m[0])), out)
    out = out.replace(" – ", ", ").replace("–", " bis ")
    return re.sub(r"\s{2,}", " ", out).strip()
