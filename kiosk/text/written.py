"""German wording for the screen: dates in words people use, costs, registration, status.

"heute, 14:30 Uhr" · "morgen, Mittwoch, 9. Dezember, 10:00 Uhr" ·
"Dienstag, 8. Dezember, 14:30 bis 17:00 Uhr" · "jetzt geöffnet bis 12:00 Uhr" ·
"kostenlos" · "6,50 €" · "gegen Spende" · "bitte anmelden bis Mittwoch, 2. Dezember" ·
"ausgebucht – Warteliste möglich" · "fällt aus"

Plain German (docs/glossar.md): "heute" may stand alone, the day everyone at the screen
is in; "morgen" and "gestern" always carry weekday and date, so nobody has to work out
which day that is; no officialese, no abbreviations.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from babel.dates import format_date
from babel.numbers import format_decimal

from kiosk.clock import local
from kiosk.hours import OpenState
from sync.model import WEEKDAYS, Access, Cost, Hours, Registration

# The words the phone pages use too (sync may not import kiosk, so they live in sync).
from sync.wording import KIND_WORDS as KIND_WORDS
from sync.wording import WEEKDAY_NAMES, registration_phrase
from sync.wording import cost_words as _cost_words
from sync.wording import euro as euro_text  # noqa: F401 (kiosk.text exports it)

LOCALE = "de_DE"
DASH = "–"

STATUS_WORDS = {
    "cancelled": "fällt aus",
    "moved": "verlegt",
    "full": "ausgebucht",
    "scheduled": "",
}


def capitalize(text: str) -> str:
    """Upper-case the first letter only ("heute, 14:30 Uhr" → "Heute, 14:30 Uhr")."""
    return text[:1].upper() + text[1:]


def join_words(items: list[str]) -> str:
    """German enumeration: "a", "a und b", "a, b und c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


# -- dates and times ------------------------------------------------------------------------

def clock_time(moment: datetime) -> str:
    """The time as "14:30" in local time (no "Uhr")."""
    moment = local(moment)
    return f"{moment.hour}:{moment.minute:02d}"


def time_text(moment: datetime) -> str:
    """The time as "14:30 Uhr"."""
    return f"{clock_time(moment)} Uhr"


def date_text(day: date, today: date | None = None) -> str:
    """ "Dienstag, 8. Dezember" (with the year when it is not this year's)."""
    pattern = "EEEE, d. MMMM" if today is None or day.year == today.year else "EEEE, d. MMMM y"
    return format_date(day, pattern, locale=LOCALE)


def day_text(day: date, today: date) -> str:
    """ "heute", "morgen, Mittwoch, 9. Dezember", "gestern, Montag, 7. Dezember" or
    "Dienstag, 8. Dezember"."""
    offset = (day - today).days
    if offset == 0:
        return "heute"
    if offset in (1, -1):
        return f"{'morgen' if offset == 1 else 'gestern'}, {date_text(day, today)}"
    return date_text(day, today)


def full_date(day: date) -> str:
    """ "Samstag, 28. November 2026" (the greeting on the start screen)."""
    return format_date(day, "EEEE, d. MMMM y", locale=LOCALE)


def short_date(day: date, today: date | None = None) -> str:
    """ "8. Dezember" (with the year when it is not this year's)."""
    pattern = "d. MMMM" if today is None or day.year == today.year else "d. MMMM y"
    return format_date(day, pattern, locale=LOCALE)


def start_text(start: datetime, now: datetime) -> str:
    """ "heute, 14:30 Uhr" / "morgen, 10:00 Uhr" / "Dienstag, 8. Dezember, 14:30 Uhr"."""
    start = local(start)
    return f"{day_text(start.date(), local(now).date())}, {time_text(start)}"


def _is_midnight(moment: datetime) -> bool:
    return (moment.hour, moment.minute) == (0, 0)


def _end_parts(end: datetime) -> tuple[date, str]:
    """The day an end belongs to and its clock: midnight ends the day before, at "24:00".

    "20:00 bis 0:00 Uhr" reads as if the event ended before it began.
    """
    end = local(end)
    if _is_midnight(end):
        return end.date() - timedelta(days=1), "24:00"
    return end.date(), clock_time(end)


def end_time_text(end: datetime) -> str:
    """An end time as "17:00 Uhr", local midnight as "24:00 Uhr"."""
    return f"{_end_parts(end)[1]} Uhr"


