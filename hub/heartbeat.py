"""The heartbeat a terminal's sync process sends (DESIGN.md section 4): read within a size
limit, parsed within a nesting limit, checked, reduced to the fields the hub knows, and
rate-limited per terminal. Messages here are English: a technician reads them in the
terminal's log.

Limits (docs/hub.md, "Fleet"): MAX_BODY_BYTES per body, however it is sent (chunked
too); MAX_DEPTH levels of nesting; MAX_COUNTERS counter rows, each an hour and at most
MAX_COUNTER_NAMES counts (non-negative integers under short snake_case names); counter
hours from COUNTER_DAYS days back to COUNTER_AHEAD ahead (UTC) are stored, others are
refused (answered in "refused", so the terminal can drop them); one heartbeat per
`[fleet] heartbeat_min_interval_s` per terminal (429 with Retry-After).
"""

from __future__ import annotations

import json
import math
import threading
from datetime import datetime, timedelta
from typing import Any

from jsonschema import Draft202012Validator

MAX_BODY_BYTES = 256_000
MAX_DEPTH = 8
MAX_COUNTERS = 500
MAX_COUNTER_NAMES = 20
COUNTER_DAYS = 60
COUNTER_AHEAD = timedelta(hours=3)  # a terminal clock a little ahead, or local hours
_NUMBER_OR_NULL = {"type": ["number", "null"]}


def _text(length: int) -> dict:
    return {"type": ["string", "null"], "maxLength": length}


SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["terminal", "site", "software", "feed_version", "last_sync",
                 "clock_skew_s", "disk_free_mb", "uptime_s", "counters"],
    "properties": {
        "terminal": {"type": "string", "minLength": 1, "maxLength": 80},
        "site": {"type": "string", "maxLength": 80},
        "software": _text(120),
        "feed_version": {"type": ["integer", "null"], "minimum": 0},
        "last_sync": {
            "type": ["object", "null"],
            "properties": {"at": _text(40), "ok": {"type": ["boolean", "null"]},
                           "error": _text(4000)},
        },
        "clock_skew_s": _NUMBER_OR_NULL,
        "disk_free_mb": {"type": ["number", "null"], "minimum": 0},
        "uptime_s": {"type": ["number", "null"], "minimum": 0},
        "counters": {
            "type": "array",
            "maxItems": MAX_COUNTERS,
            "items": {
                "type": "object",
                "required": ["hour"],
                "maxProperties": MAX_COUNTER_NAMES + 1,
                "propertyNames": {"pattern": r"^(hour|[a-z][a-z0-9_]{0,39})$"},
                "properties": {"hour": {"type": "string",
                                        "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}$"}},
                "additionalProperties": {"type": "integer", "minimum": 0,
                                         "maximum": 1_000_000_000},
            },
        },
        # An extension: what the kiosk app reported about itself (sync.kiosk_status).
        "kiosk": {
            "type": ["object", "null"],
            "properties": {
                "started_at": _text(40),
                "screen": {"type": ["array", "null"], "maxItems": 2,
                           "items": {"type": "integer"}},
                "speech": {
                    "type": ["object", "null"],
                    # kiosk.app writes these (kiosk.speech.speaker.SpeechStatus).
                    "properties": {"available": {"type": ["boolean", "null"]},
                                   "audio": {"type": ["boolean", "null"]},
                                   "engine": _text(40), "text": _text(400),
                                   "note": _text(1000)},
                },
            },
        },
    },
}
_VALIDATOR = Draft202012Validator(SCHEMA)


def parse(raw: bytes) -> tuple[object, str | None]:
    """The JSON document of a body, or (None, why it is refused)."""
    try:
        body = json.loads(raw or b"null")
    except RecursionError:
        return None, f"body is nested deeper than {MAX_DEPTH} levels"
    except (ValueError, UnicodeDecodeError):
        return None, "body is not JSON"
    if _depth(body) > MAX_DEPTH:
        return None, f"body is nested deeper than {MAX_DEPTH} levels"
    return body, None


def _depth(value: object) -> int:
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:  # enough to know it is too deep
                todo += [(v, level + 1) for v in (item.values() if isinstance(item, dict)
                                                  else item)]
    return deepest


def problem(body: object, terminal_id: str) -> str | None:
    """Why a heartbeat body is refused (400), or None."""
    errors = sorted(_VALIDATOR.iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        where = ".".join(str(p) for p in error.absolute_path) or "body"
        return f"{where}: {_short(error.message)}"
    assert isinstance(body, dict)
    if body["terminal"] != terminal_id:
        return f"terminal: {body['terminal']!r} does not match the token's terminal"
    for i, counter in enumerate(body["counters"]):
        try:
            datetime.strptime(counter["hour"], "%Y-%m-%dT%H")
        except ValueError:
            return f"counters.{i}.hour: {counter['hour']!r} is not an hour"
    return None


def known(value: Any, schema: dict = SCHEMA) -> Any:
    """`value` with only the keys the schema names (counters are checked whole)."""
    props = schema.get("properties")
    if props is None or not isinstance(value, dict):
        return value
    return {k: known(v, props[k]) for k, v in value.items() if k in props}


def split_counters(counters: list[dict], now: datetime) -> tuple[list[dict], list[str]]:
    """The counter rows whose hour (UTC) lies in the window, and the hours refused."""
    first = (now - timedelta(days=COUNTER_DAYS)).strftime("%Y-%m-%dT%H")
    last = (now + COUNTER_AHEAD).strftime("%Y-%m-%dT%H")
    kept = [c for c in counters if first <= c["hour"] <= last]
    return kept, [c["hour"] for c in counters if not first <= c["hour"] <= last]


class RateLimit:
    """At most one accepted call per key and interval, in this process (one hub)."""

    def __init__(self) -> None:
        self._last: dict[str, datetime] = {}
        self._lock = threading.Lock()

    def wait_s(self, key: str, now: datetime, interval_s: float) -> int:
        """0 and the call counts, or the whole seconds to wait (Retry-After)."""
        with self._lock:
            last = self._last.get(key)
            if last is not None and now - last < timedelta(seconds=interval_s):
                left = interval_s - (now - last).total_seconds()
                return max(1, math.ceil(left))
            self._last[key] = now
            return 0


def _short(text: str) -> str:
    return text if len(text) <= 200 else text[:197] + "…"
