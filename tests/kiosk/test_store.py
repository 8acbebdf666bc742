"""Read-only store queries: today, the week, categories, details, offers, "Stand"."""

from __future__ import annotations

import sqlite3

import pytest

from kiosk.clock import fixed_clock
from kiosk.store import Store
from sync.apply import apply_feed
from tests.helpers import berlin, entry, make_feed


def _store(db_path, entries, now, **feed) -> Store:
    apply_feed(db_path, make_feed(entries, **feed))
    return Store(db_path, clock=fixed_clock(now))


def _ids(listings) -> list[str]:
    return [x.entry.id for x in listings]


def test_store_without_database_file_returns_nothing(tmp_path):
    store = Store(tmp_path / "missing.sqlite")
    assert store.info() is None and store.stand() is None
    assert store.today() == [] and store.week() == [] and store.offers() == []
    assert store.detail("a") is None and store.category("treffen") == []


def test_store_opens_read_only(db_path):
    store = _store(db_path, [entry("a", berlin(2026, 12, 1, 18))], berlin(2026, 12, 1, 9))
    store.today()
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store._conn.execute("DELETE FROM entries")


def test_today_runs_from_now_to_midnight_with_ongoing_events(db_path):
    entries = [
        entry("over", berlin(2026, 12, 1, 7), minutes=60),
        entry("ongoing", berlin(2026, 12, 1, 8, 30), minutes=120),
        entry("later", berlin(2026, 12, 1, 20)),
        entry("late-night", berlin(2026, 12, 1, 23, 59)),
        entry("tomorrow", berlin(2026, 12, 2, 0, 0)),
    ]
    store = _store(db_path, entries, berlin(2026, 12, 1, 9))
    today = store.today()
    assert _ids(today) == ["ongoing", "later", "late-night"]
    assert today[0].ongoing(berlin(2026, 12, 1, 9))


def test_today_just_before_and_after_midnight(db_path):
    entries = [entry("eve", berlin(2026, 12, 1, 23, 30), minutes=20),
               entry("morning", berlin(2026, 12, 2, 0, 30))]
    apply_feed(db_path, make_feed(entries))
    store = Store(db_path)
    assert _ids(store.today(berlin(2026, 12, 1, 23, 50))) == []
    assert _ids(store.today(berlin(2026, 12, 1, 23, 40))) == ["eve"]
    assert _ids(store.today(berlin(2026, 12, 2, 0, 0))) == ["morning"]


def test_today_on_autumn_dst_day_has_25_hours(db_path):
    # 25 October 2026: clocks go back at 3:00. A 23:30 event is still "today".
    entries = [entry("late", berlin(2026, 10, 25, 23, 30)),
               entry("next", berlin(2026, 10, 26, 0, 15))]
    apply_feed(db_path, make_feed(entries, generated=berlin(2026, 10, 20)))
    assert _ids(Store(db_path).today(berlin(2026, 10, 25, 0, 30))) == ["late"]


def test_today_on_spring_dst_day_has_23_hours(db_path):
    # 28 March 2027: clocks jump from 2:00 to 3:00.
    entries = [entry("early", berlin(2027, 3, 28, 3, 30)),
               entry("late", berlin(2027, 3, 28, 23, 30)),
               entry("next", berlin(2027, 3, 29, 0, 0))]
    apply_feed(db_path, make_feed(entries, generated=berlin(2027, 3, 20)))
    today = Store(db_path).today(berlin(2027, 3, 28, 1, 0))
    assert _ids(today) == ["early", "late"]
    assert today[0].start.utcoffset().total_seconds() == 7200


def test_week_covers_seven_calendar_days_from_now(db_path):
    entries = [entry(f"d{i}", berlin(2026, 12, 1 + i, 10)) for i in range(9)]
    store = _store(db_path, entries, berlin(2026, 12, 1, 9))
    assert _ids(store.week()) == [f"d{i}" for i in range(7)]


def test_cancelled_occurrences_are_listed_with_their_status(db_path):
    cancelled = entry("a", berlin(2026, 12, 1, 15))
    cancelled["occurrences"][0].update(status="cancelled", note="Die Leiterin ist krank.")
    store = _store(db_path, [cancelled], berlin(2026, 12, 1, 9))
    (item,) = store.today()
    assert item.status == "cancelled" and item.note == "Die Leiterin ist krank."


@pytest.mark.parametrize("status", ["cancelled", "full"])
def test_entry_wide_status_applies_to_every_date(db_path, status):
    store = _store(db_path, [entry("a", berlin(2026, 12, 1, 15), berlin(2026, 12, 3, 15),
                                   status=status)], berlin(2026, 12, 1, 9))
    assert [x.status for x in store.week()] == [status, status]


def test_valid_until_hides_entries_after_that_day(db_path):
    entries = [entry("until-today", berlin(2026, 12, 1, 15), valid_until="2026-12-01"),
               entry("until-yesterday", berlin(2026, 12, 1, 16), valid_until="2026-11-30"),
               entry("call", kind="call", valid_until="2026-11-30", occurrences=[])]
    store = _store(db_path, entries, berlin(2026, 12, 1, 9))
    assert _ids(store.today()) == ["until-today"]
    assert store.detail("until-yesterday") is None and store.detail("call") is None
    assert "call" not in store.entry_ids()
    assert _ids(store.week(berlin(2026, 12, 2, 9))) == []


