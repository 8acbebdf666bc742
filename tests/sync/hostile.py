"""Hostile feed servers for the pull tests: each function answers one GET of the test
server (tests/sync/conftest.py) the way a broken or malicious server would. Every loop is
bounded in bytes and time, so a client without deadlines still ends (and its test fails).
"""

from __future__ import annotations

import contextlib
import time
import zlib
from collections.abc import Callable
from functools import cache
from http.server import BaseHTTPRequestHandler

DRIP_GAP_S = 0.3          # shorter than the tests' read timeout: never trips it
DRIP_LIMIT_S = 20.0       # a client without a total deadline is let go after this


def _head(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str]) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()


def drip(handler: BaseHTTPRequestHandler, data: bytes) -> None:
    """Write `data` one byte every DRIP_GAP_S, for at most DRIP_LIMIT_S."""
    end = time.monotonic() + DRIP_LIMIT_S
    try:
        for byte in data:
            if time.monotonic() > end:
                break
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(DRIP_GAP_S)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client gave up, as it should
    handler.close_connection = True


def drip_headers(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    """Status line and headers one byte at a time (slowloris, from the server's side)."""
    drip(handler, (f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\nX-Pad: "
                   + "a" * 200 + "\r\n\r\n").encode())


def drip_body(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    """Headers at once, then the body in six pieces with a pause before each."""
    _head(handler, 200, {"Content-Length": str(len(body))})
    step = max(1, -(-len(body) // 6))
    try:
        for i in range(0, len(body), step):
            time.sleep(DRIP_GAP_S)
            handler.wfile.write(body[i:i + step])
            handler.wfile.flush()
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client's deadline cut it off


def huge_header(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    _head(handler, 200, {"X-Pad": "a" * 70_000, "Content-Length": str(len(body))})
    handler.wfile.write(body)


def many_headers(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    _head(handler, 200, {**{f"X-Pad-{i}": "a" for i in range(150)},
                         "Content-Length": str(len(body))})
    handler.wfile.write(body)


def redirect_loop(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    _head(handler, 302, {"Location": handler.path, "Content-Length": "0"})


def redirect_file(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    _head(handler, 302, {"Location": "file:///etc/passwd", "Content-Length": "0"})


@cache
def bomb() -> bytes:
    """50 MB of zeros as about 50 kB of gzip, made without holding the 50 MB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: the gzip container
    zeros = b"\0" * 1_000_000
    return b"".join(packer.compress(zeros) for _ in range(50)) + packer.flush()


def gzip_bomb(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    data = bomb()
    _head(handler, 200, {"Content-Encoding": "gzip", "Content-Length": str(len(data))})
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # stopped at its cap
        handler.wfile.write(data)


def captive_portal(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    """A hotel or town-hall Wi-Fi login page instead of every file."""
    page = b"<!doctype html><title>WLAN-Anmeldung</title><p>Bitte anmelden</p>"
    _head(handler, 200, {"Content-Type": "text/html", "Content-Length": str(len(page))})
    handler.wfile.write(page)


def not_modified(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    """304 whatever was asked, also without If-None-Match or If-Modified-Since."""
    _head(handler, 304, {"ETag": '"erfunden"'})


def bad_chunks(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    _head(handler, 200, {"Transfer-Encoding": "chunked"})
    handler.wfile.write(b"10\r\n" + body[:16] + b"\r\nzz\r\nkaputt\r\n")
    handler.close_connection = True


def partial(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    _head(handler, 206, {"Content-Range": f"bytes 0-99/{len(body)}",
                         "Content-Length": "100"})
    handler.wfile.write(body[:100])


HOSTILE: dict[str, Callable[[BaseHTTPRequestHandler, bytes], None]] = {
    f.__name__: f for f in (drip_headers, drip_body, huge_header, many_headers, redirect_loop,
                            redirect_file, gzip_bomb, captive_portal, not_modified,
                            bad_chunks, partial)}
