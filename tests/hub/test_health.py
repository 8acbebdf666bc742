"""GET /healthz for monitoring: database, data folder, disk space and the last publish, as
JSON with 200 or 503 – answered also when the database is broken, which is when it is
needed. The terminals' files are served on regardless."""

from __future__ import annotations

from datetime import timedelta

from hub import context
from hub.publishing import publish_sites
from hub.queries import places as place_q
from tests.hub.conftest import NOW, Clock, make_app, seed
from tests.hub.storage import corrupt, fill, make_read_only, small_disk


def _publish(app) -> None:
    with app.app_context():
        publish_sites(context.db(), context.paths(), context.settings(), None,
                      now=context.now(), user="t", trigger="test")


def test_health_all_well(client, app):
    _publish(app)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] == "ok" and body["problems"] == []
    assert body["database"] == "ok" and body["data_writable"] is True
    assert body["disk_free_mb"] > 100
    assert body["publish"] == {"last_success": NOW.isoformat(), "last_failure": None,
                               "last_error": None, "ok": True}


def test_health_corrupt_database_while_the_feed_is_still_served(client, app):
    _publish(app)
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
    _publish(app)
    body = client.get("/healthz").get_json()
    assert body["publish"]["ok"] is False and body["publish"]["last_failure"]
    assert "Treff A wurde nicht veröffentlicht" in body["publish"]["last_error"]
    with app.app_context():
        place_q.save(context.db(), place, "ort-a", NOW, "t")
    clock.now += timedelta(minutes=1)
    _publish(app)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json()["publish"]["ok"] is True


def test_health_full_disk(tmp_path):
    with small_disk(tmp_path / "platte") as disk:
        app = make_app(disk / "hub", Clock())
        seed(app)
        fill(disk)
        response = app.test_client().get("/healthz")
        assert response.status_code == 503
        body = response.get_json()
        assert body["data_writable"] is False and body["disk_free_mb"] == 0
        assert any("Speicherplatz ist voll" in p for p in body["problems"])


def test_health_read_only_data_folder(tmp_path):
    with small_disk(tmp_path / "platte", fillable=False) as disk:
        app = make_app(disk / "hub", Clock())
        seed(app)
        make_read_only(disk)
        response = app.test_client().get("/healthz")
        assert response.status_code == 503
        body = response.get_json()
        assert body["data_writable"] is False and body["database"] == "ok"
        assert any("schreibgeschützt" in p for p in body["problems"])
