"""The kiosk app's own report (<data>/kiosk-status.json): written by the app at start,
read here for `quartier-sync status` and the heartbeat. A file, so sync never imports
kiosk code."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

FILE = "kiosk-status.json"


def write(data_dir: Path, report: dict[str, Any]) -> None:
    """Replace the report atomically."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    os.replace(tmp, path)


def read(data_dir: Path) -> dict[str, Any] | None:
    """The report, or None when the app has not started yet (or wrote garbage)."""
    try:
        value = json.loads((data_dir / FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None
