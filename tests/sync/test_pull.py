"""A terminal's pull against a real HTTP server on 127.0.0.1 serving a published tree."""

from __future__ import annotations

import copy
import hashlib
import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sync.errors import (
    AssetError,
    BusyError,
    DeadlineError,
    FetchError,
    SignatureError,
    StaleVersionError,
    TooLargeError,
)
from sync.files import exclusive_lock
from sync.pull import pull
from sync.signing import keygen, load_signing_key, sign
from sync.source import build_feed
from sync.state import load_state
from tests.sync import hostile
from tests.sync.conftest import SITE, Publisher, picture, terminal_config, write_source

BIN = Path(sys.executable).parent


def _content(config) -> tuple[int, list[str]]:
    conn = sqlite3.connect(config.db_path)
    try:
        version = conn.execute("SELECT version FROM feed").fetchone()[0]
        titles = [r[0] for r in conn.execute("SELECT title FROM entries ORDER BY position")]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    return version, titles


def _fingerprint(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.iterdir()) if p.is_file() and p.suffix != ".json"}


def test_pull_first_sync_applies_feed_and_caches_images(publisher, config, server):
    version = publisher()
    result = pull(config)
    assert result.outcome == "updated" and result.version == version
    assert result.assets_downloaded == 2
    assert _content(config) == (version, ["Treffen 0", "Treffen 1", "Treffen 2"])
    cached = sorted(p.name for p in config.asset_dir.iterdir())
    published = sorted(p.name for p in (server.root / "assets").iterdir())
    assert cached == published and len(cached) == 2
    agent = server.gets()[0].headers["User-Agent"]
    assert agent.startswith("quartier-kiosk/") and "test-1" in agent and SITE in agent


def test_pull_unchanged_is_one_304_request_and_writes_nothing_to_the_database(
        publisher, config, server):
    publisher()
    pull(config)
    before = _fingerprint(config.data_dir)
    server.hits.clear()
    result = pull(config)
    assert result.outcome == "not_modified"
    assert [(h.path, h.status) for h in server.hits] == [(f"/sites/{SITE}/feed.json", 304)]
    assert server.hits[0].headers["If-None-Match"].startswith('"')
    assert _fingerprint(config.data_dir) == before  # kiosk.sqlite byte for byte, same mtime
    assert not config.db_path.with_name("kiosk.sqlite-wal").exists()
    assert result.bytes_received < 1000
    assert load_state(config.data_dir)["last_result"] == "not_modified"


def test_pull_changed_entry_arrives_without_downloading_images_again(publisher, config,
                                                                     server, tmp_path):
    first = publisher()
    pull(config)
    write_source(tmp_path / "quelle", titles={f"{SITE}-e1": "Treffen eins, neu"})
    second = publisher()
    server.hits.clear()
    result = pull(config)
    assert second > first and result.outcome == "updated" and result.assets_downloaded == 0
    assert _content(config) == (second, ["Treffen 0", "Treffen eins, neu", "Treffen 2"])
    assert not any("/assets/" in h.path for h in server.hits)


def test_pull_prunes_images_after_the_commit(publisher, config, tmp_path):
    publisher()
    pull(config)
    write_source(tmp_path / "quelle", images=False)
    publisher()
    pull(config)
    assert list(config.asset_dir.iterdir()) == []


def _change(tmp_path: Path, publisher: Publisher) -> int:
    """Publish a new version with one changed title."""
    write_source(tmp_path / "quelle", titles={f"{SITE}-e2": f"Neu {time.monotonic_ns()}"})
    return publisher()


def _flip_byte(server, publisher, config, tmp_path):
    _change(tmp_path, publisher)
    path = server.root / "sites" / SITE / "feed.json"
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    path.write_bytes(bytes(raw))


def _unknown_key(server, publisher, config, tmp_path):
    keygen(tmp_path / "fremd")
    write_source(tmp_path / "quelle", titles={f"{SITE}-e2": "Fremd"})
    publisher(key=tmp_path / "fremd" / "signing.key")


