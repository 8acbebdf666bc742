"""The built-in demo content: fictional, complete, and never stale."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from kiosk.store import Store
from sync.apply import apply_feed
from sync.demo import demo_source
from sync.source import build_feed
from tests.helpers import berlin


def test_demo_has_every_kind_and_status(demo_doc):
    entries = demo_doc["entries"]
    assert len(entries) >= 15
    assert {e["kind"] for e in entries} == {"event", "course", "offer", "call", "participation"}
    statuses = {e.get("status", "scheduled") for e in entries}
    statuses |= {o["status"] for e in entries for o in e.get("occurrences", [])}
    assert {"scheduled", "cancelled", "moved", "full"} <= statuses
    assert demo_doc["polls"] and any(e.get("poll_id") for e in entries)


def test_demo_schedules_cover_weekly_monthly_exceptions_and_extra_dates():
    schedules = [e["schedule"] for e in demo_source(date(2026, 12, 1))["entries"]
                 if "schedule" in e]
    rules = [s.get("rrule", "") for s in schedules]
    assert any("WEEKLY" in r for r in rules) and any("MONTHLY" in r for r in rules)
    assert any(s.get("exdates") for s in schedules)
    assert any(s.get("rdates") for s in schedules)
    offers = [e for e in demo_source(date(2026, 12, 1))["entries"] if e["kind"] == "offer"]
    assert all(o["hours"] for o in offers) and any(o.get("hours_exceptions") for o in offers)


def test_demo_places_have_measured_access_facts(demo_doc):
    for place in demo_doc["places"]:
        access = place["access"]
        assert access["checked_on"] and "step_free" in access
        assert any(k in access for k in ("door_width_cm", "ramp_percent"))


def test_demo_phone_numbers_are_from_the_media_range(demo_doc):
    text = str(demo_doc)
    numbers = re.findall(r"\b0\d[\d ]{6,}\d\b", text)
    assert numbers
    for number in numbers:
        digits = number.replace(" ", "")
        assert digits.startswith("06990009") and len(digits) == 11, number


@pytest.mark.parametrize("offset", range(0, 14))
def test_demo_is_never_stale(tmp_path, offset):
    # Whatever day the demo starts, there is something today (before the evening) and a
    # full week ahead.
    day = date(2026, 11, 23) + timedelta(days=offset * 29)
    now = berlin(day.year, day.month, day.day, 8, 30)
    db_path = tmp_path / "kiosk.sqlite"
    apply_feed(db_path, build_feed(demo_source(day), version=1, now=now))
    store = Store(db_path)
    assert store.today(now), day
    assert len(store.week(now)) >= 10
    assert len(store.entry_ids(now)) >= 15
