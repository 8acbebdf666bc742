"""The daily publish: once a day after [hub] publish_time (local time) the subscribed
calendars are imported and every site is published again, so "heute" and the 120-day
horizon move on even when nobody edits (and entries reach their "Gültig ab" day); old
heartbeats and usage counters are pruned at the same time, and entries that have been in
the bin longer than [content] bin_days are deleted for good.

The day counts as done only when every site was published. A run that fails (the tree is
busy, the disk is full, a site's feed is refused) is tried again later the same day, after
5 minutes, then 10, 20, ... at most 2 hours apart.

`serve` runs a DailyPublisher in a background thread and stops it cleanly on exit. Tests
call `tick(now)` with any moment instead of waiting for the clock.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils
from flask import Flask

from hub import context
from hub.config import TIMEZONE
from hub.db import get_meta, set_meta
from hub.errors import PublishFailed
from hub.publishing import RunOutcome, publish_sites
from hub.queries import publications as pub_q
from hub.queries import terminals as terminal_q
from hub.queries import versions as version_q
from hub.subscriptions import refresh_all

log = logging.getLogger(__name__)
BERLIN = ZoneInfo(TIMEZONE)
LAST_RUN = "daily_publish_date"          # the last day whose run succeeded
LAST_ERROR = "daily_publish_error"
FAILURES = "daily_publish_failures"      # failed runs in a row
RETRY_AT = "daily_publish_retry_at"      # no new attempt before this moment
RETRY_FIRST = timedelta(minutes=5)
RETRY_MAX = timedelta(hours=2)


class DailyPublisher:
    """Publishes every site once a day; `tick` does the work when it is due."""

    def __init__(self, app: Flask, clock: Callable[[], datetime] | None = None,
                 interval_s: float = 60.0) -> None:
        self.app = app
        self.clock = clock or (lambda: datetime.now(UTC))
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # Kept in memory too: when the database cannot be written, neither can the wait.
        self._failures = 0
        self._not_before: datetime | None = None

    def due(self, now: datetime, last_run: date | None) -> bool:
        local = now.astimezone(BERLIN)
        hh, mm = (int(x) for x in self.app.config["HUB_SETTINGS"]["hub"]["publish_time"]
                  .split(":"))
        return local.time() >= time(hh, mm) and (last_run is None or last_run < local.date())

    def tick(self, now: datetime | None = None) -> RunOutcome | None:
        """Publish all sites if today's run is due; return what was published."""
        now = now or self.clock()
        if self._not_before and now < self._not_before:
            return None
        with self.app.app_context():
            db = None
            try:
                db = context.db()
                last = get_meta(db, LAST_RUN)
                if not self.due(now, date.fromisoformat(last) if last else None):
                    return None
                retry_at = get_meta(db, RETRY_AT)
                if retry_at and now < datetime.fromisoformat(retry_at):
                    return None
                fleet = self.app.config["HUB_SETTINGS"]["fleet"]
                keep = fleet["keep_heartbeats_days"]
                terminal_q.prune_heartbeats(db, now - timedelta(days=keep))
                terminal_q.prune_counters(db, now - timedelta(days=fleet["keep_counters_days"]))
                pub_q.prune_problems(db, now - timedelta(days=keep))
                version_q.purge_bin(db, now - timedelta(
                    days=context.settings()["content"]["bin_days"]))
                refresh_all(db, context.settings(), now)
                outcome = publish_sites(db, context.paths(), context.settings(), None,
                                        now=now, user=None, trigger="daily")
            except (PublishFailed, OSError, sqlite3.Error) as exc:
                self._failed(db, now, str(exc) or type(exc).__name__)
                return None
            if outcome.failed:
                self._failed(db, now, "; ".join(f.message for f in outcome.failed))
                return outcome
            self._failures, self._not_before = 0, None
            set_meta(db, LAST_RUN, now.astimezone(BERLIN).date().isoformat())
            set_meta(db, LAST_ERROR, "")
            set_meta(db, FAILURES, "0")
            set_meta(db, RETRY_AT, "")
            log.info("daily publish: %s", ", ".join(f"{s.site} v{s.version}"
                                                     for s in outcome.sites))
            return outcome

    def _failed(self, db: sqlite_utils.Database | None, now: datetime, why: str) -> None:
        """Record a failed run and when to try again (the wait doubles, up to RETRY_MAX)."""
        try:
            stored = int(get_meta(db, FAILURES) or 0) if db is not None else 0
        except sqlite3.Error:
            stored = 0
        self._failures = max(stored, self._failures) + 1
        wait = min(RETRY_FIRST * 2 ** (self._failures - 1), RETRY_MAX)
        self._not_before = now + wait
        log.error("daily publish failed (%d in a row, next try in %d min): %s",
                  self._failures, wait.total_seconds() // 60, why)
        if db is None:
            return
        with contextlib.suppress(sqlite3.Error):  # a full disk: the memory must do
            set_meta(db, FAILURES, str(self._failures))
            set_meta(db, RETRY_AT, self._not_before.isoformat())
            set_meta(db, LAST_ERROR, f"{now.isoformat()} {why}")

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="daily-publish", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:  # the thread's top loop: log and try again a bit later
                log.exception("daily publish tick failed")
                self._not_before = self.clock() + RETRY_FIRST
            self._stop.wait(self.interval_s)