def _older_version(server, publisher, config, tmp_path):
    site = server.root / "sites" / SITE
    old = {name: (site / name).read_bytes() for name in ("feed.json", "feed.json.sig")}
    _change(tmp_path, publisher)
    pull(config)  # the newer version is applied ...
    for name, data in old.items():  # ... and then the server offers the old one again
        (site / name).write_bytes(data)
    return "newer"


def _asset_hash(server, publisher, config, tmp_path):
    (tmp_path / "quelle" / "bilder" / "bild-1.jpg").write_bytes(picture((10, 200, 10)))
    publisher()
    doc = json.loads((server.root / "sites" / SITE / "feed.json").read_bytes())
    new = [sha for sha in doc["assets"] if not (config.asset_dir / f"{sha}.jpg").exists()]
    target = server.root / "assets" / f"{new[0]}.jpg"
    data = bytearray(target.read_bytes())
    data[100] ^= 0xFF  # same size, other bytes
    target.write_bytes(bytes(data))


def _fault(name: str, suffix: str = "feed.json"):
    def inject(server, publisher, config, tmp_path):
        _change(tmp_path, publisher)
        server.faults[suffix] = name
    return inject


def _gzip_bomb(server, publisher, config, tmp_path):
    hostile.bomb()  # made beforehand: making it takes longer than the read timeout
    _fault("gzip_bomb")(server, publisher, config, tmp_path)


REJECTIONS = [
    ("flipped_byte", _flip_byte, SignatureError, "does not match"),
    ("unknown_key", _unknown_key, SignatureError, "unknown key"),
    ("older_version", _older_version, StaleVersionError, "rollback refused"),
    ("truncated_body", _fault("truncate"), FetchError, "connection broke off"),
    ("oversize_body", _fault("oversize"), TooLargeError, "larger than the cap"),
    ("asset_hash", _asset_hash, AssetError, "does not match its SHA-256"),
    ("http_500", _fault("500"), FetchError, "HTTP 500"),
    ("timeout", _fault("slow"), FetchError, "read timeout"),
    ("stalled_body", _fault("stall"), FetchError, "read timeout"),
    ("closed_mid_response", _fault("close"), FetchError, "connection closed"),
    ("sig_unreachable", _fault("500", "feed.json.sig"), FetchError, "HTTP 500"),
    # Every file trickles in six pieces over 1.8 s: each alone is within the 3 s budget,
    # feed, signature and two images together are not.
    ("dripping_files", _fault("drip_body", ""), DeadlineError, "total deadline"),
    ("huge_header_line", _fault("huge_header"), FetchError, "header"),
    ("too_many_headers", _fault("many_headers"), FetchError, "header"),
    ("redirect_loop", _fault("redirect_loop"), FetchError, "redirect"),
    ("redirect_to_file", _fault("redirect_file"), FetchError, "redirect"),
    ("gzip_bomb", _gzip_bomb, TooLargeError, "larger than the cap"),
    ("captive_portal", _fault("captive_portal", ""), SignatureError, "not a signature file"),
    ("bad_chunks", _fault("bad_chunks"), FetchError, "connection broke off"),
    ("partial_content", _fault("partial"), FetchError, "HTTP 206"),
]


@pytest.mark.parametrize(("name", "inject", "error", "words"), REJECTIONS,
                         ids=[r[0] for r in REJECTIONS])
