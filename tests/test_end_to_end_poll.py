"""A poll from the staff editor to the terminal and back, every part real: a demo hub
(`quartier-hub serve --demo`) where an editor writes a poll and publishes it over HTTP,
`quartier-sync pull` into the terminal's data folder, the kiosk app in its own process
under Xvfb driven by simulated touches (tests/kiosk_driver.py), and the sync daemon's
heartbeat with the usage counts.

The terminal votes twice in two visits (the idle reset between them) and is refused a
third vote in the second visit; the heartbeat brings the hub its 2 votes and the terminal
deletes the confirmed counts. With a minimum of 3 the results stay hidden after the next
sync; two more votes later they appear on the terminal. The counters file and the
heartbeat body hold hours and sums only: no moment finer than an hour, no order.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests

from hub.config import DEFAULTS as HUB_DEFAULTS
from kiosk.polls import ALREADY, CHOICE_TITLE, CHOOSE, THANKS
from kiosk.xvfb import virtual_display
from sync import counters, heartbeat
from sync.config import load_config
from sync.state import load_state
from tests.staff_http import BIN, EDITOR, SITE, Staff, demo_hub

pytestmark = pytest.mark.timeout(900)
ROOT = Path(__file__).resolve().parents[1]
TZ = ZoneInfo("Europe/Berlin")
QUESTION = "Wohin soll der Bücherschrank?"
FLUR, SAAL = "in-den-flur", "in-den-saal"
ROUTE = re.compile(r"^[a-z_]{1,20}(:[a-z0-9._-]{1,80}){0,2}$")
HEARTBEAT_INTERVAL_S = HUB_DEFAULTS["fleet"]["heartbeat_min_interval_s"]
MOMENT = re.compile(r"\d{2}:\d{2}|T\d{2}:\d{2}")


def _run(*args: str, timeout: float = 120) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-4000:])
    return done.stdout


def _write_poll(staff: Staff, first_day: str) -> str:
    form = staff.form("/umfragen/neu", min_votes="20")
    form.set("question", QUESTION).set("answer_1", "In den Flur").set("answer_2", "In den Saal")
    form.set("sites", SITE).set("starts_on", first_day).set("ends_on", "31.12.2099")
    form.set("min_votes", "3").set("entry_id", "lb-fahrer-gesucht")
    response = staff.submit(form, "/umfragen/neu")
    assert response.status_code == 302, response.text[:3000]
    return response.headers["Location"].rstrip("/").rsplit("/", 1)[1]


def _kiosk(config: Path, at: datetime, steps: list[list[str]]) -> dict[str, dict]:
    """Drive the terminal's app at the clock time `at`; the screens it was asked to see."""
    with virtual_display(1920, 1080):
        done = subprocess.run(
            [sys.executable, "-m", "tests.kiosk_driver", str(config),
             at.astimezone(TZ).replace(tzinfo=None).isoformat(timespec="minutes"),
             json.dumps(steps)], cwd=ROOT, capture_output=True, text=True, timeout=300,
            env={**os.environ})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-4000:]
    return {s["label"]: s for s in json.loads(done.stdout.splitlines()[-1])["seen"]}


def _rows(data: Path) -> list[tuple]:
    with sqlite3.connect(data / counters.FILE) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(counts)")]
        assert columns == ["period", "kind", "key", "n"]    # sums per hour, nothing else
        return conn.execute("SELECT period, kind, key, n FROM counts").fetchall()


def _content(data: Path) -> list[str]:
    with sqlite3.connect(f"file:{data / 'kiosk.sqlite'}?mode=ro", uri=True) as conn:
        return list(conn.iterdump())


