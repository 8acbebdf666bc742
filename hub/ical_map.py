"""One calendar event (a UID with its moved or cancelled instances) → a source entry.

Times become wall-clock times of Europe/Berlin (UTC times are converted, a 14:30 meeting
stays at 14:30 across the DST change); all-day events run from midnight to midnight; a
RECURRENCE-ID instance becomes a `change` of the schedule (moved, cancelled, or a note);
STATUS:CANCELLED cancels the entry. A rule that wall-clock times cannot express (an RRULE
anchored in UTC, RDATE periods) is expanded by recurring-ical-events into ready dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from hub.config import TIMEZONE
from hub.forms.fields import FieldError, multi_line, normalise_phone, normalise_web, one_line

BERLIN = ZoneInfo(TIMEZONE)
_PHONE = re.compile(r"(?<!\d)(?:\+49[ /-]?|0)\d{2,5}(?:\s*[/-]\s*|\s)?\d{2,}(?:[ -]?\d+)*")


@dataclass
class Mapped:
    uid: str
    data: dict
    notes: list[str] = field(default_factory=list)
    needs_expansion: bool = False    # dates must come from recurring-ical-events


def wall(value: date | datetime) -> tuple[datetime, bool]:
    """(local wall-clock time, whether it was a whole day).

    A time written in Europe/Berlin keeps its wall clock even in the spring gap (02:30 on
    the last Sunday of March): the publisher moves it and its end forward together
    (sync.recurrence.aware_span), instead of the start alone."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            if getattr(value.tzinfo, "key", str(value.tzinfo)) == TIMEZONE:
                value = value.replace(tzinfo=None)
            else:
                value = value.astimezone(BERLIN).replace(tzinfo=None)
        return value, False
    return datetime.combine(value, time(0)), True


