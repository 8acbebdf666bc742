"""Benchmarks of the signed feed: publishing 2,000 entries, pulling them over loopback.

    publish_2000_s           first publish of 2,000 entries with 200 pictures (scaled)
    publish_unchanged_s      publishing the same content again (writes nothing)
    pull_full_2000_s         first sync of a terminal: feed, signature, 200 images, apply
    pull_unchanged_bytes     bytes received by a pull when nothing changed (target < 1,000)
    pull_one_change_bytes    bytes received after one changed entry (no image again)
    pull_one_change_images   images downloaded after one changed entry (target 0)
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sync.config import load_config
from sync.publish import publish
from sync.pull import pull
from sync.signing import keygen
from tests.bench.data import big_source


class _Quiet(SimpleHTTPRequestHandler):
    """A plain static web server (Last-Modified / If-Modified-Since, like nginx)."""

    def log_message(self, *args: object) -> None:
        pass


def _config(tmp: Path, port: int) -> object:
    public = (tmp / "keys" / "signing.pub").read_text().strip()
    path = tmp / "kiosk.toml"
    path.write_text(f'[terminal]\nsite = "bench"\nid = "bench-1"\n[sync]\n'
                    f'feed_url = "http://127.0.0.1:{port}/sites/bench/feed.json"\n'
                    f'public_keys = ["{public}"]\n[paths]\ndata = "daten"\n', "utf-8")
    return load_config(path)


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        keygen(tmp / "keys")
        key = tmp / "keys" / "signing.key"
        source_dir = tmp / "quelle"
        doc = big_source(source_dir)
        source = source_dir / "quelle.json"
        source.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
        out = tmp / "www"
        now = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
        start = time.perf_counter()
        publish(str(source), key, out, now=now)
        publish_s = time.perf_counter() - start
        start = time.perf_counter()
        publish(str(source), key, out, now=now + timedelta(seconds=30))
        unchanged_publish_s = time.perf_counter() - start

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(out)))
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            config = _config(tmp, httpd.server_address[1])
            start = time.perf_counter()
            full = pull(config)
            pull_s = time.perf_counter() - start
            unchanged = pull(config)
            doc["entries"][7]["title"] = "Veranstaltung Nummer 7, geändert"
            source.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
            publish(str(source), key, out, now=now + timedelta(seconds=60))
            changed = pull(config)
        finally:
            httpd.shutdown()
            httpd.server_close()
    assert full.entries == 2000 and full.assets_downloaded == 200
    assert unchanged.outcome == "not_modified" and changed.outcome == "updated"
    return {
        "publish_2000_s": round(publish_s, 3),
        "publish_unchanged_s": round(unchanged_publish_s, 3),
        "pull_full_2000_s": round(pull_s, 3),
        "pull_full_2000_bytes": full.bytes_received,
        "pull_unchanged_bytes": unchanged.bytes_received,
        "pull_one_change_bytes": changed.bytes_received,
        "pull_one_change_images": changed.assets_downloaded,
    }
