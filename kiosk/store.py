"""Read-only queries on the terminal database: what the screens show.

The file is written only by the sync process (sync.apply). Every query runs in its own
read transaction, so content applied in the meantime appears on the next query without a
restart. Past occurrences and entries past `valid_until` are never returned, nor an entry
whose dates are all over (or an event or course without any date): a screen never shows
an event without its date, even when no new feed came to drop it. All times are aware
datetimes in Europe/Berlin; the clock is injected.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from kiosk.clock import Clock, day_after, local, system_clock
from kiosk.hours import OpenState, open_state
from sync.feed import from_dict, parse_entry
from sync.model import Category, Entry, Place, Poll

# Statuses an entry as a whole passes on to each of its dates.
_ENTRY_WIDE = ("cancelled", "full")
# An entry a resident can open (`e` is the entries row, the parameter is now): not past
# valid_until (second parameter: today), and a date still to come unless it is a kind
# without dates that has none.
_SHOWN = """(e.valid_until IS NULL OR e.valid_until >= ?)
    AND (EXISTS (SELECT 1 FROM occurrences o WHERE o.entry_id = e.id AND o.end_ts > ?)
         OR (e.kind NOT IN ('event', 'course')
             AND NOT EXISTS (SELECT 1 FROM occurrences o WHERE o.entry_id = e.id)))"""


@dataclass(frozen=True)
class FeedInfo:
    site: str
    site_name: str
    version: int
    generated_at: datetime
    expires_at: datetime
    changed_at: datetime
    applied_at: datetime
    categories: list[Category]

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


@dataclass(frozen=True)
class Listing:
    """One dated occurrence of an entry, as a list row shows it."""

    entry: Entry
    place: Place | None
    start: datetime
    end: datetime
    status: str
    note: str | None = None
    moved_from: datetime | None = None   # a moved date: its original start

    def ongoing(self, now: datetime) -> bool:
        return self.start <= now < self.end


@dataclass(frozen=True)
class Item:
    """An entry with its next date (events, courses) or its opening state (offers)."""

    entry: Entry
    place: Place | None
    next: Listing | None = None
    opening: OpenState | None = None


@dataclass(frozen=True)
class Detail:
    entry: Entry
    place: Place | None
    upcoming: list[Listing] = field(default_factory=list)
    opening: OpenState | None = None
    poll: Poll | None = None
    image_type: str | None = None   # MIME type of the entry's picture, from the feed's assets


class Store:
    """Queries for the screens on a read-only connection to the terminal database."""

    def __init__(self, db_path: Path, clock: Clock = system_clock) -> None:
        self.db_path = Path(db_path)
        self.clock = clock
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._max_duration = 0
        self._cache_version: int | None = None
        # Where moved dates came from; NULL in a database sync has not migrated yet.
        self._moved_col = "NULL"
        self._entries: dict[str, Entry] = {}
        self._places: dict[str, Place | None] = {}

    # -- connection ---------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection | None:
        if self._conn is None:
            if not self.db_path.exists():
                return None  # no content synced yet: screens say so
            uri = f"file:{self.db_path}?mode=ro"
            self._conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                         check_same_thread=False)
        return self._conn

    @contextmanager
    def _read(self) -> Iterator[bool]:
        """Hold one read snapshot for a whole query; yield whether content exists."""
        with self._lock:
            conn = self._connection()
            if conn is None:
                yield False
                return
            outer = not conn.in_transaction
            if outer:
                conn.execute("BEGIN")
            try:
                yield self._refresh(conn)
            finally:
                if outer and conn.in_transaction:
                    conn.execute("COMMIT")

    def _refresh(self, conn: sqlite3.Connection) -> bool:
        try:
            row = conn.execute("SELECT version, max_duration_s FROM feed WHERE id = 1").fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return False  # the sync process has not created the schema yet
            raise
        if row is None:
            return False
        if row[0] != self._cache_version:
            self._entries.clear()
            self._places.clear()
            self._cache_version = row[0]
            columns = {r[1] for r in conn.execute("PRAGMA table_info(occurrences)")}
            self._moved_col = "o.moved_from" if "moved_from" in columns else "NULL"
        self._max_duration = row[1]
        return True

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        assert self._conn is not None
        return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- feed ---------------------------------------------------------------------------

    def info(self) -> FeedInfo | None:
        """Return what is known about the applied feed, or None before the first sync."""
        with self._read() as ok:
            if not ok:
                return None
            rows = self._rows(
                """SELECT site, site_name, version, generated_at, expires_at, changed_at,
                   applied_at, categories FROM feed WHERE id = 1"""
            )
        site, name, version, generated, expires, changed, applied, cats = rows[0]
        categories = [from_dict(Category, c, f"categories[{i}]")
                      for i, c in enumerate(json.loads(cats))]
        return FeedInfo(site, name, version, _dt(generated), _dt(expires), _dt(changed),
                        _dt(applied), categories)

    def holidays(self) -> dict[date, str]:
        """The feed's public holidays (sync.holidays); none before a feed that has them."""
        with self._read() as ok:
            if not ok:
                return {}
            try:
                rows = self._rows("SELECT day, name FROM holidays")
            except sqlite3.OperationalError:
                return {}   # a database from before the holidays table
        return {date.fromisoformat(day): name for day, name in rows}

    def version(self) -> int | None:
        """The applied feed's version (cheap: one indexed read), None before the first sync."""
        with self._read() as ok:
            return self._cache_version if ok else None

    def stand(self) -> datetime | None:
        """When the content last changed ("Stand"), in local time."""
        info = self.info()
        return info.changed_at if info else None

    # -- lists --------------------------------------------------------------------------

    def today(self, now: datetime | None = None) -> list[Listing]:
        """Occurrences from now to local midnight, ongoing ones included."""
        now = local(now or self.clock())
        return self._between(now, day_after(now.date()), now)

    def week(self, now: datetime | None = None) -> list[Listing]:
        """Occurrences from now to the end of the seventh day (today counts as the first)."""
        now = local(now or self.clock())
        return self._between(now, day_after(now.date(), 7), now)

    def _between(self, lo: datetime, hi: datetime, now: datetime) -> list[Listing]:
        with self._read() as ok:
            if not ok:
                return []
            lo_ts = int(lo.timestamp())
            # start_ts bounds keep the index usable; end_ts > now keeps ongoing events.
            rows = self._rows(
                f"""SELECT o.entry_id, o.start, o."end", o.status, o.note, {self._moved_col}
                   FROM occurrences o JOIN entries e ON e.id = o.entry_id
                   WHERE o.start_ts >= ? AND o.start_ts < ? AND o.end_ts > ?
                     AND (e.valid_until IS NULL OR e.valid_until >= ?)
                   ORDER BY o.start_ts, e.position""",
                (lo_ts - self._max_duration, int(hi.timestamp()), lo_ts, _day(now)),
            )
            return [self._listing(*row) for row in rows]

    def _listing(self, entry_id: str, start: str, end: str, status: str,
                 note: str | None, moved_from: str | None = None) -> Listing:
        entry = self._entry(entry_id)
        if status == "scheduled" and entry.status in _ENTRY_WIDE:
            status = entry.status
        return Listing(entry, self._place(entry.place_id), local(_dt(start)), local(_dt(end)),
                       status, note, local(_dt(moved_from)) if moved_from else None)

    def category(self, category_id: str, now: datetime | None = None) -> list[Item]:
        """Entries of a category: dated ones by their next date, then the others."""
        now = local(now or self.clock())
        with self._read() as ok:
            if not ok:
                return []
            ts = int(now.timestamp())
            rows = self._rows(
                f"""SELECT e.id, (SELECT min(o.start_ts) FROM occurrences o
                                  WHERE o.entry_id = e.id AND o.end_ts > ?) AS next_ts
                    FROM entries e WHERE e.category = ? AND {_SHOWN}
                    ORDER BY next_ts IS NULL, next_ts, e.position""",
                (ts, category_id, _day(now), ts),
            )
            return [self._item(entry_id, now) for entry_id, _next_ts in rows]

    def offers(self, now: datetime | None = None) -> list[Item]:
        """Standing offers with their opening state ("jetzt geöffnet" / next opening)."""
        now = local(now or self.clock())
        with self._read() as ok:
            if not ok:
                return []
            rows = self._rows(
                """SELECT id FROM entries WHERE kind = 'offer'
                   AND (valid_until IS NULL OR valid_until >= ?) ORDER BY position""",
                (_day(now),),
            )
            return [self._item(entry_id, now) for (entry_id,) in rows]

    def _item(self, entry_id: str, now: datetime) -> Item:
        entry = self._entry(entry_id)
        upcoming = self._upcoming(entry_id, now, 1)
        opening = open_state(entry.hours, entry.hours_exceptions, now) if entry.hours else None
        return Item(entry, self._place(entry.place_id), upcoming[0] if upcoming else None,
                    opening)

    # -- one entry ----------------------------------------------------------------------

    def detail(self, entry_id: str, now: datetime | None = None, dates: int = 5) -> Detail | None:
        """One entry with its place, its next `dates` dates and its opening state."""
        now = local(now or self.clock())
        with self._read() as ok:
            if not ok:
                return None
            rows = self._rows(f"SELECT e.id FROM entries e WHERE e.id = ? AND {_SHOWN}",
                              (entry_id, _day(now), int(now.timestamp())))
            if not rows:
                return None
            entry = self._entry(entry_id)
            hours = entry.hours
            opening = open_state(hours, entry.hours_exceptions, now) if hours else None
            poll = self.poll(entry.poll_id, now) if entry.poll_id else None
            return Detail(entry, self._place(entry.place_id),
                          self._upcoming(entry_id, now, dates), opening, poll,
                          self._asset_type(entry.image.sha256) if entry.image else None)

    def _asset_type(self, sha256: str) -> str | None:
        rows = self._rows("SELECT type FROM assets WHERE sha256 = ?", (sha256,))
        return rows[0][0] if rows else None

    def _upcoming(self, entry_id: str, now: datetime, limit: int) -> list[Listing]:
        rows = self._rows(
            f"""SELECT o.entry_id, o.start, o."end", o.status, o.note, {self._moved_col}
               FROM occurrences o WHERE o.entry_id = ? AND o.end_ts > ?
               ORDER BY o.start_ts LIMIT ?""",
            (entry_id, int(now.timestamp()), limit),
        )
        return [self._listing(*row) for row in rows]

    def poll(self, poll_id: str, now: datetime | None = None) -> Poll | None:
        """An open poll (between its `from` and `until`), or None."""
        now = local(now or self.clock())
        ts = int(now.timestamp())
        with self._read() as ok:
            rows = ok and self._rows(
                "SELECT data FROM polls WHERE id = ? AND from_ts <= ? AND until_ts > ?",
                (poll_id, ts, ts),
            )
        return from_dict(Poll, json.loads(rows[0][0]), "polls[]") if rows else None

    def open_polls(self, now: datetime | None = None) -> list[Poll]:
        """Every open poll, the one ending first first (the "Mitmachen" tile's polls)."""
        now = local(now or self.clock())
        ts = int(now.timestamp())
        with self._read() as ok:
            rows = ok and self._rows(
                "SELECT data FROM polls WHERE from_ts <= ? AND until_ts > ? "
                "ORDER BY until_ts, id", (ts, ts))
        return [from_dict(Poll, json.loads(r[0]), "polls[]") for r in rows or []]

    def entry_ids(self, now: datetime | None = None) -> list[str]:
        """Ids of every entry a resident can currently open, in feed order."""
        now = local(now or self.clock())
        with self._read() as ok:
            rows = ok and self._rows(
                f"SELECT e.id FROM entries e WHERE {_SHOWN} ORDER BY e.position",
                (_day(now), int(now.timestamp())),
            )
        return [r[0] for r in rows or []]

    # -- parsed objects, cached per feed version ---------------------------------------

    def _entry(self, entry_id: str) -> Entry:
        entry = self._entries.get(entry_id)
        if entry is None:
            (data,) = self._rows("SELECT data FROM entries WHERE id = ?", (entry_id,))[0]
            entry = parse_entry(json.loads(data))
            self._entries[entry_id] = entry
        return entry

    def _place(self, place_id: str | None) -> Place | None:
        if place_id is None:
            return None
        if place_id not in self._places:
            rows = self._rows("SELECT data FROM places WHERE id = ?", (place_id,))
            self._places[place_id] = (
                from_dict(Place, json.loads(rows[0][0]), "places[]") if rows else None
            )
        return self._places[place_id]


def _dt(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return local(value)


def _day(now: datetime) -> str:
    return date.isoformat(now.date())