def _moments(value: object, path: str = "") -> list[str]:
    """Where the body holds a time of day."""
    if isinstance(value, dict):
        return [m for k, v in value.items() for m in _moments(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [m for v in value for m in _moments(v, f"{path}[]")]
    return [path] if isinstance(value, str) and MOMENT.search(value) else []


def _heartbeat(config_path: Path, hour: str, last: list[float]) -> None:
    """What the sync daemon sends after a sync: the finished hours, confirmed, deleted.
    The daemon syncs every few minutes; the test waits out the hub's shortest interval
    between two heartbeats of a terminal (sooner it answers 429)."""
    wait = HEARTBEAT_INTERVAL_S + 0.5 - (time.monotonic() - last[0])
    if wait > 0:
        time.sleep(wait)
    last[0] = time.monotonic()
    config = load_config(config_path)
    with requests.Session() as session:
        answer = heartbeat.send(config, session)
    assert answer is not None and answer["confirmed"] == [hour], answer
    assert _rows(config.data_dir) == []


def _results_text(staff: Staff, poll_id: str) -> str:
    return re.sub(r"\s+", " ", staff.page(f"/umfragen/{poll_id}"))


def test_end_to_end_poll_votes_at_the_terminal_reach_the_hub_and_come_back(tmp_path):
    # Hub, sync and kiosk are separate processes on the real clock (as in
    # test_end_to_end.py). The kiosk app's own clock is set back: its visits lie in two
    # hours that are over, so the heartbeat of this minute sends them.
    now = datetime.now(TZ).replace(second=0, microsecond=0)
    first_visits, later_visits = now - timedelta(minutes=150), now - timedelta(minutes=80)
    hour_1, hour_2 = (counters.hour_of(t) for t in (first_visits, later_visits))
    with demo_hub(tmp_path / "hub") as hub:
        staff = Staff(hub.url).login(EDITOR)
        poll_id = _write_poll(staff, f"{now - timedelta(days=1):%d.%m.%Y}")
        staff.publish(SITE)
        config = hub.kiosk_toml()
        _run(str(BIN / "quartier-sync"), "pull", "--config", str(config))
        data = load_config(config).data_dir
        content = _content(data)

        tile = ["tap", "tile:category:mitmachen"]
        seen = _kiosk(config, first_visits, [
            ["tap", "attract"], tile, ["see", "choice"], ["tap", f"choice:{poll_id}"],
            ["see", "question"], ["tap", f"answer:{FLUR}"], ["see", "confirm"],
            ["tap", "poll:yes"], ["see", "thanks"], ["tap", "poll:results"],
            ["see", "hidden"], ["idle"], ["see", "reset"],
            # The next visit comes through the linked entry's "Zur Umfrage".
            ["tap", "attract"], tile, ["tap", "poll:more"], ["tap", "row:lb-fahrer-gesucht"],
            ["tap", "detail:poll"], ["see", "linked"], ["tap", f"answer:{SAAL}"],
            ["tap", "poll:yes"], ["see", "thanks again"],
            # The same visit once more: no answers to tap, the note instead.
            ["tap", "bar:home"], tile, ["tap", f"choice:{poll_id}"], ["see", "refused"]])
        assert CHOICE_TITLE in seen["choice"]["texts"]
        assert {f"choice:{poll_id}", "choice:lindenplatz"} <= set(seen["choice"]["targets"])
        question = seen["question"]
        assert (question["screen"], question["key"]) == ("poll", poll_id)
        assert QUESTION in question["texts"] and CHOOSE in question["texts"]
        assert [t for t in question["targets"] if t.startswith("answer:")] == [
            f"answer:{FLUR}", f"answer:{SAAL}"]
        assert "Sie wählen: In den Flur" in seen["confirm"]["texts"]
        assert THANKS in seen["thanks"]["texts"]
        assert "Das Ergebnis zeigen wir hier am Bildschirm ab 3 Stimmen." in \
            seen["thanks"]["texts"]
        assert "Ergebnisse ab 3 Stimmen" in seen["hidden"]["texts"]
        assert seen["reset"]["screen"] == "attract"
        assert (seen["linked"]["screen"], seen["linked"]["key"]) == ("poll", poll_id)
        assert THANKS in seen["thanks again"]["texts"]
        refused = seen["refused"]
        assert ALREADY in refused["texts"] and ALREADY in refused["speech"]
        assert not [t for t in refused["targets"] if t.startswith("answer:")]

        # The terminal's files: the content untouched by the app, the counts per hour.
        assert _content(data) == content
        rows = _rows(data)
        assert {r[0] for r in rows} == {hour_1}
        found = {(kind, key): n for _hour, kind, key, n in rows}
        assert found[("vote", f"{poll_id}/{FLUR}")] == 1
        assert found[("vote", f"{poll_id}/{SAAL}")] == 1
        assert found[("visit", "")] == 2 and found[("poll_shown", poll_id)] == 2
        assert found[("entry", "lb-fahrer-gesucht")] == 1
        assert all(ROUTE.match(key) for kind, key in found if kind == "screen")
        body = heartbeat.build(load_config(config), load_state(data),
                               counters.pending(data / counters.FILE, datetime.now(UTC)))
        # Times in the body: the last sync, the kiosk's start and its last frame (drawn
        # every 10 s, touched or not: the liveness, not a visit's moment). No screen.
        assert body["counters"] and set(_moments(body)) <= {".last_sync.at",
                                                            ".kiosk.started_at",
                                                            ".kiosk.frame_at"}
        assert "route" not in body["kiosk"]
        assert body["counters"][0]["polls"][poll_id] == {
            "shown": 2, "votes": {FLUR: 1, SAAL: 1}}
        last_heartbeat = [float("-inf")]
        _heartbeat(config, hour_1, last_heartbeat)
        assert "Begegnungsstätte Alte Schule: 2 Stimmen" in _results_text(staff, poll_id)

        # Below the minimum the next sync keeps the results hidden; two more votes.
        staff.publish(SITE)
        _run(str(BIN / "quartier-sync"), "pull", "--config", str(config))
        vote = [["tap", f"answer:{FLUR}"], ["tap", "poll:yes"]]
        open_poll = [["tap", "attract"], tile, ["tap", f"choice:{poll_id}"]]
        seen = _kiosk(config, later_visits, [
            *open_poll, ["tap", "poll:results"], ["see", "still hidden"], ["tap", "bar:back"],
            *vote, ["idle"], *open_poll, *vote, ["see", "thanks"]])
        assert "Ergebnisse ab 3 Stimmen" in seen["still hidden"]["texts"]
        assert THANKS in seen["thanks"]["texts"]
        _heartbeat(config, hour_2, last_heartbeat)
        assert "Begegnungsstätte Alte Schule: 4 Stimmen" in _results_text(staff, poll_id)

        staff.publish(SITE)
        _run(str(BIN / "quartier-sync"), "pull", "--config", str(config))
        seen = _kiosk(config, now, [*open_poll, ["tap", "poll:results"], ["see", "results"]])
    results = seen["results"]
    assert "3 Stimmen von 4" in results["texts"] and "1 Stimme von 4" in results["texts"]
    assert "In den Flur" in results["speech"] and "Ergebnisse ab" not in results["speech"]
