"""The demo seed: two sites, demo accounts, all three traffic lights, a published feed."""

from __future__ import annotations

from hub import context, demo, images
from hub.queries import entries as entry_q
from hub.queries import offers as offer_q
from hub.queries import sites as site_q
from hub.queries import terminals as terminal_q
from hub.views.fleet import lights
from sync.demo import PICTURES
from tests.hub.conftest import NOW, make_app


def test_demo_seed_fills_an_empty_hub(data_dir, clock):
    app = make_app(data_dir, clock)
    with app.app_context(), app.test_request_context():
        db = context.db()
        logins = demo.seed(db, context.paths(), context.settings(), NOW, NOW.date(),
                           fast_hash=True)
        assert [(x.email, x.role) for x in logins] == [
            (demo.ADMIN, "admin"), (demo.EDITOR, "editor"), (demo.NEIGHBOUR_EDITOR, "editor")]
        assert [s["id"] for s in site_q.all_sites(db)] == [demo.NEIGHBOUR, demo.SITE]
        assert all(s["published_version"] for s in site_q.all_sites(db))
        colors = sorted(t["light"].color for t in lights(terminal_q.of_sites(db, None)))
        assert colors == ["green", "red", "yellow"]
        assert [o["state"] for o in offer_q.for_sites(db, [demo.NEIGHBOUR])] == [
            "offered", "accepted"]
        assert demo.seed(db, context.paths(), context.settings(), NOW, NOW.date()) is None
        # The demo's pictures are stored as uploads and published with the feed.
        for entry_id, (_file, alt) in PICTURES.items():
            image = entry_q.get(db, entry_id)["data"]["image"]
            assert image["alt"] == alt and images.file_name(db, image["sha256"])
    client = app.test_client()
    client.post("/anmelden", data={"email": demo.NEIGHBOUR_EDITOR, "password": demo.PASSWORD})
    page = client.get("/eintraege").get_data(as_text=True)
    assert "Bürgerbus" in page and "Kaffeeklatsch im Bürgertreff" in page
    assert "Offener Mittagstisch" not in page


def test_demo_poll_is_published_with_its_results(data_dir, clock):
    import json

    from hub.queries import polls as poll_q
    from sync.demo import SITE

    app = make_app(data_dir, clock)
    with app.app_context(), app.test_request_context():
        db = context.db()
        demo.seed(db, context.paths(), context.settings(), NOW, NOW.date(), fast_hash=True)
        poll = poll_q.get(db, "lindenplatz")
        feed = json.loads((context.paths().published / "sites" / SITE / "feed.json")
                          .read_text("utf-8"))
        counts = terminal_q.counters(db, None)
    assert poll["entry_id"] == "lb-quartiersgespraech" and poll["sites"] == [SITE]
    (published,) = feed["polls"]
    assert published["results"] == {"baenke": 23, "schatten": 17, "brunnen": 9,
                                     "treffpunkt": 12}
    assert published["votes"] == 61
    entry = next(e for e in feed["entries"] if e["id"] == "lb-quartiersgespraech")
    assert entry["poll_id"] == "lindenplatz"
    assert {c["terminal_id"] for c in counts} == {"schule-1", "schule-2", "eichhausen-1"}
