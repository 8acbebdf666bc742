"""What an imported entry gets when its source lacks it, and what it still lacks.

A calendar event rarely names a contact or a place the hub knows, yet the entry form
requires a contact – re-saving such an entry failed. Every calendar (subscribed or
uploaded) therefore has defaults chosen by staff: a contact person of the site
(hub.queries.contacts) and a place for events without LOCATION. An event's own contact
(URL, a phone number in its DESCRIPTION) and place (LOCATION matching a place) win.

    apply(data, defaults, has_location)    fill the gaps of an imported entry's data
    gaps(entry_row)                        ["contact", "place", "summary"]: what an
                                           imported entry still lacks (for a flag)
"""

from __future__ import annotations

from dataclasses import dataclass

# Ways to reach a contact; one of them makes a contact (hub.forms.contact_form).
REACH = ("phone", "email", "web")
IMPORTED = ("ics", "sheet")
# The summary of an event without DESCRIPTION: the form requires one, and the terminal
# shows it under the title (gaps() names it, so staff write a better one).
NO_SUMMARY = "Ein Termin aus dem Veranstaltungskalender."


@dataclass(frozen=True)
class ImportDefaults:
    contact: dict | None = None      # the feed's contact object (role, name, phone, ...)
    place_id: str | None = None


def has_contact(data: dict) -> bool:
    contact = data.get("contact") or {}
    return any(contact.get(key) for key in REACH)


def apply(data: dict, defaults: ImportDefaults, has_location: bool) -> None:
    """Give the entry the defaults it lacks (a LOCATION that matched no place is not
    replaced by the default place: the event is somewhere else)."""
    if defaults.contact and not has_contact(data):
        data["contact"] = dict(defaults.contact)
    if defaults.place_id and not data.get("place_id") and not has_location:
        data["place_id"] = defaults.place_id


def gaps(entry: dict) -> list[str]:
    """What an imported entry (an entries row with "origin" and "data") lacks:
    "contact" (no phone, e-mail or web address), "place" (no place), "summary" (the
    calendar had no description: the summary is a stand-in). Entries written in the hub
    lack nothing here – the form asks for it."""
    if entry.get("origin") not in IMPORTED:
        return []
    data = entry.get("data") or {}
    out = []
    if not has_contact(data):
        out.append("contact")
    if not data.get("place_id"):
        out.append("place")
    if data.get("summary") == NO_SUMMARY:
        out.append("summary")
    return out
