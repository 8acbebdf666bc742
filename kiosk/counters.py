"""Usage counters of the terminal and the one-vote-per-visit rule, without a window.

The screens call this small API; everything is counted per hour and kind in memory and
added to `<paths.data>/counters.sqlite` (sync.counters) once the hour is over, so the
file never holds more than hourly totals:

    counters = Counters(config.data_dir)
    counters.count("screen", "list:week")    # a screen shown, by route
    counters.count("entry", entry_id)         # a detail view
    counters.count("qr", "termin")            # a QR code shown
    counters.count("speech")                  # Vorlesen used (once per visit)
    counters.count("text_size", "2")          # a text size chosen (once per visit and size)
    counters.count("contrast", "high")        # high contrast chosen (once per visit)
    counters.count("poll_shown", poll_id)     # a poll shown (once per visit)
    counters.vote(poll_id, answer_id)         # True: counted; False: already voted
    counters.voted(poll_id)                   # this visit has voted on the poll
    counters.new_visit()                      # the idle reset: the next touch is a new visit
    counters.tick()                           # every few seconds: store finished hours
    counters.flush()                          # at exit: store everything

A visit starts with the first count after `new_visit()` (or the start); the attract
screen is not counted and starts no visit. Only counts are kept: no text typed, no touch
position, no moment finer than the hour, no order of screens, no visit id. Which polls
this visit voted on is kept in memory only, until `new_visit()`.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sync import counters as store

log = logging.getLogger(__name__)

ONCE_PER_VISIT = {"speech", "text_size", "contrast", "poll_shown"}
NOT_COUNTED = {("screen", "attract")}   # nobody is there: no visit, no count
MAX_KEY = 120


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Counters:
    """This terminal's counts of the current hours, and the current visit's votes."""

    def __init__(self, data_dir: Path, clock: Callable[[], datetime] = _utc_now,
                 keep: bool = True) -> None:
        self.path = data_dir / store.FILE
        self.clock = clock
        self.keep = keep    # False: count and forget (the tour is no visit)
        self._counts: Counter[tuple[str, str, str]] = Counter()
        self._in_visit = False
        self._once: set[tuple[str, str]] = set()
        self._voted: set[str] = set()

    # -- counting -----------------------------------------------------------------------

    def count(self, kind: str, key: str = "") -> None:
        """Count one use of `kind` (see sync.counters for the kinds and their keys)."""
        if kind not in store.FIELDS or kind in ("visit", "vote"):
            raise ValueError(f"unknown counter kind {kind!r}")
        if (kind, key) in NOT_COUNTED:
            return
        key = key[:MAX_KEY] if kind in store.KEYED else ""
        hour = store.hour_of(self.clock())
        self._open_visit(hour)
        if kind in ONCE_PER_VISIT:
            if (kind, key) in self._once:
                return
            self._once.add((kind, key))
        self._counts[(hour, kind, key)] += 1

    def vote(self, poll_id: str, answer_id: str) -> bool:
        """Count a vote; False (and nothing counted) when this visit has voted on the
        poll already. The vote is counted per answer and hour, nothing else."""
        if poll_id in self._voted:
            return False
        hour = store.hour_of(self.clock())
        self._open_visit(hour)
        self._voted.add(poll_id)
        self._counts[(hour, "vote", f"{poll_id}/{answer_id}"[:MAX_KEY])] += 1
        return True

    def voted(self, poll_id: str) -> bool:
        """Whether this visit has voted on the poll."""
        return poll_id in self._voted

    def new_visit(self) -> None:
        """End the visit (the idle reset): its votes and once-per-visit counts are
        forgotten, the next count starts a new visit."""
        self._in_visit = False
        self._once.clear()
        self._voted.clear()

    def _open_visit(self, hour: str) -> None:
        if not self._in_visit:
            self._in_visit = True
            self._counts[(hour, "visit", "")] += 1

    # -- storing ------------------------------------------------------------------------

    def tick(self) -> None:
        """Store the hours that are over (call it every few seconds; cheap otherwise)."""
        current = store.hour_of(self.clock())
        if any(hour < current for hour, _, _ in self._counts):
            self._store(lambda hour: hour < current)

    def flush(self) -> None:
        """Store everything, the current hour too (the app is stopping)."""
        if self._counts:
            self._store(lambda _hour: True)

    def _store(self, due: Callable[[str], bool]) -> None:
        batch = {k: n for k, n in self._counts.items() if due(k[0])}
        now = self.clock()
        try:
            if self.keep:
                store.add(self.path, batch, now)
        except (sqlite3.Error, OSError) as exc:
            # Never a reason to disturb a resident: keep the counts and try again at the
            # next tick, but not for ever (the file's own bound).
            log.warning("usage counters not stored (%s); kept in memory", exc)
            oldest = store.hour_of(now - timedelta(days=store.KEEP_DAYS))
            for key in [k for k in self._counts if k[0] < oldest]:
                del self._counts[key]
            return
        for key in batch:
            del self._counts[key]

    def pending_counts(self) -> dict[tuple[str, str, str], int]:
        """What is counted but not stored yet (for tests and the bench)."""
        return dict(self._counts)
