"""What `quartier-update` did last: <update root>/update-state.json, written atomically.

    {"format": "quartier-update-state/1",
     "ring": "pilot|alle", "ring_serial": n, "target": version|null,
     "phase": "idle|checking",                 checking: switched, health check not done
     "switched_at": iso|null, "switched_from": folder|null, "switched_to": folder|null,
     "previous": folder|null,                  the release kept for the way back
     "last_check": iso|null, "last_result": see RESULT_WORDS,
     "last_error": {"at", "kind", "reason", "german"}|null,
     "refused": {version: {"german", "serial"}}  switched back from: not installed again
                                               while the ring file has this serial
     "timings": {"download_s", "verify_s", "install_s", "switch_s", "health_s"},
     "history": [{"at", "from", "to", "result", "german"}]      the newest 20

Folders are relative to the update root ("releases/1.2.0", ".venv"). Only the updater
(root) writes it; `quartier-update status` and the sync daemon's heartbeat read it.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from sync.errors import SyncError
from sync.files import write_atomic
from sync.state import now_iso

log = logging.getLogger(__name__)
NAME = "update-state.json"
FORMAT = "quartier-update-state/1"
KEEP_HISTORY = 20
KEEP_REFUSED = 20

RESULT_WORDS = {
    "outside_window": "außerhalb des Zeitfensters – nichts getan",
    "no_release": "für diesen Ring ist auf dem Hub noch kein Release festgelegt",
    "current": "die Software ist aktuell",
    "available": "ein neues Release steht bereit (wird im Zeitfenster installiert)",
    "installed": "neues Release installiert und geprüft",
    "rolled_back": "neues Release fehlerhaft – zurückgeschaltet",
    "manual_rollback": "von Hand zurückgeschaltet",
    "held": "dieses Release wurde zurückgenommen und wird nicht erneut installiert",
    "refused": "Release abgelehnt",
    "failed": "fehlgeschlagen",
}

EMPTY: dict[str, Any] = {
    "format": FORMAT, "ring": None, "ring_serial": 0, "target": None, "phase": "idle",
    "switched_at": None, "switched_from": None, "switched_to": None, "previous": None,
    "last_check": None,
    "last_result": None, "last_error": None, "refused": {}, "timings": {}, "history": [],
}


def path(root: Path) -> Path:
    return root / NAME


def load(root: Path) -> dict[str, Any]:
    """The state; a missing or damaged file gives an empty one (logged)."""
    state = json.loads(json.dumps(EMPTY))
    try:
        doc = json.loads(path(root).read_text("utf-8"))
    except FileNotFoundError:
        return state
    except (OSError, ValueError) as exc:
        log.warning("update state %s unreadable (%s); starting afresh", path(root), exc)
        return state
    if isinstance(doc, dict) and doc.get("format") == FORMAT:
        state.update(doc)
    return state


def save(root: Path, state: dict[str, Any]) -> None:
    text = json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomic(path(root), text.encode("utf-8"), mode=0o644)


def finish(state: dict[str, Any], result: str, now: datetime,
           error: SyncError | None = None) -> None:
    """Note the outcome of one run."""
    state["last_check"] = now_iso(now)
    state["last_result"] = result
    state["last_error"] = None if error is None else {
        "at": now_iso(now), "kind": error.kind, "reason": str(error), "german": error.german}


def remember(state: dict[str, Any], now: datetime, old: str | None, new: str | None,
             result: str, german: str = "") -> None:
    """Add a switch (or its refusal) to the history."""
    entry = {"at": now_iso(now), "from": old, "to": new, "result": result, "german": german}
    state["history"] = ([entry] + list(state.get("history") or []))[:KEEP_HISTORY]


def refuse(state: dict[str, Any], version: str, german: str, serial: int) -> None:
    """Do not install `version` again by itself while the hub's ring file is the one of
    `serial` (the hub giving the ring a release again makes a new one; `apply --force`)."""
    refused = dict(state.get("refused") or {})
    refused.pop(version, None)
    refused[version] = {"german": german, "serial": serial}
    state["refused"] = dict(list(refused.items())[-KEEP_REFUSED:])


def held(state: dict[str, Any], version: str, serial: int) -> str | None:
    """Why `version` is not installed again under ring file `serial`, or None."""
    entry = (state.get("refused") or {}).get(version)
    if isinstance(entry, dict) and entry.get("serial") == serial:
        return str(entry.get("german") or "")
    return None


def heartbeat_part(root: Path, ring: str) -> dict[str, Any]:
    """The heartbeat's "update": ring, target, last result and its German reason."""
    state = load(root)
    error = state.get("last_error") or {}
    return {"ring": ring, "target": state.get("target"),
            "result": state.get("last_result"), "at": state.get("last_check"),
            "error": error.get("reason"), "german": error.get("german")}
