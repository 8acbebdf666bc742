"""One sync of a terminal: fetch, verify, download, apply (DESIGN.md sections 4 and 5).

The order of checks, each on the previous one's result:
  1. feed.json with a conditional GET (ETag / Last-Modified); 304 ends the pull there,
     without touching the database; the body is streamed and capped at max_feed_bytes
  2. feed.json.sig against the configured public keys (several, for key rotation)
  3. the JSON Schema of format 1 (sync.feed.validate) and the terminal's site
  4. the version: newer than the applied one (the same version with the same content is
     "unchanged", e.g. after a crash between commit and state file)
  5. every referenced image: temp file, size and SHA-256 checked, renamed into the cache
     (steps 1–5 share one total deadline, [sync] total_timeout_s: sync.deadline)
  6. one SQLite transaction (sync.apply)
  7. images no longer named are deleted, after the commit
Any failure leaves the database and the image cache as they were; the reason goes into
the state file (sync.state) and the daemon tries again later.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import requests

from sync import assetcache, signing
from sync import feed as feedlib
from sync.apply import apply_feed, content_hash
from sync.config import Config
from sync.deadline import Deadline
from sync.errors import (
    AssetError,
    ConfigError,
    FeedError,
    KeyFileError,
    StaleVersionError,
    StoreError,
    SyncError,
)
from sync.files import exclusive_lock, remove_temp_files
from sync.images import asset_name
from sync.net import Fetched, Limits, fetch, make_session
from sync.state import load_state, record_failure, record_success, save_state

log = logging.getLogger(__name__)
LOCK_NAME = "sync.lock"


@dataclass(frozen=True)
class PullResult:
    outcome: str                # "updated", "unchanged" or "not_modified"
    version: int | None
    entries: int = 0
    assets_downloaded: int = 0
    bytes_received: int = 0
    expired: bool = False
    clock_skew_s: float | None = None


def pull(config: Config, *, session: requests.Session | None = None,
         clock: Callable[[], datetime] | None = None) -> PullResult:
    """Run one sync for `config`; record the outcome in the state file; raise on failure."""
    clock = clock or (lambda: datetime.now(UTC))
    feed_url = config.sync.feed_url
    if not feed_url:
        raise ConfigError("[sync] feed_url is empty")
    try:
        keys = signing.public_keys(config.sync.public_keys)
    except KeyFileError as exc:
        raise ConfigError(str(exc)) from exc
    data_dir = config.data_dir
    own_session = session is None
    session = session or make_session(config.terminal.id, config.terminal.site)
    try:
        with exclusive_lock(data_dir / LOCK_NAME, "quartier-sync pull"):
            remove_temp_files(data_dir)  # a state file half-written by a killed pull
            state = load_state(data_dir)
            with Deadline(config.sync.total_timeout_s) as deadline:
                run = _Run(config, session, keys, state, clock, deadline)
                try:
                    result = run.go()
                except SyncError as exc:
                    record_failure(state, exc, clock(), run.received)
                    save_state(data_dir, state)
                    log.warning("sync failed (%s): %s", exc.kind, exc)
                    raise
            save_state(data_dir, state)
            return result
    finally:
        if own_session:
            session.close()


class _Run:
    """The steps of one pull, sharing the config, the session and the byte count."""

    def __init__(self, config: Config, session: requests.Session, keys: dict,
                 state: dict, clock: Callable[[], datetime], deadline: Deadline) -> None:
        self.config = config
        self.sync = config.sync
        self.session = session
        self.keys = keys
        self.state = state
        self.clock = clock
        self.received = 0
        self.limits = Limits(self.sync.connect_timeout_s, self.sync.read_timeout_s,
                             self.sync.total_timeout_s)
        self.deadline = deadline

    def go(self) -> PullResult:
        feed = self._fetch_feed()
        skew = self._clock_check(feed.date)
        if feed.status == 304:
            return self._not_modified(skew, feed.date)
        doc = self._verified(feed)
        same = self._check_version(doc, applied_feed(self.config.db_path))
        downloaded = self._download_assets(doc["assets"])
        now = self.clock()
        if not same:
            try:
                apply_feed(self.config.db_path, doc, now=now, validate=False)
            except sqlite3.Error as exc:
                raise StoreError(f"{self.config.db_path}: cannot write ({exc})") from exc
        # Only now, with the new version committed, may the old images go.
        assetcache.prune(self.config.asset_dir, doc["assets"])
        expired = self._expired(doc["expires_at"], feed.date)
        outcome = "unchanged" if same else "updated"
        record_success(
            self.state, outcome, now, self.received, etag=feed.etag,
            last_modified=feed.last_modified, feed_version=doc["version"],
            feed_generated_at=doc["generated_at"], feed_expires_at=doc["expires_at"],
            expired=expired, entries=len(doc["entries"]),
            assets=sorted(asset_name(sha, a["type"]) for sha, a in doc["assets"].items()))
        log.info("sync %s: version %s (%d entries, %d images downloaded, %d bytes)%s",
                 outcome, doc["version"], len(doc["entries"]), downloaded, self.received,
                 " EXPIRED" if expired else "")
        return PullResult(outcome, doc["version"], len(doc["entries"]), downloaded,
                          self.received, expired, skew)

    def _verified(self, feed: Fetched) -> dict:
        """Signature first (before parsing anything), then the schema and the site."""
        sig = fetch(self.session, self.sync.feed_url + ".sig", max_bytes=signing.MAX_SIG_BYTES,
                    limits=self.limits, deadline=self.deadline)
        self.received += sig.received
        signing.verify(feed.body, sig.body, self.keys)
        doc = feedlib.loads(feed.body)
        feedlib.validate(doc)
        self._check_site(doc)
        self._clock_check(feed.date, doc["generated_at"])
        return doc

    def _download_assets(self, assets: dict[str, dict]) -> int:
        base = assetcache.assets_url(self.sync.feed_url, self.sync.assets_url)
        try:
            downloaded, received = assetcache.ensure_assets(
                self.session, base, self.config.asset_dir, assets,
                max_bytes=self.sync.max_asset_bytes, limits=self.limits,
                deadline=self.deadline)
        except OSError as exc:
            raise AssetError(f"{self.config.asset_dir}: cannot write the image cache "
                             f"({exc.strerror or exc})") from exc
        self.received += received
        return downloaded

    def _fetch_feed(self) -> Fetched:
        state = self.state
        # Ask "changed since?" only while the database really holds what the state says,
        # and every image of it is still in the cache; otherwise fetch everything again.
        trusted = (state.get("feed_version") is not None and self.config.db_path.exists()
                   and all((self.config.asset_dir / n).exists() for n in state["assets"]))
        feed = fetch(self.session, self.sync.feed_url, max_bytes=self.sync.max_feed_bytes,
                     limits=self.limits, deadline=self.deadline,
                     etag=state.get("etag") if trusted else None,
                     last_modified=state.get("last_modified") if trusted else None)
        self.received += feed.received
        return feed

    def _not_modified(self, skew: float | None, server: datetime | None) -> PullResult:
        expired = self._expired(self.state.get("feed_expires_at"), server)
        record_success(self.state, "not_modified", self.clock(), self.received,
                       expired=expired)
        log.info("sync: not modified (version %s)", self.state.get("feed_version"))
        return PullResult("not_modified", self.state.get("feed_version"),
                          int(self.state.get("entries") or 0), 0, self.received, expired,
                          skew)

    def _check_site(self, doc: dict) -> None:
        site = self.config.terminal.site
        if site and doc["site"] != site:
            raise FeedError(f"the feed is for site {doc['site']!r}, this terminal shows "
                            f"{site!r} ([terminal] site)", "site")

    def _check_version(self, doc: dict, applied: tuple[int, str] | None) -> bool:
        """Raise on a rollback; return True when exactly this feed is applied already."""
        if applied is None:
            return False
        version, digest = applied
        if doc["version"] < version:
            raise StaleVersionError(f"version {doc['version']} is older than the applied "
                                    f"version {version} (rollback refused)", "version")
        if doc["version"] == version:
            if content_hash(doc) != digest:
                raise StaleVersionError(f"version {version} is applied already with "
                                        "different content", "version")
            return True
        return False

    def _clock_check(self, server: datetime | None, generated_at: str | None = None
                     ) -> float | None:
        """Compare the local clock with the server's Date and the feed's generated_at."""
        now = self.clock()
        limit = self.sync.max_clock_skew_s
        skew = round((now - server).total_seconds(), 1) if server else None
        notes, german = [], []
        if skew is not None and abs(skew) > limit:
            notes.append(f"local clock is {skew:+.0f} s off the server's Date header")
            german.append("die Uhr des Terminals weicht von der Serverzeit ab")
        if generated_at:
            ahead = (datetime.fromisoformat(generated_at) - now).total_seconds()
            if ahead > limit:
                notes.append(f"the feed was generated {ahead:.0f} s in the local future")
                german.append(f"der Feed stammt laut Terminal-Uhr aus der Zukunft "
                              f"({ahead:.0f} s)")
        if skew is not None or generated_at:
            self.state.update({"clock_skew_s": skew, "clock_ok": not notes,
                               "clock_note": "; ".join(notes) or None,
                               "clock_note_german": "; ".join(german) or None,
                               "clock_checked_at": now.isoformat(timespec="seconds")})
        if notes:
            log.warning("clock check: %s", "; ".join(notes))
        return skew

    def _expired(self, expires_at: str | None, server: datetime | None) -> bool:
        if not expires_at:
            return False
        # A Pi has no battery clock: when the server told us its time, trust that more.
        now = server or self.clock()
        return datetime.fromisoformat(expires_at) <= now


def applied_feed(db_path: Path) -> tuple[int, str] | None:
    """Return (version, content hash) of the applied feed, reading the file read-only."""
    if not db_path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{db_path}: cannot open the terminal database ({exc})") from exc
    try:
        row = conn.execute("SELECT version, content_sha256 FROM feed WHERE id = 1").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise StoreError(f"{db_path}: cannot read the terminal database ({exc})") from exc
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{db_path}: cannot read the terminal database ({exc})") from exc
    finally:
        conn.close()
    return (row[0], row[1]) if row else None
