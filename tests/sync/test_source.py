"""Content source → feed: schedules expand into dated occurrences (dateutil rrule)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from kiosk.clock import TZ
from sync.errors import SourceError
from sync.recurrence import expand
from sync.source import SOURCE_FORMAT, build_feed, load_source
from tests.helpers import berlin

WINDOW = (berlin(2026, 10, 1), berlin(2027, 4, 30))


def _starts(schedule: dict, lo=WINDOW[0], hi=WINDOW[1]) -> list[str]:
    return [o.start.isoformat() for o in expand(schedule, TZ, lo, hi)]


def test_expand_weekly_with_exception_and_extra_date():
    occ = expand({"start": "2026-12-04T12:00", "end": "2026-12-04T13:30",
                  "rrule": "FREQ=WEEKLY;BYDAY=FR;COUNT=4", "exdates": ["2026-12-11"],
                  "rdates": ["2026-12-17T12:00"]}, TZ, *WINDOW)
    assert [o.start.date().isoformat() for o in occ] == [
        "2026-12-04", "2026-12-17", "2026-12-18", "2026-12-25"]
    assert all(o.end - o.start == timedelta(minutes=90) for o in occ)


def test_expand_monthly_second_thursday():
    starts = _starts({"start": "2026-12-10T15:00", "end": "2026-12-10T16:30",
                      "rrule": "FREQ=MONTHLY;BYDAY=2TH;COUNT=3"})
    assert starts == ["2026-12-10T15:00:00+01:00", "2027-01-14T15:00:00+01:00",
                      "2027-02-11T15:00:00+01:00"]


def test_expand_keeps_wall_clock_time_across_autumn_dst_change():
    starts = _starts({"start": "2026-10-20T14:30", "end": "2026-10-20T17:00",
                      "rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=2"})
    assert starts == ["2026-10-20T14:30:00+02:00", "2026-10-27T14:30:00+01:00"]


def test_expand_keeps_wall_clock_time_across_spring_dst_change():
    occ = expand({"start": "2027-03-21T10:00", "end": "2027-03-21T11:00",
                  "rrule": "FREQ=WEEKLY;COUNT=2"}, TZ, *WINDOW)
    assert [o.start.isoformat() for o in occ] == ["2027-03-21T10:00:00+01:00",
                                                 "2027-03-28T10:00:00+02:00"]
    assert occ[1].end - occ[1].start == timedelta(hours=1)


def test_expand_moves_a_time_in_the_spring_gap_forward():
    occ = expand({"start": "2027-03-28T02:30", "end": "2027-03-28T03:30"}, TZ, *WINDOW)
    assert occ[0].start.isoformat() == "2027-03-28T03:30:00+02:00"


def test_expand_night_event_on_the_autumn_day_lasts_its_real_length():
    # 25-hour day: 01:00 to 04:00 local spans four real hours. (Subtracting two datetimes
    # with the same tzinfo gives wall-clock time in Python, so compare timestamps.)
    occ = expand({"start": "2026-10-25T01:00", "end": "2026-10-25T04:00"}, TZ, *WINDOW)
    assert occ[0].end.timestamp() - occ[0].start.timestamp() == 4 * 3600
    assert occ[0].as_json()["end"] == "2026-10-25T04:00:00+01:00"


def test_expand_applies_cancellations_and_moves():
    occ = expand({"start": "2027-01-14T15:00", "end": "2027-01-14T16:30",
                  "rrule": "FREQ=MONTHLY;BYDAY=2TH;COUNT=3",
                  "changes": [
                      {"date": "2027-01-14", "start": "2027-01-15T16:00",
                       "status": "moved", "note": "diesmal am Freitag"},
                      {"date": "2027-02-11", "status": "cancelled", "note": "Fasching"}]},
                 TZ, *WINDOW)
    assert [(o.start.isoformat(), o.status, o.note) for o in occ] == [
        ("2027-01-15T16:00:00+01:00", "moved", "diesmal am Freitag"),
        ("2027-02-11T15:00:00+01:00", "cancelled", "Fasching"),
        ("2027-03-11T15:00:00+01:00", "scheduled", None),
    ]


def test_expand_only_returns_the_window():
    starts = _starts({"start": "2026-01-02T09:00", "end": "2026-01-02T10:00",
                      "rrule": "FREQ=DAILY"}, berlin(2026, 12, 1, 12), berlin(2026, 12, 3))
    assert starts == ["2026-12-02T09:00:00+01:00"]


@pytest.mark.parametrize(("schedule", "path", "words"), [
    ({"start": "2026-12-04 12 Uhr"}, "e.start", "not a date and time"),
    ({"start": "2026-12-04T12:00+01:00"}, "e.start", "without an offset"),
    ({"start": "2026-12-04T12:00", "end": "2026-12-04T11:00"}, "e.end", "ends before"),
    ({"start": "2026-12-04T12:00", "rrule": "FREQ=SOMETIMES"}, "e.rrule", "RRULE"),
    ({"start": "2026-12-04T12:00", "exdates": ["4.12."]}, "e.exdates[0]", "date"),
    ({"start": "2026-12-04T12:00", "changes": [{"date": "2026-12-04", "status": "weg"}]},
     "e.changes[0].status", "unknown status"),
])
def test_expand_rejects_bad_schedules_naming_the_field(schedule, path, words):
    with pytest.raises(SourceError, match=words) as info:
        expand(schedule, TZ, *WINDOW, path="e")
    assert info.value.path == path


def test_build_feed_names_file_and_path_of_bad_entry():
    source = {"format": SOURCE_FORMAT, "site": "ort", "site_name": "Ort", "places": [],
              "entries": [{"id": "a", "kind": "event", "category": "x", "title": "T" * 70,
                           "summary": ""}], "polls": []}
    with pytest.raises(SourceError) as info:
        build_feed(source, version=1, file="inhalte.json")
    assert str(info.value).startswith("inhalte.json:entries[0].title: too long")


def test_load_source_reports_json_line(tmp_path):
    path = tmp_path / "inhalte.json"
    path.write_text('{"format": "quartier-source/1",\n "site": }\n', "utf-8")
    with pytest.raises(SourceError, match=r"inhalte.json: not JSON: .* \(line 2"):
        load_source(path)


def test_load_source_accepts_a_written_demo(tmp_path):
    from sync.demo import demo_source

    path = tmp_path / "demo.json"
    path.write_text(json.dumps(demo_source(berlin(2026, 12, 1).date())), "utf-8")
    doc = build_feed(load_source(path), version=3, now=berlin(2026, 12, 1, 8))
    assert doc["version"] == 3 and doc["format"] == "quartier-feed/1"


def test_build_feed_carries_the_public_holidays_of_its_window(tmp_path):
    from sync.demo import demo_source

    source = demo_source(berlin(2026, 12, 1).date())
    doc = build_feed(source, version=3, now=berlin(2026, 12, 1, 8))
    names = {h["date"]: h["name"] for h in doc["holidays"]}
    assert names["2026-12-25"] == "1. Weihnachtstag" and names["2027-01-06"] == \
        "Heilige Drei Könige"
    assert min(names) >= "2026-11-30" and max(names) <= "2027-04-01"   # 120 days
    own = build_feed({**source, "holidays": [{"date": "2026-12-24", "name": "Heiligabend"}]},
                     version=4, now=berlin(2026, 12, 1, 8))
    assert own["holidays"] == [{"date": "2026-12-24", "name": "Heiligabend"}]
    assert build_feed({**source, "holidays": []}, version=5,
                      now=berlin(2026, 12, 1, 8))["holidays"] == []
    with pytest.raises(SourceError, match=r"holidays\[0\]\.date"):
        build_feed({**source, "holidays": [{"date": "24.12.", "name": "x"}]}, version=6)


# -- lifecycle: what is over is not published ---------------------------------------------------

def _source(*entries: dict) -> dict:
    return {"format": SOURCE_FORMAT, "site": "ort", "site_name": "Ort", "places": [],
            "entries": list(entries), "polls": []}


def _event(entry_id: str, **extra: object) -> dict:
    return {"id": entry_id, "kind": "event", "category": "treffen", "title": "Fest",
            "summary": "Einmal im Jahr.", **extra}


def _ids(doc: dict) -> list[str]:
    return [e["id"] for e in doc["entries"]]


def test_build_feed_keeps_a_one_off_event_to_the_end_of_its_day_then_drops_it():
    source = _source(_event("fest", schedule={"start": "2026-12-08T10:00",
                                              "end": "2026-12-08T12:00"}))
    assert _ids(build_feed(source, version=1, now=berlin(2026, 12, 8, 20))) == ["fest"]
    assert _ids(build_feed(source, version=2, now=berlin(2026, 12, 9, 0, 5))) == []


def test_build_feed_drops_a_finished_course_and_old_listed_dates():
    course = _event("kurs", kind="course", schedule={
        "start": "2026-11-02T10:00", "end": "2026-11-02T11:00",
        "rrule": "FREQ=WEEKLY;BYDAY=MO;COUNT=4"})
    listed = _event("liste", occurrences=[
        {"start": "2026-12-01T15:00:00+01:00", "end": "2026-12-01T16:00:00+01:00",
         "status": "scheduled"}])
    offer = _event("angebot", kind="offer", hours=[{"day": "TU", "from": "09:00",
                                                    "to": "12:00"}])
    doc = build_feed(_source(course, listed, offer), version=1, now=berlin(2026, 12, 8, 9))
    assert _ids(doc) == ["angebot"]


def test_build_feed_keeps_dates_beyond_the_horizon_and_endless_rules():
    later = _event("spaeter", schedule={"start": "2027-09-01T10:00", "end": "2027-09-01T12:00"})
    yearly = _event("jaehrlich", schedule={"start": "2026-06-01T10:00",
                                           "end": "2026-06-01T12:00", "rrule": "FREQ=YEARLY"})
    moved = _event("verlegt", schedule={
        "start": "2026-12-01T10:00", "end": "2026-12-01T11:00",
        "changes": [{"date": "2026-12-01", "status": "moved", "start": "2026-12-20T10:00"}]})
    doc = build_feed(_source(later, yearly, moved), version=1, now=berlin(2026, 12, 8, 9))
    assert _ids(doc) == ["spaeter", "jaehrlich", "verlegt"]
    assert doc["entries"][0]["occurrences"] == []
    # A date moved to later stays in the feed after its original day has passed.
    assert [o["start"] for o in doc["entries"][2]["occurrences"]] == [
        "2026-12-20T10:00:00+01:00"]


def test_build_feed_keeps_a_one_off_event_beyond_the_look_ahead():
    # A calendar may hold next year's festival and the one after: not over, only far.
    far = _event("in-zwei-jahren", schedule={"start": "2028-09-01T10:00",
                                             "end": "2028-09-01T12:00"})
    listed = _event("mit-zusatztermin", schedule={"start": "2028-09-01T10:00",
                                                  "end": "2028-09-01T12:00",
                                                  "rdates": ["2028-10-01T10:00"]})
    # The look-ahead (400 days) ends at midnight starting 12 January 2028: that afternoon
    # is beyond it too.
    edge = _event("am-rand", schedule={"start": "2028-01-12T14:00", "end": "2028-01-12T16:00"})
    doc = build_feed(_source(far, listed, edge), version=1, now=berlin(2026, 12, 8, 9))
    assert _ids(doc) == ["in-zwei-jahren", "mit-zusatztermin", "am-rand"]
