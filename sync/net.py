"""HTTP for the terminal (requests): conditional GETs with a size cap, asset downloads.

Every request has a connect and a read timeout, and every job a total deadline
(sync.deadline): one pull – feed, signature and every image together – ends within
`[sync] total_timeout_s`, however slowly a server drips its headers or its body. Bodies
are streamed and the download stops as soon as the cap is passed. Received bytes are
counted as they come over the wire (status line and headers included), for the bench and
status. Every failure is a FetchError with an English message (logs) and German words
(`german`, for `quartier-sync status`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from importlib import metadata
from pathlib import Path

import requests
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import ReadTimeoutError

from sync.deadline import Deadline, watch
from sync.errors import AssetError, FetchError, TooLargeError
from sync.files import TEMP_PREFIX, fsync_dir

CHUNK = 64 * 1024
MAX_REDIRECTS = 5
_BROKE_OFF = "Die Verbindung zum Server brach während der Übertragung ab."


def software_version() -> str:
    """The installed version of quartier-kiosk (the heartbeat's "software")."""
    try:
        return metadata.version("quartier-kiosk")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def make_session(terminal_id: str, site: str) -> requests.Session:
    """A session whose User-Agent names the software, its version and the terminal, whose
    connections a Deadline can cut, and which follows at most MAX_REDIRECTS redirects."""
    session = watch(requests.Session())
    session.max_redirects = MAX_REDIRECTS
    session.headers["User-Agent"] = (f"quartier-kiosk/{software_version()} "
                                     f"(terminal {terminal_id or '-'}; site {site or '-'})")
    return session


@dataclass(frozen=True)
class Limits:
    connect_s: float
    read_s: float
    total_s: float

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.connect_s, self.read_s)


@dataclass(frozen=True)
class Fetched:
    status: int                 # 200 or 304
    body: bytes
    etag: str | None
    last_modified: str | None
    date: datetime | None       # the server's Date header
    received: int               # bytes on the wire, headers included


