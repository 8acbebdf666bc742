"""What each screen shows, as plain data built from the store and the German wording.

Screens only lay these out; they never query or format. The same objects give the speech
text of a screen, so what is read aloud is what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from kiosk import text, timeline
from kiosk.clock import day_after, local
from kiosk.hours import upcoming_exceptions
from kiosk.pictures import Picture, load_picture
from kiosk.qr import QrCode, detail_codes
from kiosk.store import Detail, FeedInfo, Item, Listing, Store
from kiosk.text.glossary import plain, plain_hours
from kiosk.timeline import Row, row, row_from_item, row_from_listing
from sync.model import Contact, Entry

NOW_HEADING = "Jetzt und in der nächsten Stunde"
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


# The key facts a resident must find on page 1 of a detail (DESIGN.md §6).
KEY_FACTS = ("status", "next_date", "place", "registration", "cost")


@dataclass(frozen=True)
class Line:
    text: str
    icon: str = ""
    style: str = "body"     # body | strong | phone | status
    facts: tuple[str, ...] = ()   # which KEY_FACTS this line tells
    label: str = ""         # said before it when read aloud ("Ort"), where an icon says it
    prose: bool = False     # words, not one fact: may go on in the next column
    hours: str = ""         # a phone line's hours, part of `text` ("… (montags, 9 bis 12 Uhr)")


@dataclass(frozen=True)
class Section:
    heading: str
    icon: str
    lines: list[Line]


@dataclass(frozen=True)
class Banner:
    kind: str               # cancelled | full | moved | open | closed
    text: str
    facts: tuple[str, ...] = ()


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
    # The key facts below the status, before everything else: next date, place, cost,
    # registration (with the phone to register).
    facts: list[Line] = field(default_factory=list)
    poll_id: str = ""       # the open poll linked to the entry: "Zur Umfrage" below the facts


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


def home_view(store: Store, now: datetime) -> HomeView:
    info = store.info()
    today = store.today(now)
    tiles = [Tile("today", "Heute", "today", _count(len(today), "Termin", "Termine")),
             Tile("week", "Diese Woche", "week")]
    for category in (info.categories if info else []):
        if category.tile and len(tiles) < MAX_TILES:
            tiles.append(Tile(f"category:{category.id}", category.label,
                              category.icon or "category"))
    soon = timeline.now_and_soon(store, now)
    later = [i for i in today if i.status != "cancelled"][:2]
    return HomeView(
        site_name=info.site_name if info else "",
        greeting=greeting(now),
        date_line=f"Heute ist {text.full_date(now.date())}",
        tiles=tiles,
        next_heading=NOW_HEADING if soon else "Als Nächstes",
        next_rows=[row(t, now) for t in (soon or later)],
        empty_today="Heute steht nichts mehr an." if info else
        "Noch keine Inhalte. Bitte später noch einmal versuchen.",
        stand=_stand(info, now),
    )


def _stand(info: FeedInfo | None, now: datetime) -> str:
    return text.stand_text(info.changed_at, now) if info else ""


def list_view(store: Store, key: str, now: datetime) -> ListView:
    today = now.date()
    if key == "today":
        # Standing offers open now say so at the top; those opening later today stand
        # among today's dates, at their time.
        things = [*timeline.open_offers(store, now, day_after(today)), *store.today(now)]
        rows = [row(t, now) for t in timeline.in_time_order(
            things, lambda t: timeline.moment(t, now))]
        title = f"Heute, {text.date_text(today)}"
        empty = "Heute steht nichts mehr an. Schauen Sie unter „Diese Woche“."
    elif key == "week":
        rows = [row_from_listing(i, now) for i in store.week(now)]
        title = "Diese Woche"
        empty = "In den nächsten sieben Tagen steht nichts an."
    else:
        category_id = key.removeprefix("category:")
        info = store.info()
        labels = {c.id: c.label for c in (info.categories if info else [])}
        items = timeline.in_time_order(store.category(category_id, now),
                                       lambda i: timeline.item_moment(i, now))
        rows = [row_from_item(i, now) for i in items]
        title = labels.get(category_id, "Angebote")
        empty = "Hier gibt es gerade keine Angebote."
    return ListView(key, title, rows, empty)


def attract_view(store: Store, now: datetime) -> AttractView:
    """Today's highlights, what is on now and soon first (as Start says it); when today
    is over, the next days'."""
    info = store.info()
    soon = timeline.now_and_soon(store, now)
    rest = [i for i in store.today(now) if i.status != "cancelled" and i not in soon]
    things: list[Item | Listing] = [*soon, *rest]
    if not things:
        things = [i for i in store.week(now) if i.status != "cancelled"][:6]
    return AttractView(info.site_name if info else "Quartier-Kiosk",
                       text.full_date(now.date()), [row(t, now) for t in things])


