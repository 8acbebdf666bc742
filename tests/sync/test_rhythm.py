"""The rhythm in words, derived from a schedule's rule (sync/rhythm.py)."""

from __future__ import annotations

import logging

import pytest

from sync.rhythm import rhythm_words
from sync.source import SOURCE_FORMAT, build_feed
from tests.helpers import berlin


def _schedule(rule: str | None, start: str = "2026-12-04T12:00",
              end: str | None = "2026-12-04T13:30") -> dict:
    schedule = {"start": start}
    if end:
        schedule["end"] = end
    if rule:
        schedule["rrule"] = rule
    return schedule


@pytest.mark.parametrize(("rule", "expected"), [
    pytest.param("FREQ=WEEKLY;BYDAY=FR", "jeden Freitag, 12:00 bis 13:30 Uhr", id="weekly"),
    pytest.param("FREQ=WEEKLY", "jeden Freitag, 12:00 bis 13:30 Uhr", id="weekly_start_day"),
    pytest.param("FREQ=WEEKLY;BYDAY=TU,TH", "dienstags und donnerstags, 12:00 bis 13:30 Uhr",
                 id="weekly_two_days"),
    pytest.param("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                 "montags bis freitags, 12:00 bis 13:30 Uhr", id="weekly_workdays"),
    pytest.param("FREQ=WEEKLY;BYDAY=MO,WE,TH",
                 "montags, mittwochs und donnerstags, 12:00 bis 13:30 Uhr", id="weekly_three"),
    pytest.param("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
                 "alle zwei Wochen am Freitag, 12:00 bis 13:30 Uhr", id="fortnightly"),
    pytest.param("FREQ=MONTHLY;BYDAY=2TH", "jeden 2. Donnerstag im Monat, 12:00 bis 13:30 Uhr",
                 id="monthly_nth"),
    pytest.param("FREQ=MONTHLY;BYDAY=1WE,3WE",
                 "jeden 1. und 3. Mittwoch im Monat, 12:00 bis 13:30 Uhr", id="monthly_two"),
    pytest.param("FREQ=MONTHLY;BYDAY=-1FR",
                 "jeden letzten Freitag im Monat, 12:00 bis 13:30 Uhr", id="monthly_last"),
    pytest.param("FREQ=MONTHLY;BYDAY=TH;BYSETPOS=2",
                 "jeden 2. Donnerstag im Monat, 12:00 bis 13:30 Uhr", id="monthly_setpos"),
    pytest.param("FREQ=DAILY", "täglich, 12:00 bis 13:30 Uhr", id="daily"),
    pytest.param("FREQ=WEEKLY;BYDAY=MO;COUNT=8",
                 "jeden Montag, 12:00 bis 13:30 Uhr (8 Termine)", id="count"),
    pytest.param("FREQ=WEEKLY;BYDAY=FR;UNTIL=20270326T235959",
                 "jeden Freitag, 12:00 bis 13:30 Uhr (bis 26. März 2027)", id="until"),
    pytest.param("FREQ=YEARLY", None, id="yearly"),
    pytest.param("FREQ=MONTHLY;BYMONTHDAY=15", None, id="month_day"),
    pytest.param("FREQ=DAILY;INTERVAL=3", None, id="every_third_day"),
    pytest.param("FREQ=WEEKLY;BYDAY=FR;BYHOUR=9,15", None, id="unknown_part"),
    pytest.param("NICHT EINE REGEL", None, id="garbage"),
    pytest.param(None, None, id="one_off"),
])
def test_rhythm_words_for_each_rule_shape(rule, expected):
    assert rhythm_words(_schedule(rule)) == expected


def test_rhythm_words_all_day_and_without_end():
    assert rhythm_words(_schedule("FREQ=WEEKLY;BYDAY=SA", "2026-12-05T00:00",
                                  "2026-12-06T00:00")) == "jeden Samstag, ganztägig"
    assert rhythm_words(_schedule("FREQ=WEEKLY;BYDAY=SA", "2026-12-05T20:00",
                                  "2026-12-06T00:00")) == "jeden Samstag, 20:00 bis 24:00 Uhr"
    assert rhythm_words(_schedule("FREQ=WEEKLY;BYDAY=SA", end=None)) == "jeden Samstag, 12:00 Uhr"
    assert rhythm_words(None) is None


def test_build_feed_derives_the_rhythm_and_ignores_a_contradicting_text(caplog):
    entries = [
        {"id": "a", "kind": "event", "category": "x", "title": "Mittagstisch", "summary": "",
         "schedule": _schedule("FREQ=WEEKLY;BYDAY=FR"), "rhythm": "jeden Montag, 9 Uhr"},
        {"id": "b", "kind": "event", "category": "x", "title": "Fest", "summary": "",
         "schedule": _schedule(None, "2026-12-20T10:00", "2026-12-20T12:00"),
         "rhythm": "jeden Sonntag"},
        {"id": "c", "kind": "event", "category": "x", "title": "Treff", "summary": "",
         "schedule": _schedule("FREQ=WEEKLY;BYDAY=FR"),
         "rhythm": "jeden Freitag, 12:00 bis 13:30 Uhr"},
    ]
    source = {"format": SOURCE_FORMAT, "site": "ort", "site_name": "Ort", "places": [],
              "entries": entries, "polls": []}
    with caplog.at_level(logging.WARNING, logger="sync.source"):
        doc = build_feed(source, version=1, now=berlin(2026, 12, 1, 8), file="ort.json")
    rhythms = [e.get("rhythm") for e in doc["entries"]]
    assert rhythms == ["jeden Freitag, 12:00 bis 13:30 Uhr", None,
                       "jeden Freitag, 12:00 bis 13:30 Uhr"]
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 2
    assert "entries[0].rhythm" in warned[0] and "jeden Montag, 9 Uhr" in warned[0]


def test_rhythm_words_names_the_dates_left_out_so_it_never_contradicts_them():
    schedule = {**_schedule("FREQ=WEEKLY;BYDAY=FR"), "exdates": ["2026-11-27", "2026-12-25"]}
    today = berlin(2026, 12, 1).date()
    # Only exceptions still to come count; 27 November is over.
    assert rhythm_words(schedule, today) == (
        "jeden Freitag, 12:00 bis 13:30 Uhr (nicht am 25. Dezember)")
    schedule["exdates"] += ["2027-01-01T12:00"]
    assert rhythm_words(schedule, today) == (
        "jeden Freitag, 12:00 bis 13:30 Uhr (nicht am 25. Dezember und 1. Januar 2027)")
    schedule["exdates"] += ["2027-01-08"]
    assert rhythm_words(schedule, today) == (
        "jeden Freitag, 12:00 bis 13:30 Uhr (mit Ausnahmen)")
    # With a count, the count of dates that take place: 8 Fridays, 3 of them left out.
    counted = {**schedule, "rrule": "FREQ=WEEKLY;BYDAY=FR;COUNT=8"}
    assert rhythm_words(counted, today) == (
        "jeden Freitag, 12:00 bis 13:30 Uhr (5 Termine, mit Ausnahmen)")
    counted["rdates"] = ["2027-01-09T12:00"]
    assert rhythm_words(counted, today).endswith("(6 Termine, mit Ausnahmen)")
