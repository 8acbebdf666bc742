"""The terminal's heartbeat to the hub (DESIGN.md section 4).

    POST <hub.url>/api/v1/heartbeat      Authorization: Bearer <terminal token>
    {"terminal", "site", "software", "feed_version", "last_sync": {"at", "ok", "error"},
     "clock_skew_s", "disk_free_mb", "uptime_s", "counters": [...]}

Sent by the daemon after each sync attempt, with a short timeout. It never raises and
never delays content: a hub that is down, slow or refuses the token is logged, nothing
more. `feed_version` and `clock_skew_s` are null until they are known.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path
from typing import Any

import requests

from sync import kiosk_status
from sync.config import Config
from sync.net import software_version
from sync.state import last_sync, load_state

log = logging.getLogger(__name__)
PATH = "/api/v1/heartbeat"
_STARTED = time.monotonic()


def build(config: Config, state: dict[str, Any],
          counters: list[dict] | None = None) -> dict[str, Any]:
    """Return the heartbeat body for this terminal."""
    return {
        "terminal": config.terminal.id,
        "site": config.terminal.site,
        "software": software_version(),
        "feed_version": state.get("feed_version"),
        "last_sync": last_sync(state),
        "clock_skew_s": state.get("clock_skew_s"),
        "disk_free_mb": disk_free_mb(config.data_dir),
        "uptime_s": uptime_s(),
        "counters": counters or [],
        # An extension of the contract: what the kiosk app reported about itself (speech
        # and sound), so staff see a terminal that cannot read aloud.
        "kiosk": kiosk_status.read(config.data_dir),
    }


def send(config: Config, session: requests.Session, *, state: dict[str, Any] | None = None,
         counters: list[dict] | None = None) -> dict | None:
    """POST one heartbeat; return the hub's answer, or None when it was not accepted."""
    if not config.hub.url:
        return None
    url = config.hub.url.rstrip("/") + PATH
    body = build(config, state if state is not None else load_state(config.data_dir),
                 counters)
    timeout = float(config.hub.timeout_s)
    try:
        resp = session.post(url, json=body, timeout=(timeout, timeout),
                            headers={"Authorization": f"Bearer {config.terminal.token}"})
    except requests.RequestException as exc:
        log.warning("heartbeat to %s failed: %s", url, exc)
        return None
    with resp:
        if resp.status_code == 401:
            log.warning("heartbeat refused by the hub: wrong terminal token ([terminal] token)")
            return None
        if resp.status_code != 200:
            log.warning("heartbeat to %s: HTTP %s", url, resp.status_code)
            return None
        try:
            answer = resp.json()
        except ValueError:
            log.warning("heartbeat to %s: the answer is not JSON", url)
            return None
    return answer if isinstance(answer, dict) else None


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
