"""Feed format 1: the schema accepts good feeds and names the first bad field of bad ones."""

from __future__ import annotations

import copy
import json
import logging
from datetime import datetime

import pytest
from jsonschema import Draft202012Validator

from sync import feed as feedlib
from sync.errors import FeedError
from sync.model import Entry, Feed
from tests.helpers import berlin, entry, make_feed


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(feedlib.schema())


def test_parse_accepts_demo_feed(demo_doc):
    feed = feedlib.parse(demo_doc)
    assert isinstance(feed, Feed)
    assert feed.site == "lindenbach-alte-schule"
    assert len(feed.entries) >= 15
    first = feed.entries[0].occurrences[0]
    assert isinstance(first.start, datetime) and first.start.utcoffset() is not None


def test_parse_builds_typed_objects():
    doc = make_feed([entry("a", berlin(2026, 12, 4, 12), cost={"kind": "amount", "euro": 6},
                           hours=[{"day": "TU", "from": "09:00", "to": "12:00"}])])
    feed = feedlib.parse(json.dumps(doc).encode())
    parsed = feed.entries[0]
    assert isinstance(parsed, Entry)
    assert parsed.cost.euro == 6.0 and isinstance(parsed.cost.euro, float)
    assert parsed.hours[0].from_ == "09:00"
    assert feed.place("saal").floor == "1. OG"


def _set(doc: dict, path: str, value: object) -> dict:
    """Set a dotted path like 'entries.0.title' (value DELETE removes the key)."""
    target = doc
    parts = path.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = parts[-1]
    if value is DELETE:
        del target[last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return doc


DELETE = object()

MALFORMED = [
    ("format", "quartier-feed/2", "format"),
    ("version", 0, "version"),
    ("version", "3", "version"),
    ("site", "Groß Ort", "site"),
    ("generated_at", "2026-12-01 08:00", "generated_at"),
    ("expires_at", DELETE, "(top level)"),
    ("entries.0.title", "x" * 61, "entries[0].title"),
    ("entries.0.title", "", "entries[0].title"),
    ("entries.0.summary", "y" * 241, "entries[0].summary"),
    ("entries.0.kind", "party", "entries[0].kind"),
    ("entries.0.id", "Mit Leerzeichen", "entries[0].id"),
    ("entries.0.occurrences.0.start", "2026-12-04T12:00:00", "entries[0].occurrences[0].start"),
    ("entries.0.occurrences.0.status", "postponed", "entries[0].occurrences[0].status"),
    ("entries.0.cost", {"kind": "amount"}, "entries[0].cost"),
    ("entries.0.cost", {"kind": "amount", "euro": -1}, "entries[0].cost.euro"),
    ("entries.0.registration", {"kind": "maybe"}, "entries[0].registration.kind"),
    ("entries.0.contact", {"phone": "ruf an"}, "entries[0].contact.phone"),
    ("entries.0.hours", [{"day": "XX", "from": "09:00", "to": "10:00"}], "entries[0].hours[0].day"),
    ("entries.0.valid_until", "31.12.2026", "entries[0].valid_until"),
    ("entries.0.image", {"sha256": "ab", "alt": "Bild"}, "entries[0].image.sha256"),
    ("entries.0.image", {"sha256": "a" * 64}, "entries[0].image"),
    ("places.0.access.door_width_cm", "breit", "places[0].access.door_width_cm"),
    ("places.0.geo", {"lat": 200, "lon": 9}, "places[0].geo.lat"),
    ("assets", {"xyz": {"bytes": 1, "type": "image/png"}}, "assets"),
]


@pytest.mark.parametrize(("path", "value", "named"), MALFORMED,
                         ids=[f"{p}={str(v)[:20]}" for p, v, _ in MALFORMED])
def test_validate_rejects_malformed_field_naming_it(path, value, named):
    doc = _set(make_feed([entry("a", berlin(2026, 12, 4, 12))]), path, value)
    with pytest.raises(FeedError) as info:
        feedlib.validate(doc)
    assert info.value.path.startswith(named), str(info.value)
    assert str(info.value).startswith(info.value.path)


REFERENCE_ERRORS = [
    ("entries.0.place_id", "nirgends", "entries[0].place_id", "unknown place"),
    ("entries.0.category", "sport", "entries[0].category", "unknown category"),
    ("entries.1.id", "a", "entries[1].id", "duplicate id"),
    ("entries.0.image", {"sha256": "b" * 64, "alt": "Foto"}, "entries[0].image.sha256",
     "not listed in assets"),
    ("entries.0.hours", [{"day": "MO", "from": "12:00", "to": "09:00"}], "entries[0].hours[0].to",
     "closes before"),
]


@pytest.mark.parametrize(("path", "value", "named", "words"), REFERENCE_ERRORS)
def test_validate_rejects_broken_references(path, value, named, words):
    doc = make_feed([entry("a", berlin(2026, 12, 4, 12)), entry("b", berlin(2026, 12, 5, 12))])
    _set(doc, path, value)
    with pytest.raises(FeedError) as info:
        feedlib.validate(doc)
    assert info.value.path == named
    assert words in str(info.value)


def test_validate_rejects_end_before_start():
    doc = make_feed([entry("a", berlin(2026, 12, 4, 12))])
    doc["entries"][0]["occurrences"][0]["end"] = berlin(2026, 12, 4, 11).isoformat()
    with pytest.raises(FeedError, match="ends before it starts") as info:
        feedlib.validate(doc)
    assert info.value.path == "entries[0].occurrences[0].end"


def test_validate_names_the_first_bad_field_of_many():
    doc = make_feed([entry(f"e{i}", berlin(2026, 12, 4, 12)) for i in range(50)])
    doc["entries"][17]["occurrences"][0]["start"] = "gestern"
    doc["entries"][40]["title"] = "z" * 99
    with pytest.raises(FeedError) as info:
        feedlib.validate(doc)
    assert info.value.path == "entries[17].occurrences[0].start"
    assert "like 2026-12-04T12:00:00+01:00" in str(info.value)


@pytest.mark.parametrize(("raw", "words"), [
    (b"{not json", "not JSON"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b"[1, 2]", "must be a JSON object"),
])
def test_loads_rejects_non_feeds(raw, words):
    with pytest.raises(FeedError, match=words):
        feedlib.parse(raw)


def test_parse_ignores_unknown_fields_and_logs_each_once(caplog):
    doc = make_feed([entry("a", berlin(2026, 12, 4, 12), mood="froh"),
                     entry("b", berlin(2026, 12, 5, 12), mood="still")],
                    weather={"sun": True})
    feedlib._reported_unknown.clear()
    with caplog.at_level(logging.WARNING, logger="sync.feed"):
        feed = feedlib.parse(copy.deepcopy(doc))
        feedlib.parse(copy.deepcopy(doc))
    assert [e.id for e in feed.entries] == ["a", "b"]
    messages = [r.getMessage() for r in caplog.records]
    assert messages.count("feed: ignoring unknown field entries[].mood") == 1
    assert messages.count("feed: ignoring unknown field weather") == 1


def test_fast_and_reference_validators_agree_on_every_malformed_case():
    # The hot path (fastjsonschema) must reject exactly what jsonschema rejects.
    reference = Draft202012Validator(feedlib.schema())
    for path, value, _ in MALFORMED:
        doc = _set(make_feed([entry("a", berlin(2026, 12, 4, 12))]), path, value)
        fast_ok = True
        try:
            feedlib._fast_validator()(doc)
        except Exception:
            fast_ok = False
        assert fast_ok == reference.is_valid(doc), path
