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
    (r"\bbzw\.", "beziehungsweise"),
    (r"\bggf\.", "gegebenenfalls"),
    (r"\binkl\.", "inklusive"),
    (r"\bevtl\.", "eventuell"),
    (r"\bEv\.", "Evangelische"),
    (r"\bEG\b", "Erdgeschoss"),
    (r"\bUG\b", "Untergeschoss"),
    (r"\bDG\b", "Dachgeschoss"),
    (r"\bOG\b", "Obergeschoss"),
    (r"&", " und "),
]
_SHORT_DAYS = {"Mo": "Montag", "Di": "Dienstag", "Mi": "Mittwoch", "Do": "Donnerstag",
               "Fr": "Freitag", "Sa": "Samstag", "So": "Sonntag"}
_UNITS = {"m": "Meter", "cm": "Zentimeter", "km": "Kilometer", "min": "Minuten",
          "kg": "Kilogramm"}


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
        return f"{number(cents)} Cent"
    euros = "ein Euro" if whole == 1 else f"{number(whole)} Euro"
    return f"{euros} {number(cents)}" if cents else euros


def speak_phone(phone: str) -> str:
    """ "069 90009 201" → "null sechs neun, neun null null null neun, zwo null eins"."""
    groups = [g for g in re.split(r"[\s/()-]+", phone.strip()) if g]
    spoken = [" ".join(DIGITS[int(d)] for d in g if d.isdigit()) for g in groups]
    return ", ".join(s for s in spoken if s)


def speak_date(day: date, today: date | None = None) -> str:
    """ "heute", "morgen" or "Dienstag, der achte Dezember"."""
    if today is not None:
        if day == today:
            return "heute"
        if (day - today).days == 1:
            return "morgen"
    text = f"{WEEKDAYS[day.weekday()]}, der {ordinal(day.day)} {MONTHS[day.month - 1]}"
    if today is not None and day.year != today.year:
        text += f" {_year(day.year)}"
    return text


def _year(year: int) -> str:
    return num2words(year, lang="de", to="year")


# -- rewriting written text ----------------------------------------------------------------

_MONTH_RE = "|".join(MONTHS)
_DAY_RE = "|".join(WEEKDAYS)
_DATE_RE = re.compile(
    rf"(?:\b(?P<prep>am|bis|ab|vom|seit|zum)\s+)?(?:(?P<wd>{_DAY_RE}),\s+)?"
    rf"(?P<d>\d{{1,2}})\.\s+(?P<m>{_MONTH_RE})(?:\s+(?P<y>\d{{4}}))?"
)
_PHONE_RE = re.compile(r"(?<![\d:.,])(?:\+49[\s(]*|0)\d{2,5}(?:[ /-]\d{2,8}){1,3}(?![\d:,])")
_TIME_RE = re.compile(r"\b([01]?\d|2[0-4]):([0-5]\d)(?:\s*Uhr\b)?")
_EURO_RE = re.compile(r"(\d+)(?:,(\d{1,2}))?\s*€")
_FLOOR_RE = re.compile(r"\b(\d{1,2})\.\s*(?:OG|Obergeschoss|Stock)\b")
_SHORT_DAY_RE = re.compile(
    r"(?<![\w-])(Mo|Di|Mi|Do|Fr|Sa|So)\b(?=\s*(?:bis\b|und\b|,|–|-|\d))"
)
_HOUR_RANGE_RE = re.compile(r"\b(\d{1,2})\s*[–-]\s*(\d{1,2})(?=\s*Uhr)")
_HOUR_RE = re.compile(r"(?<![\d,.:])\b(\d{1,2})(\s+bis\s+)(\d{1,2}) Uhr\b|\b(\d{1,2}) Uhr\b")
_DECIMAL_RE = re.compile(r"(?<![\d])(?<![\d][.,])(\d+)([.,])(\d+)(?!\d|[.,]\d)")
_THOUSANDS_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?!\d|[.,]\d)")
_INTEGER_RE = re.compile(r"(?<!\d)\d{1,6}(?!\d)")
_UNIT_RE = re.compile(r"\b(\d+(?:,\d+)?)\s?(cm|km|min|kg|m)\b")
_PERCENT_RE = re.compile(r"\s?%")


def _date_words(match: re.Match) -> str:
    prep, weekday = match["prep"], match["wd"]
    day, month = int(match["d"]), match["m"]
    year = f" {_year(int(match['y']))}" if match["y"] else ""
    if weekday:
        article = {"am": "dem", "bis": "den", "ab": "den"}.get(prep or "", "der")
        ending = "" if article == "der" else "n"
        lead = f"{prep} " if prep else ""
        return f"{lead}{weekday}, {article} {ordinal(day, ending)} {month}{year}"
    if prep == "bis":
        return f"bis zum {ordinal(day, 'n')} {month}{year}"
    if prep:
        return f"{prep} {ordinal(day, 'n')} {month}{year}"
    return f"der {ordinal(day)} {month}{year}"


def _euro_words(match: re.Match) -> str:
    cents = match[2] or "0"
    return speak_euro(int(match[1]) + int(cents.ljust(2, "0")) / 100)


def _hour_words(match: re.Match) -> str:
    if match[4]:
        return speak_time(f"{match[4]}:00")
    return f"{number(int(match[1]))}{match[2]}{speak_time(match[3] + ':00')}"


def spoken(text: str) -> str:
    """Rewrite screen text for a German speech engine (times, money, dates, numbers)."""
    if not text:
        return ""
    out = _PHONE_RE.sub(lambda m: speak_phone(m[0].replace("+49", "0 ")), text)
    out = _DATE_RE.sub(_date_words, out)
    out = _TIME_RE.sub(lambda m: speak_time(f"{m[1]}:{m[2]}"), out)
    out = _EURO_RE.sub(_euro_words, out)
    out = _FLOOR_RE.sub(lambda m: f"{ordinal(int(m[1]), 'r')} Stock", out)
    out = _SHORT_DAY_RE.sub(lambda m: _SHORT_DAYS[m[1]], out)
    out = _HOUR_RANGE_RE.sub(r"\1 bis \2", out)
    out = _HOUR_RE.sub(_hour_words, out)
    out = _UNIT_RE.sub(lambda m: f"{m[1]} {_UNITS[m[2]]}", out)
    out = _PERCENT_RE.sub(" Prozent", out)
    for pattern, words in _ABBREVIATIONS:
        out = re.sub(pattern, words, out)
    # Whatever numbers are left are read as words too: engines differ in how they read
    # digits, and Piper voices often stumble over them.
    out = _THOUSANDS_RE.sub(lambda m: number(int(m[0].replace(".", ""))), out)
    out = _DECIMAL_RE.sub(lambda m: f"{number(int(m[1]))} {'Komma' if m[2] == ',' else 'Punkt'} "
                          f"{' '.join(DIGITS[int(d)] for d in m[3])}", out)
    out = _INTEGER_RE.sub(lambda m: number(int(m[0])), out)
    out = out.replace(" – ", ", ").replace("–", " bis ")
    return re.sub(r"\s{2,}", " ", out).strip()