def when_text(start: datetime, end: datetime, now: datetime) -> str:
    """ "Dienstag, 8. Dezember, 14:30 bis 17:00 Uhr"; ongoing: "jetzt, bis 17:00 Uhr"."""
    start, end, now = local(start), local(end), local(now)
    if end <= start:
        # The feed allows end == start for "no known end": show the start only.
        return start_text(start, now)
    today = now.date()
    last_day, end_clock = _end_parts(end)
    whole_days = _is_midnight(start) and end_clock == "24:00"
    first = day_text(start.date(), today)
    if whole_days and last_day == start.date():
        # "heute, ganztägig" says more than "jetzt, bis 24:00 Uhr" for a day-long event.
        return f"{first}, ganztägig"
    if start <= now < end:
        return f"jetzt, bis {_until_text(last_day, end_clock, today, whole_days)}"
    if whole_days:
        return f"{first} bis {day_text(last_day, today)}"
    if last_day == start.date():
        return f"{first}, {clock_time(start)} bis {end_clock} Uhr"
    return f"{first}, {time_text(start)} bis {day_text(last_day, today)}, {end_clock} Uhr"


def _until_text(last_day: date, end_clock: str, today: date, whole_days: bool) -> str:
    # The end of an ongoing event: the clock alone when it ends today, the day alone when
    # it runs whole days (an exhibition), otherwise both.
    if last_day == today:
        return f"{end_clock} Uhr"
    if whole_days:
        return day_text(last_day, today)
    return f"{day_text(last_day, today)}, {end_clock} Uhr"


def time_range(start: datetime, end: datetime) -> str:
    """ "14:30 bis 17:00 Uhr" (an end at midnight is "24:00 Uhr")."""
    return f"{clock_time(start)} bis {end_time_text(end)}"


def stand_text(changed_at: datetime, now: datetime) -> str:
    """ "Stand: heute, 9:12 Uhr" / "Stand: 30. November, 18:40 Uhr" / "Stand: 24. November"."""
    changed_at, now = local(changed_at), local(now)
    days = (now.date() - changed_at.date()).days
    if days <= 0:
        return f"Stand: {start_text(changed_at, now)}"
    day = short_date(changed_at.date(), now.date())
    return f"Stand: {day}, {time_text(changed_at)}" if days == 1 else f"Stand: {day}"


def page_text(page: int, pages: int) -> str:
    """ "Seite 2 von 3" (pages counted from 1)."""
    return f"Seite {page} von {pages}"


# -- status, cost, registration -------------------------------------------------------------

def status_text(status: str) -> str:
    """ "fällt aus", "verlegt", "ausgebucht", or "" for a normal date."""
    return STATUS_WORDS.get(status, "")


def moved_text(moved_from: datetime, start: datetime, end: datetime, now: datetime) -> str:
    """A moved date under its usual day: "Donnerstag, 14. Januar: verlegt auf Freitag,
    15. Januar, 16:00 bis 17:30 Uhr" (the same day: "…: verlegt auf 16:00 bis 17:30 Uhr")."""
    today = local(now).date()
    usual = local(moved_from).date()
    when = when_text(start, end, now)
    if local(start) <= local(now) < local(end):
        return f"{capitalize(when)} {DASH} verlegt"
    if local(start).date() == usual:
        when = when.removeprefix(f"{day_text(usual, today)}, ")
    return f"{capitalize(day_text(usual, today))}: verlegt auf {when}"


def cost_text(cost: Cost | None) -> str:
    """ "kostenlos", "6,50 €", "15 € pro Stunde", "gegen Spende" (the note is a line of its
    own on the screen)."""
    if cost is None:
        return ""
    return _cost_words({"kind": cost.kind, "euro": cost.euro, "per": cost.per})


def registration_text(reg: Registration | None, now: datetime) -> str:
    """ "bitte anmelden bis Mittwoch, 2. Dezember", "Sie müssen sich nicht anmelden",
    "ausgebucht – Warteliste möglich", ... (the phone page says the same, sync.wording)."""
    if reg is None:
        return ""
    today = local(now).date()
    deadline = None
    if reg.deadline is not None:
        words = short_date if reg.deadline < today else day_text
        deadline = words(reg.deadline, today)
    return registration_phrase(reg.kind, deadline, reg.deadline is not None
                               and reg.deadline < today, reg.seats_free, reg.waitlist)


def seats_text(reg: Registration | None) -> str:
    """ "noch 5 Plätze frei" / "noch 1 Platz frei" / ""."""
    if reg is None or not reg.seats_free:
        return ""
    return "noch 1 Platz frei" if reg.seats_free == 1 else f"noch {reg.seats_free} Plätze frei"


# -- standing offers ------------------------------------------------------------------------

