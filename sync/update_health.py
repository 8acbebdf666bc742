"""Is the new release working? Read what the restarted services wrote about themselves.

Healthy means both, after the moment the units were restarted and by this version:
- the kiosk drew its first frame: kiosk.app writes <data>/kiosk-status.json once its
  first frames are on the screen, with "started_at" and "software" (sync.kiosk_status);
- the sync daemon finished a good sync: <data>/sync-state.json has a "last_success" no
  older than the restart and "software" of this version (sync.state).

Files rather than asking the processes: the kiosk has no network and the updater needs
nothing from them but these facts, which the status command and the heartbeat use too.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sync import kiosk_status
from sync.state import load_state

POLL_S = 1.0
GOOD = ("updated", "unchanged", "not_modified")


def _moment(text: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def kiosk_ok(data_dir: Path, version: str, since: datetime) -> bool:
    report = kiosk_status.read(data_dir) or {}
    started = _moment(report.get("started_at"))
    return report.get("software") == version and started is not None and started >= since


def sync_ok(data_dir: Path, version: str, since: datetime) -> bool:
    state = load_state(data_dir)
    success = _moment(state.get("last_success"))
    # the state file keeps whole seconds
    return (state.get("software") == version and state.get("last_result") in GOOD
            and success is not None and success >= since.replace(microsecond=0))


def wait_healthy(data_dir: Path, version: str, since: datetime, timeout_s: float, *,
                 sleep: Callable[[float], None] = time.sleep) -> str | None:
    """Wait up to `timeout_s` (in total) for both signs; None when they came, else the
    German reason."""
    deadline = time.monotonic() + timeout_s
    while True:
        kiosk, sync = kiosk_ok(data_dir, version, since), sync_ok(data_dir, version, since)
        if kiosk and sync:
            return None
        left = deadline - time.monotonic()
        if left <= 0:
            break
        sleep(min(POLL_S, left))
    missing = []
    if not kiosk:
        missing.append("der Bildschirm (quartier-kiosk) hat kein erstes Bild gemeldet")
    if not sync:
        state = load_state(data_dir)
        error = state.get("last_error") or {}
        why = f" (zuletzt: {error['german']})" if state.get("software") == version \
            and state.get("last_result") == "failed" and error.get("german") else ""
        missing.append(f"die Synchronisierung (quartier-sync) war nicht erfolgreich{why}")
    return f"Mit {version} innerhalb von {timeout_s:g} s: {' und '.join(missing)}."
