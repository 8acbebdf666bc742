"""One broken entry never stops publishing: it is left out and flagged, its site and every
other site are published, and staff read in German which entry and why. Broken entries
are stored directly in the database here, past the form's checks, as older data, an
import or a bug might leave them."""

from __future__ import annotations

import json
import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub import context
from hub.queries import entries as entry_q
from hub.queries import places as place_q
from hub.queries import sites as site_q
from sync.lifecycle import finished_on
from tests.hub.conftest import ADMIN, EDITOR_A, NOW, entry_data, login

BROKEN = {
    "a-zeile": entry_data("Zeile eins\nZeile zwei"),
    "a-link": entry_data("Mit Link", contact={
        "role": "Büro", "web": "HTTPS://X.DE/<script>alert(1)</script>"}),
    "a-ende": entry_data("Ende vor Anfang", schedule={"start": "2026-12-03T10:00",
                                                      "end": "2026-12-03T09:00"}),
}
# In the spring DST gap both ends shift by the hour (sync.recurrence.aware_span): no
# longer broken, published like any other entry (it stopped the whole publish once).
GAP = {"a-luecke": entry_data("In der Zeitumstellung", schedule={
    "start": "2027-03-28T02:30", "end": "2027-03-28T03:15"})}


def _store(app, entries: dict[str, dict], site: str = "ort-a") -> None:
    with app.app_context():
        for entry_id, data in entries.items():
            entry_q.save(context.db(), entry_id, site, data, sharing="site", share_sites=[],
                         now=NOW, user="t")


