"""Benchmark of the hub's login under a password-guessing burst: a real `quartier-hub serve`
with the production argon2 parameters (64 MiB per check) and an account made by
`quartier-hub add-user`; 30 clients send a wrong password for that account at the same
moment (each with its own session and CSRF token, as browsers would).

    login_parallel_peak_mb       peak resident memory of the hub process (VmHWM, which
                                 includes start-up) during the burst (target < 400)
    login_parallel_idle_mb       its resident memory just before the burst
    login_parallel_refused       answers that refused the attempt (429/503) instead of
                                 checking the password
    login_parallel_s             wall time of the whole burst
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

EMAIL = "verwaltung@bench.example"
PASSWORD = "Lindenblatt-Brunnen-Kaffee-42"
CLIENTS = 30
START_TIMEOUT_S = 60


def _status_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{key} missing in /proc/{pid}/status")


def _start(data: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "hub", "serve", "--data", str(data),
                             "--port", "0", "--no-scheduler"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env={**os.environ})
    deadline = time.monotonic() + START_TIMEOUT_S
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        match = re.search(r"läuft: (http://\S+?)/ ", line)
        if match:
            return proc, match.group(1)
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError("quartier-hub serve did not start")


def _form_session(url: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    page = session.get(f"{url}/anmelden", timeout=30).text
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if not match:
        raise RuntimeError("no CSRF token on the login page")
    return session, match.group(1)


def _burst(url: str) -> tuple[list[int], float]:
    clients = [_form_session(url) for _ in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)
    codes: list[int] = []

    def attempt(session: requests.Session, token: str) -> None:
        barrier.wait()
        response = session.post(f"{url}/anmelden", timeout=120, allow_redirects=False,
                                data={"csrf_token": token, "email": EMAIL,
                                      "password": "falsch-geraten-123"})
        codes.append(response.status_code)

    threads = [threading.Thread(target=attempt, args=client) for client in clients]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(150)
    return codes, time.perf_counter() - start


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as name:
        data = Path(name) / "hub"
        subprocess.run([sys.executable, "-m", "hub", "add-user", "--data", str(data),
                        "--email", EMAIL, "--role", "admin", "--password-stdin"],
                       input=PASSWORD + "\n", text=True, check=True, capture_output=True)
        proc, url = _start(data)
        try:
            idle = _status_mb(proc.pid, "VmRSS")
            codes, seconds = _burst(url)
            peak = _status_mb(proc.pid, "VmHWM")
        finally:
            proc.terminate()
            proc.wait(30)
    if len(codes) != CLIENTS:
        raise RuntimeError(f"only {len(codes)} of {CLIENTS} logins were answered")
    return {
        "login_parallel_peak_mb": round(peak, 1),
        "login_parallel_idle_mb": round(idle, 1),
        "login_parallel_refused": sum(code in (429, 503) for code in codes),
        "login_parallel_s": round(seconds, 2),
    }
