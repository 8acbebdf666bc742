"""GET /healthz for monitoring: database, data folder, disk space and the last publish, as
JSON with 200 or 503 – answered also when the database is broken, which is when it is
needed. The terminals' files are served on regardless."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hub import context
from hub.queries import places as place_q
from tests.hub.conftest import NOW, Clock, make_app, publish_all, seed
from tests.hub.storage import corrupt, fill, make_read_only, small_disk


def test_health_all_well(client, app):
    publish_all(app)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] == "ok" and body["problems"] == []
    assert body["database"] == "ok" and body["data_writable"] is True
    assert body["disk_free_mb"] > 100
    assert body["publish"] == {"last_success": NOW.isoformat(), "last_failure": None,
                               "last_error": None, "ok": True}


def test_health_corrupt_database_while_the_feed_is_still_served(client, app):
    publish_all(app)
    db = app.config["HUB_PATHS"].db
    size = db.stat().st_size
    corrupt(db, at=size // 2, length=size // 4)     # the middle: the header still reads
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["database"] == "corrupt" and body["status"] == "error"
    assert "Die Datenbank des Hubs ist beschädigt" in body["problems"][0]
    corrupt(db)                                      # now the header too
    assert client.get("/healthz").get_json()["database"] == "corrupt"
    assert client.get("/sites/ort-a/feed.json").status_code == 200
    assert client.get("/e/a-treff.html").status_code == 200


def test_health_failed_publish_is_reported_until_the_next_success(client, app, clock):
    with app.app_context():
        place = place_q.get(context.db(), "saal-a")["data"]
        place_q.save(context.db(), {**place, "geo": {"lat": 500, "lon": 9}}, "ort-a", NOW,
                     "t")
    publish_all(app)
    body = client.get("/healthz").get_json()
    assert body["publish"]["ok"] is False and body["publish"]["last_failure"]
    assert "Treff A wurde nicht veröffentlicht" in body["publish"]["last_error"]
    with app.app_context():
        place_q.save(context.db(), place, "ort-a", NOW, "t")
    clock.now += timedelta(minutes=1)
    publish_all(app)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json()["publish"]["ok"] is True


@pytest.mark.parametrize(("break_it", "fillable", "words", "free"), [
    (fill, True, "Speicherplatz ist voll", 0),
    (make_read_only, False, "schreibgeschützt", None),
])
def test_health_broken_data_folder(tmp_path, break_it, fillable, words, free):
    with small_disk(tmp_path / "platte", fillable=fillable) as disk:
        app = make_app(disk / "hub", Clock())
        seed(app)
        break_it(disk)
        response = app.test_client().get("/healthz")
        assert response.status_code == 503
        body = response.get_json()
        assert body["data_writable"] is False and any(words in p for p in body["problems"])
        assert free is None or body["disk_free_mb"] == free
        assert body["database"] == "ok"   # the database itself is fine, and is read
