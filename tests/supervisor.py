"""A stand-in for systemd's service manager where systemd is not PID 1 (this machine, CI):
it reads a unit file's [Service] section and runs its ExecStart= the way systemd would for
the settings the terminal's units use, so tests and benchmarks exercise the real units.

Honoured: ExecStart= (paths replaced through `substitute`), Environment=, %t,
RuntimeDirectory= ($RUNTIME_DIRECTORY), Type=notify (a $NOTIFY_SOCKET; the service is
"ready" at READY=1), TimeoutStartSec= (no READY=1 in time: killed), WatchdogSec=
($WATCHDOG_USEC; no WATCHDOG=1 for that long after READY=1: SIGABRT, as systemd's default
WatchdogSignal=, then SIGKILL after TimeoutAbortSec=/TimeoutStopSec=), Restart=always|
on-failure|no with RestartSec=, StartLimitBurst= in StartLimitIntervalSec= (0: no limit)
which leaves the service "failed" like systemd, and KillMode=control-group (the process
group here: what the main process started dies with it).
Not honoured: User=, sandboxing, ordering. `overrides` and `env` work like a drop-in
([Service]/[Unit] settings and Environment= lines that come after the unit's own).
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shlex
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

_SPAN = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|sec|min|h)?")
_UNITS = {None: 1.0, "s": 1.0, "sec": 1.0, "ms": 0.001, "min": 60.0, "h": 3600.0}


def seconds(text: str) -> float:
    """A systemd time span ("30", "5min", "2s", "1min 30s", "infinity") in seconds."""
    if text.strip() == "infinity":
        return float("inf")
    total = 0.0
    for number, unit in _SPAN.findall(text):
        total += float(number) * _UNITS[unit or None]
    return total


def read_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """{section: {key: [values in order]}}; an empty assignment resets the list."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = sections.setdefault("", {})
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        values = current.setdefault(key.strip(), [])
        if value.strip():
            values.append(value.strip())
        else:
            values.clear()
    return sections


@dataclass
class Event:
    at: float          # time.monotonic()
    kind: str          # start, ready, watchdog, exit, start-timeout, watchdog-timeout, failed
    detail: str = ""


class Supervisor:
    """Run one unit until stop(); `events` records what happened (thread-safe append)."""

    def __init__(self, unit: Path, *, substitute: dict[str, str] | None = None,
                 overrides: dict[str, str] | None = None, env: dict[str, str] | None = None,
                 log: Path | None = None) -> None:
        sections = read_unit(unit)
        service = {k: v[-1] for k, v in sections.get("Service", {}).items() if v}
        service.update(overrides or {})
        unit_section = {k: v[-1] for k, v in sections.get("Unit", {}).items() if v}
        unit_section.update(overrides or {})
        command = service["ExecStart"].lstrip("-+@!:")
        for old, new in (substitute or {}).items():
            command = command.replace(old, new)
        self._tmp = tempfile.TemporaryDirectory(prefix="supervisor-")
        runtime = Path(self._tmp.name) / "run"
        runtime.mkdir()
        self.env = dict(os.environ)
        for assignment in sections.get("Service", {}).get("Environment", []):
            for word in shlex.split(assignment):
                key, _, value = word.partition("=")
                self.env[key] = value.replace("%t", str(runtime))
        self.env.update(env or {})
        if service.get("RuntimeDirectory"):
            directory = runtime / service["RuntimeDirectory"]
            directory.mkdir()
            self.env["RUNTIME_DIRECTORY"] = str(directory)
        self.argv = shlex.split(command.replace("%t", str(runtime)))
        self.notify = service.get("Type", "simple") == "notify"
        self.restart = service.get("Restart", "no")
        self.restart_s = seconds(service.get("RestartSec", "0.1"))
        self.start_timeout = seconds(service.get("TimeoutStartSec", "90"))
        self.watchdog_s = seconds(service.get("WatchdogSec", "0"))
        self.abort_s = seconds(service.get("TimeoutAbortSec",
                                           service.get("TimeoutStopSec", "90")))
        self.limit_interval = seconds(unit_section.get("StartLimitIntervalSec", "10"))
        self.limit_burst = int(unit_section.get("StartLimitBurst", "5"))
        self.log = log
        self.events: list[Event] = []
        self.pid: int | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket_path = Path(self._tmp.name) / "notify"
        self._socket.bind(str(self._socket_path))

    # -- use ------------------------------------------------------------------------------

    def __enter__(self) -> Supervisor:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        self._socket.close()
        self._tmp.cleanup()

    def kill(self, sig: int = signal.SIGKILL) -> float:
        """Send `sig` to the main process; return the moment it was sent."""
        assert self.pid is not None, "nothing running"
        at = time.monotonic()
        os.kill(self.pid, sig)
        return at

    def wait_for(self, kind: str, *, after: float = 0.0, timeout: float = 60.0) -> Event:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in list(self.events):
                if event.kind == kind and event.at >= after:
                    return event
            time.sleep(0.01)
        raise TimeoutError(f"no {kind!r} within {timeout} s; events: {self.events}")

    # -- the manager ----------------------------------------------------------------------

    def _record(self, kind: str, detail: str = "") -> Event:
        event = Event(time.monotonic(), kind, detail)
        self.events.append(event)
        return event

    def _spawn(self) -> subprocess.Popen:
        env = dict(self.env)
        if self.notify:
            env["NOTIFY_SOCKET"] = str(self._socket_path)
        if self.watchdog_s:
            env["WATCHDOG_USEC"] = str(int(self.watchdog_s * 1e6))
        out = self.log.open("ab") if self.log else subprocess.DEVNULL
        proc = subprocess.Popen(self.argv, env=env, stdout=out, stderr=out,
                                start_new_session=True)
        if self.log:
            out.close()
        self.pid = proc.pid
        self._record("start", str(proc.pid))
        return proc

    def _run(self) -> None:
        starts: list[float] = []
        while not self._stop.is_set():
            now = time.monotonic()
            starts = [t for t in starts if self.limit_interval == 0 or
                      now - t < self.limit_interval]
            if self.limit_interval and len(starts) >= self.limit_burst:
                self._record("failed", "start limit hit")
                return
            starts.append(now)
            proc = self._spawn()
            code = self._supervise(proc)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            self._record("exit", str(code))
            failed = code != 0
            if self._stop.is_set() or self.restart == "no" or \
                    (self.restart == "on-failure" and not failed):
                return
            self._stop.wait(self.restart_s)

    def _supervise(self, proc: subprocess.Popen) -> int:
        started = time.monotonic()
        ready = not self.notify
        last_ping = started
        while True:
            code = proc.poll()
            if code is not None:
                return code
            if self._stop.is_set():
                self._terminate(proc, signal.SIGTERM)
                return proc.wait()
            readable, _, _ = select.select([self._socket], [], [], 0.02)
            if readable:
                for line in self._socket.recv(4096).decode(errors="replace").splitlines():
                    if line == "READY=1" and not ready:
                        ready, last_ping = True, time.monotonic()
                        self._record("ready")
                    elif line == "WATCHDOG=1":
                        last_ping = time.monotonic()
                        self._record("watchdog")
            now = time.monotonic()
            if not ready and now - started > self.start_timeout:
                self._record("start-timeout")
                self._terminate(proc, signal.SIGTERM)
            elif ready and self.watchdog_s and now - last_ping > self.watchdog_s:
                self._record("watchdog-timeout")
                self._terminate(proc, signal.SIGABRT)

    def _terminate(self, proc: subprocess.Popen, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=self.abort_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
