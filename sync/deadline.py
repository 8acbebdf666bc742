"""Total deadlines for network work: past its deadline, the connection in use is cut.

A read timeout bounds one wait for the next bytes, so a server that drips a byte every
few seconds – in its headers or in its body – never trips it. A Deadline is the time one
whole job may take (a pull: feed, signature and every image; one heartbeat; one calendar
with its redirects). Connections of a watched session (`watch`) or created with
`WatchedHTTPConnection` register with the active deadline when they connect and when
they send a request; when the time is up a watchdog thread shuts their sockets down, so
a blocked read returns at once and the caller reports the deadline:

    with Deadline(120.0) as deadline:
        deadline.check(url)                                  # none left: DeadlineError
        session.get(url, timeout=deadline.timeouts(5, 20), stream=True)
        ...
        if deadline.expired: raise deadline.error(url)       # a cut can look like an end

Python's own socket timeouts cannot do this (each recv gets the full timeout again), and
neither requests nor urllib3 has a total timeout; a thread per job is cheap next to a
download.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from contextvars import ContextVar, Token
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from sync.errors import DeadlineError

_ACTIVE: ContextVar[Deadline | None] = ContextVar("quartier_deadline", default=None)
_CUT_EVERY_S = 0.05  # after expiry: cut again, for a socket that appears a moment later
_MIN_TIMEOUT_S = 0.05  # a socket timeout of 0 would mean "non-blocking"


class Deadline:
    """The time left for one job, and the watchdog that enforces it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = float(seconds)
        self.ends = time.monotonic() + self.seconds
        self.expired = False
        self._lock = threading.Lock()
        self._conns: list[Any] = []
        self._done = threading.Event()
        self._token: Token | None = None

    def __enter__(self) -> Deadline:
        self._token = _ACTIVE.set(self)
        threading.Thread(target=self._watch, name="deadline", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        if self._token is not None:
            _ACTIVE.reset(self._token)
        with self._lock:
            self._conns.clear()

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def check(self, url: str = "") -> None:
        """Raise DeadlineError when the deadline has passed."""
        if self.expired or self.remaining() <= 0:
            raise self.error(url)

    def error(self, url: str = "") -> DeadlineError:
        return DeadlineError(f"took longer than the total deadline of {self.seconds:g} s",
                             url, seconds=self.seconds)

    def timeouts(self, connect_s: float, read_s: float) -> tuple[float, float]:
        """Per-socket (connect, read) timeouts that never reach past the deadline."""
        left = max(_MIN_TIMEOUT_S, self.remaining())
        return (min(connect_s, left), min(read_s, left))

    def attach(self, conn: Any) -> None:
        """Cut `conn`'s socket when the deadline passes (while this deadline is active)."""
        with self._lock:
            if not any(c is conn for c in self._conns):
                self._conns.append(conn)

    def _watch(self) -> None:
        if self._done.wait(max(0.0, self.remaining())):
            return
        with self._lock:
            self.expired = True
        while True:
            with self._lock:
                conns = list(self._conns)
            for conn in conns:
                _cut(getattr(conn, "sock", None))
            if self._done.wait(_CUT_EVERY_S):
                return


def _cut(sock: socket.socket | None) -> None:
    # socket.socket.shutdown on the file descriptor, also for an SSLSocket: a blocked
    # recv (plain or inside TLS) returns at once; closing is left to the owner.
    if sock is not None:
        with contextlib.suppress(OSError, ValueError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _register(conn: Any) -> None:
    deadline = _ACTIVE.get()
    if deadline is not None:
        deadline.attach(conn)


class _Watched:
    """Registers the connection with the active deadline before connecting (the TLS
    handshake can drip too) and before every request (a kept-alive connection)."""

    def connect(self) -> None:
        _register(self)
        super().connect()  # type: ignore[misc]

    def request(self, *args: Any, **kwargs: Any) -> None:
        _register(self)
        super().request(*args, **kwargs)  # type: ignore[misc]


class WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = WatchedHTTPSConnection


_POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class WatchedAdapter(HTTPAdapter):
    """requests' adapter whose connections the active Deadline can cut."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = dict(_POOLS)
        return manager


def watch(session: requests.Session) -> requests.Session:
    """Give `session` watched adapters (once); return it."""
    for prefix in ("http://", "https://"):
        if not isinstance(session.adapters.get(prefix), WatchedAdapter):
            session.mount(prefix, WatchedAdapter())
    return session
