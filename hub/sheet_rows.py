"""One spreadsheet row → what the hub stores, read by the hub's own forms.

Each row fills the form a staff member would fill (hub.forms: contact_form, place_form,
entry_form), on top of the values already stored for it – so a column the sheet does not
have keeps its value – and the form's checks and German messages apply unchanged. What a
form says about a field is said about the sheet's column (`COLUMN_OF`).

    read_contact(row, stored) / read_place(row, stored, today) / read_offer(row, ...)
        -> (data, {column key: message})
"""

from __future__ import annotations

import re
from typing import Any

from hub.forms import entry_form
from hub.forms.contact_form import parse_contact
from hub.forms.entry_form import Choices
from hub.forms.fields import FieldError, FormState, parse_decimal
from hub.forms.place_form import FACTS, parse, values_from_place
from hub.forms.schedule_form import DAY_NAMES
from sync.model import WEEKDAYS

YES = {"ja", "j", "x", "yes", "y", "wahr", "true", "1", "vorhanden"}
NO = {"nein", "n", "no", "falsch", "false", "0", "keine", "kein"}
DAYS = {"mo": "MO", "montag": "MO", "di": "TU", "dienstag": "TU", "mi": "WE",
        "mittwoch": "WE", "do": "TH", "donnerstag": "TH", "fr": "FR", "freitag": "FR",
        "sa": "SA", "samstag": "SA", "so": "SU", "sonntag": "SU"}
DAYS.update({f"{name}s": day for name, day in list(DAYS.items()) if len(name) > 2})  # montags
_PART = re.compile(r"^(?P<days>[^\d]+?)\s*:?\s*(?P<times>\d.*)$")
_RANGE = re.compile(r"\s*(?:–|—|-|bis)\s*")
# The form's field → the sheet's column key (hub.sheet_columns).
COLUMN_OF = {"contact_role": "contact_role", "contact_name": "contact_name",
             "contact_phone": "contact_phone", "contact_phone_hours": "contact_phone_hours",
             "contact_email": "contact_email", "contact_web": "contact_web",
             "place_id": "place", "cost_kind": "cost", "cost_euro": "cost", "cost_per": "cost",
             "cost_note": "cost", "date_start": "hours"}


def column_of(field: str, kind: str) -> str:
    if field.startswith("hours_"):
        return "hours"
    if kind == "offers" and field.startswith("contact_"):
        return "contact"
    return COLUMN_OF.get(field, field)


