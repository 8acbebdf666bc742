"""An entry checked as the publisher will check it, before it is saved or imported.

The entry goes through the publisher's own code – sync.source.build_feed, which expands
the dates and validates the result against the feed schema (sync.feed) – as a one-entry
feed. What the publisher would refuse is refused at once, next to the form field, in
German: an entry that passes here cannot stop a publish, and no technical reason reaches a
page unescaped. The previews (hub.preview) build their feed the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from hub.config import TIMEZONE
from hub.forms.schedule_form import DAY_NAMES
from hub.messages import msg
from sync.errors import SourceError
from sync.source import SOURCE_FORMAT, build_feed

SITE = "vorschau"
# A stand-in for the picture's file: the picture itself is checked at upload.
_ANY_PICTURE = {"bytes": 1, "type": "image/jpeg"}

# Feed path (inside the entry) → (form field, the label the form shows).
FIELDS = {
    "kind": ("kind", "Art des Eintrags"), "category": ("category", "Bereich am Terminal"),
    "title": ("title", "Titel"), "summary": ("summary", "Kurzbeschreibung"),
    "body": ("body", "Weitere Einzelheiten"), "easy": ("easy", "Text in Einfacher Sprache"),
    "speech": ("speech", "Eigener Vorlesetext"), "status": ("status", "Status"),
    "status_note": ("status_note", "Hinweis zum Status"),
    "rhythm": ("rhythm", "Rhythmus in Worten"), "place_id": ("place_id", "Ort"),
    "audience": ("audience", "Für wen?"), "bring": ("bring", "Bitte mitbringen"),
    "organizer": ("organizer", "Veranstalter"), "valid_until": ("valid_until", "Gültig bis"),
    "valid_from": ("valid_from", "Gültig ab"),
    "cost.euro": ("cost_euro", "Betrag in Euro"), "cost.per": ("cost_per", "pro …"),
    "cost.note": ("cost_note", "Hinweis zu den Kosten"), "cost": ("cost_kind", "Kosten"),
    "registration.deadline": ("reg_deadline", "Anmeldeschluss"),
    "registration.seats": ("reg_seats", "Plätze insgesamt"),
    "registration.seats_free": ("reg_seats_free", "davon noch frei"),
    "registration.note": ("reg_note", "Hinweis zur Anmeldung"),
    "registration": ("reg_kind", "Anmeldung"),
    "contact.role": ("contact_role", "Aufgabe oder Stelle"),
    "contact.name": ("contact_name", "Name"), "contact.phone": ("contact_phone", "Telefon"),
    "contact.phone_hours": ("contact_phone_hours", "Telefonisch erreichbar"),
    "contact.email": ("contact_email", "E-Mail"), "contact.web": ("contact_web", "Webseite"),
    "contact": ("contact_phone", "Kontakt"),
    "image.alt": ("image_alt", "Was ist auf dem Bild zu sehen?"), "image": ("image", "Bild"),
    "schedule.rrule": ("rrule", "Eigene Regel (RRULE)"),
    "schedule.exdates": ("exdates", "Nicht stattfinden lassen, ohne Hinweis"),
    "schedule.rdates": ("rdates", "Zusätzliche Termine"),
    "schedule.changes": ("change-0-date", "Einzelne Termine ändern"),
    "schedule": ("date_start", "Datum (erster Termin)"),
    "occurrences": ("date_start", "Datum (erster Termin)"),
    "hours_exceptions": ("hexc-0-from", "Geschlossen (Zeiträume)"),
}
_INDEX = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class Problem:
    """Why the publisher would refuse an entry: the form field, its label, the reason."""

    field: str
    label: str
    reason: str

    @property
    def message(self) -> str:
        return msg("publisher_refuses", label=self.label, reason=self.reason)


def feed_for(entry_id: str, data: dict, place: dict | None, categories: list[dict],
             now: datetime, image: dict | None = None) -> dict:
    """A one-entry feed, built exactly as the publisher builds a site's feed; with the
    entry's picture when `image` (its assets entry: {"bytes", "type"}) is given."""
    entry = {"id": entry_id, **{k: v for k, v in data.items() if k != "image"}}
    assets = {}
    if data.get("image") and image:
        entry["image"] = {"sha256": data["image"]["sha256"], "alt": data["image"]["alt"]}
        assets[data["image"]["sha256"]] = image
    source = {"format": SOURCE_FORMAT, "site": SITE, "site_name": "Vorschau",
              "timezone": TIMEZONE, "categories": categories,
              "places": [place] if place else [], "entries": [entry], "polls": [],
              "assets": assets}
    return build_feed(source, version=1, now=now)


def check(entry_id: str, data: dict, place: dict | None, categories: list[dict],
          now: datetime) -> Problem | None:
    """What the publisher would refuse in this source entry, or None."""
    try:
        feed_for(entry_id, data, place, categories, now, _ANY_PICTURE)
    except SourceError as exc:
        return explain(exc, data)
    return None


def explain(exc: SourceError, data: dict) -> Problem:
    """The form field and German label of a publisher error about a one-entry feed."""
    if exc.path.startswith("places["):
        return Problem("place_id", "Ort", exc.reason)
    path = exc.path.removeprefix("entries[0]").lstrip(".")
    if path.startswith("hours["):
        day = _hours_day(path, data)
        return Problem(f"hours_{day}", DAY_NAMES.get(day, "Sprechzeiten"), exc.reason)
    path = _INDEX.sub("", path)
    while path:
        if path in FIELDS:
            field, label = FIELDS[path]
            return Problem(field, label, exc.reason)
        path = path.rpartition(".")[0]
    return Problem("title", "Eintrag", exc.reason)


def _hours_day(path: str, data: dict) -> str:
    match = _INDEX.search(path)
    hours = data.get("hours") or []
    if match and int(match.group(1)) < len(hours):
        return str(hours[int(match.group(1))].get("day", "MO"))
    return "MO"
