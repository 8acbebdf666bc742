"""Calendar files (e/<id>.ics): every date of an entry, in the site's time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from sync import ics

TZ = ZoneInfo("Europe/Berlin")
STAMP = datetime(2026, 12, 1, 7, tzinfo=ZoneInfo("UTC"))


def _entry(**extra) -> dict:
    entry = {"id": "lb-treff", "kind": "event", "title": "Spielenachmittag",
             "summary": "Rommé und Kuchen.", "cost": {"kind": "free"},
             "contact": {"role": "Seniorenrat", "phone": "069 90009203"},
             "occurrences": [
                 {"start": "2026-10-20T14:30:00+02:00", "end": "2026-10-20T17:00:00+02:00",
                  "status": "scheduled"},
                 {"start": "2026-10-27T14:30:00+01:00", "end": "2026-10-27T17:00:00+01:00",
                  "status": "cancelled", "note": "Herbstferien"}]}
    entry.update(extra)
    return entry


PLACE = {"id": "p", "name": "Bürgertreff Lindenhof", "room": "Gemeinschaftsraum",
         "address": "Lindenhof 20, Lindenbach"}


def test_ics_has_one_event_per_date_in_local_time_across_dst():
    cal = Calendar.from_ical(ics.render(_entry(), PLACE, tz=TZ, stamp=STAMP))
    events = cal.walk("VEVENT")
    assert [e.decoded("dtstart").isoformat() for e in events] == [
        "2026-10-20T14:30:00+02:00", "2026-10-27T14:30:00+01:00"]
    assert all(str(e.decoded("dtstart").tzinfo) == "Europe/Berlin" for e in events)
    assert cal.walk("VTIMEZONE") and cal["prodid"] == ics.PRODID
    assert events[0]["location"] == "Bürgertreff Lindenhof, Gemeinschaftsraum, Lindenhof 20, " \
        "Lindenbach"
    assert "Seniorenrat: 069 90009 203" in events[0]["description"]


def test_ics_marks_cancelled_dates_instead_of_dropping_them():
    events = Calendar.from_ical(ics.render(_entry(), PLACE, tz=TZ, stamp=STAMP)).walk("VEVENT")
    assert [str(e["status"]) for e in events] == ["CONFIRMED", "CANCELLED"]
    assert events[1]["summary"] == "Spielenachmittag (fällt aus)"
    assert events[1]["description"].startswith("Herbstferien")


def test_ics_uids_are_stable_so_a_second_import_updates():
    first = Calendar.from_ical(ics.render(_entry(), PLACE, tz=TZ, stamp=STAMP))
    later = Calendar.from_ical(ics.render(_entry(), PLACE, tz=TZ,
                                          stamp=datetime(2027, 1, 1, tzinfo=TZ)))
    uids = [str(e["uid"]) for e in first.walk("VEVENT")]
    assert uids == [str(e["uid"]) for e in later.walk("VEVENT")] and len(set(uids)) == 2


def test_ics_only_the_stamp_differs_between_publications():
    a = ics.render(_entry(), PLACE, tz=TZ, stamp=STAMP)
    b = ics.render(_entry(), PLACE, tz=TZ, stamp=datetime(2026, 12, 24, tzinfo=TZ))
    assert a != b and ics.same_ignoring_stamp(a, b)
    c = ics.render(_entry(title="Anders"), PLACE, tz=TZ, stamp=STAMP)
    assert not ics.same_ignoring_stamp(a, c)


def test_ics_entry_without_dates_has_no_calendar_file():
    assert ics.render(_entry(occurrences=[]), PLACE, tz=TZ, stamp=STAMP) is None
