"""Polls in the hub: the form with its German messages, who may change what, the terminal
preview, results per site, and the feed: results only once over the minimum."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from hub import context
from hub.messages import msg
from hub.publishing import publish_sites
from hub.queries import polls as poll_q
from tests.hub.conftest import ADMIN, EDITOR_A, TOKENS, error_of, login, unescape

FORM = {"question": "Wohin soll der Ausflug gehen?", "answer_1": "An den See",
        "icon_1": "bus", "answer_2": "In den Wald", "answer_3": "", "sites": ["ort-a"],
        "starts_on": "01.12.2026", "ends_on": "2026-12-24", "min_votes": "20",
        "entry_id": "a-treff"}


def _publish(app) -> dict[str, dict]:
    with app.app_context():
        publish_sites(context.db(), context.paths(), context.settings(), None,
                      now=context.now(), user="t", trigger="test")
        published = context.paths().published
    return {site: json.loads((published / "sites" / site / "feed.json").read_text("utf-8"))
            for site in ("ort-a", "ort-b")}


def _votes(client, clock, votes: dict[str, int], hour: str = "2026-12-01T07") -> None:
    body = {"terminal": "a-1", "site": "ort-a", "software": "t", "feed_version": 1,
            "last_sync": None, "clock_skew_s": None, "disk_free_mb": 1, "uptime_s": 1,
            "counters": [{"hour": hour, "visits": sum(votes.values()),
                          "polls": {"a-frage": {"shown": sum(votes.values()),
                                                "votes": votes}}}]}
    clock.now += timedelta(seconds=20)
    response = client.post("/api/v1/heartbeat", json=body,
                           headers={"Authorization": f"Bearer {TOKENS['a-1']}"})
    assert response.get_json()["dropped"] == []


def test_polls_editor_creates_a_poll_for_their_site(app, client):
    login(client, EDITOR_A)
    response = client.post("/umfragen/neu", data=FORM)
    assert response.status_code == 302
    poll_id = response.headers["Location"].rsplit("/", 1)[1]
    assert poll_id == "wohin-soll-der-ausflug-gehen"
    with app.app_context():
        poll = poll_q.get(context.db(), poll_id)
    assert poll["answers"] == [{"id": "an-den-see", "text": "An den See", "icon": "bus"},
                               {"id": "in-den-wald", "text": "In den Wald"}]
    assert (poll["sites"], poll["starts_on"], poll["ends_on"], poll["min_votes"],
            poll["entry_id"]) == (["ort-a"], "2026-12-01", "2026-12-24", 20, "a-treff")
    page = unescape(client.get(f"/umfragen/{poll_id}").get_data(as_text=True))
    assert "Wohin soll der Ausflug gehen?" in page and "Ergebnisse ab 20 Stimmen" in page


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"question": ""}, "question", msg("poll_question_missing")),
    ({"answer_2": ""}, "answer_1", msg("poll_answers_missing")),
    ({"answer_2": "an den see"}, "answer_2", msg("poll_answer_twice")),
    ({"answer_2": "x" * 61}, "answer_2", msg("text_long", n=61, max=60)),
    ({"icon_1": "totenkopf"}, "icon_1", msg("choose")),
    ({"sites": []}, "sites", msg("sites_missing")),
    ({"sites": ["ort-b"]}, "sites", msg("poll_sites_forbidden")),
    ({"ends_on": "30.11.2026"}, "ends_on", msg("poll_end_before_start")),
    ({"starts_on": ""}, "starts_on", msg("poll_day_missing")),
    ({"min_votes": "viele"}, "min_votes", msg("poll_min_votes_invalid")),
    ({"entry_id": "b-treff"}, "entry_id", msg("choose")),
])
def test_polls_form_names_each_mistake_at_its_field(client, change, field, message):
    login(client, EDITOR_A)
    response = client.post("/umfragen/neu", data={**FORM, **change})
    assert response.status_code == 422
    assert unescape(error_of(response.get_data(as_text=True), field)) == message


def test_polls_editing_keeps_the_answers_ids(app, client):
    login(client, EDITOR_A)
    form = {"question": "Was wünschen Sie sich im Treff A?", "answer_1": "Mehr Musik!",
            "answer_2": "Besseren Kaffee", "answer_3": "Längere Öffnungszeiten",
            "sites": ["ort-a"], "starts_on": "2026-11-20", "ends_on": "2026-12-20",
            "min_votes": "3", "entry_id": ""}
    assert client.post("/umfragen/a-frage/bearbeiten", data=form).status_code == 302
    with app.app_context():
        poll = poll_q.get(context.db(), "a-frage")
    assert [a["id"] for a in poll["answers"]] == ["musik", "kaffee", "laengere-oeffnungszeiten"]
    assert poll["entry_id"] is None


def test_polls_a_poll_of_two_sites_is_read_not_changed_by_one_sites_editor(app, client):
    with app.app_context():
        poll = poll_q.get(context.db(), "a-frage")
        poll_q.save(context.db(), "a-frage", poll, ["ort-a", "ort-b"], context.now(), "t")
    login(client, EDITOR_A)
    assert client.get("/umfragen/a-frage").status_code == 200
    assert client.get("/umfragen/a-frage/bearbeiten").status_code == 403
    assert client.post("/umfragen/a-frage/loeschen").status_code == 403
    login(client, ADMIN)
    assert client.get("/umfragen/a-frage/bearbeiten").status_code == 200


def test_polls_results_stay_out_of_the_feed_below_the_minimum(app, client, clock):
    feeds = _publish(app)
    (poll,) = feeds["ort-a"]["polls"]
    assert "results" not in poll and "votes" not in poll
    assert poll["min_votes_to_show"] == 3
    assert poll["answers"][0] == {"id": "musik", "text": "Mehr Musik", "icon": "people"}
    assert poll["from"] == "2026-11-20T00:00:00+01:00"
    assert poll["until"] == "2026-12-21T00:00:00+01:00"
    entry = next(e for e in feeds["ort-a"]["entries"] if e["id"] == "a-treff")
    assert entry["poll_id"] == "a-frage"
    assert feeds["ort-b"]["polls"] == []
    _votes(client, clock, {"musik": 1, "kaffee": 1})
    (poll,) = _publish(app)["ort-a"]["polls"]
    assert "results" not in poll                     # 2 votes, the minimum is 3
    _votes(client, clock, {"musik": 2}, hour="2026-12-01T08")
    (poll,) = _publish(app)["ort-a"]["polls"]
    assert poll["results"] == {"musik": 3, "kaffee": 1} and poll["votes"] == 4


def test_polls_a_deleted_poll_leaves_the_feed_and_its_id_stays_taken(app, client):
    login(client, EDITOR_A)
    assert client.post("/umfragen/a-frage/loeschen").status_code == 302
    feed = _publish(app)["ort-a"]
    assert feed["polls"] == []
    assert "poll_id" not in next(e for e in feed["entries"] if e["id"] == "a-treff")
    assert client.get("/umfragen/a-frage").status_code == 404
    with app.app_context():
        assert poll_q.id_taken(context.db(), "a-frage")


def test_polls_page_shows_results_per_site_and_the_terminal_preview(app, client, clock):
    _votes(client, clock, {"musik": 3, "kaffee": 1})
    login(client, EDITOR_A)
    page = unescape(client.get("/umfragen/a-frage").get_data(as_text=True))
    assert "Treff A: 4 Stimmen, in 4 Besuchen gezeigt" in page
    assert "<td>Mehr Musik</td><td>3</td><td>75 %</td>" in page
    # The preview: the answers as buttons, the confirmation, the bars in words.
    assert page.count('class="t t-button answer') == 2
    assert "Sie wählen: Mehr Musik" in page and "Ja, abschicken" in page
    assert "3 Stimmen von 4" in page and "1 Stimme von 4" in page
    assert 'style="' not in page.split('id="vorschau"')[1]   # boxes live in one <style>