def opening_text(state: OpenState | None, now: datetime, word: str = "Sprechstunde") -> str:
    """ "jetzt geöffnet bis 12:00 Uhr" / "nächste Sprechstunde: Dienstag, 8. Dezember, 9:00 Uhr"."""
    if state is None:
        return ""
    if state.open_now and state.closes_at:
        return f"jetzt geöffnet bis {end_time_text(state.closes_at)}"
    parts = []
    if state.exception_note:
        parts.append(_exception_text(state.exception_note, state.exception_until, now))
    if state.next_slot:
        parts.append(f"nächste {word}: {start_text(state.next_slot.start, now)}")
    elif not parts:
        parts.append("zurzeit keine Öffnungszeiten")
    return f" {DASH} ".join(parts)


def _exception_text(note: str, until: date | None, now: datetime) -> str:
    # An exception without a real last day (date.max is the model's default) has no "bis":
    # "bis Freitag, 31. Dezember 9999" would be nonsense.
    if until is None or until == date.max:
        return note
    return f"bis {day_text(until, local(now).date())}: {note}"


def hours_lines(hours: list[Hours]) -> list[str]:
    """Weekly hours grouped by time: "Dienstag und Donnerstag, 8:30 bis 12:00 Uhr"."""
    groups: dict[tuple[str, str], list[int]] = {}
    for h in hours:
        days = groups.setdefault((_hhmm(h.from_), _hhmm(h.to)), [])
        if WEEKDAYS.index(h.day) not in days:
            days.append(WEEKDAYS.index(h.day))
    ordered = sorted(groups.items(), key=lambda g: (min(g[1]), _minutes(g[0][0])))
    return [f"{_days_words(days)}, {start} bis {end} Uhr" for (start, end), days in ordered]


def _days_words(days: list[int]) -> str:
    # Three or more days in a row are a span, as on a door sign: "Montag bis Freitag".
    if len(set(days)) == len(WEEKDAYS):
        return "täglich"
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    words = []
    for run in runs:
        names = [WEEKDAY_NAMES[WEEKDAYS[d]] for d in run]
        words += [f"{names[0]} bis {names[-1]}"] if len(run) >= 3 else names
    return join_words(words)


def _hhmm(text: str) -> str:
    hh, mm = text.split(":")
    return f"{int(hh)}:{mm}"


def _minutes(text: str) -> int:
    hh, mm = text.split(":")
    return int(hh) * 60 + int(mm)


# -- contact and place ----------------------------------------------------------------------

def phone_text(phone: str | None) -> str:
    """A phone number in short groups: "069 90009201" → "069 90009 201".

    The area code is kept as written (the first group); the rest is split so that the
    last three digits stand alone, which is easier to read and to dial.
    """
    if not phone:
        return ""
    text = phone.strip()
    for country in ("+49", "0049"):
        if text.startswith(country):
            # "+49 (0)69 …" and "0049 69 …" are dialled as "069 …" inside Germany.
            text = "0" + text[len(country):].lstrip(" (0)")
    groups = [re.sub(r"\D", "", g) for g in re.split(r"[\s/()-]+", text)]
    groups = [g for g in groups if g]
    if len(groups) < 2:
        return "".join(groups)
    area, rest = groups[0], "".join(groups[1:])
    if len(rest) > 5:
        return f"{area} {rest[:-3]} {rest[-3:]}"
    return f"{area} {rest}"


def access_lines(access: Access | None, today: date | None = None) -> list[tuple[str, str]]:
    """Measured accessibility facts as (icon name, words), never a verdict."""
    if access is None:
        return []
    out: list[tuple[str, str]] = []
    if access.step_free is True:
        out.append(("step_free", "Eingang ohne Stufen"))
    elif access.step_free is False:
        out.append(("steps", "Eingang mit Stufen"))
    if access.ramp_percent is not None:
        ramp = format_decimal(access.ramp_percent, locale=LOCALE)
        out.append(("ramp", f"Rampe mit {ramp} % Steigung"))
    if access.elevator is True:
        out.append(("elevator", "Aufzug vorhanden"))
    elif access.elevator is False:
        out.append(("no_elevator", "kein Aufzug"))
    if access.door_width_cm:
        out.append(("door", f"Tür {access.door_width_cm} cm breit"))
    if access.accessible_wc is True:
        out.append(("wc", "rollstuhlgerechtes WC"))
    elif access.accessible_wc is False:
        out.append(("no_wc", "kein rollstuhlgerechtes WC"))
    if access.hearing_loop is True:
        out.append(("hearing_loop", "Hörschleife für Hörgeräte"))
    if access.parking is True:
        out.append(("parking", "Behindertenparkplatz"))
    if access.surface:
        out.append(("surface", f"Weg: {access.surface}"))
    if access.note:
        out.append(("note", access.note))
    if access.checked_on:
        # Says what was checked, and the year: a check is worth as much as its date.
        checked = format_date(access.checked_on, "d. MMMM y", locale=LOCALE)
        out.append(("checked", f"Zugang geprüft am {checked}"))
    return out
