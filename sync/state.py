"""The terminal's sync state: a small JSON file beside the database, written atomically.

    <paths.data>/sync-state.json
    {"format": "quartier-sync-state/1",
     "last_attempt": iso, "last_result": "updated|unchanged|not_modified|failed",
     "last_success": iso|null, "consecutive_failures": n,
     "last_error": {"at": iso, "kind": "signature|network|...", "reason": str,
                    "german": str}|null,
     "etag": str|null, "last_modified": str|null,
     "feed_version": n|null, "feed_generated_at": iso|null, "feed_expires_at": iso|null,
     "expired": bool, "entries": n, "assets": ["<sha256>.<ext>", ...],
     "clock_skew_s": f|null, "clock_ok": bool|null, "clock_note": str|null,
     "clock_note_german": str|null,
     "bytes_received": n, "bytes_received_total": n,
     "software": version}                    the release that wrote it (sync.update_health)

Why a file and not a table in kiosk.sqlite: the state changes on every pull, and a pull
answered "not modified" must not write the database at all (no WAL traffic on the SD card,
no new snapshot for the kiosk). Only the sync process writes it; `quartier-sync status`,
the heartbeat and the kiosk may read it.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sync.errors import SyncError
from sync.files import write_atomic
from sync.net import software_version

log = logging.getLogger(__name__)
STATE_NAME = "sync-state.json"
STATE_FORMAT = "quartier-sync-state/1"

EMPTY: dict[str, Any] = {
    "format": STATE_FORMAT, "last_attempt": None, "last_result": None, "last_success": None,
    "consecutive_failures": 0, "last_error": None, "etag": None, "last_modified": None,
    "feed_version": None, "feed_generated_at": None, "feed_expires_at": None,
    "expired": False, "entries": 0, "assets": [], "clock_skew_s": None, "clock_ok": None,
    "clock_note": None, "clock_note_german": None, "bytes_received": 0, "bytes_received_total": 0,
    "software": None,
}


def state_path(data_dir: Path) -> Path:
    return data_dir / STATE_NAME


def load_state(data_dir: Path) -> dict[str, Any]:
    """Read the state file; a missing or damaged file gives an empty state."""
    path = state_path(data_dir)
    state = dict(EMPTY)
    try:
        doc = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return state
    except (OSError, ValueError) as exc:
        # Losing the state only costs one unconditional download.
        log.warning("sync state %s unreadable (%s); starting afresh", path, exc)
        return state
    if isinstance(doc, dict) and doc.get("format") == STATE_FORMAT:
        state.update(doc)
    return state


def save_state(data_dir: Path, state: dict[str, Any]) -> None:
    """Write the state atomically (old or new file after a crash, never half)."""
    text = json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomic(state_path(data_dir), text.encode("utf-8"))


def now_iso(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


def record_failure(state: dict[str, Any], exc: SyncError, now: datetime,
                   received: int = 0) -> None:
    """Note a failed pull: the content stays as it was, the reason is kept for staff."""
    state.update({
        "last_attempt": now_iso(now), "last_result": "failed",
        "consecutive_failures": int(state.get("consecutive_failures") or 0) + 1,
        # English for logs and the heartbeat, German for `quartier-sync status`.
        "last_error": {"at": now_iso(now), "kind": exc.kind, "reason": str(exc),
                       "german": exc.german},
        "bytes_received": received,
        "bytes_received_total": int(state.get("bytes_received_total") or 0) + received,
        "software": software_version(),
    })


def record_success(state: dict[str, Any], outcome: str, now: datetime, received: int,
                   **fields: Any) -> None:
    """Note a successful pull (updated, unchanged or not modified) and its details."""
    state.update(fields)
    state.update({
        "last_attempt": now_iso(now), "last_result": outcome, "last_success": now_iso(now),
        "consecutive_failures": 0, "bytes_received": received,
        "bytes_received_total": int(state.get("bytes_received_total") or 0) + received,
        "software": software_version(),
    })


def last_sync(state: dict[str, Any]) -> dict[str, Any]:
    """The heartbeat's "last_sync": {"at", "ok", "error"}."""
    ok = state.get("last_result") not in (None, "failed")
    error = state.get("last_error") if not ok else None
    return {"at": state.get("last_attempt"), "ok": ok,
            "error": error["reason"] if error else None}
