"""The heartbeat of DESIGN.md section 4: 200 with the stored counter hours, 401 for a
wrong token, 400 for a bad body; counters are kept per terminal and hour."""

from __future__ import annotations

import pytest

from hub import context
from hub.queries import terminals as terminal_q
from tests.hub.conftest import TOKENS, login

AUTH = {"Authorization": f"Bearer {TOKENS['a-1']}"}


def _body(**change: object) -> dict:
    body = {"terminal": "a-1", "site": "ort-a", "software": "0.1.0", "feed_version": 17,
            "last_sync": {"at": "2026-12-01T07:55:00+00:00", "ok": True, "error": None},
            "clock_skew_s": 0.4, "disk_free_mb": 5120, "uptime_s": 3600,
            "counters": [{"hour": "2026-12-01T07", "touches": 12, "sessions": 3},
                         {"hour": "2026-12-01T08", "touches": 2, "sessions": 1}]}
    body.update(change)
    return body


def test_api_heartbeat_is_stored_and_counters_confirmed(app, client):
    response = client.post("/api/v1/heartbeat", json=_body(), headers=AUTH)
    assert response.status_code == 200
    assert response.get_json() == {"ok": True, "confirmed": ["2026-12-01T07", "2026-12-01T08"]}
    with app.app_context():
        terminal = terminal_q.get(context.db(), "a-1")
        assert terminal["last_seen_at"] == "2026-12-01T08:00:00+00:00"
        assert terminal["last_heartbeat"]["feed_version"] == 17
        rows = terminal_q.counters(context.db(), ["ort-a"])
    assert [(r["hour"], r["data"]) for r in rows] == [
        ("2026-12-01T07", {"touches": 12, "sessions": 3}),
        ("2026-12-01T08", {"touches": 2, "sessions": 1})]


def test_api_counters_sent_again_replace_the_hour(app, client):
    client.post("/api/v1/heartbeat", json=_body(), headers=AUTH)
    again = _body(counters=[{"hour": "2026-12-01T08", "touches": 5, "sessions": 2}])
    assert client.post("/api/v1/heartbeat", json=again, headers=AUTH).get_json()[
        "confirmed"] == ["2026-12-01T08"]
    with app.app_context():
        rows = terminal_q.counters(context.db(), None)
    assert len(rows) == 2 and rows[1]["data"] == {"touches": 5, "sessions": 2}


def test_api_unknown_values_may_be_null(client):
    body = _body(feed_version=None, clock_skew_s=None, disk_free_mb=None,
                 last_sync={"at": None, "ok": None, "error": None}, counters=[])
    response = client.post("/api/v1/heartbeat", json=body, headers=AUTH)
    assert response.status_code == 200 and response.get_json()["confirmed"] == []


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer falsch"}, {"Authorization": f"Basic {TOKENS['a-1']}"},
    {"Authorization": "Bearer "}])
def test_api_wrong_token_is_401(client, headers):
    response = client.post("/api/v1/heartbeat", json=_body(), headers=headers)
    assert response.status_code == 401
    assert response.get_json()["ok"] is False
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_api_token_of_another_terminal_does_not_speak_for_this_one(client):
    response = client.post("/api/v1/heartbeat", json=_body(),
                           headers={"Authorization": f"Bearer {TOKENS['b-1']}"})
    assert response.status_code == 400
    assert "does not match" in response.get_json()["error"]


@pytest.mark.parametrize(("body", "reason"), [
    (b"kein json", "not JSON"),
    (b"[1, 2]", "is not of type 'object'"),
    (_body(terminal=None), "terminal"),
    ({k: v for k, v in _body().items() if k != "counters"}, "'counters' is a required"),
    (_body(feed_version="zwölf"), "feed_version"),
    (_body(disk_free_mb=-5), "disk_free_mb"),
    (_body(counters=[{"touches": 3}]), "'hour' is a required"),
    (_body(counters=[{"hour": "2026-12-01 08"}]), "counters.0.hour"),
    (_body(counters=[{"hour": "2026-13-01T08"}]), "is not an hour"),
])
def test_api_bad_body_is_400(client, body, reason):
    kwargs = {"data": body, "content_type": "application/json"} if isinstance(body, bytes) \
        else {"json": body}
    response = client.post("/api/v1/heartbeat", headers=AUTH, **kwargs)
    assert response.status_code == 400
    assert reason in response.get_json()["error"]


def test_api_counters_as_csv_for_programme_reporting(client):
    client.post("/api/v1/heartbeat", json=_body(), headers=AUTH)
    login(client, "a@test.example")
    response = client.get("/geraete/zaehler.csv")
    assert response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines == ["standort;terminal;stunde;sessions;touches",
                     "ort-a;a-1;2026-12-01T07;3;12", "ort-a;a-1;2026-12-01T08;1;2"]
    login(client, "b@test.example")
    assert client.get("/geraete/zaehler.csv").get_data(as_text=True).count("\n") == 1