def detail_view(store: Store, entry_id: str, now: datetime, page_base: str | None = None,
                asset_dir: Path | None = None) -> DetailView | None:
    """An entry's detail; `page_base` resolves relative phone-page links (the feed URL),
    `asset_dir` holds the pictures (without it, no picture is shown). The status and the
    key facts come first; then the description and everything else."""
    detail = store.detail(entry_id, now, dates=UPCOMING_DATES)
    if detail is None:
        return None
    entry, banner = detail.entry, _banner(detail, now)
    told = banner.kind if banner is not None else ""
    facts = _facts(detail, now, told)
    phone_shown = any(line.style == "phone" for line in facts)
    sections = [s for s in (
        _more_dates(detail, now, told),
        _hours(detail, now), _more(detail, phone_shown),
        _access(detail, now),
    ) if s is not None]
    summary = entry.summary + (f"\n{entry.body}" if entry.body else "")
    picture = load_picture(asset_dir, entry.image.sha256, detail.image_type,
                           entry.image.alt) if entry.image else None
    return DetailView(entry.id, text.KIND_WORDS[entry.kind], entry.title, summary, banner,
                      sections, detail_codes(detail, now, page_base=page_base), picture,
                      facts, detail.poll.id if detail.poll else "")


def _banner(detail: Detail, now: datetime) -> Banner | None:
    entry = detail.entry
    note = f": {entry.status_note}" if entry.status_note else ""
    if entry.status == "cancelled":
        return Banner("cancelled", f"Fällt aus{note}", ("status",))
    if entry.status == "full" or (entry.registration and entry.registration.seats_free == 0):
        wait = " – Warteliste" if entry.registration and entry.registration.waitlist else ""
        facts = ("status", "registration") if entry.registration else ("status",)
        return Banner("full", f"Ausgebucht{wait}{note}", facts)
    if entry.status == "moved":
        return Banner("moved", f"Verlegt{note}", ("status",))
    if detail.opening is not None:
        opening = text.capitalize(text.opening_text(detail.opening, now))
        return Banner("open" if detail.opening.open_now else "closed", opening,
                      ("next_date",))
    return None


def _facts(detail: Detail, now: datetime, told: str) -> list[Line]:
    """Next date (with its status, unless the status above, `told`, says it), place,
    cost, then registration and how: what a resident needs to decide, then to do."""
    entry, lines = detail.entry, []
    if detail.upcoming:
        occ = detail.upcoming[0]
        status = ("status",) if occ.status not in ("scheduled", told) else ()
        words = _date_line(occ, now, told)
        lines.append(Line(words, "calendar", facts=("next_date", *status),
                          label="Nächster Termin"))
    elif entry.kind == "call" and entry.valid_until:
        until = text.short_date(entry.valid_until, now.date())
        lines.append(Line(f"Gesucht bis {until}", "calendar", "strong"))
    if detail.place is not None:
        place = detail.place
        where = ", ".join(plain(x) for x in (place.name, place.room, place.floor) if x)
        lines.append(Line(where, "location", facts=("place",), label="Ort"))
    if entry.cost is not None:
        lines.append(Line(text.capitalize(text.cost_text(entry.cost)), "euro",
                          facts=("cost",)))
    return lines + _registration(entry, now, told == "full")


def _date_line(occ: Listing, now: datetime, told: str = "") -> str:
    """A date with its status and note; without the status the banner already says. A
    moved date says where from: "Donnerstag, 14. Januar: verlegt auf Freitag, …"."""
    status = text.status_text(occ.status) if occ.status != told else ""
    when = text.capitalize(text.when_text(occ.start, occ.end, now))
    if occ.status == "moved" and occ.moved_from is not None:
        when, status = text.moved_text(occ.moved_from, occ.start, occ.end, now), ""
    if status:
        return f"{when} {text.DASH} {status}" + (f" ({occ.note})" if occ.note else "")
    return f"{when} ({occ.note})" if occ.note else when


def _more_dates(detail: Detail, now: datetime, told: str) -> Section | None:
    """The dates after the next one; where the rhythm below gives the time and the date
    keeps it, the date alone ("Freitag, 18. Dezember"). The status the banner says
    (`told`: "ausgebucht", "fällt aus") is not said again on every date."""
    rhythm = detail.entry.rhythm
    clocks = [(text.clock_time(o.start), text.clock_time(o.end)) for o in detail.upcoming]
    usual = max(clocks, key=clocks.count) if clocks else None   # the rhythm's time
    lines = []
    for occ, clock in zip(detail.upcoming[1:], clocks[1:], strict=True):
        same = rhythm and occ.status in ("scheduled", told) and not occ.note and \
            clock == usual and local(occ.start).date() == local(occ.end).date()
        day = text.date_text(local(occ.start).date(), local(now).date())
        lines.append(Line(day) if same else Line(_date_line(occ, now, told)))
    heading = "Weitere Termine" if lines else "Regelmäßig"
    if rhythm:
        lines.append(Line(text.capitalize(rhythm)))
    return Section(heading, "calendar", lines) if lines else None


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


