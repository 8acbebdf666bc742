"""The dates of one entry as iCalendar (e/<id>.ics), with the icalendar library.

One VEVENT per dated occurrence, in the site's time zone (with its VTIMEZONE, so phones
show the right hour after the DST change); cancelled dates stay in, marked CANCELLED, so
a calendar that imported them earlier learns they are off. Entries without dates (standing
offers, calls) have no calendar file.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from sync import wording
from sync.glossary import plain

PRODID = "-//Quartier-Kiosk//quartier-sync//DE"
UID_DOMAIN = "quartier-kiosk"


def render(entry: dict, place: dict | None, *, tz: ZoneInfo, stamp: datetime,
           page_url: str | None = None) -> bytes | None:
    """Return the .ics bytes of `entry`, or None when it has no dates."""
    occurrences = entry.get("occurrences") or []
    if not occurrences:
        return None
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", entry["title"])
    location = _location(place)
    description = _description(entry)
    for occ in occurrences:
        start = datetime.fromisoformat(occ["start"]).astimezone(tz)
        end = datetime.fromisoformat(occ["end"]).astimezone(tz)
        cancelled = occ.get("status") == "cancelled" or entry.get("status") == "cancelled"
        event = Event()
        event.add("uid", event_uid(entry["id"], start))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", max(end, start))
        title = entry["title"] + (" (fällt aus)" if cancelled else "")
        event.add("summary", title)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        if location:
            event.add("location", location)
        note = occ.get("note")
        event.add("description", f"{note}\n\n{description}" if note else description)
        if page_url:
            event.add("url", page_url)
        cal.add_component(event)
    cal.add_component(_vtimezone(str(tz), stamp.year))
    return cal.to_ical()


def event_uid(entry_id: str, start: datetime) -> str:
    """The UID of one date of an entry: "lb-kino-20261202T140000Z@quartier-kiosk".

    Stable per entry and date, so importing the file again updates, never doubles; the
    terminal's calendar code (kiosk.qr) uses the same UID, so a date saved from the code
    and the same date from the phone page's file are one entry in a phone's calendar."""
    return f"{entry_id}-{start.astimezone(ZoneInfo('UTC')):%Y%m%dT%H%M%SZ}@{UID_DOMAIN}"


@lru_cache(maxsize=8)
def _vtimezone(tzid: str, year: int) -> Timezone:
    # Built once per zone and year, not once per file (icalendar's add_missing_timezones
    # costs milliseconds per calendar). The window covers every date a feed can hold.
    return Timezone.from_tzid(tzid, first_date=date(year - 1, 1, 1),
                              last_date=date(year + 3, 1, 1))


def same_ignoring_stamp(old: bytes, new: bytes) -> bool:
    """Compare two .ics files without their DTSTAMP lines (the time of publishing)."""
    def strip(data: bytes) -> list[bytes]:
        return [line for line in data.splitlines() if not line.startswith(b"DTSTAMP")]
    return strip(old) == strip(new)


def _location(place: dict | None) -> str:
    if not place:
        return ""
    return ", ".join(plain(place[k]) for k in ("name", "room", "address") if place.get(k))


def _description(entry: dict) -> str:
    lines = [entry.get("summary") or ""]
    cost = wording.cost_words(entry.get("cost"))
    if cost:
        lines.append(f"Kosten: {cost}")
    registration = wording.registration_words(entry.get("registration"))
    if registration:
        lines.append(f"Anmeldung: {registration}")
    contact = entry.get("contact") or {}
    if contact.get("phone"):
        who = contact.get("role") or contact.get("name") or "Telefon"
        lines.append(f"{who}: {wording.phone_groups(contact['phone'])}")
    return "\n".join(line for line in lines if line)
