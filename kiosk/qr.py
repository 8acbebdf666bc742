"""QR codes that hand an entry to a resident's phone: which codes, and what each says.

Five kinds, each offered only when the entry has the data for it:

  termin   the next date as iCalendar (VCALENDAR + VEVENT), times in UTC
  kontakt  the contact as vCard 3.0 (name or role, organisation, phone, e-mail)
  anrufen  tel: with the number in international form (+49…)
  weg      geo:lat,lon, or an OpenStreetMap search for the address when there is no geo
  details  the entry's phone page (links.page)

Every payload fits QR version 10 at error correction M: the detail screen's QR column is
130 mm wide (524 px on the 476 mm, 1920 px reference screen), room for 57 + 8 modules at
8 px each. That is MAX_BYTES of UTF-8, too few for everything RFC 5545 asks of a
stand-alone calendar object next to a real title and place. A phone needs SUMMARY,
DTSTART, DTEND and LOCATION to offer "add to calendar"; PRODID, UID and DTSTAMP would
take about 100 bytes, half the code, and are left out. What is left is spent, in this
order, on the title, the place name, VERSION, the address and a short DESCRIPTION; text
is shortened at a word boundary with "…" only when the next part would not fit, and
parts that cannot be shortened (an address, an e-mail address, a link, opening hours)
are left out whole rather than cut.

The wording (labels, one spoken sentence per code) is German for the residents; it is
written text, the screen's speech runs it through `text.spoken` like everything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import quote, quote_plus, urljoin, urlsplit

from kiosk import text
from kiosk.clock import local
from kiosk.store import Detail
from sync.model import Entry, Place

# UTF-8 bytes that fit version 10 at M behind an ECI marker (kiosk.qr_render writes one
# for non-ASCII text): 216 data codewords minus mode, ECI and length headers.
MAX_BYTES = 212
DESCRIPTION_CHARS = 80
INSTRUCTION = "Handy-Kamera öffnen und auf den Code halten"
KINDS = ("termin", "kontakt", "anrufen", "weg", "details")
LABELS = {"termin": "Termin", "kontakt": "Kontakt", "anrufen": "Anrufen", "weg": "Weg",
          "details": "Details"}
MAP_SEARCH = "https://www.openstreetmap.org/search?query="
CRLF = "\r\n"
_FOLD_AT = 75  # octets per content line (RFC 5545 3.1, RFC 2425 5.8.1)


@dataclass(frozen=True)
class QrCode:
    kind: str       # one of KINDS
    label: str      # the button word: "Termin", "Kontakt", "Anrufen", "Weg", "Details"
    payload: str    # the exact text in the code
    speech: str     # one German sentence: what the code does on the phone


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
    parts += [current.speech, f"{INSTRUCTION}."]
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
    start = local(date.start)
    day = text.day_text(start.date(), now.date())
    when = f"{day} um" if day in ("heute", "morgen") else f"am {day}, um"
    return QrCode("termin", LABELS["termin"], payload,
                  f"Mit diesem Code speichert Ihr Handy den Termin {when} "
                  f"{text.time_text(start)} im Kalender.")


def _kontakt(entry: Entry, place: Place | None) -> QrCode | None:
    contact = entry.contact
    if contact is None or not (contact.phone or contact.email):
        return None
    payload = vcard_payload(entry, place)
    if payload is None:
        return None
    return QrCode("kontakt", LABELS["kontakt"], payload,
                  f"Mit diesem Code speichert Ihr Handy den Kontakt „{_who(entry)}“ "
                  "im Adressbuch.")


def _anrufen(entry: Entry) -> QrCode | None:
    phone = entry.contact.phone if entry.contact else None
    number = international(phone) if phone else ""
    if not number:
        return None
    return QrCode("anrufen", LABELS["anrufen"], f"tel:{number}",
                  f"Mit diesem Code wählt Ihr Handy die Nummer {text.phone_text(phone)}.")


def _weg(place: Place | None) -> QrCode | None:
    payload = way_payload(place) if place else None
    if place is None or payload is None:
        return None
    return QrCode("weg", LABELS["weg"], payload,
                  f"Mit diesem Code zeigt Ihr Handy den Ort auf einer Karte: {place.name}.")


def _details(entry: Entry, page_base: str | None) -> QrCode | None:
    page = entry.links.page if entry.links else None
    if page and page_base:
        page = urljoin(page_base, page.strip())
    url = _absolute_url(page) if page else None
    if url is None or len(url) > MAX_BYTES:
        return None
    return QrCode("details", LABELS["details"], url,
                  "Mit diesem Code öffnet Ihr Handy eine Seite mit allen Angaben "
                  "zum Nachlesen.")


# -- payloads ------------------------------------------------------------------------------

def event_payload(entry: Entry, place: Place | None, date: Dated) -> str | None:
    """Return a VCALENDAR with one VEVENT for `date` in MAX_BYTES, or None if none fits."""
    start, end = date.start, date.end

    def build(v: dict[str, str]) -> str:
        lines = ["BEGIN:VCALENDAR"]
        if v["version"]:
            lines.append(f"VERSION:{v['version']}")
        lines += ["BEGIN:VEVENT", f"SUMMARY:{escape(v['title'])}", f"DTSTART:{_utc(start)}"]
        if end > start:  # no DTEND: an event without a known end (RFC 5545 3.6.1)
            lines.append(f"DTEND:{_utc(end)}")
        location = ", ".join(x for x in (v["place"], v["address"]) if x)
        if location:
            lines.append(f"LOCATION:{escape(location)}")
        if v["description"]:
            lines.append(f"DESCRIPTION:{escape(v['description'])}")
        lines += ["END:VEVENT", "END:VCALENDAR"]
        return content_lines(lines)

    title, name = entry.title, place.name if place else ""
    # Title and place share what is left; the soft floors (listed second, tried first)
    # keep both readable, the hard ones guarantee a fit even for 60 umlauts.
    return _fit(build, [
        _Part("title", title, floor=16, optional=False),
        _Part("place", name, floor=12, optional=False),
        _Part("title", title, floor=32, optional=False),
        _Part("place", name, floor=32, optional=False),
        _Part("version", "2.0", whole=True),
        _Part("address", (place.address or "") if place else "", whole=True),
        _Part("description", shorten(_description(entry, date), DESCRIPTION_CHARS),
              floor=24),
    ])


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

    payload = _fit(build, [
        _Part("who", _who(entry), floor=16, optional=False),
        _Part("tel", international(contact.phone) if contact.phone else "", whole=True,
              optional=False),
        _Part("email", contact.email or "", whole=True),
        _Part("org", entry.organizer or (place.name if place else ""), floor=16),
        _Part("title", contact.role if contact.name and contact.role else "", floor=12),
        # Cut opening hours ("Mo bis Fr, 9…") would mislead: whole or not at all.
        _Part("note", f"erreichbar {contact.phone_hours}" if contact.phone_hours else "",
              whole=True),
    ])
    if payload is None or not ("\r\nTEL;" in payload or "\r\nEMAIL;" in payload):
        return None
    return payload


def way_payload(place: Place) -> str | None:
    """Return geo:lat,lon, or an OpenStreetMap search for the address, or None."""
    if place.geo is not None:
        return f"geo:{_coord(place.geo.lat)},{_coord(place.geo.lon)}"
    if place.address:
        url = MAP_SEARCH + quote_plus(place.address, safe=",")
        return url if len(url) <= MAX_BYTES else None  # a cut address finds a wrong place
    return None


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

def escape(value: str) -> str:
    """Escape a TEXT value for iCalendar and vCard 3.0: backslash, ';', ',' and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return re.sub(r"\r\n|\r|\n", r"\\n", value)