def test_pull_rejects_and_keeps_the_last_good_content(name, inject, error, words, publisher,
                                                      tmp_path, server, key_dir):
    config = terminal_config(tmp_path, server, key_dir, max_feed_bytes=1_000_000,
                             total_timeout_s=3.0)
    publisher()
    pull(config)
    inject(server, publisher, config, tmp_path)
    good = _content(config)
    assets_before = _fingerprint(config.asset_dir)
    with pytest.raises(error) as info:
        pull(config)
    assert words in str(info.value)
    assert _content(config) == good
    assert _fingerprint(config.asset_dir) == assets_before
    state = load_state(config.data_dir)
    assert state["last_result"] == "failed" and state["feed_version"] == good[0]
    assert words in state["last_error"]["reason"]
    assert state["last_error"]["kind"] == error.kind
    # Once the fault is repaired and the next version is out, the terminal catches up.
    if name == "older_version":
        return
    server.faults.clear()
    for path in (server.root / "assets").iterdir():
        if hashlib.sha256(path.read_bytes()).hexdigest() != path.stem:
            path.unlink()  # the publisher writes a missing image again
    version = _change(tmp_path, publisher)
    assert pull(config).outcome == "updated" and _content(config)[0] == version


def test_pull_truncated_body_without_length_fails_the_signature(publisher, config, server):
    publisher()
    path = server.root / "sites" / SITE / "feed.json"
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(SignatureError):
        pull(config)
    assert not config.db_path.exists()


def test_pull_oversize_declared_length_is_refused_before_reading(publisher, tmp_path,
                                                                 server, key_dir):
    config = terminal_config(tmp_path, server, key_dir, max_feed_bytes=500)
    publisher()
    with pytest.raises(TooLargeError, match="body of .* bytes is larger than the cap of 500"):
        pull(config)


def test_pull_refuses_an_image_larger_than_the_cap(publisher, tmp_path, server, key_dir):
    config = terminal_config(tmp_path, server, key_dir, max_asset_bytes=1000)
    publisher()
    with pytest.raises(AssetError, match="max_asset_bytes = 1000"):
        pull(config)
    assert not config.db_path.exists() and list(config.asset_dir.iterdir()) == []


def test_pull_while_another_pull_runs_stops_at_once(publisher, config, server):
    publisher()
    with exclusive_lock(config.data_dir / "sync.lock", "test"), \
            pytest.raises(BusyError, match="already running"):
        pull(config)
    assert server.hits == []


def test_pull_fetches_everything_again_when_the_database_is_gone(publisher, config,
                                                                 server):
    publisher()
    pull(config)
    config.db_path.unlink()
    server.hits.clear()
    result = pull(config)
    assert result.outcome == "updated" and "If-None-Match" not in server.hits[0].headers
    assert _content(config)[0] == result.version


def test_pull_same_version_again_is_unchanged_not_an_error(publisher, config):
    publisher()
    pull(config)
    (config.data_dir / "sync-state.json").unlink()  # e.g. killed before the state was saved
    result = pull(config)
    assert result.outcome == "unchanged"


def test_pull_refuses_a_feed_for_another_site(publisher, tmp_path, server, key_dir):
    config = terminal_config(tmp_path, server, key_dir)
    config.data["terminal"]["site"] = "anderswo"
    config.terminal.site = "anderswo"
    publisher()
    with pytest.raises(Exception, match="this terminal shows 'anderswo'"):
        pull(config)


def test_pull_key_rotation_accepts_either_configured_key(publisher, tmp_path, server,
                                                         key_dir):
    keygen(tmp_path / "neu")
    new_public = (tmp_path / "neu" / "signing.pub").read_text().strip()
    config = terminal_config(tmp_path, server, key_dir)
    config.sync.public_keys = [config.sync.public_keys[0], new_public]
    publisher()
    assert pull(config).outcome == "updated"
    publisher(key=tmp_path / "neu" / "signing.key")
    assert pull(config).outcome == "updated"


def test_pull_records_clock_skew_from_the_date_header(publisher, config, server):
    publisher()
    server.date_offset_s = -600  # the server's clock is ten minutes behind ours
    result = pull(config)
    state = load_state(config.data_dir)
    assert 599 <= result.clock_skew_s <= 601.5
    assert state["clock_ok"] is False and "off the server's Date header" in state["clock_note"]


