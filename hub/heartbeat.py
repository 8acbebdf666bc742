"""The heartbeat a terminal's sync process sends (DESIGN.md section 4): read within a size
limit, parsed within a nesting limit, checked, reduced to the fields the hub knows, and
rate-limited per terminal. Messages here are English: a technician reads them in the
terminal's log.

Limits (docs/hub.md, "Fleet"): MAX_BODY_BYTES per body, however it is sent (chunked
too); MAX_DEPTH levels of nesting; MAX_COUNTERS counter rows, each an hour or a day and at
most MAX_COUNTER_NAMES fields – the known ones of sync.counters (visits, screens, entries,
qr, speech, text_size, contrast, polls) with at most sync.counters.MAX_KEYS keys each;
other fields must be bounded counts under snake_case names and are dropped –; counter
hours from COUNTER_DAYS days back to COUNTER_AHEAD ahead (UTC) are stored, others are
refused (answered in "refused", so the terminal can drop them); one heartbeat per
`[fleet] heartbeat_min_interval_s` per terminal (429 with Retry-After). What the counts
name (entries, polls, answers) is checked against the database by hub.usage.
"""

from __future__ import annotations

import json
import math
import threading
from datetime import datetime, timedelta
from typing import Any

from jsonschema import Draft202012Validator

from kiosk.qr import KINDS as QR_KINDS
from sync import counters as usage

MAX_BODY_BYTES = 256_000
MAX_DEPTH = 8
MAX_COUNTERS = 500
MAX_COUNTER_NAMES = 20
COUNTER_DAYS = 60
COUNTER_AHEAD = timedelta(hours=3)  # a terminal clock a little ahead, or local hours
_NUMBER_OR_NULL = {"type": ["number", "null"]}
_PAIR = {"type": ["array", "null"], "maxItems": 2, "items": {"type": "integer"}}
_COUNT = {"type": "integer", "minimum": 0, "maximum": usage.MAX_COUNT}
_SLUG = r"^[a-z0-9][a-z0-9._-]{0,79}$"
_ROUTE = r"^[a-z_]{1,20}(:[a-z0-9._-]{1,80}){0,2}$"   # "home", "list:week", "list:category:x"


def _text(length: int) -> dict:
    return {"type": ["string", "null"], "maxLength": length}


def _counts(field: str, names: dict) -> dict:
    return {"type": "object", "maxProperties": usage.MAX_KEYS[field],
            "propertyNames": names, "additionalProperties": _COUNT}


# One counter row (sync.counters.heartbeat_row): an hour or a day and sums, nothing else.
COUNTER_ROW = {
    "type": "object",
    "oneOf": [{"required": ["hour"], "not": {"required": ["day"]}},
              {"required": ["day"], "not": {"required": ["hour"]}}],
    "maxProperties": MAX_COUNTER_NAMES + 1,
    "propertyNames": {"pattern": r"^[a-z][a-z0-9_]{0,39}$"},
    "properties": {
        "hour": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}$"},
        "day": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "visits": _COUNT,
        "speech": _COUNT,
        "screens": _counts("screens", {"pattern": _ROUTE}),
        "entries": _counts("entries", {"pattern": _SLUG}),
        "qr": _counts("qr", {"enum": list(QR_KINDS)}),
        "text_size": _counts("text_size", {"enum": ["0", "1", "2"]}),
        "contrast": _counts("contrast", {"enum": ["normal", "high"]}),
        "polls": {
            "type": "object", "maxProperties": usage.MAX_KEYS["polls"],
            "propertyNames": {"pattern": _SLUG},
            "additionalProperties": {
                "type": "object", "additionalProperties": False,
                "properties": {"shown": _COUNT,
                               "votes": {"type": "object", "maxProperties": usage.MAX_ANSWERS,
                                         "propertyNames": {"pattern": _SLUG},
                                         "additionalProperties": _COUNT}}},
        },
    },
    # Fields of a newer terminal: bounded counts, dropped (see known()).
    "additionalProperties": _COUNT,
}


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
        "counters": {"type": "array", "maxItems": MAX_COUNTERS, "items": COUNTER_ROW},
        # An extension: what the kiosk app reported about itself (sync.kiosk_status,
        # kiosk.liveness, kiosk.upkeep).
        "kiosk": {
            "type": ["object", "null"],
            "properties": {
                "started_at": _text(40),
                "software": _text(120),
                "screen": _PAIR,
                "frame_at": _text(40),
                "frame_age_s": {"type": ["number", "null"], "minimum": 0},
                "geometry": {
                    "type": ["object", "null"],
                    "properties": {"window": _PAIR, "configured": _PAIR,
                                   "rotation": {"type": ["integer", "null"]},
                                   "ok": {"type": ["boolean", "null"]}, "text": _text(400)},
                },
                "clock": {
                    "type": ["object", "null"],
                    "properties": {"ok": {"type": ["boolean", "null"]},
                                   "synchronized": {"type": ["boolean", "null"]},
                                   "behind_feed": {"type": ["boolean", "null"]},
                                   "text": _text(400)},
                },
                "display": {
                    "type": ["object", "null"],
                    "properties": {"on": {"type": ["boolean", "null"]},
                                   "backend": _text(40), "text": _text(400)},
                },
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
        # Another: the software update's ring and last result (sync.update_state).
        "update": {
            "type": ["object", "null"],
            "properties": {"ring": _text(20), "target": _text(80), "result": _text(40),
                           "at": _text(40), "error": _text(4000), "german": _text(4000)},
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
        key = "hour" if "hour" in counter else "day"
        try:
            datetime.strptime(counter[key], "%Y-%m-%dT%H" if key == "hour" else "%Y-%m-%d")
        except ValueError:
            what = "an hour" if key == "hour" else "a day"
            return f"counters.{i}.{key}: {counter[key]!r} is not {what}"
    return None


def known(value: Any, schema: dict = SCHEMA) -> Any:
    """`value` with only the keys the schema names."""
    if isinstance(value, list) and "items" in schema:
        return [known(v, schema["items"]) for v in value]
    props = schema.get("properties")
    if props is None or not isinstance(value, dict):
        return value
    return {k: known(v, props[k]) for k, v in value.items() if k in props}


def period(counter: dict) -> str:
    """A counter row's hour ("2026-12-01T14") or day ("2026-11-20")."""
    return counter.get("hour") or counter["day"]


def split_counters(counters: list[dict], now: datetime) -> tuple[list[dict], list[str]]:
    """The counter rows whose hour or day (UTC) lies in the window, and those refused."""
    first = (now - timedelta(days=COUNTER_DAYS)).strftime("%Y-%m-%dT%H")
    last = (now + COUNTER_AHEAD).strftime("%Y-%m-%dT%H")

    def inside(counter: dict) -> bool:
        if "hour" in counter:
            return first <= counter["hour"] <= last
        return first[:10] < counter["day"] <= last[:10]

    kept = [c for c in counters if inside(c)]
    return kept, [period(c) for c in counters if not inside(c)]


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
