"""Calendar subscriptions cannot reach the hub's own network (SSRF), end within their
deadline, and fail with one neutral sentence. Real servers on 127.0.0.1, ::1 and
127.0.0.2 (the "allowed intranet" of these tests); a guard makes sure no test ever sends
a packet to any other address."""

from __future__ import annotations

import errno
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hub import context
from hub.queries import calendars as calendar_q
from hub.subscriptions import refresh
from tests.hub.conftest import NOW
from tests.hub.test_ical_import import calendar
from tests.sync import hostile

NEUTRAL = "Der Kalender konnte nicht abgerufen werden. Bitte prüfen Sie die Adresse."
REFUSED = "Nicht übernommen – " + NEUTRAL
ICS = calendar("skat", "markt").encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.hits.append(self.path)
        route = self.server.routes.get(self.path, "calendar")
        if route.startswith("redirect:"):
            self._answer(302, b"", {"Location": route.removeprefix("redirect:")})
        elif route == "drip":
            hostile.drip(self, b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(ICS)
                         + ICS)
        elif route.isdigit():
            self._answer(int(route), b"Fehler")
        else:
            body = ICS if route == "calendar" else route.encode() * 1000
            self._answer(200, body, {"Content-Type": "text/calendar"})

    def _answer(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hits: list[str]
    routes: dict[str, str]

    def url(self, path: str = "/kalender.ics") -> str:
        host, port = self.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}{path}"


class _Server6(_Server):
    address_family = socket.AF_INET6


@pytest.fixture
def serve() -> Iterator:
    """serve(host) starts a calendar server on that loopback address."""
    started = []

    def start(host: str = "127.0.0.1") -> _Server:
        server = (_Server6 if ":" in host else _Server)((host, 0), _Handler)
        server.hits, server.routes = [], {}
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


