"""The terminal's heartbeat to the hub (DESIGN.md section 4).

    POST <hub.url>/api/v1/heartbeat      Authorization: Bearer <terminal token>
    {"terminal", "site", "software", "feed_version", "last_sync": {"at", "ok", "error"},
     "clock_skew_s", "disk_free_mb", "uptime_s", "counters": [...], "kiosk": {...},
     "update": {"ring", "target", "result", "at", "error", "german"}}

Sent by the daemon after each sync attempt, within a total deadline of `[hub] timeout_s`
(however slowly the hub answers). `counters` carries the finished hours of the kiosk's
usage counters (sync.counters); the hours the hub confirms or refuses are deleted here.
It never raises and never delays content: a hub that is down, slow or refuses the token
is logged, nothing more. A hub that asks to wait (429
with Retry-After) is not asked again before then. `feed_version` and `clock_skew_s` are
null until they are known.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from urllib3.exceptions import HTTPError as Urllib3Error

from sync import counters as usage
from sync import kiosk_status, update_state
from sync.config import Config
from sync.deadline import Deadline, watch
from sync.errors import SyncError
from sync.net import software_version
from sync.state import last_sync, load_state

log = logging.getLogger(__name__)
PATH = "/api/v1/heartbeat"
MAX_ANSWER_BYTES = 64_000
_STARTED = time.monotonic()
_HOLD_UNTIL: dict[str, float] = {}   # hub URL → monotonic time its Retry-After ends


def build(config: Config, state: dict[str, Any], counters: list[dict] | None = None,
          *, monotonic: float | None = None) -> dict[str, Any]:
    """Return the heartbeat body for this terminal (`monotonic`: the time the kiosk's
    frame age is measured at, for tests)."""
    uptime = uptime_s()
    return {
        "terminal": config.terminal.id,
        "site": config.terminal.site,
        "software": software_version(),
        "feed_version": state.get("feed_version"),
        "last_sync": last_sync(state),
        "clock_skew_s": state.get("clock_skew_s"),
        "disk_free_mb": disk_free_mb(config.data_dir),
        "uptime_s": uptime,
        "counters": counters or [],
        # An extension of the contract: what the kiosk app reported about itself (speech
        # and sound, its last frame and screen, geometry, clock, display), so staff see a
        # terminal that cannot read aloud, or whose screen is black while sync still runs.
        "kiosk": kiosk_status.for_heartbeat(kiosk_status.read(config.data_dir),
                                            monotonic=monotonic, uptime_s=uptime),
        # Another: the software update's ring and last result (the hub's page "Software").
        "update": update_state.heartbeat_part(Path(config.update.root), config.update.ring),
    }


def send(config: Config, session: requests.Session, *, state: dict[str, Any] | None = None,
         counters: list[dict] | None = None, now: datetime | None = None) -> dict | None:
    """POST one heartbeat; return the hub's answer, or None when it was not accepted.

    Without `counters`, the finished hours of <data>/counters.sqlite go along, and those
    the hub confirms or refuses are deleted from it."""
    if not config.hub.url:
        return None
    url = config.hub.url.rstrip("/") + PATH
    if time.monotonic() < _HOLD_UNTIL.get(url, 0.0):
        log.info("heartbeat skipped: the hub asked to wait (429)")
        return None
    counter_file = config.data_dir / usage.FILE
    own = counters is None
    if own:
        counters = _pending(counter_file, now or datetime.now(UTC))
    body = build(config, state if state is not None else load_state(config.data_dir),
                 counters)
    answer = _post(config, session, url, body)
    if answer is not None and own and counters:
        _forget(counter_file, answer, {_period(row) for row in counters})
    return answer


def _post(config: Config, session: requests.Session, url: str,
          body: dict[str, Any]) -> dict | None:
    timeout = float(config.hub.timeout_s)
    try:
        with Deadline(timeout) as deadline:
            resp = watch(session).post(
                url, json=body, timeout=deadline.timeouts(timeout, timeout), stream=True,
                headers={"Authorization": f"Bearer {config.terminal.token}"})
            with resp:
                raw = resp.raw.read(MAX_ANSWER_BYTES + 1, decode_content=True)
                if deadline.expired:
                    raise deadline.error(url)
                return _answer(resp, raw, url)
    except (requests.RequestException, Urllib3Error, OSError, SyncError) as exc:
        log.warning("heartbeat to %s failed: %s", url, exc)
        return None


def _pending(path: Path, now: datetime) -> list[dict]:
    try:
        return usage.pending(path, now)
    except (sqlite3.Error, OSError) as exc:
        log.warning("usage counters unreadable (%s); heartbeat without them", exc)
        return []


def _period(row: dict) -> str:
    return row.get("hour") or row.get("day") or ""


def _forget(path: Path, answer: dict, sent: set[str]) -> None:
    """Delete what the hub confirmed or refused – only periods this heartbeat sent."""
    done = []
    for key in ("confirmed", "refused"):
        value = answer.get(key)
        if isinstance(value, list):
            done += [p for p in value if isinstance(p, str) and p in sent]
    try:
        usage.forget(path, done)
    except (sqlite3.Error, OSError) as exc:
        log.warning("confirmed usage counters not deleted (%s); sent again next time", exc)


def _answer(resp: requests.Response, raw: bytes, url: str) -> dict | None:
    if resp.status_code == 401:
        log.warning("heartbeat refused by the hub: wrong terminal token ([terminal] token)")
        return None
    if resp.status_code == 429:
        wait = _retry_after(resp.headers.get("Retry-After"))
        _HOLD_UNTIL[url] = time.monotonic() + wait
        log.info("heartbeat refused for now (429): the hub asks to wait %d s", wait)
        return None
    if resp.status_code != 200:
        log.warning("heartbeat to %s: HTTP %s", url, resp.status_code)
        return None
    try:
        answer = json.loads(raw) if len(raw) <= MAX_ANSWER_BYTES else None
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        log.warning("heartbeat to %s: the answer is not a JSON object", url)
        return None
    return answer


def _retry_after(value: str | None) -> int:
    """Seconds from a Retry-After header (only the seconds form); 60 when unusable,
    at most an hour."""
    text = (value or "").strip()
    return min(3600, int(text)) if text.isdigit() else 60


def disk_free_mb(folder: Path) -> int | None:
    """Free space where the data lives, in MB (the nearest existing parent folder)."""
    for candidate in (folder, *folder.parents):
        try:
            return shutil.disk_usage(candidate).free // 1_000_000
        except OSError:
            continue
    return None


def uptime_s() -> int:
    """Seconds since the system started (since this process started, if unknown)."""
    try:
        return int(float(Path("/proc/uptime").read_text().split()[0]))
    except (OSError, ValueError, IndexError):
        return int(time.monotonic() - _STARTED)