def _access(detail: Detail, now: datetime) -> Section | None:
    if detail.place is None or detail.place.access is None:
        return None
    facts = text.access_lines(detail.place.access, now.date())
    if not facts:
        return None
    return Section("Zugang", "wheelchair", [Line(words, icon=icon, prose=icon == "note")
                                            for icon, words in facts])


def _registration(entry: Entry, now: datetime, full: bool = False) -> list[Line]:
    """Whether to register, by when, free seats, and how: the phone with its hours. When
    the status says "Ausgebucht", that is the answer; the phone then is for the waiting
    list."""
    reg = entry.registration
    if reg is None:
        return []
    fact = ("registration",)
    style = "body" if reg.kind == "none" else "strong"   # what to do stands out
    lines = [] if full else [Line(text.capitalize(text.registration_text(reg, now)),
                                  "clipboard", style, fact)]
    if reg.note:
        lines.append(Line(text.capitalize(reg.note), facts=fact))
    if reg.kind != "none" and entry.contact is not None and entry.contact.phone:
        lines.append(_phone_line(entry.contact, fact))
    return lines


def _phone_line(contact: Contact, facts: tuple[str, ...] = (), with_who: bool = False
                ) -> Line:
    """The phone number with its hours, kept together; its icon says "Telefon" (and so
    does the speech), so the number fits a narrow column's line."""
    who = ", ".join(x for x in (contact.role, contact.name) if x)
    words = text.phone_text(contact.phone)
    if with_who and who:   # below the key facts there is room to say it
        words = f"{who}, Telefon {words}"
    hours = plain_hours(contact.phone_hours) if contact.phone_hours else ""
    if hours:
        words += f" ({hours})"
    label = "" if with_who and who else "Telefon"
    return Line(words, icon="phone", style="phone", facts=facts, label=label, hours=hours)


def phone_hours_below(view: DetailView) -> DetailView | None:
    """The detail with the hours of the key facts' phone number moved below the key facts
    ("Telefonisch erreichbar montags bis freitags, 9 bis 12 Uhr"), or None when there are
    none. For a page 1 too small for all key facts at the largest text (kiosk.paging):
    the number stays on page 1, its hours come first after the description."""
    phones = [ln for ln in view.facts if ln.style == "phone" and ln.hours]
    if not phones:
        return None
    (phone,) = phones[:1]
    number = phone.text[: -len(f" ({phone.hours})")]
    facts = [replace(ln, text=number, hours="") if ln is phone else ln for ln in view.facts]
    hours = Line(f"Telefonisch erreichbar {phone.hours}", "clock")
    sections = list(view.sections)
    first = next((i for i, s in enumerate(sections) if not s.heading), None)
    if first is None:
        sections.append(Section("", "", [hours]))
    else:
        sections[first] = replace(sections[first], lines=[hours, *sections[first].lines])
    return replace(view, facts=facts, sections=sections)


def _more(detail: Detail, phone_shown: bool) -> Section | None:
    """Address, bus stop, contact, what to bring, for whom, organizer: one line each, its
    word first ("Für wen: alle"), under no heading of their own."""
    entry, place = detail.entry, detail.place
    lines = []
    if place is not None and place.address:
        lines.append(Line(f"Adresse: {plain(place.address)}", "map"))
    if place is not None and place.stop:
        lines.append(Line(plain(place.stop), "bus"))
    contact = entry.contact
    who = ", ".join(x for x in (contact.role, contact.name) if x) if contact else ""
    if contact is not None and contact.phone and not phone_shown:
        lines.append(_phone_line(contact, with_who=True))
    elif who:
        lines.append(Line(f"Kontakt: {who}", "people"))
    if contact is not None and contact.email:
        lines.append(Line(contact.email, "mail"))
    if entry.registration is not None and text.seats_text(entry.registration):
        lines.append(Line(text.capitalize(text.seats_text(entry.registration)), "clipboard"))
    if entry.cost is not None and entry.cost.note:
        lines.append(Line(f"Kosten: {entry.cost.note}", "euro", prose=True))
    if entry.bring:
        lines.append(Line(f"Bitte mitbringen: {entry.bring}", "bag", prose=True))
    if entry.audience:
        lines.append(Line(f"Für wen: {', '.join(entry.audience)}", "people", prose=True))
    if entry.organizer:
        lines.append(Line(f"Veranstalter: {plain(entry.organizer)}", "organizer"))
    return Section("", "", lines) if lines else None