def test_category_lists_dated_entries_first_and_hides_finished_ones(db_path):
    entries = [
        entry("offer", kind="offer", category="hilfe", occurrences=[],
              hours=[{"day": "TU", "from": "09:00", "to": "12:00"}]),
        entry("later", berlin(2026, 12, 9, 10), category="hilfe"),
        entry("sooner", berlin(2026, 12, 2, 10), category="hilfe"),
        entry("finished", berlin(2026, 11, 20, 10), category="hilfe"),
        entry("other", berlin(2026, 12, 2, 10)),
    ]
    store = _store(db_path, entries, berlin(2026, 12, 1, 9))
    items = store.category("hilfe")
    assert [i.entry.id for i in items] == ["sooner", "later", "offer"]
    assert items[0].next.start == berlin(2026, 12, 2, 10)
    assert items[2].opening.open_now


def test_store_shows_a_one_off_event_until_it_ends_and_never_without_a_date(db_path):
    entries = [entry("fest", berlin(2026, 12, 8, 10), minutes=120),
               # What a publisher wrote for an event whose date had left its window.
               entry("ohne-datum", category="treffen")]
    apply_feed(db_path, make_feed(entries))
    during = Store(db_path, clock=fixed_clock(berlin(2026, 12, 8, 11)))
    assert [o.start for o in during.detail("fest").upcoming] == [berlin(2026, 12, 8, 10)]
    assert [i.entry.id for i in during.category("treffen")] == ["fest"]
    for now in (berlin(2026, 12, 8, 12), berlin(2026, 12, 9, 9)):
        store = Store(db_path, clock=fixed_clock(now))
        assert store.detail("fest") is None and store.detail("ohne-datum") is None
        assert store.entry_ids() == [] and store.category("treffen") == []
        assert store.week() == [] and store.today() == []


def test_detail_gives_place_and_next_dates_only(db_path):
    starts = [berlin(2026, 11, 24, 15)] + [berlin(2026, 12, d, 15) for d in (1, 8, 15, 22)]
    store = _store(db_path, [entry("a", *starts)], berlin(2026, 12, 1, 15, 30))
    detail = store.detail("a", dates=2)
    assert detail.place.name == "Saal im Rathaus"
    assert [o.start for o in detail.upcoming] == [berlin(2026, 12, 1, 15), berlin(2026, 12, 8, 15)]
    assert store.detail("nope") is None


def test_offers_report_open_now_and_next_opening(db_path):
    hours = [{"day": "TU", "from": "09:00", "to": "12:00"},
             {"day": "TH", "from": "14:00", "to": "17:00"}]
    store = _store(db_path, [entry("pflege", kind="offer", occurrences=[], hours=hours)],
                   berlin(2026, 12, 1, 10))  # Tuesday
    (item,) = store.offers()
    assert item.opening.open_now and item.opening.closes_at == berlin(2026, 12, 1, 12)
    (later,) = store.offers(berlin(2026, 12, 1, 13))
    assert not later.opening.open_now
    assert later.opening.next_slot.start == berlin(2026, 12, 3, 14)


def test_stand_and_info_come_from_the_feed(db_path):
    store = _store(db_path, [entry("a", berlin(2026, 12, 1, 15))], berlin(2026, 12, 1, 9),
                   generated=berlin(2026, 11, 30, 7, 45))
    info = store.info()
    assert info.site_name == "Treff Testort" and info.version == 1
    assert store.stand() == berlin(2026, 11, 30, 7, 45)
    assert [c.id for c in info.categories] == ["treffen", "hilfe"]
    assert not info.expired(berlin(2026, 12, 1, 9))
    assert info.expired(berlin(2026, 12, 20))


def test_new_content_appears_without_reopening(db_path):
    store = _store(db_path, [entry("a", berlin(2026, 12, 1, 15))], berlin(2026, 12, 1, 9))
    assert _ids(store.today()) == ["a"]
    assert store.detail("a").entry.title == "Titel a"
    apply_feed(db_path, make_feed([entry("a", berlin(2026, 12, 1, 15), title="Neuer Titel"),
                                   entry("b", berlin(2026, 12, 1, 16))], version=2))
    assert _ids(store.today()) == ["a", "b"]
    assert store.detail("a").entry.title == "Neuer Titel"


def test_poll_is_only_returned_while_open(db_path):
    poll = {"id": "platz", "question": "Was fehlt?", "from": berlin(2026, 11, 1).isoformat(),
            "until": berlin(2026, 12, 10).isoformat(),
            "answers": [{"id": "a", "text": "Bänke"}, {"id": "b", "text": "Bäume"}]}
    store = _store(db_path, [entry("treff", berlin(2026, 12, 5, 17), kind="participation",
                                   poll_id="platz")], berlin(2026, 12, 1, 9), polls=[poll])
    assert store.detail("treff").poll.question == "Was fehlt?"
    assert store.poll("platz", berlin(2026, 12, 10, 0, 1)) is None


def test_store_reads_a_database_the_sync_has_not_migrated_yet(db_path):
    moved = entry("a", berlin(2026, 12, 11, 16))
    moved["occurrences"][0].update(status="moved",
                                   moved_from=berlin(2026, 12, 10, 14).isoformat())
    apply_feed(db_path, make_feed([moved]))
    new = Store(db_path, fixed_clock(berlin(2026, 12, 1, 10)))
    assert new.detail("a").upcoming[0].moved_from == berlin(2026, 12, 10, 14)
    conn = sqlite3.connect(db_path)   # the column a kiosk update may meet before sync runs
    conn.execute("ALTER TABLE occurrences DROP COLUMN moved_from")
    conn.commit()
    conn.close()
    old = Store(db_path, fixed_clock(berlin(2026, 12, 1, 10)))
    (occ,) = old.detail("a").upcoming
    assert occ.status == "moved" and occ.moved_from is None
