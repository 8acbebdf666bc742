"""The hub checks the published tree when it starts: a site whose feed.json and signature
do not verify is pointed back at its last good version or published again."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import requests

from sync.config import load_config
from sync.pull import pull
from sync.signing import public_keys, verify
from tests.hub.conftest import TOKENS, make_app, publish_all, seed

BIN = Path(sys.executable).parent



def _former_layout(published: Path) -> None:
    """Turn the tree into one an older publisher wrote: real sites/<site>/ folders."""
    for link in (published / "sites").iterdir():
        if link.is_symlink():
            files = {p.name: p.read_bytes() for p in link.iterdir()}
            link.unlink()
            link.mkdir()
            for name, data in files.items():
                (link / name).write_bytes(data)
    shutil.rmtree(published / "sites" / ".v")


def _break_like_a_killed_publish(published: Path, site: str) -> None:
    """What a publish killed between renaming feed.json and its .sig left behind: a newer
    feed.json beside the older signature."""
    feed = published / "sites" / site / "feed.json"
    doc = json.loads(feed.read_bytes())
    doc["version"] += 1
    feed.write_bytes(json.dumps(doc).encode())


def _pair_verifies(folder: Path, public: str) -> bool:
    try:
        verify((folder / "feed.json").read_bytes(), (folder / "feed.json.sig").read_bytes(),
               public_keys([public]))
    except Exception:  # noqa: BLE001 (any failure means: does not verify)
        return False
    return True


def test_publish_check_serve_repairs_a_mismatched_pair_at_start(tmp_path):
    data = tmp_path / "hub"
    app = make_app(data)
    seed(app)
    publish_all(app)
    published = data / "published"
    public = (data / "keys" / "signing.pub").read_text().strip()
    _former_layout(published)
    _break_like_a_killed_publish(published, "ort-a")
    legacy_b = (published / "sites" / "ort-b" / "feed.json").read_bytes()
    assert not _pair_verifies(published / "sites" / "ort-a", public)
    proc = subprocess.Popen(
        [str(BIN / "quartier-hub"), "serve", "--data", str(data), "--port", "0",
         "--no-scheduler"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        for line in proc.stdout:  # type: ignore[union-attr]
            if "läuft" in line:
                break
        url = re.search(r"(http://127\.0\.0\.1:\d+)/", line)[1]
        assert _pair_verifies(published / "sites" / "ort-a", public)
        assert _pair_verifies(published / "sites" / "ort-b", public)
        assert (published / "sites" / "ort-b" / "feed.json").read_bytes() == legacy_b
        # A terminal of the repaired site takes the feed from the restarted hub.
        config_file = tmp_path / "kiosk.toml"
        config_file.write_text(
            f'[terminal]\nsite = "ort-a"\nid = "a-1"\ntoken = "{TOKENS["a-1"]}"\n'
            f'[sync]\nfeed_url = "{url}/sites/ort-a/feed.json"\npublic_keys = ["{public}"]\n'
            f'[paths]\ndata = "terminal"\n', "utf-8")
        result = pull(load_config(config_file))
        assert result.outcome == "updated" and result.entries == 1
        assert requests.get(f"{url}/sites/ort-a/feed.json.sig", timeout=5).status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    log = proc.stderr.read()  # type: ignore[union-attr]
    assert re.search(r"ort-a: signature by key \w+ does not match", log), log
    assert "published again" in log