@pytest.fixture
def guard(monkeypatch) -> list:
    """Connections to anything but this machine fail at once and are recorded."""
    attempts: list = []
    real = socket.socket.connect

    def connect(sock: socket.socket, address: tuple) -> None:
        ip = ipaddress.ip_address(str(address[0]).split("%")[0])
        if not (getattr(ip, "ipv4_mapped", None) or ip).is_loopback:
            attempts.append(address)
            raise OSError(errno.ENETUNREACH, "blocked by the test guard")
        return real(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


def _fetch(app, url: str, **calendars: object) -> tuple[bool, str]:
    """The real path of "Jetzt abrufen" and of the daily run (hub.subscriptions.refresh)."""
    with app.app_context():
        settings = context.settings()
        settings.setdefault("calendars", {}).update(calendars)
        db = context.db()
        calendar_q.add(db, "ort-a", url, "treffen", NOW)
        row = next(c for c in calendar_q.of_sites(db, ["ort-a"]) if c["url"] == url)
        return refresh(db, settings, row, NOW, "test")


INTERNAL = [
    "http://{v4}/kalender.ics", "http://localhost:{port}/kalender.ics",
    "http://2130706433:{port}/kalender.ics", "http://0177.0.0.1:{port}/kalender.ics",
    "http://127.1:{port}/kalender.ics", "http://[::ffff:127.0.0.1]:{port}/kalender.ics",
    "http://0.0.0.0:{port}/kalender.ics", "http://{v6}/kalender.ics",
    "http://10.0.0.1/kalender.ics", "http://172.16.0.1/kalender.ics",
    "http://192.168.178.1/kalender.ics", "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/kalender.ics", "http://[fd00::1]/kalender.ics",
    "http://[fe80::1]/kalender.ics", "http://224.0.0.1/kalender.ics",
]


@pytest.mark.parametrize("pattern", INTERNAL)
def test_calendar_fetch_refuses_internal_addresses(app, serve, guard, pattern):
    v4, v6 = serve("127.0.0.1"), serve("::1")
    url = pattern.format(v4=v4.url().split("/")[2], port=v4.server_address[1],
                         v6=v6.url().split("/")[2])
    assert _fetch(app, url) == (False, REFUSED)
    assert v4.hits == [] and v6.hits == [] and guard == []


def test_calendar_fetch_allowed_network_is_fetched(app, serve, guard):
    intranet = serve("127.0.0.2")
    ok, words = _fetch(app, intranet.url(), allow_networks=["127.0.0.2/32"])
    assert ok and "2 neu" in words and intranet.hits == ["/kalender.ics"]


def test_calendar_fetch_redirect_to_loopback_is_refused(app, serve, guard):
    inside, intranet = serve("127.0.0.1"), serve("127.0.0.2")
    intranet.routes["/kalender.ics"] = "redirect:" + inside.url()
    assert _fetch(app, intranet.url(), allow_networks=["127.0.0.2/32"]) == (False, REFUSED)
    assert intranet.hits == ["/kalender.ics"] and inside.hits == []


def test_calendar_fetch_redirects_are_followed_each_checked_and_bounded(app, serve, guard):
    intranet = serve("127.0.0.2")
    intranet.routes.update({"/alt.ics": "redirect:/neu.ics", "/neu.ics": "calendar",
                            "/kreis.ics": "redirect:/kreis.ics",
                            "/datei.ics": "redirect:file:///etc/passwd"})
    allow = {"allow_networks": ["127.0.0.2/32"]}
    assert _fetch(app, intranet.url("/alt.ics"), **allow)[0]
    assert _fetch(app, intranet.url("/kreis.ics"), **allow) == (False, REFUSED)
    assert intranet.hits.count("/kreis.ics") == 6  # the first request and 5 redirects
    assert _fetch(app, intranet.url("/datei.ics"), **allow) == (False, REFUSED)


def test_calendar_fetch_failures_all_read_the_same(app, serve, guard):
    """No port scan by message: closed port, a port that speaks no HTTP, 404 and 500
    give the same sentence."""
    intranet = serve("127.0.0.2")
    intranet.routes.update({"/fehlt.ics": "404", "/kaputt.ics": "500"})
    closed = socket.socket()
    closed.bind(("127.0.0.2", 0))
    talker = socket.create_server(("127.0.0.2", 0))
    threading.Thread(target=lambda: talker.accept()[0].sendall(b"SSH-2.0-OpenSSH_9.2\r\n"),
                     daemon=True).start()
    urls = [f"http://127.0.0.2:{closed.getsockname()[1]}/k.ics",
            f"http://127.0.0.2:{talker.getsockname()[1]}/k.ics",
            intranet.url("/fehlt.ics"), intranet.url("/kaputt.ics")]
    try:
        answers = {_fetch(app, url, allow_networks=["127.0.0.2/32"]) for url in urls}
    finally:
        closed.close()
        talker.close()
    assert answers == {(False, REFUSED)}


def test_calendar_fetch_total_deadline_holds_against_a_dripping_server(app, serve, guard):
    intranet = serve("127.0.0.2")
    intranet.routes["/kalender.ics"] = "drip"
    start = time.monotonic()
    answer = _fetch(app, intranet.url(), allow_networks=["127.0.0.2/32"], timeout_s=1.5)
    assert answer == (False, REFUSED)
    assert time.monotonic() - start < 1.5 + 2.0  # the deadline, not a speed


def test_calendar_fetch_size_cap(app, serve, guard):
    intranet = serve("127.0.0.2")
    intranet.routes["/kalender.ics"] = "x" * 1200  # 1.2 MB
    ok, words = _fetch(app, intranet.url(), allow_networks=["127.0.0.2/32"], max_mb=1)
    assert not ok and "größer als 1 MB" in words


def test_calendar_fetch_connects_to_the_address_it_checked(app, serve, guard,
                                                           monkeypatch):
    """DNS rebinding: the name answers 127.0.0.2 (allowed) for the check and 127.0.0.1
    for any later lookup; the download must still go to 127.0.0.2."""
    inside, intranet = serve("127.0.0.1"), serve("127.0.0.2")
    real = socket.getaddrinfo
    answers = iter(["127.0.0.2"])

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "kalender.example":
            host = next(answers, "127.0.0.1")
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    url = f"http://kalender.example:{intranet.server_address[1]}/kalender.ics"
    ok, _ = _fetch(app, url, allow_networks=["127.0.0.2/32"])
    assert ok and intranet.hits == ["/kalender.ics"] and inside.hits == []


def test_calendar_fetch_public_addresses_only_on_web_ports():
    from hub.calendar_fetch import FetchRules, _Target, refusal

    umlaut = _Target.of("https://www.müllheim.de/kalender.ics?jahr=2027")
    assert (umlaut.host, umlaut.port, umlaut.path) == ("www.xn--mllheim-n2a.de", 443,
                                                       "/kalender.ics?jahr=2027")

    rules = FetchRules()
    assert refusal("93.184.216.34", 443, rules) is None
    assert refusal("2606:2800:220:1:248:1893:25c8:1946", 8443, rules) is None
    assert "not a web port" in refusal("93.184.216.34", 25, rules)
    assert "not a public address" in refusal("64:ff9b::a00:1", 443, rules)  # NAT64 of 10.x
    assert "not a public address" in refusal("2002:a00:1::1", 443, rules)  # 6to4 of 10.x
    intranet = FetchRules(allow_networks=(ipaddress.ip_network("10.20.0.0/16"),))
    assert refusal("10.20.1.2", 8000, intranet) is None
    assert refusal("::ffff:10.20.1.2", 8000, intranet) is None
    assert "not a public address" in refusal("10.21.0.1", 443, intranet)


def test_calendar_fetch_cli_follows_the_same_rule(app, data_dir, runner, serve, guard):
    inside = serve("127.0.0.1")
    refused = runner("import-ics", "--data", str(data_dir), "--site", "ort-a", inside.url())
    assert refused.code == 1 and NEUTRAL in refused.err
    assert "not a public address" in refused.err and inside.hits == []
    (data_dir / "hub.toml").write_text('[calendars]\nallow_networks = ["127.0.0.1"]\n')
    allowed = runner("import-ics", "--data", str(data_dir), "--site", "ort-a", inside.url())
    assert allowed.code == 0, allowed.err
