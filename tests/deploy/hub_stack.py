"""The hub as it runs in production, on this machine: gunicorn started with the ExecStart
of deploy/hub/systemd/quartier-hub.service, behind the nginx site of
deploy/hub/nginx/quartier-hub.conf rendered into a temporary nginx (its own prefix, free
ports on 127.0.0.1, a self-signed certificate for localhost). Used by
tests/deploy/test_hub_service.py and `make bench` (tests/bench/ops.py).
"""

from __future__ import annotations

import configparser
import contextlib
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "hub" / "systemd" / "quartier-hub.service"
SITE = ROOT / "deploy" / "hub" / "nginx" / "quartier-hub.conf"
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
INSTALLED_BIN = "/opt/quartier-hub/.venv/bin"
DATA = "/var/lib/quartier-hub"
HUB_ADDRESS = "127.0.0.1:8470"
HOST = "localhost"
START_TIMEOUT_S = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def private_tmp() -> Path:
    """A temporary folder that other users may pass through (0711), as /var/lib is: the
    nginx workers run as another user when the tests run as root."""
    folder = Path(tempfile.mkdtemp(prefix="quartier-stack-"))
    folder.chmod(0o711)
    return folder


def unit_command(unit: Path, data: Path, port: int) -> tuple[list[str], dict[str, str]]:
    """ExecStart and Environment of a unit, with this checkout's venv, `data` and `port`."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment]
    parser.read(unit)
    service = parser["Service"]
    line = service["ExecStart"]
    for old, new in ((INSTALLED_BIN, str(BIN)), (DATA, str(data)),
                     (HUB_ADDRESS, f"127.0.0.1:{port}")):
        line = line.replace(old, new)
    env = {}
    for item in shlex.split(service.get("Environment", "")):
        key, _, value = item.partition("=")
        env[key] = value.replace(DATA, str(data))
    return shlex.split(line), env


def render_site(text: str, *, data: Path, hub_port: int, https_port: int, http_port: int,
                certs: Path, logs: Path, acme: Path) -> str:
    """The site file with this machine's paths and ports; each replaced value must be in
    it, so a changed site file fails here instead of being tested half."""
    lines = [ln for ln in text.splitlines() if not ln.strip().startswith("listen [::]")]
    text = "\n".join(lines) + "\n"
    for old, new in (("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
                     ("listen 80;", f"listen 127.0.0.1:{http_port};"),
                     ("hub.example.org", HOST), (DATA, str(data)),
                     (HUB_ADDRESS, f"127.0.0.1:{hub_port}"),
                     ("/etc/ssl/quartier-hub", str(certs)), ("/var/log/nginx", str(logs)),
                     ("/var/www/letsencrypt", str(acme))):
        assert old in text, f"{SITE.name} no longer contains {old!r}"
        text = text.replace(old, new)
    return text


def main_conf(prefix: Path, site: Path) -> str:
    """nginx.conf of the temporary instance: Debian's defaults that matter, the site."""
    temp = "\n".join(f"    {kind}_temp_path {prefix / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    return (f"{user}daemon off;\nworker_processes 1;\npid {prefix / 'nginx.pid'};\n"
            f"error_log {prefix / 'error.log'} warn;\n"
            "events { worker_connections 512; }\n"
            "http {\n    include /etc/nginx/mime.types;\n"
            "    default_type application/octet-stream;\n    sendfile on;\n"
            "    tcp_nopush on;\n    keepalive_requests 100000;\n"
            f"    access_log {prefix / 'access.log'};\n{temp}\n"
            f"    include {site};\n}}\n")


def self_signed(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-subj", f"/CN={HOST}",
                    "-addext", f"subjectAltName=DNS:{HOST}", "-days", "2",
                    "-keyout", str(folder / "privkey.pem"),
                    "-out", str(folder / "fullchain.pem")],
                   check=True, capture_output=True, timeout=60)


def _wait_until(check, what: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} ended with {proc.returncode}")
        with contextlib.suppress(OSError, requests.RequestException):
            if check():
                return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {START_TIMEOUT_S} s")


def _stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Stack:
    data: Path
    prefix: Path
    hub_port: int
    https_port: int
    http_port: int
    hub_log: Path

    @property
    def base(self) -> str:
        return f"https://{HOST}:{self.https_port}"

    @property
    def ca(self) -> str:
        return str(self.prefix / "certs" / "fullchain.pem")

    def access_log(self) -> list[str]:
        return (self.prefix / "logs" / "quartier-hub.access.log").read_text().splitlines()


def hub_toml(data: Path, https_port: int) -> None:
    base = f"https://{HOST}:{https_port}"
    data.mkdir(parents=True, exist_ok=True)
    (data / "hub.toml").write_text(
        f'[hub]\nbase_url = "{base}/hub"\npublished_url = "{base}/inhalte"\n'
        "serve_published = false\nbehind_proxy = true\n"
        # the daily publish is due at any moment until it has run once today
        'publish_time = "00:00"\n', encoding="utf-8")


def seed_demo(data: Path) -> None:
    """The demo hub (accounts, sites, entries, terminals, one publish), in this process."""
    from hub import context, create_app, demo

    app = create_app({"DATA_DIR": data})
    with app.app_context():
        demo.seed(context.db(), context.paths(), context.settings(), context.now(),
                  context.today())


@contextlib.contextmanager
def running(data: Path, prefix: Path, https_port: int) -> Iterator[Stack]:
    """Run gunicorn (the unit's command) and nginx (the site) for the hub in `data`."""
    hub_port, http_port = free_port(), free_port()
    stack = Stack(data, prefix, hub_port, https_port, http_port, prefix / "gunicorn.log")
    for sub in ("logs", "acme"):
        (prefix / sub).mkdir(exist_ok=True)
    self_signed(prefix / "certs")
    site = prefix / "site.conf"
    site.write_text(render_site(SITE.read_text(), data=data, hub_port=hub_port,
                                https_port=https_port, http_port=http_port,
                                certs=prefix / "certs", logs=prefix / "logs",
                                acme=prefix / "acme"))
    (prefix / "nginx.conf").write_text(main_conf(prefix, site))
    argv, env = unit_command(UNIT, data, hub_port)
    with open(stack.hub_log, "wb") as log:
        hub = subprocess.Popen(argv, env={**os.environ, **env}, stdout=log,
                               stderr=subprocess.STDOUT, cwd=prefix)
    nginx = None
    try:
        _wait_until(lambda: requests.get(f"http://127.0.0.1:{hub_port}/healthz",
                                         timeout=2).ok, "gunicorn", hub)
        nginx = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _wait_until(lambda: requests.get(f"{stack.base}/hub/healthz", verify=stack.ca,
                                          timeout=2).ok, "nginx", nginx)
        yield stack
    finally:
        if nginx is not None:
            _stop(nginx, signal.SIGQUIT)
        _stop(hub)


@contextlib.contextmanager
def demo_stack() -> Iterator[Stack]:
    """The demo hub (seeded, published) under gunicorn behind nginx, in a temporary
    folder that is removed afterwards."""
    prefix = private_tmp()
    try:
        data = prefix / "data"
        https_port = free_port()
        hub_toml(data, https_port)
        seed_demo(data)
        with running(data, prefix, https_port) as stack:
            yield stack
    finally:
        shutil.rmtree(prefix, ignore_errors=True)