def test_pull_applies_an_expired_feed_but_flags_it(tmp_path, server, key_dir, config):
    source = write_source(tmp_path / "quelle")
    from datetime import UTC, datetime, timedelta

    old = Publisher(source, key_dir / "signing.key", server.root,
                    [datetime.now(UTC) - timedelta(days=20)])
    version = old()
    result = pull(config)
    assert result.outcome == "updated" and result.expired
    assert _content(config)[0] == version
    assert load_state(config.data_dir)["expired"] is True


# -- killed at random moments ----------------------------------------------------------------

KILL_ENTRIES = 400


def _serve_version(root: Path, base: dict, version: int, key, rng: random.Random) -> str:
    """Write feed.json + .sig of `version` (a new summary, three new images) into root."""
    doc = copy.deepcopy(base)
    summary = f"Stand der Version {version}"
    doc["version"] = version
    for entry in doc["entries"]:
        entry["summary"] = summary
    for k in range(3):
        data = rng.randbytes(80_000)
        sha = hashlib.sha256(data).hexdigest()
        (root / "assets" / f"{sha}.jpg").write_bytes(data)
        doc["assets"][sha] = {"bytes": len(data), "type": "image/jpeg"}
        doc["entries"][k * 100]["image"] = {"sha256": sha, "alt": "Bild"}
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    site = root / "sites" / base["site"]
    (site / "feed.json").write_bytes(body)
    (site / "feed.json.sig").write_bytes(sign(body, key))
    return summary


def _applied(db_path: Path) -> tuple[int, set[str]]:
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        version = conn.execute("SELECT version FROM feed").fetchone()[0]
        summaries = {r[0] for r in conn.execute(
            "SELECT json_extract(data, '$.summary') FROM entries")}
        count = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    finally:
        conn.close()
    assert count == KILL_ENTRIES
    return version, summaries


@pytest.mark.timeout(170)
def test_pull_killed_at_random_moments_leaves_old_or_new_content(tmp_path, server, key_dir):
    from tests.bench.data import big_source

    key = load_signing_key(key_dir / "signing.key")
    config = terminal_config(tmp_path, server, key_dir, read_timeout_s=10.0)
    base = build_feed(big_source(tmp_path / "q", entries=KILL_ENTRIES, images=0,
                                 site=SITE), version=1)
    (server.root / "sites" / SITE).mkdir(parents=True)
    (server.root / "assets").mkdir()
    rng = random.Random(20261201)
    summaries = {1: _serve_version(server.root, base, 1, key, rng)}
    command = [str(BIN / "quartier-sync"), "pull", "--config", str(config.source)]
    subprocess.run(command, check=True, capture_output=True)  # the first sync
    summaries[2] = _serve_version(server.root, base, 2, key, rng)
    start = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)  # an update, timed
    full = time.monotonic() - start
    start = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)  # "not modified": start-up
    startup = time.monotonic() - start
    killed_before, killed_after = 0, 0  # ... the commit of the new version
    for version in range(3, 53):
        summaries[version] = _serve_version(server.root, base, version, key, rng)
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.8 * startup, 1.1 * full))
        killed = proc.poll() is None
        if killed:
            proc.send_signal(signal.SIGKILL)
        else:
            # Finished before the kill: this machine is faster now than when `full` was
            # timed (a busy CI machine varies), so aim earlier from now on.
            full = max(1.2 * startup, 0.85 * full)
        proc.wait()
        applied, seen = _applied(config.db_path)
        assert applied in (version - 1, version) and seen == {summaries[applied]}
        killed_before += killed and applied < version
        killed_after += killed and applied == version
        pull(config)  # completes, whatever the killed run left behind
        assert _applied(config.db_path) == (version, {summaries[version]})
        leftovers = [*config.asset_dir.iterdir(), *config.data_dir.iterdir()]
        assert not any(p.name.startswith(".tmp-") for p in leftovers)
    # Most runs were really killed, many of them while working on the new version.
    assert killed_before >= 10 and killed_before + killed_after >= 25, (
        killed_before, killed_after, full, startup)
