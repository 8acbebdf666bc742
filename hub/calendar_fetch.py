"""Downloading a subscribed calendar without opening the hub's own network to editors
(SSRF) and without letting a slow server hold up the daily publish.

    data = fetch_calendar("https://…/kalender.ics", FetchRules.from_settings(settings))

The rules (docs/hub.md, "Calendar import"):
- only http and https, without user:password@ in the address;
- the host is resolved once, and every address it resolves to must be public: not
  loopback, private (RFC 1918, IPv6 ULA), link-local, carrier-grade NAT, multicast,
  unspecified or reserved, nor an IPv4-mapped, NAT64 or 6to4 form of those – unless it
  lies in `[calendars] allow_networks` (an intranet calendar server, the tests' server);
  decimal or octal forms such as `http://2130706433/` are caught because the check is
  made on what the resolver returns;
- the connection goes to exactly the address that was checked (no second lookup, so a
  name cannot resolve to a public address for the check and to 127.0.0.1 for the
  download); TLS still checks the certificate against the host name;
- public addresses only on the web ports 80, 443, 8080 and 8443 (no mail or database
  ports on other people's machines); addresses in allow_networks on any port;
- redirects are followed here, at most MAX_REDIRECTS, each hop checked the same way;
- one total deadline for everything (`[calendars] timeout_s`, sync.deadline: a server
  that drips its answer is cut off) and a size cap (`[calendars] max_mb`).

Every refusal and every failure raises CalendarFetchError with the same German sentence
(NEUTRAL), so the message does not tell an editor which internal ports are open; the
English reason is logged and kept in `.detail` (shown by `quartier-hub import-ics`).
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import socket
import threading
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import certifi
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.response import BaseHTTPResponse

from hub.errors import CalendarFetchError
from sync.deadline import Deadline, WatchedHTTPConnection, WatchedHTTPSConnection
from sync.errors import SyncError
from sync.net import software_version

log = logging.getLogger(__name__)

NEUTRAL = "Der Kalender konnte nicht abgerufen werden. Bitte prüfen Sie die Adresse."
MAX_REDIRECTS = 5
WEB_PORTS = frozenset({80, 443, 8080, 8443})
CHUNK = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# What a broken or hostile server can make the client raise.
_BROKEN = (OSError, Urllib3Error, http.client.HTTPException)
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class Refused(Exception):
    """Why one calendar address is not fetched (English, for the log)."""


@dataclass(frozen=True)
class FetchRules:
    allow_networks: tuple[IPNetwork, ...] = ()
    timeout_s: float = 30.0
    max_bytes: int = 10_000_000

    @classmethod
    def from_settings(cls, settings: dict) -> FetchRules:
        section = settings["calendars"]
        return cls(tuple(ipaddress.ip_network(n, strict=False)
                         for n in section["allow_networks"]),
                   float(section["timeout_s"]), int(section["max_mb"] * 1_000_000))


def fetch_calendar(url: str, rules: FetchRules) -> bytes:
    """The body of `url` (at most max_bytes + 1 bytes), or CalendarFetchError."""
    try:
        with Deadline(rules.timeout_s) as deadline:
            return _follow(url, rules, deadline)
    except (Refused, SyncError, ValueError, *_BROKEN) as exc:
        log.warning("calendar %s not fetched: %s", url, exc)
        raise CalendarFetchError(NEUTRAL, source=url, detail=str(exc)) from exc


def refusal(address: str, port: int, rules: FetchRules) -> str | None:
    """Why the hub may not connect to `address`:`port` for a calendar, or None."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # without an IPv6 zone
    inner = _embedded_ipv4(ip)
    if any(candidate in net for candidate in (ip, inner) if candidate is not None
           for net in rules.allow_networks if candidate.version == net.version):
        return None
    judged = inner or ip
    if not _public(judged):
        return f"{address} is not a public address"
    if port not in WEB_PORTS:
        return f"port {port} is not a web port ({', '.join(map(str, sorted(WEB_PORTS)))})"
    return None


