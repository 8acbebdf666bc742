"""quartier-sync publish: the signed static tree of DESIGN.md section 5."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import timedelta
from html import escape
from pathlib import Path
from urllib.parse import urljoin

import pytest

from sync import feed as feedlib
from sync.errors import PublishError, SourceError
from sync.publish import publish
from sync.signing import key_id, keygen, load_signing_key, public_keys, verify
from tests.helpers import berlin
from tests.sync.conftest import SITE, T0, write_source

DEMO_SITE = "lindenbach-alte-schule"


def _tree(out: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file of the tree with its inode, mtime and bytes."""
    return {str(p.relative_to(out)): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(out.rglob("*")) if p.is_file()}


def _feed(out: Path, site: str = DEMO_SITE) -> dict:
    return json.loads((out / "sites" / site / "feed.json").read_bytes())


@pytest.fixture
def key(tmp_path) -> Path:
    keygen(tmp_path / "keys")
    return tmp_path / "keys" / "signing.key"


def test_publish_demo_writes_a_signed_valid_feed_with_pages(tmp_path, key):
    out = tmp_path / "out"
    (result,) = publish("demo", key, out, now=T0)
    body = (out / "sites" / DEMO_SITE / "feed.json").read_bytes()
    sig = (out / "sites" / DEMO_SITE / "feed.json.sig").read_bytes()
    pub = (key.parent / "signing.pub").read_text()
    assert verify(body, sig, public_keys([pub]))
    feed = feedlib.parse(body)
    assert result.changed and feed.version == result.version == int(T0.timestamp())
    for entry in feed.entries:
        assert (out / "e" / f"{entry.id}.html").exists()
        assert (out / "e" / f"{entry.id}.ics").exists() == bool(entry.occurrences)
        # Relative links resolve against the feed's own URL to the files of the tree.
        page = urljoin("https://x.example/sites/s/feed.json", entry.links.page)
        assert page == f"https://x.example/e/{entry.id}.html"


def test_publish_demo_writes_its_pictures_to_assets(tmp_path, key):
    from sync.demo import PICTURES

    out = tmp_path / "out"
    publish("demo", key, out, now=T0)
    feed = _feed(out)
    images = {e["id"]: e["image"] for e in feed["entries"] if e.get("image")}
    assert set(images) == set(PICTURES)
    for entry_id, image in images.items():
        assert image["alt"] == PICTURES[entry_id][1]
        asset = feed["assets"][image["sha256"]]
        data = (out / "assets" / f"{image['sha256']}.jpg").read_bytes()
        assert asset == {"bytes": len(data), "type": "image/jpeg"}
        assert hashlib.sha256(data).hexdigest() == image["sha256"]
        # The phone page shows the picture with its alt text.
        page = (out / "e" / f"{entry_id}.html").read_text("utf-8")
        assert f'<img src="../assets/{image["sha256"]}.jpg" alt="{escape(image["alt"])}">' \
            in page


def test_publish_with_base_url_writes_absolute_links(tmp_path, key):
    out = tmp_path / "out"
    publish("demo", key, out, base_url="https://inhalte.example/lindenbach/", now=T0)
    feed = _feed(out)
    assert feed["base_url"] == "https://inhalte.example/lindenbach"
    entry = next(e for e in feed["entries"] if e.get("occurrences"))
    assert entry["links"] == {
        "page": f"https://inhalte.example/lindenbach/e/{entry['id']}.html",
        "ics": f"https://inhalte.example/lindenbach/e/{entry['id']}.ics"}
    calls = [e for e in feed["entries"] if e["kind"] == "call"]
    assert calls and all(e["links"]["ics"] is None for e in calls)


def test_publish_unchanged_content_changes_nothing_on_disk(tmp_path, key):
    source = write_source(tmp_path / "quelle")
    out = tmp_path / "out"
    first = publish(str(source), key, out, now=T0)[0]
    before = _tree(out)
    again = publish(str(source), key, out, now=T0 + timedelta(minutes=30))[0]
    assert not again.changed and again.version == first.version
    assert _tree(out) == before  # same files, inodes, mtimes and bytes (state included)


def test_publish_changed_content_gets_a_higher_version(tmp_path, key):
    source = write_source(tmp_path / "quelle")
    out = tmp_path / "out"
    first = publish(str(source), key, out, now=T0)[0]
    page = out / "e" / f"{SITE}-e0.html"
    page_before = (page.stat().st_mtime_ns, page.read_bytes())
    write_source(tmp_path / "quelle", titles={f"{SITE}-e1": "Neuer Titel"})
    second = publish(str(source), key, out, now=T0 + timedelta(seconds=1))[0]
    assert second.changed and second.version > first.version
    assert "Neuer Titel" in (out / "e" / f"{SITE}-e1.html").read_text()
    assert (page.stat().st_mtime_ns, page.read_bytes()) == page_before  # untouched entry