def content_lines(lines: list[str]) -> str:
    """Join content lines, each folded at 75 octets and ended with CRLF."""
    return "".join(_fold(line) + CRLF for line in lines)


def _fold(line: str) -> str:
    if len(line.encode()) <= _FOLD_AT:
        return line
    pieces, current, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if size + width > _FOLD_AT:  # never inside a UTF-8 sequence
            pieces.append("".join(current))
            current, size = [], 1  # the continuation line's leading space counts
        current.append(char)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def shorten(value: str, limit: int) -> str:
    """`value` in at most `limit` characters, cut at a word boundary and marked with "…"."""
    if len(value) <= limit:
        return value
    cut = value[:limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:  # a whole word, unless that loses a third of the room
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"


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


def _coord(value: float) -> str:
    # Six places are 0.1 m: more only makes the code bigger.
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _absolute_url(url: str) -> str | None:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None  # a relative or foreign link opens nothing on a phone
    # Non-ASCII in a path would need an ECI marker and trips older scanners' URL detection.
    return quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~")


# -- fitting a payload into MAX_BYTES ------------------------------------------------------

@dataclass(frozen=True)
class _Part:
    key: str
    text: str
    floor: int = 0          # never shortened below this many characters
    optional: bool = True   # may be left out when even `floor` does not fit
    whole: bool = False     # never shortened: kept whole or left out


def _fits(payload: str) -> bool:
    return len(payload.encode()) <= MAX_BYTES


def _fit(build: Callable[[dict[str, str]], str], parts: list[_Part]) -> str | None:
    """Build the payload from `parts` (most important first) within MAX_BYTES.

    Parts are shortened or left out, last first, until the payload fits; then each part,
    first first, takes back what it can of the room that is left, so a part dropped
    early is not lost when a later cut made room for it.
    """
    values = {p.key: p.text for p in parts}
    for part in reversed(parts):
        if _fits(build(values)):
            break
        if not part.text or (part.whole and not part.optional):
            continue
        best = None if part.whole else _longest(build, values, part)
        if best is None:
            best = "" if part.optional else shorten(part.text, part.floor)
        values[part.key] = best
    if not _fits(build(values)):
        return None
    for part in parts:
        if values[part.key] != part.text:
            best = _longest(build, values, part)
            if best is not None and len(best) > len(values[part.key]):
                values[part.key] = best
    return build(values)


def _longest(build: Callable[[dict[str, str]], str], values: dict[str, str],
             part: _Part) -> str | None:
    """The longest form of `part` (whole, or shortened to at least its floor) that fits."""
    if _fits(build({**values, part.key: part.text})):
        return part.text
    if part.whole:
        return None
    # The shortened text only grows with the limit, so the longest fit is a binary search.
    lo, hi, best = part.floor, len(part.text) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        candidate = shorten(part.text, mid)
        if _fits(build({**values, part.key: candidate})):
            best, lo = candidate, mid + 1
        else:
            hi = mid - 1
    return best