def _public(ip: IPAddress) -> bool:
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local
                                 or ip.is_multicast or ip.is_unspecified or ip.is_reserved)


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, NAT64 or 6to4 IPv6 address."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str

    @classmethod
    def of(cls, url: str) -> _Target:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise Refused(f"scheme {scheme or '(none)'!r} is not http or https")
        if parts.username is not None or parts.password is not None:
            raise Refused("user name or password in the address")
        if not parts.hostname:
            raise Refused("no host in the address")
        try:  # www.müllheim.de → www.xn--mllheim-n2a.de for DNS, Host header and TLS
            host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise Refused(f"host {parts.hostname!r} is not a valid name") from exc
        port = parts.port or (443 if scheme == "https" else 80)  # ValueError: bad port
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return cls(scheme, host, port, path)

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def _follow(url: str, rules: FetchRules, deadline: Deadline) -> bytes:
    for _hop in range(MAX_REDIRECTS + 1):
        target = _Target.of(url)
        addresses = _resolve(target, deadline)
        for address in addresses:
            reason = refusal(address, target.port, rules)
            if reason:
                raise Refused(f"{target.host} → {reason}")
        conn = _connect(target, addresses, deadline)
        try:
            conn.request("GET", target.path, preload_content=False, headers={
                "Host": target.host_header, "Accept": "text/calendar, */*;q=0.5",
                "User-Agent": f"quartier-hub/{software_version()} (Kalender-Abo)"})
            resp = conn.getresponse()
            if resp.status in _REDIRECTS:
                location = resp.headers.get("Location")
                if not location:
                    raise Refused(f"HTTP {resp.status} without Location")
                url = urljoin(url, location)
                continue
            if resp.status != 200:
                raise Refused(f"HTTP {resp.status} {resp.reason or ''}".strip())
            return _read(resp, rules.max_bytes, deadline)
        except _BROKEN as exc:
            if deadline.expired:
                raise deadline.error(url) from exc
            raise
        finally:
            conn.close()
    raise Refused(f"more than {MAX_REDIRECTS} redirects")


def _resolve(target: _Target, deadline: Deadline) -> list[str]:
    """Every address of the host, looked up once (in a thread: the resolver has no
    timeout of its own, the deadline still holds)."""
    infos: list[tuple] = []
    errors: list[Exception] = []

    def lookup() -> None:
        try:
            infos.extend(socket.getaddrinfo(target.host, target.port,
                                            type=socket.SOCK_STREAM))
        except (OSError, UnicodeError) as exc:
            errors.append(exc)

    worker = threading.Thread(target=lookup, name="calendar-dns", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline.remaining()))
    if worker.is_alive():
        raise deadline.error(target.host)
    if errors:
        raise Refused(f"cannot resolve {target.host}: {errors[0]}")
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise Refused(f"{target.host} has no address")
    return addresses


def _connect(target: _Target, addresses: list[str], deadline: Deadline
             ) -> WatchedHTTPConnection | WatchedHTTPSConnection:
    """A connection to the first checked address that answers."""
    error: Exception = Refused("no address")
    for address in addresses:
        deadline.check(target.host)
        timeout = max(0.05, deadline.remaining())
        conn: WatchedHTTPConnection | WatchedHTTPSConnection
        if target.scheme == "https":
            conn = WatchedHTTPSConnection(
                address, target.port, timeout=timeout, server_hostname=target.host,
                assert_hostname=target.host, cert_reqs="CERT_REQUIRED",
                ca_certs=certifi.where())
        else:
            conn = WatchedHTTPConnection(address, target.port, timeout=timeout)
        try:
            conn.connect()
            return conn
        except _BROKEN as exc:
            conn.close()
            error = deadline.error(target.host) if deadline.expired else exc
    raise error


def _read(resp: BaseHTTPResponse, max_bytes: int, deadline: Deadline) -> bytes:
    """The decoded body, stopped once it is past max_bytes."""
    chunks, size = [], 0
    for chunk in resp.stream(CHUNK, decode_content=True):
        chunks.append(chunk)
        size += len(chunk)
        deadline.check()
        if size > max_bytes:
            break
    if deadline.expired:  # a cut connection can look like the end of the body
        raise deadline.error()
    return b"".join(chunks)