def test_publish_version_still_grows_when_state_is_lost_and_clock_went_back(tmp_path, key):
    source = write_source(tmp_path / "quelle")
    out = tmp_path / "out"
    first = publish(str(source), key, out, now=T0)[0]
    shutil.rmtree(out / ".quartier-publish")
    write_source(tmp_path / "quelle", titles={f"{SITE}-e1": "Neuer Titel"})
    second = publish(str(source), key, out, now=T0 - timedelta(hours=5))[0]
    assert second.version == first.version + 1


def test_publish_republishes_unchanged_content_after_half_its_lifetime(tmp_path, key):
    source = write_source(tmp_path / "quelle")
    doc = json.loads(source.read_text())
    for entry in doc["entries"]:
        del entry["schedule"]  # no dates: nothing changes by itself as the days pass
    source.write_text(json.dumps(doc))
    out = tmp_path / "out"
    first = publish(str(source), key, out, now=T0)[0]
    assert not publish(str(source), key, out, now=T0 + timedelta(days=6))[0].changed
    later = publish(str(source), key, out, now=T0 + timedelta(days=7, seconds=1))[0]
    assert later.changed and later.version > first.version
    feed = _feed(out, SITE)
    assert feed["generated_at"].startswith((T0 + timedelta(days=7)).date().isoformat())


def test_publish_with_a_new_key_signs_a_new_version(tmp_path, key):
    source = write_source(tmp_path / "quelle")
    out = tmp_path / "out"
    first = publish(str(source), key, out, now=T0)[0]
    keygen(tmp_path / "neu")
    second = publish(str(source), tmp_path / "neu" / "signing.key", out, now=T0)[0]
    assert second.changed and second.version > first.version
    sig = json.loads((out / "sites" / SITE / "feed.json.sig").read_bytes())
    new_key = load_signing_key(tmp_path / "neu" / "signing.key")
    assert sig["key_id"] == key_id(new_key.verify_key) != key_id(
        load_signing_key(key).verify_key)


def test_publish_images_are_content_addressed_and_named_in_the_feed(tmp_path, key):
    source = write_source(tmp_path / "quelle")
    out = tmp_path / "out"
    publish(str(source), key, out, now=T0)
    feed = _feed(out, SITE)
    images = [e["image"] for e in feed["entries"] if e.get("image")]
    assert [i["alt"] for i in images] == ["Bild 0", "Bild 1"]
    for image in images:
        info = feed["assets"][image["sha256"]]
        data = (out / "assets" / f"{image['sha256']}.jpg").read_bytes()
        assert hashlib.sha256(data).hexdigest() == image["sha256"]
        assert info == {"bytes": len(data), "type": "image/jpeg"}
    assert len(list((out / "assets").iterdir())) == 2


def test_publish_prunes_images_no_feed_names_any_more(tmp_path, key):
    source = write_source(tmp_path / "quelle")
    out = tmp_path / "out"
    publish(str(source), key, out, now=T0)
    write_source(tmp_path / "quelle", images=False)
    publish(str(source), key, out, now=T0 + timedelta(minutes=1))
    # Kept for one more version: a terminal may be fetching the previous feed right now.
    assert len(list((out / "assets").iterdir())) == 2
    write_source(tmp_path / "quelle", images=False, titles={f"{SITE}-e0": "Anders"})
    publish(str(source), key, out, now=T0 + timedelta(minutes=2))
    assert list((out / "assets").iterdir()) == []


def test_publish_folder_with_several_sites(tmp_path, key):
    folder = tmp_path / "quellen"
    write_source(folder, site="ort-a")
    write_source(folder, site="ort-b")
    results = publish(str(folder), key, tmp_path / "out", now=T0)
    assert sorted(r.site for r in results) == ["ort-a", "ort-b"]
    for site in ("ort-a", "ort-b"):
        assert _feed(tmp_path / "out", site)["site"] == site


def test_publish_folder_with_the_same_site_twice_names_both_files(tmp_path, key):
    folder = tmp_path / "quellen"
    path = write_source(folder, site="ort-a")
    shutil.copy(path, folder / "kopie.json")
    with pytest.raises(SourceError, match=r"ort-a\.json") as info:
        publish(str(folder), key, tmp_path / "out", now=T0)
    assert info.value.file.endswith("ort-a.json") and info.value.path == "site"


