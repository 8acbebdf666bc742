"""German wording for the screen: dates in words people use, costs, registration, status.

"heute, 14:30 Uhr" · "morgen" · "Dienstag, 8. Dezember, 14:30 bis 17:00 Uhr" ·
"jetzt geöffnet bis 12:00 Uhr" · "kostenlos" · "6,50 €" · "Spende erbeten" ·
"Anmeldung erforderlich bis Mittwoch, 2. Dezember" · "ausgebucht – Warteliste" · "fällt aus"
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from babel.dates import format_date
from babel.numbers import format_decimal

from kiosk.clock import local
from kiosk.hours import OpenState
from sync.model import WEEKDAYS, Access, Cost, Hours, Registration

LOCALE = "de_DE"
DASH = "–"

STATUS_WORDS = {
    "cancelled": "fällt aus",
    "moved": "verlegt",
    "full": "ausgebucht",
    "scheduled": "",
}
WEEKDAY_NAMES = {
    "MO": "Montag", "TU": "Dienstag", "WE": "Mittwoch", "TH": "Donnerstag",
    "FR": "Freitag", "SA": "Samstag", "SU": "Sonntag",
}
KIND_WORDS = {
    "event": "Termin", "course": "Kurs", "offer": "Dauerangebot",
    "call": "Aufruf", "participation": "Beteiligung",
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
    """ "heute", "morgen" or "Dienstag, 8. Dezember"."""
    if day == today:
        return "heute"
    if day == today + timedelta(days=1):
        return "morgen"
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


def when_text(start: datetime, end: datetime, now: datetime) -> str:
    """ "Dienstag, 8. Dezember, 14:30 bis 17:00 Uhr"; ongoing: "jetzt, bis 17:00 Uhr"."""
    start, end, now = local(start), local(end), local(now)
    today = now.date()
    if start <= now < end and end.date() == today:
        return f"jetzt, bis {time_text(end)}"
    if start.date() == end.date() or end == datetime.combine(
        start.date() + timedelta(days=1), datetime.min.time(), tzinfo=start.tzinfo
    ):
        return f"{day_text(start.date(), today)}, {clock_time(start)} bis {time_text(end)}"
    return (f"{day_text(start.date(), today)}, {time_text(start)} bis "
            f"{day_text(end.date(), today)}, {time_text(end)}")


def time_range(start: datetime, end: datetime) -> str:
    """ "14:30 bis 17:00 Uhr"."""
    return f"{clock_time(start)} bis {time_text(end)}"


def stand_text(changed_at: datetime, now: datetime) -> str:
    """ "Stand: heute, 9:12 Uhr" / "Stand: 24. November"."""
    changed_at, now = local(changed_at), local(now)
    if (now.date() - changed_at.date()).days <= 1:
        return f"Stand: {start_text(changed_at, now)}"
    return f"Stand: {short_date(changed_at.date(), now.date())}"


def page_text(page: int, pages: int) -> str:
    """ "Seite 2 von 3" (pages counted from 1)."""
    return f"Seite {page} von {pages}"


# -- status, cost, registration -------------------------------------------------------------

def status_text(status: str) -> str:
    """ "fällt aus", "verlegt", "ausgebucht", or "" for a normal date."""
    return STATUS_WORDS.get(status, "")


def euro_text(euro: float) -> str:
    """ "6,50 €", "15 €"."""
    if float(euro).is_integer():
        return f"{int(euro)} €"
    return f"{format_decimal(euro, format='#,##0.00', locale=LOCALE)} €"


def cost_text(cost: Cost | None) -> str:
    """ "kostenlos", "6,50 €", "15 € pro Stunde", "Spende erbeten"."""
    if cost is None:
        return ""
    if cost.kind == "free":
        return "kostenlos"
    if cost.kind == "donation":
        return "Spende erbeten"
    text = euro_text(cost.euro or 0)
    return f"{text} pro {cost.per}" if cost.per else text


def registration_text(reg: Registration | None, now: datetime) -> str:
    """ "Anmeldung erforderlich bis Mittwoch, 2. Dezember", "ausgebucht – Warteliste", ..."""
    if reg is None:
        return ""
    if reg.seats_free == 0:
        return f"ausgebucht {DASH} Warteliste" if reg.waitlist else "ausgebucht"
    today = local(now).date()
    if reg.kind == "none":
        return "ohne Anmeldung"
    word = "Anmeldung erforderlich" if reg.kind == "required" else "Anmeldung erbeten"
    if reg.deadline is None:
        return word
    if reg.deadline < today:
        return f"Anmeldeschluss war am {short_date(reg.deadline, today)}"
    return f"{word} bis {day_text(reg.deadline, today)}"


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
        return f"jetzt geöffnet bis {time_text(state.closes_at)}"
    parts = []
    if state.exception_note and state.exception_until:
        until = day_text(state.exception_until, local(now).date())
        parts.append(f"bis {until}: {state.exception_note}")
    if state.next_slot:
        parts.append(f"nächste {word}: {start_text(state.next_slot.start, now)}")
    elif not parts:
        parts.append("zurzeit keine Öffnungszeiten")
    return f" {DASH} ".join(parts)


def hours_lines(hours: list[Hours]) -> list[str]:
    """Weekly hours grouped by time: "Dienstag und Donnerstag, 8:30 bis 12:00 Uhr"."""
    groups: dict[tuple[str, str], list[str]] = {}
    for h in sorted(hours, key=lambda h: (WEEKDAYS.index(h.day), h.from_)):
        groups.setdefault((h.from_, h.to), []).append(WEEKDAY_NAMES[h.day])
    lines = []
    for (start, end), days in groups.items():
        lines.append(f"{join_words(days)}, {_hhmm(start)} bis {_hhmm(end)} Uhr")
    return lines


def _hhmm(text: str) -> str:
    hh, mm = text.split(":")
    return f"{int(hh)}:{mm}"


# -- contact and place ----------------------------------------------------------------------

def phone_text(phone: str | None) -> str:
    """A phone number in short groups: "069 90009201" → "069 90009 201".

    The area code is kept as written (the first group); the rest is split so that the
    last three digits stand alone, which is easier to read and to dial.
    """
    if not phone:
        return ""
    text = phone.strip()
    if text.startswith("+49"):
        text = "0" + text[3:].lstrip(" (0)")
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
        out.append(("checked", f"geprüft am {short_date(access.checked_on, today)}"))
    return out
