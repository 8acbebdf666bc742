"""Typed objects of feed format 1 (DESIGN.md section 5).

Field names follow the JSON keys; where a key is a Python keyword the JSON key is in the
field's metadata. `sync.feed` builds these from a validated document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

FEED_FORMAT = "quartier-feed/1"
KINDS = ("event", "course", "offer", "call", "participation")
STATUSES = ("scheduled", "cancelled", "moved", "full")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _key(name: str) -> dict:
    return {"key": name}


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    label: str
    icon: str | None = None
    tile: bool = True


@dataclass(frozen=True, slots=True)
class Geo:
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Access:
    step_free: bool | None = None
    ramp_percent: float | None = None
    elevator: bool | None = None
    door_width_cm: int | None = None
    accessible_wc: bool | None = None
    hearing_loop: bool | None = None
    parking: bool | None = None
    surface: str | None = None
    note: str | None = None
    checked_on: date | None = None


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    address: str | None = None
    room: str | None = None
    floor: str | None = None
    stop: str | None = None
    geo: Geo | None = None
    access: Access | None = None


@dataclass(frozen=True, slots=True)
class Occurrence:
    start: datetime
    end: datetime
    status: str = "scheduled"
    note: str | None = None
    moved_from: datetime | None = None   # a moved date: its original start


@dataclass(frozen=True, slots=True)
class Hours:
    day: str
    from_: str = field(metadata=_key("from"))
    to: str = "00:00"


@dataclass(frozen=True, slots=True)
class HoursException:
    from_: date = field(metadata=_key("from"))
    to: date = field(default=date.max)
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Cost:
    kind: str
    euro: float | None = None
    per: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Registration:
    kind: str
    deadline: date | None = None
    seats: int | None = None
    seats_free: int | None = None
    waitlist: bool | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    role: str | None = None
    name: str | None = None
    phone: str | None = None
    phone_hours: str | None = None
    email: str | None = None
    web: str | None = None


@dataclass(frozen=True, slots=True)
class Image:
    sha256: str
    alt: str


@dataclass(frozen=True, slots=True)
class Links:
    page: str | None = None
    ics: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    kind: str
    category: str
    title: str
    summary: str
    body: str | None = None
    speech: str | None = None
    easy: str | None = None
    occurrences: list[Occurrence] = field(default_factory=list)
    rhythm: str | None = None
    hours: list[Hours] = field(default_factory=list)
    hours_exceptions: list[HoursException] = field(default_factory=list)
    place_id: str | None = None
    audience: list[str] = field(default_factory=list)
    cost: Cost | None = None
    registration: Registration | None = None
    bring: str | None = None
    contact: Contact | None = None
    organizer: str | None = None
    status: str = "scheduled"
    status_note: str | None = None
    image: Image | None = None
    links: Links | None = None
    valid_until: date | None = None
    last_checked: date | None = None
    poll_id: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    id: str
    text: str
    icon: str | None = None       # a name of the terminal's icon set (kiosk.icons)


@dataclass(frozen=True, slots=True)
class Poll:
    id: str
    question: str
    answers: list[Answer]
    from_: datetime = field(metadata=_key("from"))
    until: datetime = field(default=datetime.max)
    min_votes_to_show: int = 0
    # The site's published results, only once there are min_votes_to_show votes.
    results: dict[str, int] | None = None
    votes: int | None = None


@dataclass(frozen=True, slots=True)
class AssetInfo:
    bytes: int
    type: str


@dataclass(frozen=True, slots=True)
class Feed:
    format: str
    site: str
    site_name: str
    version: int
    generated_at: datetime
    expires_at: datetime
    places: list[Place]
    entries: list[Entry]
    polls: list[Poll]
    assets: dict[str, AssetInfo]
    categories: list[Category] = field(default_factory=list)
    base_url: str | None = None

    def place(self, place_id: str | None) -> Place | None:
        """Return the place with this id, or None."""
        return next((p for p in self.places if p.id == place_id), None)
