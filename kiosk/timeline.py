"""When things happen, as a resident reads a list: what is on now comes first, then the
rest by when it starts (DESIGN.md §6, "Lists are in time order").

The moment of an entry is what its row says: an event or course its next date (`now`
while it runs), a standing offer its opening ("jetzt geöffnet": `now`; else its next
opening). Entries without either (a call for volunteers) have none and come last.
Also the rows themselves (what a list row says). Window-free.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from kiosk import text
from kiosk.clock import day_after
from kiosk.store import Item, Listing, Store
from kiosk.text.glossary import plain
from sync.model import Entry, Place


@dataclass(frozen=True)
class Row:
    """One item of a list: day and time in bold (the headline), title, place, status."""

    entry_id: str
    headline: str           # "Heute, 14:30 bis 17:00 Uhr" / "Jetzt geöffnet bis 12:00 Uhr"
    title: str
    place: str = ""
    status: str = ""        # "fällt aus: Die Leiterin ist krank."
    status_kind: str = ""   # cancelled | full | moved | open | ""


# Start's "Jetzt und in der nächsten Stunde": what runs now or begins within this time.
SOON = timedelta(hours=1)
T = TypeVar("T")


def listing_moment(listing: Listing, now: datetime) -> datetime:
    """A date's moment: its start, or `now` while it runs."""
    return now if listing.ongoing(now) else listing.start


def item_moment(item: Item, now: datetime) -> datetime | None:
    """An entry's next relevant moment, as its row shows it (views: the next date wins
    over the opening hours), or None when its row names no time."""
    if item.next is not None:
        return listing_moment(item.next, now)
    opening = item.opening
    if opening is None:
        return None
    if opening.open_now:
        return now
    return opening.next_slot.start if opening.next_slot is not None else None


def in_time_order(things: Iterable[T], moment: Callable[[T], datetime | None]) -> list[T]:
    """`things` by their moment, those without one last; equal moments keep their order
    (the feed's order)."""
    def key(pair: tuple[int, T]) -> tuple[bool, float, int]:
        when = moment(pair[1])
        return (when is None, when.timestamp() if when is not None else 0.0, pair[0])

    return [t for _i, t in sorted(enumerate(things), key=key)]


def open_offers(store: Store, now: datetime, until: datetime | None = None) -> list[Item]:
    """Standing offers open now, or opening before `until`, in time order."""
    def soon(item: Item) -> bool:
        moment = item_moment(item, now)
        return item.next is None and moment is not None and moment <= (until or now)

    return in_time_order([i for i in store.offers(now) if soon(i)],
                         lambda i: item_moment(i, now))


def now_and_soon(store: Store, now: datetime) -> list[Item | Listing]:
    """What runs now or begins within the next hour, today, not cancelled: the dates and
    the standing offers (open now or opening soon), in time order (Start's "Jetzt und in
    der nächsten Stunde", and the first of the attract screen's slides)."""
    until = min(now + SOON, day_after(now.date()))
    dates = [i for i in store.today(now) if i.status != "cancelled" and i.start < until]
    offers: list[Item | Listing] = list(open_offers(store, now, until))
    return in_time_order([*offers, *dates], lambda t: moment(t, now))


def moment(thing: Item | Listing, now: datetime) -> datetime | None:
    """The moment of a date or of an entry."""
    return listing_moment(thing, now) if isinstance(thing, Listing) else item_moment(thing, now)


# -- rows ------------------------------------------------------------------------------------

def row_from_listing(item: Listing, now: datetime) -> Row:
    """The row of one date: its day and time, the entry's title and place, its status."""
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


def row(thing: Item | Listing, now: datetime) -> Row:
    """The row of a date or of an entry."""
    return row_from_listing(thing, now) if isinstance(thing, Listing) else \
        row_from_item(thing, now)


def row_from_item(item: Item, now: datetime) -> Row:
    """The row of an entry: its next date, else its opening, else what it is."""
    if item.next is not None:
        return row_from_listing(item.next, now)
    entry = item.entry
    if item.opening is not None:
        opening = text.capitalize(text.opening_text(item.opening, now))
        kind = "open" if item.opening.open_now else ""
        return Row(entry.id, opening, entry.title, _place_name(item.place), "", kind)
    return Row(entry.id, _undated_headline(entry, now), entry.title, _place_name(item.place))


def _undated_headline(entry: Entry, now: datetime) -> str:
    word = "Gesucht" if entry.kind == "call" else text.KIND_WORDS[entry.kind]
    if entry.valid_until:
        return f"{word} bis {text.short_date(entry.valid_until, now.date())}"
    return "Mitmachen gesucht" if entry.kind == "call" else word


def _place_name(place: Place | None) -> str:
    return plain(place.name) if place else ""