def fetch(session: requests.Session, url: str, *, max_bytes: int, limits: Limits,
          deadline: Deadline, etag: str | None = None,
          last_modified: str | None = None) -> Fetched:
    """GET `url` (conditionally when etag/last_modified are given) within `deadline`;
    raise FetchError."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    with _get(session, url, headers, limits, deadline) as resp:
        received = _header_bytes(resp)
        meta = (resp.headers.get("ETag"), resp.headers.get("Last-Modified"),
                _date(resp.headers.get("Date")))
        if resp.status_code == 304 and headers:
            return Fetched(304, b"", *meta, received)
        if resp.status_code == 304:
            # "Not modified" since what? Nothing was asked conditionally.
            raise FetchError("HTTP 304 to an unconditional request", url, german=(
                "Der Server antwortete „nicht geändert“, obwohl das Terminal den Feed ganz "
                "angefordert hatte."))
        _check_status(resp, url)
        chunks = []
        size = 0
        for chunk in _stream(resp, url, max_bytes, deadline):
            size += len(chunk)
            chunks.append(chunk)
        body = b"".join(chunks)
        received += _wire_bytes(resp, len(body))
        _check_length(resp, len(body), url)
        if not body:
            # Also what a connection closed inside the header looks like to http.client.
            raise FetchError("empty answer (connection closed before the body)", url,
                             german="Der Server schickte eine leere Antwort.")
        return Fetched(200, body, *meta, received)


def download_asset(session: requests.Session, url: str, target: Path, *, sha256: str,
                   size: int, max_bytes: int, limits: Limits, deadline: Deadline) -> int:
    """Download one asset into `target` via a temp file, checking size and hash first.

    Return the bytes received. The file appears under its final name only when complete
    and correct, so the cache never holds a half or a wrong image.
    """
    if size > max_bytes:
        raise AssetError(f"asset {sha256[:12]}… has {size} bytes, more than "
                         f"[sync] max_asset_bytes = {max_bytes}", german=(
                             "Ein Bild des Feeds ist größer als erlaubt "
                             "([sync] max_asset_bytes)."))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh, _get(session, url, {}, limits, deadline) as resp:
            received = _header_bytes(resp)
            _check_status(resp, url)
            digest = hashlib.sha256()
            got = 0
            for chunk in _stream(resp, url, size, deadline):
                got += len(chunk)
                digest.update(chunk)
                fh.write(chunk)
            received += _wire_bytes(resp, got)
            if got != size:
                raise AssetError(f"asset {sha256[:12]}… has {got} bytes, the feed says {size}")
            if digest.hexdigest() != sha256:
                raise AssetError(f"asset {sha256[:12]}… does not match its SHA-256 "
                                 f"(got {digest.hexdigest()[:12]}…)")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
        return received
    except TooLargeError as exc:
        raise AssetError(f"asset {sha256[:12]}… is larger than the feed says ({size} "
                         "bytes)") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


@contextlib.contextmanager
def _get(session: requests.Session, url: str, headers: dict, limits: Limits,
         deadline: Deadline):
    deadline.check(url)
    watch(session)
    try:
        resp = session.get(url, headers=headers, stream=True,
                           timeout=deadline.timeouts(limits.connect_s, limits.read_s))
    except requests.RequestException as exc:
        if deadline.expired:
            raise deadline.error(url) from exc
        raise _request_error(exc, url, limits) from exc
    try:
        yield resp
    finally:
        resp.close()


def _request_error(exc: requests.RequestException, url: str, limits: Limits) -> FetchError:
    if isinstance(exc, requests.ConnectTimeout):
        return FetchError(f"cannot connect within {limits.connect_s:g} s (connect timeout)",
                          url, german=f"Keine Verbindung zum Server innerhalb von "
                                      f"{limits.connect_s:g} Sekunden.")
    if isinstance(exc, requests.Timeout):
        return FetchError(f"no answer within {limits.read_s:g} s (read timeout)", url,
                          german=f"Der Server hat {limits.read_s:g} Sekunden lang nicht "
                                 "geantwortet.")
    if isinstance(exc, requests.TooManyRedirects):
        return FetchError(f"more than {MAX_REDIRECTS} redirects ({_short(exc)})", url,
                          german="Der Server leitet immer weiter um.")
    if isinstance(exc, requests.exceptions.InvalidSchema | requests.exceptions.InvalidURL):
        return FetchError(f"redirect to an address that is not http(s) ({_short(exc)})",
                          url, german="Der Server leitet auf eine ungültige Adresse um.")
    if isinstance(exc, requests.ConnectionError) and "header" in str(exc).lower():
        return FetchError(f"malformed answer header ({_short(exc)})", url,
                          german="Der Server schickte eine fehlerhafte Antwort.")
    if isinstance(exc, requests.ConnectionError):
        return FetchError(f"cannot connect ({_short(exc)})", url,
                          german="Keine Verbindung zum Server (Adresse, Netzwerk oder "
                                 "Server prüfen).")
    return FetchError(f"request failed ({_short(exc)})", url,
                      german="Der Server schickte eine fehlerhafte Antwort.")


def _check_status(resp: requests.Response, url: str) -> None:
    if resp.status_code != 200:
        error = FetchError(f"HTTP {resp.status_code} {resp.reason or ''}".strip(), url,
                           german=f"Der Server antwortete mit dem Fehler HTTP "
                                  f"{resp.status_code}.")
        error.status = resp.status_code
        raise error


def _stream(resp: requests.Response, url: str, max_bytes: int, deadline: Deadline):
    declared = resp.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLargeError(f"body of {declared} bytes is larger than the cap of "
                            f"{max_bytes} bytes", url)
    size = 0
    try:
        for chunk in resp.iter_content(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise TooLargeError(f"body is larger than the cap of {max_bytes} bytes", url)
            deadline.check(url)
            yield chunk
    except (requests.RequestException, Urllib3Error, OSError) as exc:
        if deadline.expired:
            raise deadline.error(url) from exc
        if isinstance(exc, requests.Timeout | ReadTimeoutError | TimeoutError) or (
                isinstance(exc, requests.ConnectionError)
                and any(isinstance(a, ReadTimeoutError) for a in exc.args)):
            raise FetchError("server stopped sending in the middle (read timeout)", url,
                             german="Der Server hörte mitten in der Übertragung auf zu "
                                    "senden.") from exc
        raise FetchError(f"connection broke off during the download ({_short(exc)})",
                         url, german=_BROKE_OFF) from exc
    # A cut connection can look like the end of a body sent without a length.
    if deadline.expired:
        raise deadline.error(url)


def _check_length(resp: requests.Response, got: int, url: str) -> None:
    declared = resp.headers.get("Content-Length", "")
    encoded = resp.headers.get("Content-Encoding", "identity") != "identity"
    if declared.isdigit() and not encoded and got != int(declared):
        raise FetchError(f"body ends early: {got} of {declared} bytes", url,
                         german=_BROKE_OFF)


def _header_bytes(resp: requests.Response) -> int:
    # Status line, each "Name: value\r\n", and the blank line that ends the header.
    status = len(f"HTTP/1.1 {resp.status_code} {resp.reason or ''}\r\n")
    return status + sum(len(k) + len(v) + 4 for k, v in resp.headers.items()) + 2


def _wire_bytes(resp: requests.Response, decoded: int) -> int:
    with contextlib.suppress(AttributeError, TypeError):
        told = resp.raw.tell()
        if told:
            return int(told)
    return decoded


def _date(text: str | None) -> datetime | None:
    """The server's Date header as an aware time, or None when it is missing or garbled
    (two headers joined by a comma, an unknown zone): then the clock is not checked."""
    if not text:
        return None
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return value if value.tzinfo is not None else None


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 160 else text[:157] + "…"
