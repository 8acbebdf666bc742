"""Real parts for sync tests: an HTTP server on 127.0.0.1 serving a published tree (ETag,
Last-Modified, 304, fault injection, a heartbeat endpoint), keys, a small content source
with images, and a terminal config pointing at the server."""

from __future__ import annotations

import hashlib
import io
import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from sync.config import Config, load_config
from sync.publish import publish
from sync.signing import keygen
from sync.source import SOURCE_FORMAT
from tests.sync import hostile

SITE = "testort"
TZ = ZoneInfo("Europe/Berlin")
# Publishing times are real times: the terminal checks them against its own clock and the
# test server's Date header. Only offsets from now matter, never the day (`make test-dates`
# runs the sync modules that involve dates at five awkward moments to prove it).
T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
TOMORROW = (T0.astimezone(TZ) + timedelta(days=1)).date().isoformat()


@dataclass
class Hit:
    method: str
    path: str
    headers: dict[str, str]
    status: int
    body: bytes = b""


@dataclass
class FeedServer:
    root: Path
    port: int = 0
    hits: list[Hit] = field(default_factory=list)
    faults: dict[str, str] = field(default_factory=dict)   # path suffix -> fault name
    date_offset_s: float = 0.0
    hub_status: int = 200
    hub_delay_s: float = 0.0
    hub_drip: bool = False          # answer heartbeats one byte at a time
    hub_retry_after: str = ""       # a Retry-After header on the heartbeat answer
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    @property
    def feed_url(self) -> str:
        return self.url(f"sites/{SITE}/feed.json")

    def gets(self) -> list[Hit]:
        return [h for h in self.hits if h.method == "GET"]

    def posts(self) -> list[Hit]:
        return [h for h in self.hits if h.method == "POST"]

    def fault_for(self, path: str) -> str | None:
        return next((f for suffix, f in self.faults.items() if path.endswith(suffix)), None)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def date_time_string(self, timestamp: float | None = None) -> str:
        now = (timestamp or time.time()) + self.server.feed.date_offset_s
        return formatdate(now, usegmt=True)

    def _record(self, status: int, body: bytes = b"") -> None:
        with self.server.feed.lock:
            self.server.feed.hits.append(Hit(self.command, self.path, dict(self.headers),
                                             status, body))

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        feed = self.server.feed
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self._record(feed.hub_status, body)
        time.sleep(feed.hub_delay_s)
        answer = json.dumps({"ok": feed.hub_status == 200, "confirmed": []}).encode()
        self.send_response(feed.hub_status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        if feed.hub_retry_after:
            self.send_header("Retry-After", feed.hub_retry_after)
        self.end_headers()
        if feed.hub_drip:
            hostile.drip(self, answer)
            return
        self.wfile.write(answer)

    def do_GET(self) -> None:  # noqa: N802
        feed = self.server.feed
        path = feed.root / self.path.split("?")[0].lstrip("/")
        fault = feed.fault_for(self.path)
        if fault == "close":
            self._record(0)
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: appl")
            self.wfile.flush()
            self.close_connection = True
            return
        if fault == "500":
            self._record(500)
            self.send_error(500, "Internal Server Error")
            return
        if not path.is_file():
            self._record(404)
            self.send_error(404)
            return
        body = path.read_bytes()
        if fault in hostile.HOSTILE:
            self._record(0)
            hostile.HOSTILE[fault](self, body)
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        mtime = path.stat().st_mtime
        last_modified = formatdate(mtime, usegmt=True)
        if self._not_modified(etag, mtime):
            self._record(304)
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", last_modified)
            self.end_headers()
            return
        self._record(200)
        if fault == "slow":
            time.sleep(1.5)
        if fault == "oversize":
            self._send_streamed(body + b" " * 2_000_000)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", last_modified)
        self.end_headers()
        if fault == "stall":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            time.sleep(1.5)
            self.close_connection = True
            return
        if fault == "truncate":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(body)

    def _send_streamed(self, body: bytes) -> None:
        # No Content-Length: the client learns the size only by reading (close-delimited).
        self.send_response(200)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            for i in range(0, len(body), 65536):
                self.wfile.write(body[i:i + 65536])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up at its cap, as it should

    def _not_modified(self, etag: str, mtime: float) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            return etag in [m.strip() for m in match.split(",")]
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(mtime) <= parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    feed: FeedServer

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that gives up (a size cap, a killed pull) is part of the tests.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FeedServer]:
    root = tmp_path / "www"
    root.mkdir()
    feed = FeedServer(root)
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.feed = feed
    feed.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    yield feed
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def key_dir(tmp_path: Path) -> Path:
    keygen(tmp_path / "keys")
    return tmp_path / "keys"


