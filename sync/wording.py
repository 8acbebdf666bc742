"""German wording for the phone pages and calendar files the publisher writes.

The same words as the terminal's screen (kiosk.text), for a static page: dates carry
their weekday and never say "heute" (the page is read on any later day). sync may not
import kiosk, so the few phrases a phone page needs live here.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from urllib.parse import quote

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "de_DE"

KIND_WORDS = {"event": "Termin", "course": "Kurs", "offer": "Dauerangebot",
              "call": "Aufruf", "participation": "Beteiligung"}
STATUS_WORDS = {"cancelled": "Fällt aus", "moved": "Verlegt", "full": "Ausgebucht"}
WEEKDAY_NAMES = {"MO": "Montag", "TU": "Dienstag", "WE": "Mittwoch", "TH": "Donnerstag",
                 "FR": "Freitag", "SA": "Samstag", "SU": "Sonntag"}
WEEKDAYS = tuple(WEEKDAY_NAMES)


NBSP = "\u00a0"


def date_words(day: date) -> str:
    """ "Freitag, 4. Dezember 2026" (day and month never split across lines)."""
    return format_date(day, "EEEE, d. MMMM y", locale=LOCALE).replace(". ", "." + NBSP, 1)


def short_date(day: date) -> str:
    """ "4. Dezember 2026" (day and month never split across lines)."""
    return format_date(day, "d. MMMM y", locale=LOCALE).replace(". ", "." + NBSP, 1)


def clock(moment: datetime) -> str:
    """ "9:30" (the feed's own local time, no "Uhr")."""
    return f"{moment.hour}:{moment.minute:02d}"


def occurrence_words(start: datetime, end: datetime) -> tuple[str, str]:
    """A date as two lines: ("Freitag, 4. Dezember 2026", "12:00 bis 13:30 Uhr")."""
    last = end
    end_clock = clock(end)
    if (end.hour, end.minute) == (0, 0) and end > start:
        # An end at midnight belongs to the day before: "20:00 bis 24:00 Uhr".
        last, end_clock = end - timedelta(minutes=1), "24:00"
    if end <= start:
        return date_words(start.date()), f"{clock(start)} Uhr"
    if last.date() == start.date():
        return date_words(start.date()), f"{clock(start)} bis {end_clock} Uhr"
    return (date_words(start.date()),
            f"{clock(start)} Uhr bis {date_words(last.date())}, {end_clock} Uhr")


def moved_words(start: datetime, end: datetime) -> str:
    """Where a moved date went: "verlegt auf Freitag, 15. Januar 2027, 16:00 bis 17:30 Uhr"."""
    day, hours = occurrence_words(start, end)
    return f"verlegt auf {day}, {hours}"


def euro(amount: float) -> str:
    """ "6,50 €", "15 €", "1.200 €" (the terminal's screen uses this too)."""
    # Round to cents first, so 0.999 is "1 €" on the screen as in speech, not "1,00 €".
    cents = round(amount * 100)
    if cents % 100 == 0:
        return f"{format_decimal(cents // 100, format='#,##0', locale=LOCALE)} €"
    return f"{format_decimal(cents / 100, format='#,##0.00', locale=LOCALE)} €"


def cost_words(cost: dict | None) -> str:
    """ "kostenlos", "6,50 € pro Essen", "gegen Spende" (plus the note)."""
    if not cost:
        return ""
    # An amount of 0 € is free; "0 €" would look like a missing price.
    if cost["kind"] == "free" or (cost["kind"] == "amount"
                                  and not round((cost.get("euro") or 0) * 100)):
        text = "kostenlos"
    elif cost["kind"] == "donation":
        text = "gegen Spende"
    else:
        text = euro(cost["euro"]) + (f" pro {cost['per']}" if cost.get("per") else "")
    return f"{text} ({cost['note']})" if cost.get("note") else text


def registration_phrase(kind: str, deadline: str | None = None, passed: bool = False,
                        seats_free: int | None = None, waitlist: bool | None = None) -> str:
    """Whether and by when to register, as people say it (the terminal and the phone page):
    "bitte anmelden bis Mittwoch, 2. Dezember", "Sie müssen sich nicht anmelden".

    `deadline` is already in words ("morgen, Mittwoch, 2. Dezember" on the terminal);
    `passed` says it is over."""
    if seats_free == 0:
        return "ausgebucht – Warteliste möglich" if waitlist else "ausgebucht"
    if kind == "none":
        return "Sie müssen sich nicht anmelden"
    if deadline and passed:
        return f"anmelden war nur bis {deadline} möglich"
    please = "bitte" if kind == "required" else "bitte möglichst"
    return f"{please} anmelden bis {deadline}" if deadline else f"{please} vorher anmelden"


def registration_words(reg: dict | None, today: date | None = None) -> str:
    """After "Anmeldung:": "Sie müssen sich nicht anmelden", "bitte anmelden bis
    Donnerstag, 3. Dezember 2026, noch 5 Plätze frei" (plus the note)."""
    if not reg:
        return ""
    deadline = date.fromisoformat(reg["deadline"]) if reg.get("deadline") else None
    passed = bool(deadline and today and deadline < today)
    text = registration_phrase(reg["kind"], date_words(deadline) if deadline else None,
                               passed, reg.get("seats_free"), reg.get("waitlist"))
    free = reg.get("seats_free")
    if free and reg["kind"] != "none":
        text += ", noch 1 Platz frei" if free == 1 else f", noch {free} Plätze frei"
    return f"{text}, {reg['note']}" if reg.get("note") else text


def hours_lines(hours: list[dict]) -> list[str]:
    """Weekly hours: "Dienstag, 9:00 bis 12:00 Uhr", in weekday order."""
    ordered = sorted(hours, key=lambda h: (WEEKDAYS.index(h["day"]), h["from"]))
    return [f"{WEEKDAY_NAMES[h['day']]}, {_hhmm(h['from'])} bis {_hhmm(h['to'])} Uhr"
            for h in ordered]


def exception_words(exc: dict) -> str:
    """ "21. Dezember 2026 bis 3. Januar 2027: nur telefonisch"."""
    lo, hi = date.fromisoformat(exc["from"]), date.fromisoformat(exc["to"])
    span = short_date(lo) if lo == hi else f"{short_date(lo)} bis {short_date(hi)}"
    return f"{span}: {exc['note']}" if exc.get("note") else f"{span}: geschlossen"


def _hhmm(text: str) -> str:
    hh, mm = text.split(":")
    return f"{int(hh)}:{mm}"


def map_url(lat: float | None, lon: float | None, address: str | None) -> str | None:
    """An https link to OpenStreetMap with a pin at the place, or a search for its address.

    Phone cameras open https links; `geo:` URIs only some Android phones (docs/sync.md)."""
    if lat is not None and lon is not None:
        la, lo = _coord(lat), _coord(lon)
        return f"https://www.openstreetmap.org/?mlat={la}&mlon={lo}#map=18/{la}/{lo}"
    if address:
        return f"https://www.openstreetmap.org/search?query={quote(address)}"
    return None


def _coord(value: float) -> str:
    # Six places are 0.1 m: more only makes a QR code bigger.
    return f"{value:.6f}".rstrip("0").rstrip(".")


def phone_groups(phone: str) -> str:
    """ "069 90009201" → "069 90009 201" (the last three digits stand alone)."""
    groups = [g for g in (re.sub(r"\D", "", g) for g in re.split(r"[\s/()-]+", phone)) if g]
    if len(groups) < 2 or phone.strip().startswith("+"):
        return phone.strip()
    area, rest = groups[0], "".join(groups[1:])
    return f"{area} {rest[:-3]} {rest[-3:]}" if len(rest) > 5 else f"{area} {rest}"


def tel_uri(phone: str) -> str:
    """ "069 90009201" → "tel:+496990009201" (works from any phone, also abroad)."""
    digits = re.sub(r"[^\d+]", "", phone)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+49" + digits[1:]
    return f"tel:{digits}"


def access_lines(access: dict | None) -> list[str]:
    """Measured accessibility facts in words, never a verdict."""
    if not access:
        return []
    out = [_fact(access.get("step_free"), "Eingang ohne Stufen", "Eingang mit Stufen")]
    if access.get("ramp_percent") is not None:
        ramp = format_decimal(access["ramp_percent"], locale=LOCALE)
        out.append(f"Rampe mit {ramp} % Steigung")
    out.append(_fact(access.get("elevator"), "Aufzug vorhanden", "kein Aufzug"))
    if access.get("door_width_cm"):
        out.append(f"Tür {access['door_width_cm']} cm breit")
    out += [
        _fact(access.get("accessible_wc"), "rollstuhlgerechtes WC",
              "kein rollstuhlgerechtes WC"),
        _fact(access.get("hearing_loop"), "Hörschleife für Hörgeräte", "keine Hörschleife"),
        _fact(access.get("parking"), "Behindertenparkplatz", "kein Behindertenparkplatz"),
    ]
    if access.get("surface"):
        out.append(f"Weg: {access['surface']}")
    if access.get("note"):
        out.append(access["note"])
    return [line for line in out if line]


def _fact(value: bool | None, yes: str, no: str) -> str:
    # None means "not measured": say nothing rather than guess.
    if value is None:
        return ""
    return yes if value else no
