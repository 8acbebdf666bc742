"""The hub serves the published tree itself: ETag, Last-Modified and 304 for terminals;
a real terminal pull against a real hub on 127.0.0.1, and its heartbeat."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from hub import context
from kiosk.store import Store
from sync.config import load_config
from sync.heartbeat import send
from sync.pull import pull
from tests.hub.conftest import TOKENS, make_app, publish_all, seed


def test_published_feed_with_etag_last_modified_and_304(app, client):
    publish_all(app)
    response = client.get("/sites/ort-a/feed.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-cache"
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert client.get("/sites/ort-a/feed.json",
                      headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/sites/ort-a/feed.json",
                      headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get("/sites/ort-a/feed.json.sig").status_code == 200
    page = client.get("/e/a-treff.html")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert client.get("/e/a-treff.ics").mimetype == "text/calendar"


@pytest.mark.parametrize("url", ["/sites/ort-a/other.json", "/sites/ORT/feed.json",
                                 "/e/../hub.sqlite", "/e/%2e%2e%2fsecret", "/assets/x.exe",
                                 "/sites/ort-c/feed.json"])
def test_published_only_the_tree_is_served(app, client, url):
    publish_all(app)
    assert client.get(url).status_code == 404


def test_published_can_be_left_to_nginx(data_dir, clock):
    app = make_app(data_dir, clock, SETTINGS={"hub": {"serve_published": False}})
    seed(app)
    publish_all(app)
    assert app.test_client().get("/sites/ort-a/feed.json").status_code == 404


@pytest.fixture
def live_hub(tmp_path: Path) -> Iterator[tuple[object, str]]:
    """A real hub on 127.0.0.1 (real clock: the terminal compares publishing times)."""
    app = make_app(tmp_path / "hub", clock=lambda: datetime.now(UTC))
    seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _terminal(tmp_path: Path, app, url: str):
    public = (app.config["HUB_PATHS"].public_key).read_text().strip()
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[terminal]\nsite = "ort-a"\nid = "a-1"\ntoken = "{TOKENS["a-1"]}"\n'
                    f'[sync]\nfeed_url = "{url}/sites/ort-a/feed.json"\n'
                    f'public_keys = ["{public}"]\n[paths]\ndata = "terminal"\n'
                    f'[hub]\nurl = "{url}"\ntimeout_s = 5\n', "utf-8")
    return load_config(path)


def test_published_terminal_pulls_from_a_real_hub(tmp_path, live_hub):
    app, url = live_hub
    client = app.test_client()
    client.post("/anmelden", data={"email": "a@test.example", "password": "ein-langes-passwort"})
    assert client.post("/veroeffentlichen", data={"site": "ort-a"}).status_code == 302
    config = _terminal(tmp_path, app, url)
    result = pull(config)
    assert result.outcome == "updated" and result.entries == 1
    store = Store(config.db_path)
    try:
        detail = store.detail("a-treff", datetime.now(UTC))
        assert detail is not None and detail.entry.title == "Treff in A"
        assert detail.place is not None and detail.place.name == "Saal A"
    finally:
        store.close()
    again = pull(config)
    assert again.outcome == "not_modified"
    # The terminal's heartbeat reaches the same hub and shows up in the fleet.
    # A finished hour of today, on the real clock like the hub's (a fixed hour here was
    # refused once it fell out of the hub's 60-day window: `make test-dates` found it).
    hour = (datetime.now(UTC) - timedelta(hours=2)).strftime("%Y-%m-%dT%H")
    with requests.Session() as session:
        answer = send(config, session, counters=[{"hour": hour, "visits": 4}])
    assert answer == {"ok": True, "confirmed": [hour], "refused": [], "dropped": []}
    fleet = client.get("/geraete/a-1").get_data(as_text=True)
    assert f"{result.version}" in fleet and "in Ordnung" in fleet


def test_published_feed_etag_follows_the_version_through_the_link(app, client, clock):
    from hub.queries import entries as entry_q
    from tests.hub.conftest import entry_data

    publish_all(app)
    etag = client.get("/sites/ort-a/feed.json").headers["ETag"]
    clock.now += timedelta(minutes=5)
    publish_all(app)                                 # nothing changed: the same file
    assert client.get("/sites/ort-a/feed.json",
                      headers={"If-None-Match": etag}).status_code == 304
    with app.app_context():
        entry_q.save(context.db(), "a-neu", "ort-a", entry_data("Neu"), sharing="site",
                     share_sites=[], now=clock.now, user="t")
    clock.now += timedelta(minutes=5)
    publish_all(app)                                 # a new version behind the same address
    response = client.get("/sites/ort-a/feed.json", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag
    assert "Neu" in response.get_data(as_text=True)


def test_published_links_out_of_the_tree_are_not_followed(app, client, data_dir):
    publish_all(app)
    (data_dir / "published" / "e" / "geheim.html").symlink_to(data_dir / "secret")
    (data_dir / "published" / "sites" / "ort-x").symlink_to(data_dir / "keys")
    (data_dir / "keys" / "feed.json").write_text("{}")
    assert client.get("/e/geheim.html").status_code == 404
    assert client.get("/sites/ort-x/feed.json").status_code == 404
    assert client.get("/sites/ort-a/feed.json").status_code == 200
