"""The entry form: every field of DESIGN.md section 5, read and checked the way staff type.

    values_from_entry(data)          stored entry → form values (strings, lists)
    parse(state, choices)            form values → source entry (quartier-source/1) or None

Field names are the form's ids (docs/hub.md lists them for the browser tests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from hub.forms import schedule_form
from hub.forms.contact_form import parse_contact
from hub.forms.fields import (
    FieldError,
    FormState,
    limited,
    number_text,
    parse_date,
    parse_decimal,
    parse_int,
    parse_time,
)
from hub.messages import msg
from sync.model import KINDS, STATUSES, WEEKDAYS

KIND_LABELS = {"event": "Termin", "course": "Kurs",
               "offer": "Dauerangebot (Beratung, Hilfe, Bürgerbus)",
               "call": "Aufruf (Ehrenamt gesucht)", "participation": "Beteiligung"}
STATUS_LABELS = {"scheduled": "findet statt", "cancelled": "fällt aus",
                 "full": "ausgebucht", "moved": "verlegt"}
COST_LABELS = {"": "keine Angabe", "free": "kostenlos", "amount": "Betrag in Euro",
               "donation": "gegen Spende"}
REG_LABELS = {"": "keine Angabe", "none": "ohne Anmeldung", "requested": "Anmeldung erbeten",
              "required": "Anmeldung erforderlich"}
SHARING_LABELS = {"site": "nur diese Begegnungsstätte",
                  "some": "diese und ausgewählte weitere Begegnungsstätten",
                  "all": "alle Begegnungsstätten"}
LIST_FIELDS = schedule_form.LIST_FIELDS | {"share_sites"}
# Fields that keep their line breaks; every other field is read as one line.
MULTILINE = {"summary", "body", "speech", "easy", "exdates", "rdates"}
# Kinds whose dates are required; offers have opening hours, calls a "valid until".
DATED_KINDS = ("event", "course")
_HOURS_RANGE = re.compile(
    r"^(\d{1,2}(?:[:.]\d{2})?)\s*(?:-|–|—|bis)\s*(\d{1,2}(?:[:.]\d{2})?)\s*(?:uhr)?$",
    re.IGNORECASE)


@dataclass
class Choices:
    """What the form may choose from, for this user and entry."""

    categories: list[dict]
    places: list[dict]
    sites: list[dict]                 # sites the user may put entries into
    other_sites: list[dict] = field(default_factory=list)   # for "some" sharing
    admin: bool = False
    dates_listed: bool = False        # an import's ready list of dates: none to type


# -- entry → values ----------------------------------------------------------------------------

def values_from_entry(data: dict | None, defaults: dict | None = None) -> dict[str, Any]:
    data = data or {}
    values: dict[str, Any] = dict(defaults or {})
    for name in ("kind", "category", "title", "summary", "body", "speech", "easy",
                 "place_id", "bring", "organizer", "status", "status_note", "valid_until",
                 "valid_from"):
        if data.get(name) is not None:
            values[name] = data[name]
    values.setdefault("kind", "event")
    values.setdefault("status", "scheduled")
    values["audience"] = ", ".join(data.get("audience") or [])
    values.update(schedule_form.values_from_schedule(data.get("schedule")))
    for h in data.get("hours") or []:
        key = f"hours_{h['day']}"
        span = f"{h['from']}–{h['to']}"
        values[key] = f"{values[key]}, {span}" if values.get(key) else span
    exceptions = data.get("hours_exceptions") or []
    for i, exc in enumerate(exceptions):
        values.update({f"hexc-{i}-from": exc["from"], f"hexc-{i}-to": exc["to"],
                       f"hexc-{i}-note": exc.get("note") or ""})
    values["hexc_count"] = str(len(exceptions) + 1)
    cost = data.get("cost") or {}
    values.update(cost_kind=cost.get("kind", ""), cost_euro=number_text(cost.get("euro")),
                  cost_per=cost.get("per") or "", cost_note=cost.get("note") or "")
    reg = data.get("registration") or {}
    values.update(reg_kind=reg.get("kind", ""), reg_deadline=reg.get("deadline") or "",
                  reg_seats=_str(reg.get("seats")), reg_seats_free=_str(reg.get("seats_free")),
                  reg_waitlist="1" if reg.get("waitlist") else "", reg_note=reg.get("note") or "")
    contact = data.get("contact") or {}
    for key in ("role", "name", "phone", "phone_hours", "email", "web"):
        values[f"contact_{key}"] = contact.get(key) or ""
    image = data.get("image") or {}
    values.update(image_sha256=image.get("sha256", ""), image_alt=image.get("alt", ""))
    return values


def _str(value: object) -> str:
    return "" if value is None else str(value)


# -- values → entry ------------------------------------------------------------------------------

def parse(state: FormState, choices: Choices) -> dict | None:
    """The source entry of the form (without id), or None when a field is wrong."""
    data: dict[str, Any] = {}
    kind = state.get("kind")
    if kind not in KINDS:
        state.error("kind", msg("choose"))
        kind = "event"
    data["kind"] = kind
    category = state.get("category")
    if category not in {c["id"] for c in choices.categories}:
        state.error("category", msg("choose"))
    data["category"] = category
    _texts(state, data)
    place = state.get("place_id")
    if place and place not in {p["id"] for p in choices.places}:
        state.error("place_id", msg("choose"))
    data["place_id"] = place or None
    status = state.get("status") or "scheduled"
    data["status"] = status if status in STATUSES else "scheduled"
    schedule = schedule_form.parse(state, required=kind in DATED_KINDS
                                   and not choices.dates_listed)
    if schedule:
        data["schedule"] = schedule
    data["hours"] = _hours(state)
    data["hours_exceptions"] = _hours_exceptions(state)
    data["audience"] = [a.strip()[:60] for a in state.get("audience").split(",") if a.strip()]
    data["cost"] = _cost(state)
    data["registration"] = _registration(state)
    data["contact"] = parse_contact(state)
    data["valid_until"] = _date(state, "valid_until")
    data["valid_from"] = _date(state, "valid_from")
    if data["valid_from"] and data["valid_until"] and data["valid_from"] > data["valid_until"]:
        state.error("valid_from", msg("valid_from_after_until"))
    if kind == "call" and data["valid_until"] is None and "valid_until" not in state.errors:
        state.error("valid_until", msg("valid_until_call"))
    sha = state.get("image_sha256")
    if sha and not state.get("image_remove"):
        alt = _limited(state, "image_alt", 240)
        if not alt:
            state.error("image_alt", msg("image_alt_missing"))
        data["image"] = {"sha256": sha, "alt": alt or ""}
    if not state.ok:
        return None
    return {k: v for k, v in data.items() if v not in (None, [], {})}


def _texts(state: FormState, data: dict) -> None:
    title = state.get("title").strip()
    if not title:
        state.error("title", msg("title_missing"))
    elif len(title) > 60:
        state.error("title", msg("title_long", n=len(title)))
    data["title"] = title
    summary = state.get("summary").strip()
    if not summary:
        state.error("summary", msg("summary_missing"))
    elif len(summary) > 240:
        state.error("summary", msg("summary_long", n=len(summary)))
    data["summary"] = summary
    for name, maximum in (("body", 4000), ("speech", 4000), ("easy", 4000),
                          ("status_note", 240), ("bring", 240), ("organizer", 160)):
        data[name] = _limited(state, name, maximum)


def _limited(state: FormState, name: str, maximum: int) -> str | None:
    try:
        return limited(state.get(name), maximum)
    except FieldError as exc:
        state.error(name, str(exc))
        return None


def _date(state: FormState, name: str) -> str | None:
    try:
        day = parse_date(state.get(name))
    except FieldError as exc:
        state.error(name, str(exc))
        return None
    return day.isoformat() if day else None


def _hours(state: FormState) -> list[dict]:
    out = []
    for day in WEEKDAYS:
        name = f"hours_{day}"
        value = state.get(name).strip()
        if not value:
            continue
        for span in re.split(r"\s*(?:,|;|\bund\b)\s*", value):
            if not span:
                continue
            match = _HOURS_RANGE.match(span.strip())
            try:
                start, end = (parse_time(g) for g in match.groups()) if match else (None, None)
            except FieldError:
                start = end = None
            if start is None or end is None:
                state.error(name, msg("hours_invalid"))
                break
            if end <= start:
                state.error(name, msg("hours_order"))
                break
            out.append({"day": day, "from": f"{start:%H:%M}", "to": f"{end:%H:%M}"})
    return out


def hexc_rows(state: FormState) -> int:
    try:
        return max(1, min(30, int(state.get("hexc_count") or "1")))
    except ValueError:
        return 1


def _hours_exceptions(state: FormState) -> list[dict]:
    out = []
    for i in range(hexc_rows(state)):
        prefix = f"hexc-{i}-"
        first, last = _date(state, prefix + "from"), _date(state, prefix + "to")
        note = state.get(prefix + "note").strip()
        if not (first or last or note):
            continue
        if not first:
            state.error(prefix + "from", msg("date_missing"))
            continue
        last = last or first
        if last < first:
            state.error(prefix + "to", msg("end_before_start"))
            continue
        item = {"from": first, "to": last}
        if note:
            item["note"] = note[:240]
        out.append(item)
    return out


def _cost(state: FormState) -> dict | None:
    kind = state.get("cost_kind")
    if kind not in ("free", "amount", "donation"):
        return None
    cost: dict[str, Any] = {"kind": kind}
    if kind == "amount":
        try:
            euro = parse_decimal(state.get("cost_euro"))
        except FieldError as exc:
            state.error("cost_euro", str(exc))
            euro = 0.0
        if euro is None:
            state.error("cost_euro", msg("euro_missing"))
        cost["euro"] = euro
        cost["per"] = _limited(state, "cost_per", 60)
    cost["note"] = _limited(state, "cost_note", 240)
    return {k: v for k, v in cost.items() if v is not None}


def _registration(state: FormState) -> dict | None:
    kind = state.get("reg_kind")
    if kind not in ("none", "requested", "required"):
        return None
    reg: dict[str, Any] = {"kind": kind, "deadline": _date(state, "reg_deadline")}
    for name, key in (("reg_seats", "seats"), ("reg_seats_free", "seats_free")):
        try:
            reg[key] = parse_int(state.get(name))
        except FieldError as exc:
            state.error(name, str(exc))
    if reg.get("seats") is not None and reg.get("seats_free") is not None \
            and reg["seats_free"] > reg["seats"]:
        state.error("reg_seats_free", msg("seats_free_more"))
    reg["waitlist"] = True if state.get("reg_waitlist") else None
    reg["note"] = _limited(state, "reg_note", 240)
    return {k: v for k, v in reg.items() if v is not None}


def sharing(state: FormState, choices: Choices, site_id: str) -> tuple[str, list[str]]:
    """Who shows the entry: ("site"|"some"|"all", the other chosen sites)."""
    mode = state.get("sharing") or "site"
    if mode not in SHARING_LABELS:
        mode = "site"
    if mode == "all" and not choices.admin:
        state.error("sharing", msg("share_all_admin"))
    chosen = [s for s in state.getlist("share_sites") if s != site_id]
    if mode == "some":
        allowed = {s["id"] for s in choices.other_sites}
        if not chosen:
            state.error("share_sites", msg("share_sites_missing"))
        elif set(chosen) - allowed:
            state.error("share_sites", msg("share_sites_forbidden"))
    return mode, chosen if mode == "some" else []
