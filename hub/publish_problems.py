"""What a publish left out, in words staff can act on.

The publisher (sync.publish with skip_bad) leaves out an entry that fails and reports the
field and an English reason; a site whose feed fails as a whole is not published. Here
both become a German sentence ("„Mit Link“ wurde nicht veröffentlicht: „Webadresse“ hat
nicht die richtige Form.") plus the technical detail for the Technik, stored as a row of
publish_problems (hub.queries.publications).
"""

from __future__ import annotations

import re

from sync.errors import SyncError
from sync.source import Skipped

LABELS = {
    "id": "Kennung", "kind": "Art", "category": "Bereich", "title": "Titel",
    "summary": "Kurzbeschreibung", "body": "Text", "speech": "Vorlesetext",
    "easy": "Einfache Sprache", "rhythm": "Rhythmus", "place_id": "Ort",
    "audience": "Für wen", "bring": "Mitbringen", "organizer": "Veranstalter",
    "status": "Status", "status_note": "Grund", "valid_until": "Gültig bis",
    "last_checked": "Zuletzt geprüft", "cost": "Kosten", "registration": "Anmeldung",
    "hours": "Öffnungszeiten", "hours.to": "Öffnungszeiten", "links": "Links",
    "contact": "Kontakt", "contact.web": "Webadresse", "contact.phone": "Telefon",
    "contact.email": "E-Mail", "contact.name": "Ansprechperson", "contact.role": "Rolle",
    "contact.phone_hours": "Telefonzeiten", "image": "Bild", "image.file": "Bild",
    "image.alt": "Bildbeschreibung", "schedule": "Termine", "schedule.start": "Beginn",
    "schedule.end": "Ende", "schedule.rrule": "Wiederholung", "schedule.exdates": "Ausnahmen",
    "schedule.rdates": "zusätzliche Termine", "schedule.changes": "Änderungen einzelner Termine",
    "occurrences": "Termine", "occurrences.start": "Beginn", "occurrences.end": "Ende",
    "name": "Name", "address": "Adresse", "room": "Raum", "floor": "Stockwerk",
    "stop": "Haltestelle", "geo": "Lage auf der Karte", "access": "Barrierefreiheit",
}
_TOO_LONG = re.compile(r"too long \((\d+) characters, at most (\d+)\)")


def label(path: str) -> str:
    """The form's name of a field path ("occurrences[0].end" → "Ende")."""
    parts = re.sub(r"\[\d+\]", "", path).split(".")
    for n in range(len(parts), 0, -1):
        found = LABELS.get(".".join(parts[:n]))
        if found:
            return found
    return path or "Eintrag"


def sentence(path: str, reason: str) -> str:
    """One German sentence saying what is wrong with the field at `path`."""
    name = label(path)
    too_long = _TOO_LONG.search(reason)
    if reason == "ends before it starts":
        return "Das Ende liegt vor dem Beginn."
    if reason == "closes before it opens":
        return "Eine Öffnungszeit endet, bevor sie beginnt."
    if reason == "contains a line break or control character":
        return f"„{name}“ enthält einen Zeilenumbruch oder ein Steuerzeichen."
    if too_long:
        return f"„{name}“ ist zu lang ({too_long[1]} Zeichen, höchstens {too_long[2]})."
    if "has the wrong form" in reason:
        return f"„{name}“ hat nicht die richtige Form."
    if reason.endswith("is missing"):
        return f"„{name}“ fehlt."
    if reason.startswith("not a valid RRULE"):
        return "Die Regel für die Wiederholung ist ungültig."
    if reason.startswith("image file") and "not found" in reason:
        return "Die Bilddatei fehlt."
    if reason.startswith("the phone page or calendar file cannot be made"):
        return "Die Handy-Seite oder der Kalendereintrag lässt sich nicht erzeugen."
    if "with different content" in reason:
        return ("Ein Eintrag mit derselben Kennung wird bei einer anderen Begegnungsstätte "
                "mit anderem Inhalt veröffentlicht.")
    return f"„{name}“ ist ungültig."


def entry_problem(skipped: Skipped) -> dict:
    """A skipped entry as a publish_problems row."""
    technical = f"{skipped.path}: {skipped.reason}" if skipped.path else skipped.reason
    return {"entry_id": skipped.id, "title": skipped.title,
            "field": technical, "reason": sentence(skipped.path, skipped.reason)}


def site_problem(error: SyncError, doc: dict, site_name: str) -> dict:
    """A site whose feed was refused as a whole, as a publish_problems row."""
    path = str(getattr(error, "path", "") or "")
    reason = str(getattr(error, "reason", "") or error)
    where, inner = "", path
    match = re.match(r"^places\[(\d+)\]\.?(.*)$", path)
    if match:
        places = doc.get("places") or []
        index = int(match[1])
        place = places[index] if index < len(places) else {}
        where = f"Ort „{place.get('name') or place.get('id', '')}“: "
        inner = match[2]
    return {"entry_id": None, "title": site_name,
            "field": f"{path}: {reason}" if path else reason,
            "reason": where + sentence(inner, reason)}


def line(problem: dict) -> str:
    """The whole message for a list or the command line."""
    if problem["entry_id"] is None:
        return f"{problem['title']} wurde nicht veröffentlicht: {problem['reason']}"
    return f"„{problem['title']}“ wurde nicht veröffentlicht: {problem['reason']}"
