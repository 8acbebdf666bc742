"""The page "Software" (hub/views/software.py, hub/releases.py): an admin gives each ring
a release that passes every check, the hub writes the ring file signed with its own key
beside the feed, "zurückrollen" gives the ring its previous release, and every terminal's
installed version and last update come from its heartbeat."""

from __future__ import annotations

import re

import pytest

from hub import context
from hub.queries import releases as release_q
from sync import release
from sync.signing import keygen, public_keys
from tests.hub.conftest import ADMIN, TOKENS, login, make_app, seed, unescape
from tests.sync.releases import fake_release, release_keys

AUTH = {"Authorization": f"Bearer {TOKENS['a-1']}"}


@pytest.fixture
def keys(tmp_path):
    return release_keys(tmp_path / "release-keys")


@pytest.fixture
def app(data_dir, clock, keys):
    application = make_app(data_dir, clock, SETTINGS={"releases": {"public_keys": [keys[1]]}})
    seed(application)
    for version in ("1.0.0", "1.1.0"):
        fake_release(data_dir / "releases", version, keys[0])
    return application


@pytest.fixture
def admin(client):
    return login(client, ADMIN)


def _ring(data_dir, ring: str) -> release.Ring:
    raw = (data_dir / "releases" / f"ring-{ring}.json").read_bytes()
    sig = (data_dir / "releases" / f"ring-{ring}.json.sig").read_bytes()
    hub_keys = public_keys([(data_dir / "keys" / "signing.pub").read_text().strip()])
    return release.verify_ring(raw, sig, hub_keys, ring, 0)


def _flash(response_page: str) -> str:
    return unescape(re.search(r'<p class="flash[^"]*">(.*?)</p>', response_page, re.S)[1])


def test_software_assign_writes_a_ring_file_signed_by_the_hub(admin, app, data_dir, clock):
    response = admin.post("/software/pilot", data={"release": "1.1.0"})
    assert response.status_code == 302
    page = admin.get("/software").get_data(as_text=True)
    assert _flash(page) == ("Ring „pilot“ bekommt jetzt 1.1.0. Die Terminals installieren es "
                            "in ihrem nächsten Zeitfenster.")
    ring = _ring(data_dir, "pilot")
    assert ring.release == "1.1.0" and ring.serial >= int(clock.now.timestamp())
    assert (data_dir / "releases" / "ring-pilot.json").stat().st_mode & 0o777 == 0o644
    assert '<td id="ring-pilot-release">1.1.0</td>' in page
    assert not (data_dir / "releases" / "ring-alle.json").exists()


def test_software_rollback_gives_the_ring_its_previous_release(admin, app, data_dir):
    admin.post("/software/alle", data={"release": "1.0.0"})
    admin.post("/software/alle", data={"release": "1.1.0"})
    before = _ring(data_dir, "alle")
    page = admin.get("/software").get_data(as_text=True)
    assert 'id="rollback-alle">Zurückrollen auf 1.0.0</button>' in page
    assert admin.post("/software/alle/zurueckrollen").status_code == 302
    after = _ring(data_dir, "alle")
    assert after.release == "1.0.0" and after.serial > before.serial
    page = admin.get("/software").get_data(as_text=True)
    assert _flash(page).startswith("Ring „alle“ zurückgerollt auf 1.0.0.")
    assert 'id="rollback-alle"' not in page   # once back, there is no further way back
    with app.app_context():
        row = release_q.get(context.db(), "alle")
    assert (row["release"], row["previous"], row["changed_by"]) == ("1.0.0", None, ADMIN)


def test_software_refuses_a_release_changed_on_the_hub(admin, app, data_dir):
    wheel = data_dir / "releases" / "1.1.0" / "wheels" / "pip-26.3-py3-none-any.whl"
    wheel.write_bytes(wheel.read_bytes() + b"x")
    admin.post("/software/pilot", data={"release": "1.1.0"})
    page = admin.get("/software").get_data(as_text=True)
    assert _flash(page) == (
        "Ring „pilot“ unverändert: wheels/pip-26.3-py3-none-any.whl fehlt oder stimmt nicht "
        "mit der Prüfsumme im signierten Verzeichnis des Releases 1.1.0 überein (verändert "
        "oder beschädigt).")
    assert not (data_dir / "releases" / "ring-pilot.json").exists()
    admin.post("/software/pilot", data={"release": "../keys"})
    assert "Dieses Release gibt es nicht." in _flash(admin.get("/software").get_data(
        as_text=True))


