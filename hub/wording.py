"""German words for staff pages: dates, moments, "vor 3 Stunden", "5 Minuten"."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date

from hub.config import TIMEZONE

BERLIN = ZoneInfo(TIMEZONE)
LOCALE = "de_DE"
_UNITS = [(86400, "Tag", "Tagen", "Tage"), (3600, "Stunde", "Stunden", "Stunden"),
          (60, "Minute", "Minuten", "Minuten"), (1, "Sekunde", "Sekunden", "Sekunden")]


def as_date(value: date | str | None) -> date | None:
    if not value:  # None, "" or a Jinja Undefined
        return None
    if isinstance(value, datetime):
        return value.astimezone(BERLIN).date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def date_words(value: date | str | None) -> str:
    """ "Dienstag, 8. Dezember 2026"."""
    day = as_date(value)
    return format_date(day, "EEEE, d. MMMM y", locale=LOCALE) if day else ""


def short_date_words(value: date | str | None) -> str:
    """ "8. Dezember 2026"."""
    day = as_date(value)
    return format_date(day, "d. MMMM y", locale=LOCALE) if day else ""


def numeric_date(value: date | str | None) -> str:
    """ "28.11.2026" (for table columns)."""
    day = as_date(value)
    return day.strftime("%d.%m.%Y") if day else ""


def moment_words(value: datetime | str | None) -> str:
    """ "8. Dezember 2026, 14:30 Uhr" in local time."""
    if not value:
        return ""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    local = moment.astimezone(BERLIN)
    return f"{short_date_words(local.date())}, {local.hour}:{local.minute:02d} Uhr"


def stand_label(value: datetime | str, now: datetime | None = None) -> str:
    """A publish in words, as the terminal writes its "Stand": "Stand: 7. Dezember,
    16:18 Uhr" (with the year when it is not this year's)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    local = moment.astimezone(BERLIN)
    pattern = "d. MMMM" if now is None or now.astimezone(BERLIN).year == local.year \
        else "d. MMMM y"
    day = format_date(local.date(), pattern, locale=LOCALE)
    return f"Stand: {day}, {local.hour}:{local.minute:02d} Uhr"


def shows_words(label: str) -> str:
    """ "Stand: 5. Dezember, 4:30 Uhr" → "zeigt den Stand von 5. Dezember, 4:30 Uhr"."""
    return "zeigt den " + label.replace("Stand: ", "Stand von ", 1)


def amount_words(seconds: float, dative: bool = False) -> str:
    """ "3 Stunden", "1 Tag", "5 Minuten" ("seit 2 Tagen" with `dative`): the largest
    whole unit."""
    seconds = abs(seconds)
    for size, one, dative_many, many in _UNITS:
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {one if n == 1 else (dative_many if dative else many)}"
    return "0 Sekunden"


def ago_words(moment: datetime | str | None, now: datetime) -> str:
    """ "vor 3 Stunden", "vor 1 Tag", "gerade eben"."""
    if not moment:
        return "nie"
    moment = moment if isinstance(moment, datetime) else datetime.fromisoformat(moment)
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "gerade eben"
    for size, one, dative, _ in _UNITS:
        if seconds >= size:
            n = int(seconds // size)
            return f"vor {n} {one if n == 1 else dative}"
    return "gerade eben"


def days_between(earlier: date, later: date) -> int:
    return (later - earlier).days


def ago_days(value: date | str | None, today: date) -> str:
    """ "heute", "gestern", "vor 95 Tagen"."""
    day = as_date(value)
    if day is None:
        return "nie"
    days = (today - day).days
    if days <= 0:
        return "heute"
    if days == 1:
        return "gestern"
    return f"vor {days} Tagen"


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


def skew_words(seconds: float | None) -> str:
    """A terminal's clock against the server's: "geht 5 Minuten vor", "genau"."""
    if seconds is None:
        return "noch nicht geprüft"
    if abs(seconds) < 1:
        return "geht genau"
    return f"geht {amount_words(seconds)} {'vor' if seconds > 0 else 'nach'}"
