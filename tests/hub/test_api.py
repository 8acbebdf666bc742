"""The heartbeat of DESIGN.md section 4: 200 with the stored counter hours, 401 for a
wrong token, 400 for a bad body; counters are kept per terminal and hour."""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import threading
from datetime import timedelta

import pytest

from hub import context
from hub.queries import terminals as terminal_q
from tests.hub.conftest import NOW, TOKENS, login

AUTH = {"Authorization": f"Bearer {TOKENS['a-1']}"}


def _body(**change: object) -> dict:
    body = {"terminal": "a-1", "site": "ort-a", "software": "0.1.0", "feed_version": 17,
            "last_sync": {"at": "2026-12-01T07:55:00+00:00", "ok": True, "error": None},
            "clock_skew_s": 0.4, "disk_free_mb": 5120, "uptime_s": 3600,
            "counters": [{"hour": "2026-12-01T07", "visits": 3, "screens": {"home": 12}},
                         {"hour": "2026-12-01T08", "visits": 1, "screens": {"home": 2}}]}
    body.update(change)
    return body


def test_api_heartbeat_is_stored_and_counters_confirmed(app, client):
    response = client.post("/api/v1/heartbeat", json=_body(), headers=AUTH)
    assert response.status_code == 200
    assert response.get_json() == {"ok": True, "confirmed": ["2026-12-01T07", "2026-12-01T08"],
                                   "refused": [], "dropped": []}
    with app.app_context():
        terminal = terminal_q.get(context.db(), "a-1")
        assert terminal["last_seen_at"] == "2026-12-01T08:00:00+00:00"
        assert terminal["last_heartbeat"]["feed_version"] == 17
        rows = terminal_q.counters(context.db(), ["ort-a"])
    assert [(r["hour"], r["data"]) for r in rows] == [
        ("2026-12-01T07", {"visits": 3, "screens.home": 12}),
        ("2026-12-01T08", {"visits": 1, "screens.home": 2})]


def test_api_counters_sent_again_replace_the_hour(app, client, clock):
    client.post("/api/v1/heartbeat", json=_body(), headers=AUTH)
    clock.now += timedelta(minutes=5)
    again = _body(counters=[{"hour": "2026-12-01T08", "visits": 2, "screens": {"home": 5}}])
    assert client.post("/api/v1/heartbeat", json=again, headers=AUTH).get_json()[
        "confirmed"] == ["2026-12-01T08"]
    with app.app_context():
        rows = terminal_q.counters(context.db(), None)
    assert len(rows) == 2 and rows[1]["data"] == {"visits": 2, "screens.home": 5}


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
    (_body(counters=[{"visits": 3}]), "counters.0"),
    (_body(counters=[{"hour": "2026-12-01T08", "day": "2026-12-01"}]), "counters.0"),
    (_body(counters=[{"hour": "2026-12-01 08"}]), "counters.0.hour"),
    (_body(counters=[{"hour": "2026-13-01T08"}]), "is not an hour"),
    (_body(counters=[{"day": "2026-02-30"}]), "is not a day"),
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
    assert lines == ["standort;terminal;stunde;screens.home;visits",
                     "ort-a;a-1;2026-12-01T07;12;3", "ort-a;a-1;2026-12-01T08;2;1"]
    login(client, "b@test.example")
    assert client.get("/geraete/zaehler.csv").get_data(as_text=True).count("\n") == 1


# -- limits (issue 11) ------------------------------------------------------------------------

def _stored(app) -> list[dict]:
    with app.app_context():
        return terminal_q.heartbeats(context.db(), "a-1")