def test_software_offers_only_releases_signed_by_a_listed_key(admin, app, data_dir, tmp_path):
    keygen(tmp_path / "fremd", "release.key", "release.pub")
    fake_release(data_dir / "releases", "6.6.6", tmp_path / "fremd" / "release.key")
    page = unescape(admin.get("/software").get_data(as_text=True))
    assert "mit einem Schlüssel signiert, der nicht in [update] release_keys steht" in page
    assert '<option value="6.6.6"' not in page and '<option value="1.1.0"' in page
    admin.post("/software/pilot", data={"release": "6.6.6"})
    assert not (data_dir / "releases" / "ring-pilot.json").exists()


def test_software_shows_each_terminals_version_from_its_heartbeat(admin, app, client):
    admin.post("/software/pilot", data={"release": "1.1.0"})
    beat = {"terminal": "a-1", "site": "ort-a", "software": "1.0.0", "feed_version": 3,
            "last_sync": None, "clock_skew_s": None, "disk_free_mb": 900, "uptime_s": 60,
            "counters": [],
            "update": {"ring": "pilot", "target": None, "result": "rolled_back",
                       "at": "2026-12-01T02:40:00+00:00", "error": "health",
                       "german": "Mit 1.1.0 <b>kaputt</b>: kein erstes Bild."}}
    assert client.post("/api/v1/heartbeat", json=beat, headers=AUTH).status_code == 200
    page = admin.get("/software").get_data(as_text=True)
    row = re.search(r'<tr id="software-a-1">(.*?)</tr>', page, re.S)[1]
    assert '<td class="version">1.0.0</td>' in row and "<td>pilot</td>" in row
    assert "1.1.0 <strong>(noch nicht installiert)</strong>" in row
    assert "neues Release fehlerhaft – zurückgeschaltet" in row
    assert "&lt;b&gt;kaputt&lt;/b&gt;" in row and "<b>kaputt</b>" not in row
    other = re.search(r'<tr id="software-b-1">(.*?)</tr>', page, re.S)[1]
    assert "hat sich noch nicht gemeldet" in other


def test_software_without_release_keys_offers_nothing(tmp_path, clock, keys):
    data_dir = tmp_path / "ohne-schluessel"
    application = make_app(data_dir, clock)
    seed(application)
    fake_release(data_dir / "releases", "1.0.0", keys[0])
    page = unescape(login(application.test_client(), ADMIN).get("/software").get_data(
        as_text=True))
    assert "ist kein Release-Schlüssel eingetragen ([releases] public_keys)" in page
    assert '<option value="1.0.0"' not in page


def test_software_unknown_ring_is_404(admin):
    assert admin.post("/software/alle-anderen", data={"release": ""}).status_code == 404


def test_software_releases_are_served_beside_the_feed(admin, client, app):
    admin.post("/software/pilot", data={"release": "1.0.0"})
    anonymous = app.test_client()
    ring = anonymous.get("/releases/ring-pilot.json")
    assert ring.status_code == 200 and ring.headers["Cache-Control"] == "no-cache"
    assert anonymous.get("/releases/ring-pilot.json.sig").status_code == 200
    manifest = anonymous.get("/releases/1.0.0/manifest.json")
    assert manifest.status_code == 200 and manifest.headers["Cache-Control"] == "no-cache"
    wheel = anonymous.get("/releases/1.0.0/wheels/pip-26.3-py3-none-any.whl")
    assert wheel.status_code == 200 and "immutable" in wheel.headers["Cache-Control"]
    again = anonymous.get("/releases/1.0.0/manifest.json",
                          headers={"If-None-Match": manifest.headers["ETag"]})
    assert again.status_code == 304
    for path in ("/releases/ring-andere.json", "/releases/1.0.0/notizen.txt",
                 "/releases/..%2Fkeys/signing.key", "/releases/.x/manifest.json",
                 "/releases/1.0.0/wheels/..%2F..%2Fhub.sqlite"):
        assert anonymous.get(path).status_code == 404, path


def test_software_enrolment_lines_name_the_releases_and_their_keys(admin, keys):
    page = admin.post("/standorte/ort-a/terminals/neu",
                      data={"id": "a-9", "name": "Flur"}).get_data(as_text=True)
    lines = unescape(page)
    assert '[update]\nurl = "http://localhost/releases"\n' in lines
    assert f'release_keys = ["{keys[1]}"]' in lines