def picture(color: tuple[int, int, int], size: tuple[int, int] = (1600, 1200),
            fmt: str = "JPEG") -> bytes:
    """A photo-like test image (a gradient, so JPEG has something to compress)."""
    img = Image.linear_gradient("L").resize(size).convert("RGB")
    img = Image.blend(img, Image.new("RGB", size, color), 0.5)
    buf = io.BytesIO()
    img.save(buf, fmt)
    return buf.getvalue()


def write_source(folder: Path, *, titles: dict[str, str] | None = None,
                 site: str = SITE, images: bool = True) -> Path:
    """A small source file with three entries (two with pictures) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bilder").mkdir(exist_ok=True)
    titles = titles or {}
    entries = []
    for i, color in enumerate([(200, 60, 40), (40, 120, 200), None]):
        entry_id = f"{site}-e{i}"
        entry = {
            "id": entry_id, "kind": "event", "category": "treffen",
            "title": titles.get(entry_id, f"Treffen {i}"),
            "summary": "Einfach vorbeikommen.",
            "schedule": {"start": f"{TOMORROW}T14:30", "end": f"{TOMORROW}T16:00",
                         "rrule": "FREQ=WEEKLY;COUNT=4"},
            "place_id": "saal",
            "contact": {"role": "Büro", "phone": f"069 90009{300 + i}"},
        }
        if color and images:
            name = f"bilder/bild-{i}.jpg"
            if not (folder / name).exists():
                (folder / name).write_bytes(picture(color))
            entry["image"] = {"file": name, "alt": f"Bild {i}"}
        entries.append(entry)
    doc = {"format": SOURCE_FORMAT, "site": site, "site_name": f"Treff {site}",
           "timezone": "Europe/Berlin",
           "categories": [{"id": "treffen", "label": "Treffen"}],
           "places": [{"id": "saal", "name": "Saal", "geo": {"lat": 48.7, "lon": 9.2},
                       "access": {"step_free": True}}],
           "entries": entries, "polls": []}
    path = folder / f"{site}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return path


@dataclass
class Publisher:
    """Publishes a source into the server's root at a chosen time."""

    source: Path
    key: Path
    out: Path
    clock: list = field(default_factory=lambda: [T0])

    def __call__(self, *, key: Path | None = None, minutes: int = 1) -> int:
        self.clock[0] += timedelta(minutes=minutes)
        results = publish(str(self.source), key or self.key, self.out, now=self.clock[0])
        return results[0].version


@pytest.fixture
def publisher(tmp_path: Path, server: FeedServer, key_dir: Path) -> Publisher:
    source = write_source(tmp_path / "quelle")
    return Publisher(source, key_dir / "signing.key", server.root)


def terminal_config(tmp_path: Path, server: FeedServer, key_dir: Path,
                    **sync: object) -> Config:
    public = (key_dir / "signing.pub").read_text().strip()
    path = tmp_path / "kiosk.toml"
    path.write_text(f"""
[terminal]
site = "{SITE}"
id = "test-1"
token = "geheim-123"
[sync]
feed_url = "{server.feed_url}"
public_keys = ["{public}"]
connect_timeout_s = 2.0
read_timeout_s = 0.5
total_timeout_s = 10.0
[paths]
data = "daten"
[hub]
url = "{server.url('hub')}"
timeout_s = 0.5
[update]
root = "{tmp_path / 'opt'}"
""", "utf-8")
    return load_config(path, {"sync": sync} if sync else None)


@pytest.fixture
def config(tmp_path: Path, server: FeedServer, key_dir: Path) -> Config:
    return terminal_config(tmp_path, server, key_dir)
