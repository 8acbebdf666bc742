"""What the hub keeps of a terminal's usage counts: known entries, polls of the terminal's
site with their answers and dates, hours and days in a sane window; the rest is refused
or dropped and named in the answer."""

from __future__ import annotations

from datetime import timedelta

from hub import context
from hub.queries import entries as entry_q
from hub.queries import polls as poll_q
from hub.queries import terminals as terminal_q
from tests.hub.conftest import NOW, TOKENS, entry_data

AUTH = {"Authorization": f"Bearer {TOKENS['a-1']}"}


def _send(client, counters: list[dict], terminal: str = "a-1", site: str = "ort-a"):
    body = {"terminal": terminal, "site": site, "software": "0.1.0", "feed_version": 1,
            "last_sync": None, "clock_skew_s": None, "disk_free_mb": 1000, "uptime_s": 60,
            "counters": counters}
    headers = {"Authorization": f"Bearer {TOKENS[terminal]}"}
    response = client.post("/api/v1/heartbeat", json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _stored(app) -> tuple[list[dict], dict]:
    with app.app_context():
        db = context.db()
        return terminal_q.counters(db, None), poll_q.totals(db, "a-frage")


def test_usage_counts_of_unknown_entries_are_dropped(app, client):
    answer = _send(client, [{"hour": "2026-12-01T07", "visits": 2,
                             "entries": {"a-treff": 3, "erfunden": 9, "b-treff": 1}}])
    assert answer["confirmed"] == ["2026-12-01T07"]
    assert answer["dropped"] == ["2026-12-01T07 entries.erfunden"]
    rows, _ = _stored(app)
    assert rows[0]["data"] == {"visits": 2, "entries.a-treff": 3, "entries.b-treff": 1}


def test_usage_a_deleted_entry_still_counts(app, client):
    with app.app_context():
        entry_q.save(context.db(), "a-alt", "ort-a", entry_data("Alt"), sharing="site",
                     share_sites=[], now=NOW, user="test")
        entry_q.delete(context.db(), "a-alt", NOW, "test")
    answer = _send(client, [{"hour": "2026-12-01T07", "entries": {"a-alt": 2}}])
    assert answer["dropped"] == []


def test_usage_votes_for_unknown_polls_answers_or_other_sites_are_dropped(app, client):
    answer = _send(client, [{"hour": "2026-12-01T07", "polls": {
        "a-frage": {"shown": 4, "votes": {"musik": 2, "kaffee": 1, "bier": 5}},
        "erfunden": {"shown": 1, "votes": {"ja": 1}}}}])
    assert answer["dropped"] == [
        "2026-12-01T07 polls.a-frage.votes.bier: unknown answer",
        "2026-12-01T07 polls.erfunden: unknown poll or not shown at ort-a"]
    _, totals = _stored(app)
    assert totals == {"ort-a": {"": 4, "musik": 2, "kaffee": 1}}
    # Site B's terminal cannot vote in site A's poll.
    answer = _send(client, [{"hour": "2026-12-01T07", "polls": {
        "a-frage": {"votes": {"musik": 50}}}}], terminal="b-1", site="ort-b")
    assert answer["dropped"] == ["2026-12-01T07 polls.a-frage: unknown poll or not shown "
                                 "at ort-b"]
    assert _stored(app)[1] == {"ort-a": {"": 4, "musik": 2, "kaffee": 1}}


def test_usage_votes_outside_the_polls_dates_are_dropped(app, client, clock):
    # a-frage runs from 20 November (local midnight: 19 November, 23:00 UTC).
    answer = _send(client, [{"hour": "2026-11-19T22", "polls": {"a-frage": {
        "votes": {"musik": 1}}}}, {"hour": "2026-11-19T23", "polls": {"a-frage": {
            "votes": {"musik": 1}}}}, {"day": "2026-11-18", "polls": {"a-frage": {
                "votes": {"kaffee": 7}}}}])
    assert answer["dropped"] == ["2026-11-19T22 polls.a-frage: outside the poll's dates",
                                 "2026-11-18 polls.a-frage: outside the poll's dates"]
    assert _stored(app)[1] == {"ort-a": {"musik": 1}}


def test_usage_a_deleted_poll_takes_no_more_votes(app, client):
    with app.app_context():
        poll_q.delete(context.db(), "a-frage", NOW)
    answer = _send(client, [{"hour": "2026-12-01T07",
                             "polls": {"a-frage": {"votes": {"musik": 1}}}}])
    assert answer["dropped"] == ["2026-12-01T07 polls.a-frage: unknown poll or not shown "
                                 "at ort-a"]


def test_usage_days_outside_the_window_are_refused(app, client):
    # NOW: 1 December 2026, 08:00 UTC; days after 2 October up to today are kept.
    answer = _send(client, [{"day": d, "visits": 1} for d in
                            ("2026-10-02", "2026-10-03", "2026-12-01", "2026-12-02",
                             "1999-01-01")])
    assert answer["confirmed"] == ["2026-10-03", "2026-12-01"]
    assert answer["refused"] == ["2026-10-02", "2026-12-02", "1999-01-01"]
    assert [r["hour"] for r in _stored(app)[0]] == ["2026-10-03", "2026-12-01"]


def test_usage_an_hour_sent_again_replaces_its_poll_counts(app, client, clock):
    row = {"hour": "2026-12-01T07", "polls": {"a-frage": {"votes": {"musik": 2}}}}
    _send(client, [row])
    clock.now += timedelta(seconds=30)
    _send(client, [row])
    assert _stored(app)[1] == {"ort-a": {"musik": 2}}


def test_usage_unknown_fields_of_a_newer_terminal_are_dropped(app, client):
    answer = _send(client, [{"hour": "2026-12-01T07", "visits": 1, "gesten": 4}])
    assert answer["confirmed"] == ["2026-12-01T07"]
    assert _stored(app)[0][0]["data"] == {"visits": 1}
