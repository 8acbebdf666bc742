"""What each screen shows, as plain data built from the store and the German wording.

Screens only lay these out; they never query or format. The same objects give the speech
text of a screen, so what is read aloud is what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kiosk import text
from kiosk.hours import upcoming_exceptions
from kiosk.pictures import Picture, load_picture
from kiosk.qr import QrCode, detail_codes
from kiosk.store import Detail, FeedInfo, Item, Listing, Store
from sync.model import Entry, Place

FIXED_TILES = [("today", "Heute", "today"), ("week", "Diese Woche", "week")]
MAX_TILES = 6
UPCOMING_DATES = 3


@dataclass(frozen=True)
class Tile:
    key: str        # list key: "today", "week", "category:<id>"
    label: str
    icon: str
    hint: str = ""  # "3 Termine"


@dataclass(frozen=True)
class Row:
    """One item of a list: day and time in bold (the headline), title, place, status."""

    entry_id: str
    headline: str           # "Heute, 14:30 bis 17:00 Uhr" / "Jetzt geöffnet bis 12:00 Uhr"
    title: str
    place: str = ""
    status: str = ""        # "fällt aus: Die Leiterin ist krank."
    status_kind: str = ""   # cancelled | full | moved | open | ""


@dataclass(frozen=True)
class HomeView:
    site_name: str
    greeting: str
    date_line: str
    tiles: list[Tile]
    next_heading: str
    next_rows: list[Row]
    empty_today: str
    stand: str
    more_today: str = "Tippen Sie auf „Heute“, um zu sehen, was heute ansteht."


@dataclass(frozen=True)
class ListView:
    key: str
    title: str
    rows: list[Row]
    empty_text: str


@dataclass(frozen=True)
class Line:
    text: str
    icon: str = ""
    style: str = "body"     # body | strong | phone | status


@dataclass(frozen=True)
class Section:
    heading: str
    icon: str
    lines: list[Line]


@dataclass(frozen=True)
class Banner:
    kind: str               # cancelled | full | moved | open | closed
    text: str


@dataclass(frozen=True)
class DetailView:
    entry_id: str
    kind_label: str
    title: str
    summary: str
    banner: Banner | None
    sections: list[Section] = field(default_factory=list)
    codes: list[QrCode] = field(default_factory=list)   # for the phone ("Aufs Handy")
    picture: Picture | None = None   # shown below the summary, if the file is cached


@dataclass(frozen=True)
class AttractView:
    site_name: str
    date_line: str
    slides: list[Row]
    prompt: str = "Bitte berühren Sie den Bildschirm"


# -- builders ---------------------------------------------------------------------------

def greeting(now: datetime) -> str:
    if now.hour < 11:
        return "Guten Morgen!"
    if now.hour < 18:
        return "Guten Tag!"
    return "Guten Abend!"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one}" if n == 1 else f"{n} {many}"


def _row_from_listing(item: Listing, now: datetime) -> Row:
    start, end = item.start, item.end
    today = now.date()
    # The row shows the day in its own bold line, so the time part is the rest of the
    # sentence the wording module builds ("14:30 bis 17:00 Uhr", "jetzt, bis 24:00 Uhr").
    when = text.when_text(start, end, now)
    day_prefix = f"{text.day_text(start.date(), today)}, "
    time = when.removeprefix(day_prefix)
    status = text.status_text(item.status)
    if item.note and item.status != "scheduled":
        status = f"{status}: {item.note}"
    day = text.capitalize(text.day_text(start.date(), today))
    headline = text.capitalize(time) if time.startswith("jetzt") else f"{day}, {time}"
    return Row(item.entry.id, headline, item.entry.title, _place_name(item.place),
               text.capitalize(status), item.status if item.status != "scheduled" else "")


def _row_from_item(item: Item, now: datetime) -> Row:
    if item.next is not None:
        return _row_from_listing(item.next, now)
    entry = item.entry
    if item.opening is not None:
        opening = text.capitalize(text.opening_text(item.opening, now))
        kind = "open" if item.opening.open_now else ""
        return Row(entry.id, opening, entry.title, _place_name(item.place), "", kind)
    return Row(entry.id, _undated_headline(entry, now), entry.title, _place_name(item.place))


def _undated_headline(entry: Entry, now: datetime) -> str:
    word = text.KIND_WORDS[entry.kind]
    if entry.kind == "call":
        word = "Mitmachen gesucht"
    if entry.valid_until:
        return f"{word}, bis {text.short_date(entry.valid_until, now.date())}"
    return word


def _place_name(place: Place | None) -> str:
    return place.name if place else ""


def home_view(store: Store, now: datetime) -> HomeView:
    info = store.info()
    today = store.today(now)
    tiles = [Tile("today", "Heute", "today", _count(len(today), "Termin", "Termine")),
             Tile("week", "Diese Woche", "week")]
    for category in (info.categories if info else []):
        if category.tile and len(tiles) < MAX_TILES:
            tiles.append(Tile(f"category:{category.id}", category.label,
                              category.icon or "category"))
    upcoming = [i for i in today if i.status != "cancelled"][:2]
    return HomeView(
        site_name=info.site_name if info else "",
        greeting=greeting(now),
        date_line=f"Heute ist {text.full_date(now.date())}",
        tiles=tiles,
        next_heading="Als Nächstes",
        next_rows=[_row_from_listing(i, now) for i in upcoming],
        empty_today="Heute steht nichts mehr an." if info else
        "Noch keine Inhalte. Bitte später noch einmal versuchen.",
        stand=_stand(info, now),
    )


def _stand(info: FeedInfo | None, now: datetime) -> str:
    return text.stand_text(info.changed_at, now) if info else ""


def list_view(store: Store, key: str, now: datetime) -> ListView:
    today = now.date()
    if key == "today":
        rows = [_row_from_listing(i, now) for i in store.today(now)]
        title = f"Heute, {text.date_text(today)}"
        empty = "Heute steht nichts mehr an. Schauen Sie unter „Diese Woche“."
    elif key == "week":
        rows = [_row_from_listing(i, now) for i in store.week(now)]
        title = "Diese Woche"
        empty = "In den nächsten sieben Tagen steht nichts an."
    else:
        category_id = key.removeprefix("category:")
        info = store.info()
        labels = {c.id: c.label for c in (info.categories if info else [])}
        rows = [_row_from_item(i, now) for i in store.category(category_id, now)]
        title = labels.get(category_id, "Angebote")
        empty = "Hier gibt es gerade keine Angebote."
    return ListView(key, title, rows, empty)


def attract_view(store: Store, now: datetime) -> AttractView:
    info = store.info()
    items = [i for i in store.today(now) if i.status != "cancelled"]
    if not items:
        items = [i for i in store.week(now) if i.status != "cancelled"][:6]
    return AttractView(info.site_name if info else "Quartier-Kiosk",
                       text.full_date(now.date()), [_row_from_listing(i, now) for i in items])


def detail_view(store: Store, entry_id: str, now: datetime, page_base: str | None = None,
                asset_dir: Path | None = None) -> DetailView | None:
    """An entry's detail; `page_base` resolves relative phone-page links (the feed URL),
    `asset_dir` holds the pictures (without it, no picture is shown)."""
    detail = store.detail(entry_id, now, dates=UPCOMING_DATES)
    if detail is None:
        return None
    entry = detail.entry
    sections = [s for s in (
        _when(detail, now), _hours(detail, now), _where(detail), _cost(entry),
        _registration(entry, now), _contact(entry), _bring(entry), _audience(entry),
        _access(detail, now), _organizer(entry),
    ) if s is not None]
    summary = entry.summary + (f"\n{entry.body}" if entry.body else "")
    picture = load_picture(asset_dir, entry.image.sha256, detail.image_type,
                           entry.image.alt) if entry.image else None
    return DetailView(entry.id, text.KIND_WORDS[entry.kind], entry.title, summary,
                      _banner(detail, now), sections,
                      detail_codes(detail, now, page_base=page_base), picture)


def _banner(detail: Detail, now: datetime) -> Banner | None:
    entry = detail.entry
    note = f": {entry.status_note}" if entry.status_note else ""
    if entry.status == "cancelled":
        return Banner("cancelled", f"Fällt aus{note}")
    if entry.status == "full" or (entry.registration and entry.registration.seats_free == 0):
        wait = " – Warteliste" if entry.registration and entry.registration.waitlist else ""
        return Banner("full", f"Ausgebucht{wait}{note}")
    if entry.status == "moved":
        return Banner("moved", f"Verlegt{note}")
    if detail.opening is not None:
        opening = text.capitalize(text.opening_text(detail.opening, now))
        return Banner("open" if detail.opening.open_now else "closed", opening)
    return None


def _when(detail: Detail, now: datetime) -> Section | None:
    lines = []
    # The entry's own status ("fällt aus", "ausgebucht") is said once, in the banner; a
    # date names only a status of its own.
    said = detail.entry.status if detail.entry.status in ("cancelled", "full") else None
    for occ in detail.upcoming:
        status = "" if occ.status == said else text.status_text(occ.status)
        when = text.capitalize(text.when_text(occ.start, occ.end, now))
        if occ.status == "moved" and occ.moved_from is not None:
            when, status = text.moved_text(occ.moved_from, occ.start, occ.end, now), ""
        if status:
            when += f" {text.DASH} {status}" + (f" ({occ.note})" if occ.note else "")
        elif occ.note:
            when += f" ({occ.note})"
        lines.append(Line(when, style="strong" if not lines else "body"))
    if detail.entry.rhythm:
        lines.append(Line(text.capitalize(detail.entry.rhythm)))
    if detail.entry.kind == "call" and detail.entry.valid_until:
        lines.append(Line(f"Gesucht bis {text.short_date(detail.entry.valid_until)}"))
    return Section("Wann", "calendar", lines) if lines else None


def _hours(detail: Detail, now: datetime) -> Section | None:
    entry = detail.entry
    if not entry.hours:
        return None
    lines = [Line(text.capitalize(line)) for line in text.hours_lines(entry.hours)]
    for exc in upcoming_exceptions(entry.hours_exceptions, now.date()):
        span = (f"{text.short_date(exc.from_, now.date())} bis "
                f"{text.short_date(exc.to, now.date())}")
        lines.append(Line(f"Vom {span}: {exc.note or 'geschlossen'}", style="strong"))
    return Section("Öffnungszeiten", "clock", lines)


def _where(detail: Detail) -> Section | None:
    place = detail.place
    if place is None:
        return None
    lines = [Line(", ".join(x for x in (place.name, place.room, place.floor) if x),
                  style="strong")]
    if place.address:
        lines.append(Line(place.address))
    if place.stop:
        lines.append(Line(place.stop, icon="bus"))
    return Section("Wo", "location", lines)


def _access(detail: Detail, now: datetime) -> Section | None:
    if detail.place is None or detail.place.access is None:
        return None
    facts = text.access_lines(detail.place.access, now.date())
    if not facts:
        return None
    return Section("Zugang", "wheelchair", [Line(words, icon=icon) for icon, words in facts])


def _cost(entry: Entry) -> Section | None:
    if entry.cost is None:
        return None
    lines = [Line(text.cost_text(entry.cost), style="strong")]
    if entry.cost.note:
        lines.append(Line(entry.cost.note))
    return Section("Kosten", "euro", lines)


def _registration(entry: Entry, now: datetime) -> Section | None:
    reg = entry.registration
    if reg is None:
        return None
    lines = [Line(text.capitalize(text.registration_text(reg, now)), style="strong")]
    if text.seats_text(reg):
        lines.append(Line(text.capitalize(text.seats_text(reg))))
    if reg.note:
        lines.append(Line(text.capitalize(reg.note)))
    return Section("Anmeldung", "clipboard", lines)


def _bring(entry: Entry) -> Section | None:
    if not entry.bring:
        return None
    return Section("Bitte mitbringen", "bag", [Line(text.capitalize(entry.bring))])


def _audience(entry: Entry) -> Section | None:
    if not entry.audience:
        return None
    return Section("Für wen", "people", [Line(text.capitalize(", ".join(entry.audience)))])


def _contact(entry: Entry) -> Section | None:
    contact = entry.contact
    if contact is None:
        return None
    who = ", ".join(x for x in (contact.role, contact.name) if x)
    lines = [Line(who, style="strong")] if who else []
    if contact.phone:
        lines.append(Line(f"Telefon {text.phone_text(contact.phone)}", icon="phone",
                          style="phone"))
    if contact.phone_hours:
        lines.append(Line(f"erreichbar {contact.phone_hours}"))
    if contact.email:
        lines.append(Line(contact.email, icon="mail"))
    return Section("Kontakt", "phone", lines) if lines else None


def _organizer(entry: Entry) -> Section | None:
    if not entry.organizer:
        return None
    return Section("Veranstalter", "organizer", [Line(entry.organizer)])