def _feed(app, site: str) -> dict:
    path = app.config["HUB_PATHS"].published / "sites" / site / "feed.json"
    return json.loads(path.read_bytes())


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_publish_problems_broken_entries_are_left_out_and_named(client, app):
    _store(app, {**BROKEN, **GAP})
    login(client, ADMIN)
    response = client.post("/veroeffentlichen", data={"site": "alle"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = _text(html)
    for entry_id, title in (("a-zeile", "Zeile eins Zeile zwei"), ("a-link", "Mit Link"),
                            ("a-ende", "Ende vor Anfang")):
        assert f"„{title}“ wurde nicht veröffentlicht:" in text, title
        assert f'href="/eintraege/{entry_id}"' in html
    assert "„Titel“ enthält einen Zeilenumbruch oder ein Steuerzeichen" in text
    assert "„Webadresse“ hat nicht die richtige Form" in text
    assert text.count("Das Ende liegt vor dem Beginn") == 1
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html
    # The rest of the site and the other site are published.
    assert [e["id"] for e in _feed(app, "ort-a")["entries"]] == ["a-luecke", "a-treff"]
    assert [e["id"] for e in _feed(app, "ort-b")["entries"]] == ["b-treff"]
    with app.app_context():
        assert all(s["published_version"] for s in site_q.all_sites(context.db()))


def test_publish_problems_flag_stays_until_the_entry_is_fixed(client, app):
    _store(app, {"a-ende": BROKEN["a-ende"]})
    login(client, EDITOR_A)
    client.post("/veroeffentlichen", data={"site": "ort-a"})
    listing = client.get("/eintraege").get_data(as_text=True)
    row = re.search(r"<tr>(?:(?!</tr>).)*href=\"/eintraege/a-ende\">.*?</tr>", listing,
                    re.S)[0]
    assert "nicht veröffentlicht" in row
    assert "nicht veröffentlicht" not in re.search(
        r"<tr>(?:(?!</tr>).)*href=\"/eintraege/a-treff\">.*?</tr>", listing, re.S)[0]
    entry_page = _text(client.get("/eintraege/a-ende").get_data(as_text=True))
    assert "wurde beim letzten Veröffentlichen ausgelassen" in entry_page
    assert "Das Ende liegt vor dem Beginn" in entry_page
    _store(app, {"a-ende": entry_data("Ende vor Anfang")})   # corrected
    assert "ausgelassen" not in client.get("/eintraege/a-ende").get_data(as_text=True)
    client.post("/veroeffentlichen", data={"site": "ort-a"})
    assert "a-ende" in [e["id"] for e in _feed(app, "ort-a")["entries"]]
    assert ">nicht veröffentlicht</span>" not in client.get("/eintraege").get_data(as_text=True)


def test_publish_problems_a_site_refused_as_a_whole_fails_alone(client, app):
    with app.app_context():
        place = place_q.get(context.db(), "saal-a")["data"]
        place_q.save(context.db(), {**place, "geo": {"lat": 500, "lon": 9.2}}, "ort-a",
                     NOW, "t")
    login(client, ADMIN)
    response = client.post("/veroeffentlichen", data={"site": "alle"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    text = _text(page.get_data(as_text=True))
    assert "Treff A wurde nicht veröffentlicht:" in text
    assert "Ort „Saal A“" in text
    assert [e["id"] for e in _feed(app, "ort-b")["entries"]] == ["b-treff"]
    with app.app_context():
        assert site_q.get(context.db(), "ort-a")["published_version"] is None


def test_publish_problems_cli_names_left_out_entries_and_fails_for_a_failed_site(
        app, runner, data_dir):
    _store(app, {"a-ende": BROKEN["a-ende"]})
    result = runner("publish", "--data", str(data_dir))
    assert result.code == 0, result.err
    assert "„Ende vor Anfang“ wurde nicht veröffentlicht: Das Ende liegt vor dem Beginn" \
        in result.out
    with app.app_context():
        place = place_q.get(context.db(), "saal-b")["data"]
        place_q.save(context.db(), {**place, "name": ""}, "ort-b", NOW, "t")
    result = runner("publish", "--data", str(data_dir))
    assert result.code == 1 and "Treff B wurde nicht veröffentlicht" in result.err
    assert "Treff A: unverändert" in result.out


@pytest.mark.parametrize("entry_id", sorted(BROKEN))
def test_publish_problems_each_broken_entry_alone_is_left_out(client, app, entry_id):
    _store(app, {entry_id: BROKEN[entry_id]})
    login(client, EDITOR_A)
    response = client.post("/veroeffentlichen", data={"site": "ort-a"})
    assert response.status_code == 302 and "/ergebnis/" in response.headers["Location"]
    assert [e["id"] for e in _feed(app, "ort-a")["entries"]] == ["a-treff"]


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=90)
_MOMENT = st.one_of(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31))
    .map(lambda d: d.strftime("%Y-%m-%dT%H:%M")), _TEXT)
_ENTRY = st.fixed_dictionaries({}, optional={
    "kind": st.sampled_from(["event", "course", "offer", "call", "participation", "party"]),
    "title": _TEXT, "summary": _TEXT,
    "contact": st.fixed_dictionaries({"role": _TEXT}, optional={
        "web": st.one_of(_TEXT, st.sampled_from(["HTTPS://X.DE/<script>", "https://x.de",
                                                 "javascript:alert(1)", "www.x.de"])),
        "phone": _TEXT, "email": _TEXT}),
    "schedule": st.fixed_dictionaries({"start": _MOMENT}, optional={
        "end": _MOMENT, "rrule": st.sampled_from(["FREQ=WEEKLY", "FREQ=UNSINN", "",
                                                  "FREQ=MONTHLY;BYDAY=-1SU", "COUNT=x"]),
        "exdates": st.lists(_MOMENT, max_size=2)}),
    "valid_until": _MOMENT, "status": st.sampled_from(["scheduled", "cancelled", "kaputt"]),
})

BERLIN = ZoneInfo("Europe/Berlin")


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=_ENTRY)
def test_publish_problems_random_entries_never_stop_publishing(app, changes):
    from hub.publishing import publish_sites
    from sync import feed as feedlib

    _store(app, {"a-zufall": {**entry_data("Zufall"), **changes}})
    with app.app_context():
        outcome = publish_sites(context.db(), context.paths(), context.settings(), None,
                                now=context.now(), user="t", trigger="test")
    assert not outcome.failed
    feeds = {site: _feed(app, site) for site in ("ort-a", "ort-b")}
    for feed in feeds.values():
        feedlib.validate(feed)
    ids = [e["id"] for e in feeds["ort-a"]["entries"]]
    assert "a-treff" in ids and [e["id"] for e in feeds["ort-b"]["entries"]] == ["b-treff"]
    (site_a,) = [s for s in outcome.sites if s.site == "ort-a"]
    left_out = {p["entry_id"]: p["reason"] for p in site_a.skipped}
    expired = str(changes.get("valid_until", "9999")) < "2026-12-01"
    with app.app_context():                 # or its last date is over (sync.lifecycle)
        expired = expired or finished_on(changes, BERLIN, context.now().date()) is not None
    assert ("a-zufall" in ids) != ("a-zufall" in left_out or expired)
    assert all(reason.endswith(".") for reason in left_out.values())