def test_publish_allows_one_entry_in_two_sites(tmp_path, key):
    folder = tmp_path / "quellen"
    write_source(folder, site="ort-a")
    path = write_source(folder, site="ort-b")
    doc = json.loads(path.read_text())
    doc["entries"][0]["id"] = "ort-a-e0"  # the same entry, shown at both places
    path.write_text(json.dumps(doc))
    publish(str(folder), key, tmp_path / "out", now=T0)
    assert "ort-a-e0" in {e["id"] for e in _feed(tmp_path / "out", "ort-b")["entries"]}


def test_publish_refuses_one_entry_id_with_two_meanings(tmp_path, key):
    folder = tmp_path / "quellen"
    write_source(folder, site="ort-a")
    path = write_source(folder, site="ort-b")
    doc = json.loads(path.read_text())
    doc["entries"][0]["id"] = "ort-a-e0"
    doc["entries"][0]["title"] = "Etwas ganz anderes"
    path.write_text(json.dumps(doc))
    with pytest.raises(PublishError, match="entry id 'ort-a-e0'"):
        publish(str(folder), key, tmp_path / "out", now=T0)


def test_publish_replaces_the_page_of_a_removed_entry(tmp_path, key):
    source = write_source(tmp_path / "quelle")
    out = tmp_path / "out"
    publish(str(source), key, out, now=T0)
    doc = json.loads(source.read_text())
    doc["entries"] = doc["entries"][:2]
    source.write_text(json.dumps(doc))
    publish(str(source), key, out, now=T0 + timedelta(minutes=1))
    assert "Nicht mehr aktuell" in (out / "e" / f"{SITE}-e2.html").read_text()
    assert not (out / "e" / f"{SITE}-e2.ics").exists()


def test_publish_retires_a_finished_one_off_event_the_next_morning(tmp_path, key):
    source = write_source(tmp_path / "quelle", images=False)
    doc = json.loads(source.read_text())
    doc["entries"][2]["schedule"] = {"start": "2026-12-08T10:00", "end": "2026-12-08T12:00"}
    source.write_text(json.dumps(doc))
    out = tmp_path / "out"
    publish(str(source), key, out, now=berlin(2026, 12, 8, 13))
    page = out / "e" / f"{SITE}-e2.html"
    assert "Dienstag, 8.\u00a0Dezember 2026" in page.read_text()
    publish(str(source), key, out, now=berlin(2026, 12, 9, 6))
    assert f"{SITE}-e2" not in {e["id"] for e in _feed(out, SITE)["entries"]}
    assert "Nicht mehr aktuell" in page.read_text()
    assert not (out / "e" / f"{SITE}-e2.ics").exists()


@pytest.mark.parametrize(("image", "path", "words"), [
    ({"file": "bilder/fehlt.jpg", "alt": "x"}, "entries[0].image.file", "not found"),
    ({"file": "../geheim.jpg", "alt": "x"}, "entries[0].image.file", "must be a path inside"),
    ({"file": "bilder/bild-0.jpg"}, "entries[0].image.alt", "describe the picture"),
    ("bilder/bild-0.jpg", "entries[0].image", '"file"'),
])
def test_publish_bad_image_reference_names_file_and_field(tmp_path, key, image, path, words):
    source = write_source(tmp_path / "quelle")
    (tmp_path / "geheim.jpg").write_bytes(b"x")
    doc = json.loads(source.read_text())
    doc["entries"][0]["image"] = image
    source.write_text(json.dumps(doc))
    with pytest.raises(SourceError, match=words) as info:
        publish(str(source), key, tmp_path / "out", now=T0)
    assert info.value.path == path and info.value.file == str(source)
    assert not (tmp_path / "out" / "sites").exists()  # nothing half-published


def test_publish_bad_source_publishes_nothing(tmp_path, key):
    source = write_source(tmp_path / "quelle")
    out = tmp_path / "out"
    publish(str(source), key, out, now=T0)
    before = _tree(out)
    doc = json.loads(source.read_text())
    doc["entries"][1]["title"] = "T" * 80
    source.write_text(json.dumps(doc))
    with pytest.raises(SourceError, match=r"entries\[1\]\.title: too long"):
        publish(str(source), key, out, now=T0 + timedelta(minutes=1))
    assert _tree(out) == before



def test_publish_refuses_an_entry_id_another_sites_run_published(tmp_path, key):
    out = tmp_path / "out"
    publish(str(write_source(tmp_path / "a", site="ort-a")), key, out, now=T0)
    path = write_source(tmp_path / "b", site="ort-b")
    doc = json.loads(path.read_text())
    doc["entries"][0].update(id="ort-a-e0", title="Etwas ganz anderes")
    path.write_text(json.dumps(doc))
    with pytest.raises(PublishError, match="already published for site 'ort-a'"):
        publish(str(path), key, out, now=T0)