def _minutes(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _text(component: icalendar.Component, name: str) -> str:
    """A property as one line (SUMMARY, LOCATION, URL, ...): a line break in a SUMMARY
    stopped publishing; DESCRIPTION keeps its lines."""
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return (multi_line if name == "DESCRIPTION" else one_line)(str(value)).strip()


def _dates(component: icalendar.Component, name: str) -> list[date | datetime]:
    value = component.get(name)
    if value is None:
        return []
    out: list[date | datetime] = []
    for item in value if isinstance(value, list) else [value]:
        out += [d.dt for d in item.dts]
    return out


def _shorten(text: str, limit: int) -> str:
    """Cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


def _summary(description: str) -> str:
    first = description.split("\n\n")[0].replace("\n", " ").strip()
    if len(first) <= 240:
        return first
    sentences = re.split(r"(?<=[.!?])\s+", first)
    out = ""
    for sentence in sentences:
        if len(out) + len(sentence) + 1 > 240:
            break
        out = f"{out} {sentence}".strip()
    return out or _shorten(first, 240)


def map_event(master: icalendar.Component | None, overrides: list[icalendar.Component],
              categories: list[dict], default_category: str,
              places: list[dict]) -> Mapped:
    """The source entry of one UID (without id)."""
    main = master if master is not None else overrides[0]
    uid = _text(main, "UID")
    notes: list[str] = []
    title_full = _text(main, "SUMMARY") or "Termin"
    title = _shorten(title_full, 60)
    if title != title_full:
        notes.append("Titel gekürzt")
    description = _text(main, "DESCRIPTION")
    data: dict[str, Any] = {"kind": "event", "title": title,
                            "summary": _summary(description) if description else ""}
    told = " ".join(description.split()) == data["summary"]
    body = [p for p in (title_full if title != title_full else "",
                        description if description and not told else "") if p]
    data["category"] = _category(_text(main, "CATEGORIES"), categories, default_category)
    location = _text(main, "LOCATION")
    place = _place(location, places)
    if place:
        data["place_id"] = place
    elif location:
        body.append(f"Ort: {location}")
    if body:
        data["body"] = "\n\n".join(body)[:4000]
    contact = _contact(main, description, notes)
    if contact:
        data["contact"] = contact
    else:
        notes.append("ohne Kontakt – bitte ergänzen")
    if _text(main, "STATUS").upper() == "CANCELLED":
        data["status"] = "cancelled"
    needs = False
    if master is not None:
        schedule, needs = _schedule(master, overrides, title_full)
        data["schedule"] = schedule
    else:  # only a changed instance of an event this calendar does not hold
        data["schedule"] = _single(main)
    return Mapped(uid, data, notes, needs)


def _single(component: icalendar.Component) -> dict:
    start, whole = wall(component.decoded("DTSTART"))
    end = _end(component, start, whole)
    return {"start": _minutes(start), "end": _minutes(end)}


def _end(component: icalendar.Component, start: datetime, whole: bool) -> datetime:
    if component.get("DTEND") is not None:
        end, _ = wall(component.decoded("DTEND"))
    elif component.get("DURATION") is not None:
        end = start + component.decoded("DURATION")
    else:
        end = start + (timedelta(days=1) if whole else timedelta(0))
    return max(end, start)


def _schedule(master: icalendar.Component, overrides: list[icalendar.Component],
              title: str) -> tuple[dict, bool]:
    raw_start = master.decoded("DTSTART")
    start, whole = wall(raw_start)
    end = _end(master, start, whole)
    schedule: dict[str, Any] = {"start": _minutes(start), "end": _minutes(end)}
    needs = False
    rule = master.get("RRULE")
    if rule is not None:
        anchored_utc = isinstance(raw_start, datetime) and raw_start.tzinfo is not None \
            and raw_start.utcoffset() == timedelta(0) and str(raw_start.tzinfo) in ("UTC", "Z")
        needs = anchored_utc
        schedule["rrule"] = _rule_text(rule)
    exdates = [wall(d) for d in _dates(master, "EXDATE")]
    if exdates:
        schedule["exdates"] = [d.date().isoformat() if day else _minutes(d)
                               for d, day in exdates]
    rdates = master.get("RDATE")
    if rdates is not None:
        values = _dates(master, "RDATE")
        if any(isinstance(v, tuple) for v in values):
            needs = True
        else:
            schedule["rdates"] = [_minutes(wall(v)[0]) for v in values]
    changes = [_change(o, start, end, title) for o in overrides]
    if changes:
        schedule["changes"] = sorted(changes, key=lambda c: c["date"])
    return schedule, needs


def _rule_text(rule: icalendar.vRecur) -> str:
    """The RRULE with UNTIL in local wall-clock time (the schedule's frame)."""
    parts = dict(rule)
    until = parts.get("UNTIL")
    if until:
        value = until[0]
        local, whole = wall(value)
        parts["UNTIL"] = [local.date() if whole and not isinstance(value, datetime) else local]
    return icalendar.vRecur(parts).to_ical().decode()


def _change(override: icalendar.Component, start: datetime, end: datetime,
            title: str) -> dict:
    original, _ = wall(override.decoded("RECURRENCE-ID"))
    change: dict[str, Any] = {"date": original.date().isoformat()}
    if _text(override, "STATUS").upper() == "CANCELLED":
        change["status"] = "cancelled"
    else:
        new_start, whole = wall(override.decoded("DTSTART"))
        new_end = _end(override, new_start, whole) if (
            override.get("DTEND") is not None or override.get("DURATION") is not None) \
            else new_start + (end - start)
        same_time = new_start == original and new_end - new_start == end - start
        change["status"] = "scheduled" if same_time else "moved"
        if not same_time:
            change.update(start=_minutes(new_start), end=_minutes(new_end))
    summary = _text(override, "SUMMARY")
    if summary and summary != title:
        # "Erzählcafé – diesmal am Freitag" under the Erzählcafé says "diesmal am Freitag".
        note = summary.removeprefix(title).lstrip(" –-:,") if summary.startswith(title) \
            else summary
        change["note"] = _shorten(note or summary, 240)
    return change


def _category(text: str, categories: list[dict], default: str) -> str:
    wanted = {c.strip().lower() for c in text.split(",") if c.strip()}
    for category in categories:
        if category["label"].lower() in wanted or category["id"] in wanted:
            return category["id"]
    return default


def _place(location: str, places: list[dict]) -> str | None:
    head = location.split(",")[0].strip().lower()
    if not head:
        return None
    for place in places:
        name = place["name"].lower()
        if head == name or head.startswith(name) or name.startswith(head):
            return place["id"]
    return None


def _contact(component: icalendar.Component, description: str,
             notes: list[str]) -> dict | None:
    contact: dict[str, str] = {}
    url = _text(component, "URL")
    if url:
        try:
            contact["web"] = normalise_web(url) or ""
        except FieldError:
            notes.append(f"Webadresse „{url[:80]}“ übergangen: keine gültige http(s)-Adresse")
        if not contact.get("web"):
            contact.pop("web", None)
    match = _PHONE.search(description)
    if match:
        try:
            phone = normalise_phone(match.group(0))
        except FieldError:
            phone = None
        if phone:
            contact["phone"] = phone
    return contact or None
