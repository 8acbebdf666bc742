"""Traffic lights per terminal from its heartbeats, with the reasons in German."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hub.config import DEFAULTS
from hub.fleet import Published, evaluate
from tests.hub.conftest import NOW, TOKENS, login

RULES = DEFAULTS["fleet"]


def _terminal(minutes_ago: float | None = 2, **beat: object) -> dict:
    body = {"terminal": "a-1", "site": "ort-a", "feed_version": 14,
            "last_sync": {"at": NOW.isoformat(), "ok": True, "error": None},
            "clock_skew_s": 0.5, "disk_free_mb": 4000}
    body.update(beat)
    seen = None if minutes_ago is None else (NOW - timedelta(minutes=minutes_ago)).isoformat()
    return {"id": "a-1", "site_id": "ort-a", "created_at": (NOW - timedelta(days=30)).isoformat(),
            "last_seen_at": seen, "last_heartbeat": body if seen else None}


def _light(terminal: dict, published: Published | None = None):
    light = evaluate(terminal, published or Published(14), NOW, RULES)
    return light.color, [words for _, words in light.reasons]


@pytest.mark.parametrize(("terminal", "published", "color", "words"), [
    (_terminal(), Published(14), "green",
     ["alles in Ordnung – letzter Kontakt vor 2 Minuten"]),
    (_terminal(45), Published(14), "yellow", ["letzter Kontakt vor 45 Minuten"]),
    (_terminal(180.5), Published(14), "red", ["letzter Kontakt vor 3 Stunden"]),
    (_terminal(None), Published(14), "red", ["hat sich noch nie gemeldet"]),
    (_terminal(feed_version=12), Published(14, NOW - timedelta(hours=2), 2), "yellow",
     ["zeigt einen älteren Stand (2 Veröffentlichungen zurück), neuer Stand seit 2 Stunden"]),
    (_terminal(feed_version=12), Published(14, NOW - timedelta(days=2), 2), "red",
     ["zeigt einen älteren Stand (2 Veröffentlichungen zurück), neuer Stand seit 2 Tagen"]),
    (_terminal(feed_version=13), Published(14, NOW - timedelta(minutes=10), 1), "green",
     ["alles in Ordnung – letzter Kontakt vor 2 Minuten"]),
    (_terminal(feed_version=None), Published(14), "red", ["hat noch keine Inhalte geladen"]),
    (_terminal(clock_skew_s=300.0), Published(14), "yellow", ["Uhr geht 5 Minuten vor"]),
    (_terminal(clock_skew_s=-7300.0), Published(14), "red", ["Uhr geht 2 Stunden nach"]),
    (_terminal(disk_free_mb=150), Published(14), "yellow", ["wenig Speicher: 150 MB frei"]),
    (_terminal(disk_free_mb=40), Published(14), "red", ["wenig Speicher: 40 MB frei"]),
    (_terminal(last_sync={"at": None, "ok": False, "error": "timed out"}), Published(14),
     "yellow", ["letzte Synchronisierung fehlgeschlagen (technische Meldung: timed out)"]),
    (_terminal(site="ort-b"), Published(14), "red",
     ["meldet sich für den Standort „ort-b“ statt „ort-a“ – kiosk.toml prüfen"]),
])
def test_fleet_traffic_light(terminal, published, color, words):
    assert _light(terminal, published) == (color, words)


def test_fleet_terminal_that_cannot_read_aloud_is_yellow():
    silent = {"speech": {"available": False,
                         "text": "Keine Tonausgabe gefunden – Vorlesen ist nicht möglich."}}
    assert _light(_terminal(kiosk=silent)) == (
        "yellow", ["Vorlesen geht nicht: Keine Tonausgabe gefunden – Vorlesen ist nicht "
                   "möglich."])
    assert _light(_terminal(kiosk={"speech": {"available": True}}))[0] == "green"
    assert _light(_terminal(kiosk="kaputt"))[0] == "green"


def test_fleet_new_terminal_gets_a_day_before_red():
    fresh = {**_terminal(None), "created_at": (NOW - timedelta(hours=2)).isoformat()}
    assert _light(fresh) == ("yellow", ["hat sich seit der Anmeldung noch nicht gemeldet"])


def test_fleet_several_reasons_and_the_worst_colour():
    color, words = _light(_terminal(50, clock_skew_s=-150.0, disk_free_mb=90))
    assert color == "red"
    assert words == ["letzter Kontakt vor 50 Minuten", "Uhr geht 2 Minuten nach",
                     "wenig Speicher: 90 MB frei"]


def test_fleet_page_shows_lights_in_words(client, clock):
    beat = {"terminal": "a-1", "site": "ort-a", "software": "0.1.0", "feed_version": None,
            "last_sync": {"at": None, "ok": False, "error": "DNS"}, "clock_skew_s": 400.0,
            "disk_free_mb": 80, "uptime_s": 10, "counters": []}
    client.post("/api/v1/heartbeat", json=beat,
                headers={"Authorization": f"Bearer {TOKENS['a-1']}"})
    clock.now += timedelta(hours=4)
    login(client, "a@test.example")
    page = client.get("/geraete").get_data(as_text=True)
    assert "gestört" in page and "letzter Kontakt vor 4 Stunden" in page
    assert "Uhr geht 6 Minuten vor" in page and "wenig Speicher: 80 MB frei" in page
    detail = client.get("/geraete/a-1").get_data(as_text=True)
    assert "geht 6 Minuten vor" in detail and "technische Meldung: DNS" in detail
    assert "Foyer ort-b" not in page


# -- the kiosk's own report: frames, geometry, clock ---------------------------------------

def test_fleet_screen_reasons_from_the_kiosk_report():
    dead = {"frame_age_s": 200.0, "route": "home"}
    assert _light(_terminal(1, kiosk=dead)) == (
        "red", ["Bildschirm zeigt seit 4 Minuten nichts mehr"])   # 200 s + 1 minute since
    assert _light(_terminal(kiosk={"frame_age_s": 40.0}))[0] == "green"
    wrong = {"frame_age_s": 3.0, "geometry": {
        "ok": False, "text": "das Fenster ist 1920 × 1920 Pixel groß, eingestellt sind "
                             "1920 × 1080"}}
    assert _light(_terminal(kiosk=wrong)) == (
        "yellow", ["Bildschirmgröße passt nicht zur kiosk.toml: das Fenster ist 1920 × 1920 "
                   "Pixel groß, eingestellt sind 1920 × 1080"])
    unset = {"frame_age_s": 3.0, "clock": {"ok": False, "text": "noch nicht gestellt"}}
    color, words = _light(_terminal(kiosk=unset))
    assert color == "red" and "Die Uhrzeit wird gerade gestellt" in words[0]


def test_fleet_kiosk_that_stops_drawing_turns_red_within_2_minutes(client, clock, tmp_path):
    """The kiosk's status writer (kiosk.liveness) and the sync daemon's heartbeat
    (sync.heartbeat.build, every [hub] heartbeat_s) on one injected monotonic clock, the
    hub on its test clock moved alongside: the kiosk draws (a frame every REDRAW_S, as the
    app asks for one) until t = 600 s, then stops while sync keeps beating."""
    from kiosk.liveness import REDRAW_S, Liveness
    from sync import heartbeat
    from sync.config import load_config

    config = load_config(None, {"terminal": {"site": "ort-a", "id": "a-1"},
                                "paths": {"data": str(tmp_path / "terminal")}})
    state = {"feed_version": 7, "last_result": "updated", "clock_skew_s": 0.0}
    t = {"now": 0.0}
    start = clock.now
    liveness = Liveness(config.data_dir, monotonic=lambda: 1000.0 + t["now"],
                        wall=lambda: start + timedelta(seconds=t["now"]))
    login(client, "a@test.example")
    stop_at, beat_s = 600.0, float(config.hub.heartbeat_s)
    next_frame, next_beat, red_at = 0.0, beat_s, None
    while t["now"] < stop_at + 300:
        t["now"] = min(next_frame if next_frame < stop_at else float("inf"), next_beat)
        if t["now"] == next_beat:
            clock.now = start + timedelta(seconds=t["now"])
            body = heartbeat.build(config, state, monotonic=1000.0 + t["now"])
            answer = client.post("/api/v1/heartbeat", json=body,
                                 headers={"Authorization": f"Bearer {TOKENS['a-1']}"})
            assert answer.status_code == 200, answer.get_data(as_text=True)
            page = client.get("/geraete").get_data(as_text=True)
            if "nichts mehr" in page and red_at is None:
                red_at = t["now"]
                assert "1 gestört" in page
            assert ("nichts mehr" in page) == (red_at is not None)
            if t["now"] < stop_at:
                assert "1 in Ordnung" in page and "0 gestört" in page
            next_beat += beat_s
        else:
            liveness.frame("home")
            next_frame += REDRAW_S
    assert red_at is not None and stop_at < red_at <= stop_at + 120
    assert "Bildschirm zeigt seit 5 Minuten nichts mehr" in page  # t = 900 s at the end
