"""The heartbeat a terminal's sync process sends (DESIGN.md section 4), checked before it
is stored. Messages here are English: a technician reads them in the terminal's log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jsonschema import Draft202012Validator

MAX_BODY_BYTES = 1_000_000
_NUMBER_OR_NULL = {"type": ["number", "null"]}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["terminal", "site", "software", "feed_version", "last_sync",
                 "clock_skew_s", "disk_free_mb", "uptime_s", "counters"],
    "properties": {
        "terminal": {"type": "string", "minLength": 1, "maxLength": 80},
        "site": {"type": "string", "maxLength": 80},
        "software": {"type": ["string", "null"], "maxLength": 120},
        "feed_version": {"type": ["integer", "null"], "minimum": 0},
        "last_sync": {
            "type": ["object", "null"],
            "properties": {
                "at": {"type": ["string", "null"], "maxLength": 40},
                "ok": {"type": ["boolean", "null"]},
                "error": {"type": ["string", "null"], "maxLength": 4000},
            },
        },
        "clock_skew_s": _NUMBER_OR_NULL,
        "disk_free_mb": {"type": ["number", "null"], "minimum": 0},
        "uptime_s": {"type": ["number", "null"], "minimum": 0},
        "counters": {
            "type": "array",
            "maxItems": 5000,
            "items": {
                "type": "object",
                "required": ["hour"],
                "properties": {"hour": {"type": "string",
                                        "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}$"}},
            },
        },
    },
}
_VALIDATOR = Draft202012Validator(SCHEMA)


def problem(body: object, terminal_id: str) -> str | None:
    """Why a heartbeat body is refused (400), or None."""
    errors = sorted(_VALIDATOR.iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        where = ".".join(str(p) for p in error.absolute_path) or "body"
        return f"{where}: {error.message}"
    assert isinstance(body, dict)
    if body["terminal"] != terminal_id:
        return f"terminal: {body['terminal']!r} does not match the token's terminal"
    for i, counter in enumerate(body["counters"]):
        try:
            datetime.strptime(counter["hour"], "%Y-%m-%dT%H")
        except ValueError:
            return f"counters.{i}.hour: {counter['hour']!r} is not an hour"
    return None
