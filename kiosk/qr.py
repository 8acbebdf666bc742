"""QR codes that hand an entry to a resident's phone: which codes, and what each says.

Five kinds, each offered only when the entry has the data for it:

  termin   the next date as iCalendar (VCALENDAR + VEVENT), times in UTC, with a UID
  kontakt  the contact as vCard 3.0 (name or role, organisation, phone, e-mail)
  anrufen  tel: with the number in international form (+49…)
  weg      an https link to OpenStreetMap with a pin at the place (or a search for its
           address): phone cameras open https links, `geo:` only on some Android phones
  details  the entry's phone page (links.page)

Every payload fits QR version 12 (kiosk.qr_render.MAX_VERSION) at error correction M:
65 + 8 modules at 8 px are 584 px (screens/qr_panel.py keeps that room at every text
size), and MAX_BYTES of UTF-8. A phone needs SUMMARY, DTSTART, DTEND and LOCATION to
offer "add to calendar"; the UID is the one of the same date in the phone page's
calendar file (sync.ics.event_uid), so saving a date twice gives one entry. PRODID and
DTSTAMP would take about 70 bytes and are left out. The bytes go, in this order, to the
UID, the title (16 characters at least), the address, the title up to 32 characters and
whole, the place name, VERSION and a short DESCRIPTION; text is shortened at a word
boundary with "…", and parts that would mislead when cut (a UID, an address, a place
name, an e-mail address, a link, opening hours) are kept whole or left out whole.

Every code has a label (the button word) and an explanation: one sentence, shown on the
QR page under the code's name and read aloud with it, of what the phone does with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import quote, urljoin, urlsplit

from kiosk import text
from kiosk.clock import local
from kiosk.qr_text import MAX_BYTES, Part, content_lines, escape, fit, shorten
from kiosk.store import Detail
from sync.glossary import plain, plain_hours
from sync.ics import event_uid
from sync.model import Entry, Place
from sync.wording import map_url

DESCRIPTION_CHARS = 80
INSTRUCTION = "Handy-Kamera öffnen und auf den Code halten"
KINDS = ("termin", "kontakt", "anrufen", "weg", "details")
LABELS = {"termin": "Termin", "kontakt": "Kontakt", "anrufen": "Anrufen", "weg": "Weg",
          "details": "Details"}


@dataclass(frozen=True)
class QrCode:
    kind: str       # one of KINDS
    label: str        # the button word: "Termin", "Kontakt", "Anrufen", "Weg", "Details"
    payload: str      # the exact text in the code
    explanation: str  # one German sentence, on screen and read aloud: what the phone does


class Dated(Protocol):
    """One date of an entry: kiosk.store.Listing or sync.model.Occurrence."""

    @property
    def start(self) -> datetime: ...
    @property
    def end(self) -> datetime: ...
    @property
    def status(self) -> str: ...
    @property
    def note(self) -> str | None: ...


def qr_codes(entry: Entry, place: Place | None, upcoming: Sequence[Dated], now: datetime,
             *, page_base: str | None = None) -> list[QrCode]:
    """Return the codes this entry can hand over, in button order; only kinds with data.

    `page_base` is the address a relative links.page is resolved against: the terminal's
    feed_url (a feed published without --base-url links its pages as "../../e/<id>.html").
    """
    now = local(now)
    codes = (_termin(entry, place, upcoming, now), _kontakt(entry, place), _anrufen(entry),
             _weg(place), _details(entry, page_base))
    return [c for c in codes if c is not None]


def detail_codes(detail: Detail, now: datetime, *, page_base: str | None = None
                 ) -> list[QrCode]:
    """Return the codes of a detail screen (kiosk.store.Detail)."""
    return qr_codes(detail.entry, detail.place, detail.upcoming, now, page_base=page_base)


def panel_speech(codes: Sequence[QrCode], shown: str) -> str:
    """Return what "Vorlesen" says about the QR panel while code `shown` is on screen."""
    if not codes:
        return ""
    current = next((c for c in codes if c.kind == shown), codes[0])
    parts = []
    if len(codes) > 1:
        labels = text.join_words([f"„{c.label}“" for c in codes])
        parts.append(f"Codes für Ihr Handy: {labels}. Gezeigt wird „{current.label}“.")
    parts += [current.explanation, f"{INSTRUCTION}."]
    return " ".join(parts)


# -- the five kinds ------------------------------------------------------------------------

def next_date(entry: Entry, upcoming: Sequence[Dated], now: datetime) -> Dated | None:
    """Return the first date that has not begun and does not fall out, or None."""
    if entry.status == "cancelled":
        return None
    dates = [d for d in upcoming if d.start > now and d.status != "cancelled"]
    return min(dates, key=lambda d: d.start, default=None)


def _termin(entry: Entry, place: Place | None, upcoming: Sequence[Dated],
            now: datetime) -> QrCode | None:
    date = next_date(entry, upcoming, now)
    if date is None:
        return None
    payload = event_payload(entry, place, date)
    if payload is None:
        return None
    # Day and month stay on one line (a no-break space): "11. Dezember" is one fact.
    when = re.sub(r"(\d\.) (?=[A-ZÄÖÜ])", "\\1\u00a0", text.start_text(date.start, now))
    return QrCode("termin", LABELS["termin"], payload,
                  f"Ihr Handy trägt den Termin in den Kalender ein: {when}.")


def _kontakt(entry: Entry, place: Place | None) -> QrCode | None:
    contact = entry.contact
    if contact is None or not (contact.phone or contact.email):
        return None
    payload = vcard_payload(entry, place)
    if payload is None:
        return None
    return QrCode("kontakt", LABELS["kontakt"], payload,
                  f"Ihr Handy speichert den Kontakt „{_who(entry)}“ im Adressbuch.")


def _anrufen(entry: Entry) -> QrCode | None:
    phone = entry.contact.phone if entry.contact else None
    number = international(phone) if phone else ""
    if not number:
        return None
    return QrCode("anrufen", LABELS["anrufen"], f"tel:{number}",
                  f"Ihr Handy wählt die Nummer {text.phone_text(phone)}.")


def _weg(place: Place | None) -> QrCode | None:
    payload = way_payload(place) if place else None
    if place is None or payload is None:
        return None
    return QrCode("weg", LABELS["weg"], payload,
                  f"Ihr Handy zeigt den Ort auf einer Karte: {plain(place.name)}.")


def _details(entry: Entry, page_base: str | None) -> QrCode | None:
    page = entry.links.page if entry.links else None
    if page and page_base:
        page = urljoin(page_base, page.strip())
    url = _absolute_url(page) if page else None
    if url is None or len(url) > MAX_BYTES:
        return None
    return QrCode("details", LABELS["details"], url,
                  "Ihr Handy öffnet eine Seite mit allen Angaben zum Nachlesen.")


# -- payloads ------------------------------------------------------------------------------

def event_payload(entry: Entry, place: Place | None, date: Dated) -> str | None:
    """Return a VCALENDAR with one VEVENT for `date` in MAX_BYTES, or None if none fits."""
    start, end = date.start, date.end

    def build(v: dict[str, str]) -> str:
        lines = ["BEGIN:VCALENDAR"]
        if v["version"]:
            lines.append(f"VERSION:{v['version']}")
        lines += ["BEGIN:VEVENT", f"UID:{v['uid']}", f"SUMMARY:{escape(v['title'])}",
                  f"DTSTART:{_utc(start)}"]
        if end > start:  # no DTEND: an event without a known end (RFC 5545 3.6.1)
            lines.append(f"DTEND:{_utc(end)}")
        location = ", ".join(x for x in (v["place"], v["address"]) if x)
        if location:
            lines.append(f"LOCATION:{escape(location)}")
        if v["description"]:
            lines.append(f"DESCRIPTION:{escape(v['description'])}")
        lines += ["END:VEVENT", "END:VCALENDAR"]
        return content_lines(lines)

    title, name = entry.title, plain(place.name) if place else ""
    address = plain(place.address) if place and place.address else ""
    parts = [
        Part("title", title, floor=16, optional=False),
        Part("address", address, whole=True),
        Part("title", title, floor=32),
        Part("title", title, floor=60),
        Part("place", name, whole=True),
        Part("version", "2.0", whole=True),
        Part("description", shorten(_description(entry, date), DESCRIPTION_CHARS),
             floor=24),
    ]
    # The UID of the phone page's calendar file. Even for an id of 80 characters (121
    # bytes folded) it leaves room for the rest of the required parts.
    return fit(build, [Part("uid", event_uid(entry.id, start), whole=True, optional=False),
                       *parts])


def vcard_payload(entry: Entry, place: Place | None) -> str | None:
    """Return the contact as vCard 3.0 in MAX_BYTES, or None without phone or e-mail."""
    contact = entry.contact
    if contact is None:
        return None

    def build(v: dict[str, str]) -> str:
        who = escape(v["who"])
        # vCard 3.0 requires N; an office has no family name, so N repeats the display
        # name, which phones then show and sort by.
        lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{who};;;;", f"FN:{who}"]
        if v["org"]:
            lines.append(f"ORG:{escape(v['org'])}")
        if v["title"]:
            lines.append(f"TITLE:{escape(v['title'])}")
        if v["tel"]:
            lines.append(f"TEL;TYPE=WORK:{v['tel']}")
        if v["email"]:
            lines.append(f"EMAIL;TYPE=INTERNET:{escape(v['email'])}")
        if v["note"]:
            lines.append(f"NOTE:{escape(v['note'])}")
        lines.append("END:VCARD")
        return content_lines(lines)

    payload = fit(build, [
        Part("who", _who(entry), floor=16, optional=False),
        Part("tel", international(contact.phone) if contact.phone else "", whole=True,
             optional=False),
        Part("email", contact.email or "", whole=True),
        Part("org", plain(entry.organizer or (place.name if place else "")), floor=16),
        Part("title", contact.role if contact.name and contact.role else "", floor=12),
        # Cut opening hours ("montags bis frei…") would mislead: whole or not at all.
        Part("note", f"erreichbar {plain_hours(contact.phone_hours)}"
             if contact.phone_hours else "", whole=True),
    ])
    if payload is None or not ("\r\nTEL;" in payload or "\r\nEMAIL;" in payload):
        return None
    return payload


def way_payload(place: Place) -> str | None:
    """Return an https link to OpenStreetMap with a pin at the place (the phone page's
    map link), a search for its address without geo, or None."""
    geo = place.geo
    url = map_url(geo.lat if geo else None, geo.lon if geo else None, plain(place.address))
    if url is None or len(url) > MAX_BYTES:
        return None  # a cut address finds a wrong place
    return url


def international(phone: str) -> str:
    """Return a German number in international form: "069 90009201" → "+496990009201".

    Numbers without a leading 0 (service numbers such as 116117) are kept as dialled.
    """
    number = phone.strip().replace("(0)", "")  # "+49 (0)69 …": the 0 is not dialled
    digits = re.sub(r"[^\d+]", "", number)
    digits = digits[:1] + digits[1:].replace("+", "")
    if digits.startswith("+"):
        return digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    if digits.startswith("0"):
        return "+49" + digits[1:]
    return digits


# -- text helpers --------------------------------------------------------------------------

def _who(entry: Entry) -> str:
    contact = entry.contact
    names = (contact.name, contact.role) if contact else ()
    return next((x for x in (*names, entry.organizer, entry.title) if x), entry.title)


def _description(entry: Entry, date: Dated) -> str:
    status = text.status_text(date.status)
    head = ": ".join(x for x in (status, date.note) if x)
    if head and not head.endswith((".", "!", "?")):
        head += "."
    return " ".join(x for x in (text.capitalize(head), entry.summary) if x)


def _utc(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _absolute_url(url: str) -> str | None:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None  # a relative or foreign link opens nothing on a phone
    # Non-ASCII in a path would need an ECI marker and trips older scanners' URL detection.
    return quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~")
