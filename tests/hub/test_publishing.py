"""Publishing: what a site's source holds, the new version and the summary of changes,
shared entries published together, errors staff can act on, the buttons, and the daily
run that moves "heute" and the horizon on."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hub import context
from hub.publishing import export_site, publish_sites, related_sites, summary_words
from hub.queries import entries as entry_q
from hub.queries import offers as offer_q
from hub.queries import places as place_q
from hub.queries import publications as pub_q
from hub.queries import sites as site_q
from hub.scheduler import DailyPublisher
from sync import feed as feedlib
from tests.hub.conftest import ADMIN, EDITOR_A, NOW, entry_data, login


def _save(entry_id: str, site: str, sharing: str = "site", share: list | None = None,
          **data: object) -> None:
    entry_q.save(context.db(), entry_id, site, entry_data(**data), sharing=sharing,
                 share_sites=share or [], now=context.now(), user="t")


def _publish(sites: list[str] | None = None, **kw: object):
    return publish_sites(context.db(), context.paths(), context.settings(), sites,
                         now=kw.pop("now", context.now()), user="t", trigger="test")


def _feed(app, site: str) -> dict:
    path = app.config["HUB_PATHS"].published / "sites" / site / "feed.json"
    return json.loads(path.read_bytes())


def test_publishing_export_holds_own_shared_and_accepted_entries(app):
    with app.app_context():
        db = context.db()
        _save("b-alle", "ort-b", "all", title="Bürgerbus", place_id="rathaus")
        _save("b-einige", "ort-b", "some", ["ort-a"], title="Vortrag")
        _save("b-nur", "ort-b", title="Nur in B")
        _save("b-angebot", "ort-b", title="Angebot")
        offer_q.offer(db, "b-angebot", "ort-a", NOW, "t")
        _save("b-offen", "ort-b", title="Nur angeboten")
        offer_q.offer(db, "b-offen", "ort-a", NOW, "t")
        offer_q.decide(db, offer_q.of_entry(db, "b-angebot")[0]["id"], "accepted", NOW, "t")
        _save("a-alt", "ort-a", title="Abgelaufen", valid_until="2026-11-30")
        doc = export_site(db, site_q.get(db, "ort-a"), context.settings(), NOW.date())
    ids = sorted(e["id"] for e in doc["entries"])
    assert ids == ["a-treff", "b-alle", "b-angebot", "b-einige"]
    assert doc["format"] == "quartier-source/1" and doc["site_name"] == "Treff A"
    assert sorted(p["id"] for p in doc["places"]) == ["rathaus", "saal-a"]
    assert [c["id"] for c in doc["categories"]] == ["treffen", "hilfe", "mitmachen"]


def test_publishing_new_version_and_what_changed(app, clock):
    with app.app_context():
        first = _publish(["ort-a"]).sites[0]
        assert first.changed and first.summary["neu"] == ["Treff in A"]
        assert site_q.get(context.db(), "ort-a")["published_version"] == first.version
        clock.now += timedelta(minutes=5)
        same = _publish(["ort-a"]).sites[0]
        assert not same.changed and same.version == first.version
        assert summary_words(same.summary) == "keine inhaltlichen Änderungen"
        clock.now += timedelta(minutes=5)
        _save("a-neu", "ort-a", title="Kino am Nachmittag")
        _save("a-treff", "ort-a", title="Treff in A (neu)", place_id="saal-a")
        place = place_q.get(context.db(), "saal-a")["data"]
        place_q.save(context.db(), {**place, "room": "Raum 2"}, "ort-a", clock.now, "t")
        third = _publish(["ort-a"]).sites[0]
        assert third.version > first.version
        assert third.summary == {"neu": ["Kino am Nachmittag"],
                                 "geaendert": ["Treff in A (neu)"], "entfernt": [],
                                 "orte": ["Saal A"]}
        entry_q.delete(context.db(), "a-neu", clock.now, "t")
        clock.now += timedelta(minutes=5)
        fourth = _publish(["ort-a"]).sites[0]
        assert fourth.summary["entfernt"] == ["Kino am Nachmittag"]
        assert summary_words(fourth.summary) == "1 entfernt"
    feed = _feed(app, "ort-a")
    assert feed["version"] == fourth.version
    feedlib.validate(feed)
    assert [e["id"] for e in feed["entries"]] == ["a-treff"]
    assert (app.config["HUB_PATHS"].published / "e" / "a-neu.html").read_text().count(
        "Nicht mehr aktuell")


def test_publishing_the_morning_after_a_one_off_event_removes_it(app, clock):
    with app.app_context():
        _save("a-fest", "ort-a", title="Adventsfest",
              schedule={"start": "2026-12-08T15:00", "end": "2026-12-08T18:00"},
              rhythm="jeden Dienstag")
        clock.now = NOW + timedelta(days=7)                       # Tuesday 8 December
        first = _publish(["ort-a"]).sites[0]
        assert "Adventsfest" in first.summary["neu"]
        fest = next(e for e in _feed(app, "ort-a")["entries"] if e["id"] == "a-fest")
        assert "rhythm" not in fest      # a one-off date has no rhythm, whatever was stored
        clock.now = NOW + timedelta(days=8)                       # Wednesday, 9:00
        second = _publish(["ort-a"]).sites[0]
        assert second.summary["entfernt"] == ["Adventsfest"]
    assert [e["id"] for e in _feed(app, "ort-a")["entries"]] == ["a-treff"]
    page = app.config["HUB_PATHS"].published / "e" / "a-fest.html"
    assert "Nicht mehr aktuell" in page.read_text()


def test_publishing_sites_sharing_an_entry_go_together(app):
    with app.app_context():
        _save("a-alle", "ort-a", "all", title="Für alle")
        assert related_sites(context.db(), ["ort-a"]) == ["ort-a", "ort-b"]
        outcome = _publish(["ort-a"])
        assert [s.site for s in outcome.sites] == ["ort-a", "ort-b"]
        assert [s.site for s in outcome.also] == ["ort-b"]
        _save("a-alle", "ort-a", "all", title="Für alle, geändert")
        _publish(["ort-a"], now=NOW + timedelta(minutes=3))  # no id clash in the tree
    assert "Für alle, geändert" in json.dumps(_feed(app, "ort-b"), ensure_ascii=False)


def test_publishing_names_the_entry_that_fails(app):
    with app.app_context():
        bad = entry_data(title="Kaputt")
        bad["schedule"] = {"start": "2026-12-03T10:00", "rrule": "FREQ=UNSINN"}
        entry_q.save(context.db(), "a-kaputt", "ort-a", bad, sharing="site", share_sites=[],
                     now=NOW, user="t")
        (site,) = _publish(["ort-a"]).sites
    assert [(p["entry_id"], p["title"], p["reason"]) for p in site.skipped] == [
        ("a-kaputt", "Kaputt", "Die Regel für die Wiederholung ist ungültig.")]
    assert site.skipped[0]["field"].startswith("schedule.rrule: not a valid RRULE")
    assert [e["id"] for e in _feed(app, "ort-a")["entries"]] == ["a-treff"]


def test_publishing_button_result_and_history(client, app):
    login(client, EDITOR_A)
    response = client.post("/veroeffentlichen", data={"site": "ort-a"})
    assert response.status_code == 302 and "/ergebnis/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        version = site_q.get(context.db(), "ort-a")["published_version"]
    assert f'<span id="version-ort-a">{version}</span>' in page
    assert "<h3>Neu</h3>" in page and "Treff in A" in page
    history = client.get("/veroeffentlichen").get_data(as_text=True)
    assert "1 neu" in history and EDITOR_A in history
    login(client, "b@test.example")
    assert client.get(response.headers["Location"]).status_code == 403


def test_publishing_all_sites_is_for_admins(client):
    login(client, ADMIN)
    response = client.post("/veroeffentlichen", data={"site": "alle"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="version-ort-a"' in page and 'id="version-ort-b"' in page


def test_publishing_failure_is_shown_to_staff(client, app):
    with app.app_context():
        bad = entry_data(title="Kaputt")
        bad["schedule"] = {"start": "gestern"}
        entry_q.save(context.db(), "a-kaputt", "ort-a", bad, sharing="site", share_sites=[],
                     now=NOW, user="t")
    login(client, EDITOR_A)
    response = client.post("/veroeffentlichen", data={"site": "ort-a"}, follow_redirects=True)
    assert "„Kaputt“</a> wurde nicht veröffentlicht: „Beginn“ ist ungültig." in \
        response.get_data(as_text=True)


def test_scheduler_publishes_once_a_day_after_the_publish_time(app):
    daily = DailyPublisher(app)
    early = NOW.replace(hour=3, minute=0)             # 4:00 in Berlin, before 4:30
    assert daily.tick(early) is None
    first = daily.tick(NOW)                           # 9:00
    assert first is not None and [s.site for s in first.sites] == ["ort-a", "ort-b"]
    assert daily.tick(NOW + timedelta(hours=3)) is None  # once a day
    next_day = daily.tick(NOW + timedelta(days=1))
    assert next_day is not None and not next_day.sites[0].changed  # same weekly dates
    # A week later today's date has passed and a new one entered the horizon.
    week = daily.tick(NOW + timedelta(days=8))
    assert week.sites[0].changed and week.sites[0].version > first.sites[0].version
    assert week.sites[0].summary["neu"] == []
    with app.app_context():
        rows = pub_q.recent(context.db(), None)
    assert {r["trigger"] for r in rows} == {"daily"}


def test_scheduler_thread_starts_and_stops_cleanly(app):
    daily = DailyPublisher(app, clock=lambda: NOW, interval_s=0.01)
    daily.start()
    daily.stop(timeout=5)
    assert daily._thread is not None and not daily._thread.is_alive()
    with app.app_context():
        assert site_q.get(context.db(), "ort-a")["published_version"] is not None


def test_publishing_result_names_sites_published_along(client, app):
    with app.app_context():
        _save("a-alle", "ort-a", "all", title="Für alle")
    login(client, EDITOR_A)
    response = client.post("/veroeffentlichen", data={"site": "ort-a"})
    assert "fuer=ort-a" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert page.index('id="site-ort-a"') < page.index('id="site-ort-b"')
    assert "Mitveröffentlicht, weil diese Begegnungsstätte einen gemeinsamen Eintrag" in page
    assert "Treff in B" not in page  # another site's changes are not shown to A's editor


def test_publishing_history_hides_quiet_daily_runs(client, app):
    daily = DailyPublisher(app)
    daily.tick(NOW)
    daily.tick(NOW + timedelta(days=1))        # nothing changed
    login(client, EDITOR_A)
    page = client.get("/veroeffentlichen").get_data(as_text=True)
    assert page.count("täglich automatisch") == 1


def test_scheduler_marks_the_day_done_only_after_success(app):
    from hub.db import get_meta
    from sync.files import exclusive_lock

    daily = DailyPublisher(app)
    lock = app.config["HUB_PATHS"].published / ".quartier-publish" / "lock"
    with exclusive_lock(lock, "another publish"):     # the tree is busy: the run fails
        assert daily.tick(NOW) is None
        assert daily.tick(NOW + timedelta(minutes=2)) is None   # waits before a retry
    with app.app_context():
        assert get_meta(context.db(), "daily_publish_failures") == "1"
        assert "Gerade läuft schon eine Veröffentlichung" in get_meta(
            context.db(), "daily_publish_error")
        assert site_q.get(context.db(), "ort-a")["published_version"] is None
    with exclusive_lock(lock, "another publish"):     # still busy: the wait doubles
        assert daily.tick(NOW + timedelta(minutes=6)) is None
        assert daily.tick(NOW + timedelta(minutes=14)) is None
    retried = daily.tick(NOW + timedelta(minutes=17))  # later that day: it works
    assert retried is not None and [s.site for s in retried.sites] == ["ort-a", "ort-b"]
    assert daily.tick(NOW + timedelta(hours=2)) is None  # and the day is done
    with app.app_context():
        assert get_meta(context.db(), "daily_publish_failures") == "0"
        assert site_q.get(context.db(), "ort-a")["published_version"] is not None


def test_scheduler_survives_a_full_disk_and_publishes_when_there_is_room(tmp_path):
    from tests.hub.conftest import Clock, make_app, seed
    from tests.hub.storage import fill, small_disk

    with small_disk(tmp_path / "platte") as disk:
        app = make_app(disk / "hub", Clock())
        seed(app)
        daily = DailyPublisher(app)
        filler = fill(disk)
        assert daily.tick(NOW) is None                         # failed, did not raise
        filler.unlink()
        assert daily.tick(NOW + timedelta(minutes=2)) is None  # waits before a retry
        with app.app_context():
            assert site_q.get(context.db(), "ort-a")["published_version"] is None
        retried = daily.tick(NOW + timedelta(minutes=6))
        assert retried is not None and not retried.failed
        with app.app_context():
            assert site_q.get(context.db(), "ort-a")["published_version"] is not None


def test_publishing_entry_in_the_spring_gap_shifts_both_ends(client, app):
    # 28 March 2027: 02:00 CET → 03:00 CEST; 02:30–03:00 gave "ends before it starts".
    with app.app_context():
        _save("a-nacht", "ort-a", title="Sternwanderung",
              schedule={"start": "2027-03-28T02:30", "end": "2027-03-28T03:00"})
    login(client, EDITOR_A)
    response = client.post("/veroeffentlichen", data={"site": "ort-a"})
    assert response.headers["Location"].startswith("/veroeffentlichen/ergebnis/")
    entry = next(e for e in _feed(app, "ort-a")["entries"] if e["id"] == "a-nacht")
    assert [(o["start"], o["end"]) for o in entry["occurrences"]] == [
        ("2027-03-28T03:30:00+02:00", "2027-03-28T04:00:00+02:00")]


def test_publishing_valid_from_waits_for_its_day(app, clock):
    with app.app_context():
        _save("a-januar", "ort-a", title="Neujahrsempfang", valid_from="2027-01-04")
        first = _publish(["ort-a"]).sites[0]
        assert [e["id"] for e in _feed(app, "ort-a")["entries"]] == ["a-treff"]
        # The daily run on the day brings it (and the feed never carries the date itself).
        outcome = DailyPublisher(app).tick(datetime(2027, 1, 4, 3, 40, tzinfo=UTC))
    assert outcome is not None and outcome.sites[0].version > first.version
    entries = {e["id"]: e for e in _feed(app, "ort-a")["entries"]}
    assert "a-januar" in entries and "valid_from" not in entries["a-januar"]
    assert outcome.sites[0].summary["neu"] == ["Neujahrsempfang"]


def test_publishing_only_released_versions(app, clock):
    with app.app_context():
        entry_q.save(context.db(), "a-entwurf", "ort-a", entry_data("Entwurf"),
                     sharing="site", share_sites=[], now=NOW, user="t", release=False)
        entry_q.save(context.db(), "a-treff", "ort-a", entry_data("Treff in A, Entwurf"),
                     sharing="site", share_sites=[], now=NOW, user="t", release=False)
        _publish(["ort-a"])
    assert [e["title"] for e in _feed(app, "ort-a")["entries"]] == ["Treff in A"]