def test_api_chunked_body_over_the_limit_is_refused_unread(app, client):
    """No Content-Length (chunked): the hub reads at most its limit from the stream."""
    body = json.dumps(_body(pad="x" * 1_500_000)).encode()
    response = client.post("/api/v1/heartbeat", input_stream=io.BytesIO(body),
                           headers={**AUTH, "Content-Type": "application/json",
                                    "Transfer-Encoding": "chunked"},
                           environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 400 and "too large" in response.get_json()["error"]
    assert _stored(app) == []


def test_api_chunked_body_over_the_limit_against_a_real_server(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    body = json.dumps(_body(pad="x" * 1_500_000)).encode()
    conn = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
    try:
        # The hub may answer before the whole body is sent.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            conn.request("POST", "/api/v1/heartbeat", encode_chunked=True,
                         body=(body[i:i + 65536] for i in range(0, len(body), 65536)),
                         headers={**AUTH, "Content-Type": "application/json"})
        status = conn.getresponse().status
    except (ConnectionError, http.client.HTTPException):
        status = None  # closed without an answer: refused as well
    finally:
        conn.close()
        server.shutdown()
        server.server_close()
    assert status in (400, None) and _stored(app) == []


def test_api_the_kiosk_apps_own_report_is_accepted(app, client):
    """What kiosk.app writes to kiosk-status.json goes into the heartbeat unchanged."""
    kiosk = {"started_at": "2026-12-01T07:00:00+00:00", "screen": [1920, 1080],
             "speech": {"available": False, "engine": "espeak-ng", "audio": False,
                        "text": "Keine Tonausgabe gefunden – Vorlesen ist nicht möglich.",
                        "note": ""}}
    response = client.post("/api/v1/heartbeat", json=_body(kiosk=kiosk), headers=AUTH)
    assert response.status_code == 200, response.get_json()
    assert _stored(app)[0]["body"]["kiosk"] == kiosk


def test_api_only_known_fields_are_stored(app, client):
    body = _body(extra={"viel": "x" * 1000}, counters=[],
                 last_sync={"at": None, "ok": True, "error": None, "geheim": 1},
                 kiosk={"speech": {"available": True, "text": "Vorlesen geht", "x": 2},
                        "andere": [1, 2]})
    assert client.post("/api/v1/heartbeat", json=body, headers=AUTH).status_code == 200
    (stored,) = _stored(app)
    assert set(stored["body"]) == {*_body(), "kiosk"}
    assert stored["body"]["last_sync"] == {"at": None, "ok": True, "error": None}
    assert stored["body"]["kiosk"] == {"speech": {"available": True, "text": "Vorlesen geht"}}
    assert stored["body"]["counters"] == 0


@pytest.mark.parametrize(("body", "reason"), [
    (_body(counters=[{"hour": "2026-12-01T07", "visits": 1}] * 501), "counters"),
    (_body(counters=[{"hour": "2026-12-01T07", "visits": -1}]), "counters.0.visits"),
    (_body(counters=[{"hour": "2026-12-01T07", "entries": {f"e{i}": 1 for i in range(301)}}]),
     "counters.0.entries"),
    (_body(counters=[{"hour": "2026-12-01T07", "screens": {"Start Seite": 1}}]),
     "counters.0.screens"),
    (_body(counters=[{"hour": "2026-12-01T07", "qr": {"=HYPERLINK(1)": 1}}]), "counters.0.qr"),
    (_body(counters=[{"hour": "2026-12-01T07",
                      "polls": {"p": {"votes": {"a": 1}, "visit": "x7"}}}]), "counters.0.polls"),
    (_body(counters=[{"hour": "2026-12-01T07", "touches": -1}]), "counters.0.touches"),
    (_body(counters=[{"hour": "2026-12-01T07", "touches": "viele"}]), "counters.0.touches"),
    (_body(counters=[{"hour": "2026-12-01T07", "Böse Spalte": 1}]), "counters.0"),
    (_body(counters=[{"hour": "2026-12-01T07", **{f"n{i}": 1 for i in range(30)}}]),
     "counters.0"),
])
def test_api_counter_rows_are_bounded(client, body, reason):
    response = client.post("/api/v1/heartbeat", json=body, headers=AUTH)
    assert response.status_code == 400 and reason in response.get_json()["error"]


def test_api_counter_hours_outside_the_window_are_refused_not_stored(app, client):
    hours = ["2026-12-01T07", "2026-12-01T11", "2026-12-01T12", "2026-10-02T07",
             "2026-10-02T08", "2031-01-01T00", "0001-01-01T00"]
    body = _body(counters=[{"hour": h, "visits": 1} for h in hours])
    answer = client.post("/api/v1/heartbeat", json=body, headers=AUTH).get_json()
    # NOW is 2026-12-01 08:00 UTC: up to 3 hours ahead, back to 60 days before.
    assert answer["confirmed"] == ["2026-12-01T07", "2026-12-01T11", "2026-10-02T08"]
    assert answer["refused"] == ["2026-12-01T12", "2026-10-02T07", "2031-01-01T00",
                                 "0001-01-01T00"]
    with app.app_context():
        assert [r["hour"] for r in terminal_q.counters(context.db(), None)] == [
            "2026-10-02T08", "2026-12-01T07", "2026-12-01T11"]


@pytest.mark.parametrize("raw", [b"[" * 100_000 + b"]" * 100_000,
                                 json.dumps(_body(kiosk=json.loads("[" * 50 + "]" * 50)))
                                 .encode()])
def test_api_deep_nesting_is_400(app, client, raw):
    response = client.post("/api/v1/heartbeat", data=raw, headers=AUTH,
                           content_type="application/json")
    assert response.status_code == 400 and "nest" in response.get_json()["error"]
    assert _stored(app) == []


def test_api_one_heartbeat_per_ten_seconds_per_terminal(app, client, clock):
    assert client.post("/api/v1/heartbeat", json=_body(), headers=AUTH).status_code == 200
    clock.now += timedelta(seconds=4)
    again = client.post("/api/v1/heartbeat", json=_body(), headers=AUTH)
    assert again.status_code == 429 and again.headers["Retry-After"] == "6"
    other = {"Authorization": f"Bearer {TOKENS['b-1']}"}
    assert client.post("/api/v1/heartbeat", json=_body(terminal="b-1", site="ort-b"),
                       headers=other).status_code == 200  # another terminal is not held
    clock.now += timedelta(seconds=6)
    assert client.post("/api/v1/heartbeat", json=_body(), headers=AUTH).status_code == 200
    assert len(_stored(app)) == 2


def test_api_old_counters_and_heartbeats_are_pruned_daily(app, client, clock):
    from hub.scheduler import DailyPublisher

    assert client.post("/api/v1/heartbeat", json=_body(), headers=AUTH).status_code == 200
    keep = app.config["HUB_SETTINGS"]["fleet"]["keep_counters_days"]
    DailyPublisher(app).tick(NOW + timedelta(days=keep - 1))
    with app.app_context():
        assert len(terminal_q.counters(context.db(), None)) == 2
    DailyPublisher(app).tick(NOW + timedelta(days=keep + 1))
    with app.app_context():
        assert terminal_q.counters(context.db(), None) == []
        assert terminal_q.heartbeats(context.db(), "a-1") == []


def test_api_heartbeats_without_counters_go_into_the_history_every_5_minutes(app, client,
                                                                              clock):
    """Terminals beat every 45 s to report their screen: the terminal's row always has
    the newest, the history one per [fleet] history_every_s (and every one with counts)."""
    for minute in range(11):
        body = _body(counters=[], uptime_s=60 * minute)
        assert client.post("/api/v1/heartbeat", json=body, headers=AUTH).status_code == 200
        clock.now += timedelta(minutes=1)
    assert [row["body"]["uptime_s"] for row in _stored(app)] == [600, 300, 0]
    with app.app_context():
        assert terminal_q.get(context.db(), "a-1")["last_heartbeat"]["uptime_s"] == 600
    assert client.post("/api/v1/heartbeat", json=_body(), headers=AUTH).status_code == 200
    assert len(_stored(app)) == 4   # counters are never held back


def test_api_the_kiosk_screen_report_is_accepted(app, client):
    """What kiosk.liveness and kiosk.upkeep add, as sync.kiosk_status.for_heartbeat sends it."""
    kiosk = {"frame_at": "2026-12-01T07:59:40+00:00", "frame_age_s": 20.5,
             "route": "list:category:beratung",
             "geometry": {"window": [1920, 1920], "configured": [1920, 1080], "rotation": 0,
                          "ok": False, "text": "…"},
             "clock": {"ok": True, "synchronized": True, "behind_feed": False, "text": "…"},
             "display": {"on": False, "backend": "cec", "text": "aus nach Zeitplan"}}
    response = client.post("/api/v1/heartbeat", json=_body(kiosk=kiosk), headers=AUTH)
    assert response.status_code == 200, response.get_json()
    # The screen on show is not the hub's business (docs/datenschutz.md): a report that
    # carries it (a terminal before 2026-12) is accepted, the route is not stored.
    assert _stored(app)[0]["body"]["kiosk"] == {k: v for k, v in kiosk.items()
                                                if k != "route"}
