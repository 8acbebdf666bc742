"""One calendar event (a UID with its moved or cancelled instances) → a source entry.

Times become wall-clock times of Europe/Berlin (hub.ical_times: UTC and other zones
converted, floating times read in X-WR-TIMEZONE or Berlin; a 14:30 meeting stays at 14:30
across the DST change); all-day events run from midnight to midnight; a RECURRENCE-ID
instance becomes a `change` of the schedule (moved, cancelled, or a note);
STATUS:CANCELLED cancels the entry. What a schedule cannot express – a rule repeating on
another zone's wall clock (UTC, New York), several RRULEs, RDATE periods,
RANGE=THISANDFUTURE – is marked `needs_expansion`: hub.ical_expand turns it into ready
occurrences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import icalendar

from hub.forms.fields import FieldError, multi_line, normalise_phone, normalise_web, one_line
from hub.ical_expand import override_note, rule_text, values_of
from hub.ical_times import BERLIN, Frame, anchor, is_berlin, local
from hub.import_defaults import NO_SUMMARY

_PHONE = re.compile(r"(?<!\d)(?:\+49[ /-]?|0)\d{2,5}(?:\s*[/-]\s*|\s)?\d{2,}(?:[ -]?\d+)*")


@dataclass
class Mapped:
    uid: str
    data: dict
    notes: list[str] = field(default_factory=list)
    needs_expansion: bool = False    # dates must come from hub.ical_expand


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


def map_event(uid: str, master: icalendar.Component | None,
              overrides: list[icalendar.Component], categories: list[dict],
              default_category: str, places: list[dict], frame: Frame) -> Mapped:
    """The source entry of one UID (without id)."""
    main = master if master is not None else overrides[0]
    frame = frame.of_event(main.decoded("DTSTART"))
    notes: list[str] = []
    title_full = _text(main, "SUMMARY") or "Termin"
    title = _shorten(title_full, 60)
    if title != title_full:
        notes.append("Titel gekürzt")
    description = _text(main, "DESCRIPTION")
    data: dict[str, Any] = {"kind": "event", "title": title,
                            "summary": _summary(description) if description else NO_SUMMARY}
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
    if _text(main, "STATUS").upper() == "CANCELLED":
        data["status"] = "cancelled"
    needs = False
    if master is not None:
        schedule, needs = _schedule(master, overrides, title_full, frame)
        data["schedule"] = schedule
    else:  # only a changed instance of an event this calendar does not hold
        data["schedule"] = _single(main, frame)
    return Mapped(uid, data, notes, needs)


def _single(component: icalendar.Component, frame: Frame) -> dict:
    start, end, _ = _span(component, frame)
    return {"start": _minutes(start), "end": _minutes(end)}


def _span(component: icalendar.Component, frame: Frame) -> tuple[datetime, datetime, bool]:
    """(start, end, whole day) in Berlin wall-clock time; an end written before the start
    is taken as its start (the two were swapped, as recurring-ical-events reads them)."""
    start, whole = local(component.decoded("DTSTART"), frame)
    if component.get("DTEND") is not None and not whole:
        end, _ = local(component.decoded("DTEND"), frame)
        if end < start:
            return end, start, whole
    return start, _end(component, start, whole, frame), whole


def _end(component: icalendar.Component, start: datetime, whole: bool,
         frame: Frame) -> datetime:
    if component.get("DTEND") is not None:
        end, _ = local(component.decoded("DTEND"), frame)
    elif component.get("DURATION") is not None:
        end = start + component.decoded("DURATION")
    else:
        end = start
    if whole and end <= start:      # DTEND on the first day itself: that one day
        return start + timedelta(days=1)
    return max(end, start)


def needs_expansion(master: icalendar.Component, overrides: list[icalendar.Component],
                    frame: Frame) -> bool:
    """Whether the event's dates need hub.ical_expand (see the module's docstring)."""
    rules = values_of(master, "RRULE")
    zone = anchor(master.decoded("DTSTART"), frame)
    return (len(rules) > 1 or (bool(rules) and not is_berlin(zone))
            or any(isinstance(v, tuple) for v in values_of(master, "RDATE"))
            or any(str(o["RECURRENCE-ID"].params.get("RANGE", "")).upper() == "THISANDFUTURE"
                   for o in overrides))


def _schedule(master: icalendar.Component, overrides: list[icalendar.Component],
              title: str, frame: Frame) -> tuple[dict, bool]:
    start, end, whole = _span(master, frame)
    schedule: dict[str, Any] = {"start": _minutes(start), "end": _minutes(end)}
    if needs_expansion(master, overrides, frame):
        return schedule, True
    rules = values_of(master, "RRULE")
    if rules:
        schedule["rrule"] = rule_text(rules[0], BERLIN, frame, whole)
    exdates = values_of(master, "EXDATE")
    if exdates:
        schedule["exdates"] = [_day_or_minutes(d, frame) for d in exdates]
    rdates = values_of(master, "RDATE")
    if rdates:
        schedule["rdates"] = [_day_or_minutes(d, frame) for d in rdates]
    changes = [_change(o, start, end, title, frame) for o in overrides]
    if changes:
        schedule["changes"] = sorted(changes, key=lambda c: c["date"])
    return schedule, False


def _day_or_minutes(value: date | datetime, frame: Frame) -> str:
    """A date stays a date (a whole day to leave out; an extra day at the usual time)."""
    if not isinstance(value, datetime):
        return value.isoformat()
    return _minutes(local(value, frame)[0])


def _change(override: icalendar.Component, start: datetime, end: datetime, title: str,
            frame: Frame) -> dict:
    raw = override.decoded("RECURRENCE-ID")
    original, _ = local(raw, frame)
    if not isinstance(raw, datetime):   # the day of an instance at the series' time
        original = datetime.combine(original.date(), start.time())
    change: dict[str, Any] = {"date": original.date().isoformat()}
    if _text(override, "STATUS").upper() == "CANCELLED":
        change["status"] = "cancelled"
    else:
        new_start, whole = local(override.decoded("DTSTART"), frame)
        new_end = _end(override, new_start, whole, frame) if (
            override.get("DTEND") is not None or override.get("DURATION") is not None) \
            else new_start + (end - start)
        same_time = new_start == original and new_end - new_start == end - start
        change["status"] = "scheduled" if same_time else "moved"
        if not same_time:
            change.update(start=_minutes(new_start), end=_minutes(new_end))
    note = override_note(override, title)
    if note:
        change["note"] = note
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
