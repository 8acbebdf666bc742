"""Read feed format 1: validate a document against the JSON Schema and build typed objects.

A feed that fails is rejected whole with the JSON path of the first bad field
(`entries[3].occurrences[0].end`). Unknown fields are ignored and logged once per field.
"""

from __future__ import annotations

import json
import logging
import re
import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, fields, is_dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from sync.errors import FeedError
from sync.model import FEED_FORMAT, Entry, Feed

log = logging.getLogger(__name__)
T = TypeVar("T")
_reported_unknown: set[str] = set()


@cache
def schema() -> dict:
    """Return the JSON Schema of format 1 (sync/feed.schema.json)."""
    text = resources.files("sync").joinpath("feed.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _validator() -> Any:
    # Imported here: the kiosk reads typed entries through this module and never
    # validates, and jsonschema costs it 60 ms of startup.
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema())
    return Draft202012Validator(schema())


@cache
def _fast_validator() -> Callable[[dict], Any]:
    # The hot path: fastjsonschema compiles the schema to Python and checks a feed of
    # 2,000 entries about 13 times faster than jsonschema. The schema only uses keywords
    # that mean the same in draft 7, which fastjsonschema implements.
    import fastjsonschema

    return fastjsonschema.compile({**schema(), "$schema": "http://json-schema.org/draft-07/schema#"})


def json_path(parts: typing.Iterable[Any]) -> str:
    """Render a jsonschema path deque as `entries[3].title`."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def loads(raw: bytes | str) -> dict:
    """Decode feed bytes into a JSON object, or raise FeedError."""
    try:
        # Decode explicitly: json.loads(bytes) would also accept UTF-16 and UTF-32.
        doc = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except UnicodeDecodeError as exc:
        raise FeedError(f"not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise FeedError(f"not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    if not isinstance(doc, dict):
        raise FeedError("the feed must be a JSON object")
    return doc


def validate(doc: dict) -> None:
    """Check `doc` against the schema and the rules a schema cannot say; raise FeedError."""
    if doc.get("format") != FEED_FORMAT and "format" in doc:
        raise FeedError(f"unsupported format {doc.get('format')!r}, expected {FEED_FORMAT!r}",
                        "format")
    from fastjsonschema import JsonSchemaValueException
    from jsonschema.exceptions import best_match

    try:
        _fast_validator()(doc)
    except JsonSchemaValueException as fast:
        # Explain with jsonschema, preferring its error at the first bad field found.
        first = json_path(int(p) if p.isdigit() else p for p in fast.path[1:])
        errors = list(_validator().iter_errors(doc))
        error = next((e for e in errors if json_path(e.absolute_path) == first), None)
        error = _deepest(error or best_match(errors))
        if error is None:  # the validators disagree; trust the stricter one
            raise FeedError(fast.message.removeprefix(fast.name).strip(), first) from fast
        raise FeedError(_schema_message(error),
                        json_path(error.absolute_path) or "(top level)") from fast
    _check_references(doc)


def _deepest(error: Any) -> Any:
    """Descend from an anyOf ("null or an object") to the error inside the object."""
    while error is not None and error.context:
        inner = [e for e in error.context
                 if not (e.validator == "type" and e.validator_value == "null")]
        if not inner:
            break
        error = max(inner, key=lambda e: len(e.absolute_path))
    return error


def _schema_message(error: Any) -> str:
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing")
    if error.validator == "maxLength":
        return f"too long ({len(error.instance)} characters, at most {error.validator_value})"
    if error.validator == "pattern":
        hint = error.schema.get("description")
        return f"{error.instance!r} has the wrong form" + (f" (expected {hint})" if hint else "")
    return error.message


def _check_references(doc: dict) -> None:
    place_ids = _unique_ids(doc["places"], "places")
    _unique_ids(doc["entries"], "entries")
    _unique_ids(doc["polls"], "polls")
    categories = {c["id"] for c in doc.get("categories", [])}
    for i, entry in enumerate(doc["entries"]):
        base = f"entries[{i}]"
        if entry.get("place_id") and entry["place_id"] not in place_ids:
            raise FeedError(f"unknown place {entry['place_id']!r}", f"{base}.place_id")
        if categories and entry["category"] not in categories:
            raise FeedError(f"unknown category {entry['category']!r}", f"{base}.category")
        image = entry.get("image")
        if image and image["sha256"] not in doc["assets"]:
            raise FeedError("image is not listed in assets", f"{base}.image.sha256")
        for j, occ in enumerate(entry.get("occurrences", [])):
            where = f"{base}.occurrences[{j}]"
            start = _datetime(occ["start"], f"{where}.start")
            if _datetime(occ["end"], f"{where}.end") < start:
                raise FeedError("ends before it starts", f"{where}.end")
        for j, hours in enumerate(entry.get("hours", [])):
            if hours["to"] <= hours["from"]:
                raise FeedError("closes before it opens", f"{base}.hours[{j}].to")
    for key in ("generated_at", "expires_at"):
        _datetime(doc[key], key)


def _unique_ids(items: list[dict], name: str) -> set[str]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item["id"] in seen:
            raise FeedError(f"duplicate id {item['id']!r}", f"{name}[{i}].id")
        seen.add(item["id"])
    return seen


def _datetime(text: str, path: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise FeedError(f"{text!r} is not a valid date and time", path) from exc
    if value.tzinfo is None:
        raise FeedError(f"{text!r} has no UTC offset", path)
    return value


def parse(doc: dict | bytes | str) -> Feed:
    """Validate a feed document and return it as typed objects."""
    if not isinstance(doc, dict):
        doc = loads(doc)
    validate(doc)
    return from_dict(Feed, doc)


def parse_entry(data: dict) -> Entry:
    """Build one entry from its (already validated) JSON object."""
    return from_dict(Entry, data, "entries[]")


# A small, strict converter from JSON objects to the dataclasses of sync.model. It relies on
# the schema for types, so it only converts; unknown keys are reported once and skipped.

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def from_dict(cls: type[T], data: dict, path: str = "") -> T:
    """Build dataclass `cls` from a JSON object; unknown keys are logged once."""
    hints = _hints(cls)
    known = set()
    kwargs = {}
    for f in fields(cls):  # type: ignore[arg-type]
        key = f.metadata.get("key", f.name)
        known.add(key)
        if key in data and data[key] is not None:
            kwargs[f.name] = _convert(hints[f.name], data[key], _join(path, key))
        elif f.default is MISSING and f.default_factory is MISSING:
            raise FeedError(f"{key!r} is missing", path or "(top level)")
    for key in data.keys() - known:
        _report_unknown(_join(path, key))
    return cls(**kwargs)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _convert(hint: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(inner[0], value, path)
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_convert(item, v, f"{path}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        _, item = typing.get_args(hint)
        return {k: _convert(item, v, f"{path}.{k}") for k, v in value.items()}
    if is_dataclass(hint):
        return from_dict(hint, value, path)
    if hint is datetime:
        return _datetime(value, path)
    if hint is date:
        if not _DATE_RE.match(value):
            raise FeedError(f"{value!r} is not a date (YYYY-MM-DD)", path)
        return date.fromisoformat(value)
    if hint is float and isinstance(value, int):
        return float(value)
    return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _pattern(path: str) -> str:
    return re.sub(r"\[\d+\]", "[]", path)


def _report_unknown(path: str) -> None:
    pattern = re.sub(r"\.[0-9a-f]{64}\b", ".<sha256>", _pattern(path))
    if pattern not in _reported_unknown:
        _reported_unknown.add(pattern)
        log.warning("feed: ignoring unknown field %s", pattern)
