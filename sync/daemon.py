"""quartier-sync daemon: sync on an interval, back off after failures, send heartbeats.

After a success the next sync follows `interval_s` later (±10 %, so hundreds of terminals
started together spread out). After the n-th failure in a row it waits
`retry_s · 2^(n-1)`, at most `backoff_max_s`, with jitter (a random time between half and
all of it), so a server that comes back is not hit by every terminal at once.

Between syncs a heartbeat goes out every `[hub] heartbeat_s` (45 s): it carries the kiosk
app's last frame, so the hub sees a black screen while sync is alive (docs/sync.md).

Under systemd (`Type=notify`, `WatchdogSec=`, deploy/systemd/quartier-sync.service) it
says READY=1 once it runs, STATUS= after each attempt and WATCHDOG=1 after every HTTP
response, every attempt and every half watchdog interval while it waits; a daemon stuck
anywhere for longer than `WatchdogSec=` is killed and started again by systemd.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable

import requests

from sync import heartbeat, notify
from sync.config import Config
from sync.errors import BusyError, SyncError
from sync.net import make_session
from sync.pull import pull

log = logging.getLogger(__name__)


def next_delay(config: Config, failures: int, rng: random.Random) -> float:
    """Seconds to wait before the next sync after `failures` failures in a row."""
    sync = config.sync
    if failures <= 0:
        return float(sync.interval_s) * rng.uniform(0.9, 1.1)
    ceiling = min(float(sync.backoff_max_s), float(sync.retry_s) * 2 ** (failures - 1))
    return rng.uniform(ceiling / 2, ceiling)


def run(config: Config, stop: threading.Event, *, cycles: int | None = None,
        session: requests.Session | None = None, rng: random.Random | None = None) -> int:
    """Sync until `stop` is set (or `cycles` syncs are done); return the failures in a row."""
    rng = rng or random.Random()
    session = session or make_session(config.terminal.id, config.terminal.site)
    # Every response is progress: each request has its own total deadline, so the longest
    # time without a ping is one download, never a whole pull of many images.
    session.hooks["response"].append(_alive)
    failures = 0
    done = 0
    log.info("daemon started: %s every %s s", config.sync.feed_url, config.sync.interval_s)
    notify.notify("READY=1", f"STATUS=started, first sync of {config.sync.feed_url}")
    while not stop.is_set():
        failures = _one_sync(config, session, failures)
        # The heartbeat goes after the sync: it reports this attempt and can never hold
        # up content. It swallows its own errors.
        _beat(config, session)
        done += 1
        if cycles is not None and done >= cycles:
            break
        delay = next_delay(config, failures, rng)
        log.debug("next sync in %.0f s", delay)
        notify.notify("WATCHDOG=1", f"STATUS={'ok' if failures == 0 else f'{failures} failed'}"
                                    f", next sync in {delay:.0f} s")
        _wait(stop, delay, lambda: _beat(config, session),
              float(config.hub.heartbeat_s) if config.hub.url else 0.0)
    notify.notify("STOPPING=1")
    session.close()
    return failures


def _alive(response: requests.Response, *_args, **_kwargs) -> requests.Response:
    notify.notify("WATCHDOG=1")
    return response


def _beat(config: Config, session: requests.Session) -> None:
    try:
        heartbeat.send(config, session)
    except Exception:  # the top loop of the process: log, never die
        log.exception("heartbeat crashed")


def _wait(stop: threading.Event, seconds: float, beat: Callable[[], None] | None = None,
          beat_s: float = 0.0) -> None:
    """Wait `seconds` or until `stop`, pinging the watchdog at its interval and calling
    `beat` every `beat_s` seconds (0: never) meanwhile."""
    step = notify.watchdog_interval()
    now = time.monotonic()
    deadline = now + seconds
    next_beat = now + beat_s if beat is not None and beat_s > 0 else float("inf")
    while not stop.is_set():
        now = time.monotonic()
        left = deadline - now
        if left <= 0:
            return
        if stop.wait(max(0.0, min(left, step or left, next_beat - now))):
            return
        if step is not None:
            notify.notify("WATCHDOG=1")
        if time.monotonic() >= next_beat and time.monotonic() < deadline:
            beat()
            next_beat = time.monotonic() + beat_s


def _one_sync(config: Config, session: requests.Session, failures: int) -> int:
    try:
        pull(config, session=session)
        return 0
    except BusyError as exc:
        log.info("sync skipped: %s", exc)
        return failures
    except SyncError as exc:
        log.warning("sync failed (%s), content unchanged: %s", exc.kind, exc)
        return failures + 1
    except Exception:  # the top loop of the process: log, keep the last good content
        log.exception("sync crashed; content unchanged")
        return failures + 1