def _errors(state: FormState, kind: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for field, message in state.errors.items():
        if field.startswith("hours_"):
            message = f"{DAY_NAMES.get(field[6:], '')}: {message}"
        out.setdefault(column_of(field, kind), message)
    return out


def read_contact(row: dict[str, str], stored: dict | None) -> tuple[dict | None, dict]:
    values = {f"contact_{k}": v for k, v in (stored or {}).items()}
    values.update({k: v for k, v in row.items() if k.startswith("contact_")})
    state = FormState(values)
    contact = parse_contact(state)
    return (contact if state.ok else None), _errors(state, "contacts")


def read_place(row: dict[str, str], stored: dict | None, today: Any) -> tuple[dict | None,
                                                                           dict]:
    values = values_from_place(stored)
    errors: dict[str, str] = {}
    for key, value in row.items():
        if key in FACTS:
            answer = value.strip().casefold()
            if answer and answer not in YES | NO:
                errors[key] = f"„{value.strip()[:40]}“: bitte „ja“, „nein“ oder leer."
            values[key] = "ja" if answer in YES else "nein" if answer in NO else ""
        elif key != "id":
            values[key] = value
    state = FormState(values)
    place = parse(state, today)
    errors.update(_errors(state, "places"))
    return (place if not errors else None), errors


def day_hours(text: str) -> dict[str, str]:
    """ "Mo–Fr 9–12 Uhr; Do 14–17 Uhr" → {"MO": "9–12 Uhr", ..., "TH": "9–12 Uhr, 14–17 Uhr"}
    (the form's hours fields); FieldError when a part does not begin with its days."""
    out: dict[str, list[str]] = {}
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        match = _PART.match(part.strip())
        days = _days(match.group("days")) if match else None
        if not days:
            raise FieldError(f"„{part.strip()[:40]}“: bitte mit den Tagen beginnen, zum "
                             "Beispiel „Mo–Fr 9–12 Uhr; Do 14–17 Uhr“.")
        for day in days:
            out.setdefault(day, []).append(match.group("times").strip())  # type: ignore
    return {day: ", ".join(spans) for day, spans in out.items()}


def _days(text: str) -> list[str] | None:
    days: list[str] = []
    for token in re.split(r"\s*(?:,|/|\bund\b|&)\s*", text.strip().rstrip(":").strip()):
        ends = [e.strip().rstrip(".").casefold() for e in _RANGE.split(token.strip())]
        if not all(e in DAYS for e in ends) or not 1 <= len(ends) <= 2:
            return None
        first, last = WEEKDAYS.index(DAYS[ends[0]]), WEEKDAYS.index(DAYS[ends[-1]])
        days += [WEEKDAYS[i % 7] for i in range(first, last + (7 if last < first else 0) + 1)]
    return days or None


def cost_values(text: str) -> dict[str, str]:
    """ "kostenlos", "gegen Spende", "3,50 €" → the form's cost fields."""
    words = text.strip().casefold()
    if not words:
        return {"cost_kind": "", "cost_euro": ""}
    if words in ("kostenlos", "frei", "gratis", "umsonst", "0", "0 €"):
        return {"cost_kind": "free", "cost_euro": ""}
    if "spende" in words:
        return {"cost_kind": "donation", "cost_euro": ""}
    try:
        euro = parse_decimal(words.removesuffix("euro").removesuffix("eur").strip())
    except FieldError:
        euro = None
    if euro is None:
        raise FieldError(f"„{text.strip()[:40]}“: bitte „kostenlos“, „gegen Spende“ oder "
                         "einen Betrag wie „3,50 €“.")
    return {"cost_kind": "amount", "cost_euro": text.strip().removesuffix("€").strip()}


def read_offer(row: dict[str, str], stored: dict | None, choices: Choices,
               places: dict[str, str], contacts: dict[str, dict]) -> tuple[dict | None,
                                                                          dict]:
    """A standing offer (kind "offer"); `places` maps Kennung and name (lower case) to a
    place id, `contacts` a contact's Kennung to its data."""
    values = entry_form.values_from_entry(stored, {"status": "scheduled"})
    values.update(kind="offer", site="")
    errors: dict[str, str] = {}
    for key in ("title", "summary", "body", "audience", "valid_until"):
        if key in row:
            values[key] = row[key]
    if "category" in row:
        wanted = row["category"].strip().casefold()
        found = [c["id"] for c in choices.categories
                 if wanted in (c["id"].casefold(), c["label"].casefold())]
        values["category"] = found[0] if found else ""
        if not found:
            names = ", ".join(f"„{c['label']}“" for c in choices.categories)
            errors["category"] = f"„{row['category'].strip()[:40]}“ gibt es nicht. " \
                                 f"Möglich: {names}."
    if "hours" in row:
        values.update({f"hours_{day}": "" for day in WEEKDAYS})
        try:
            values.update({f"hours_{d}": v for d, v in day_hours(row["hours"]).items()})
        except FieldError as exc:
            errors["hours"] = str(exc)
    if "place" in row:
        wanted = row["place"].strip()
        values["place_id"] = places.get(wanted.casefold(), "") if wanted else ""
        if wanted and not values["place_id"]:
            errors["place"] = f"„{wanted[:40]}“: diesen Ort gibt es nicht (Kennung oder Name)."
    if "contact" in row:
        wanted = row["contact"].strip()
        contact = contacts.get(wanted.casefold())
        if wanted and contact is None:
            errors["contact"] = f"„{wanted[:40]}“: diese Ansprechperson gibt es nicht " \
                                "(Kennung)."
        for key in ("role", "name", "phone", "phone_hours", "email", "web"):
            values[f"contact_{key}"] = (contact or {}).get(key) or ""
    if "cost" in row:
        try:
            values.update(cost_values(row["cost"]))
        except FieldError as exc:
            errors["cost"] = str(exc)
    state = FormState(values)
    data = entry_form.parse(state, choices)
    for column, message in _errors(state, "offers").items():
        errors.setdefault(column, message)
    return (data if not errors else None), errors
