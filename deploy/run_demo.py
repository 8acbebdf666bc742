"""The whole chain on one machine, for `make demo`: the hub with the demo content, a demo
terminal that syncs from it every `--interval` seconds, and the kiosk.

    python deploy/run_demo.py --data DIR [--port 8765] [--interval 60] [--tour DIR]
                              [--no-window]

1. `quartier-hub serve --demo` (the demo logins are printed), after publishing once more
   if DIR already holds a hub, so the dates start from today;
2. the demo terminal "schule-1": DIR/kiosk.toml (feed URL and key of this hub), one
   `quartier-sync pull`, then `quartier-sync daemon`;
3. with a display, the kiosk in a window (`quartier-kiosk --windowed`); without one, the
   listing as text (`--print`) and, with --tour, every screen rendered to that folder.
Hub and sync keep running until Ctrl+C (or SIGTERM); then every child is stopped.

DIR holds hub/ (the hub's data), terminal/ (the terminal's database and images),
kiosk.toml and logs/. Paths given here are resolved once, never used relative later.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path
from types import FrameType
from typing import IO

BIN = Path(sys.executable).parent
TERMINAL = "schule-1"
EDITOR = "redaktion@lindenbach.example"


class DemoError(Exception):
    """A step of the demo failed; the message says which and where to look."""


class Children:
    """The processes the demo started, stopped in reverse order on exit."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.procs: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, args: list[str], stdout: int | IO | None = None
              ) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("a", encoding="utf-8")
        # A session of their own: Ctrl+C reaches only this script, which stops them in order.
        proc = subprocess.Popen(args, stdout=stdout if stdout is not None else log,
                                stderr=log, text=True, start_new_session=True, env=_env())
        self.procs.append((name, proc))
        return proc

    def stop(self) -> None:
        for _name, proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for _name, proc in reversed(self.procs):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def died(self) -> str | None:
        return next((name for name, proc in self.procs
                     if name in ("hub", "sync") and proc.poll() is not None), None)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1", "KIVY_NO_ARGS": "1"}


def _run(name: str, args: list[str], logs: Path, echo: bool = True) -> str:
    done = subprocess.run(args, capture_output=True, text=True, env=_env(), timeout=600)
    with (logs / f"{name}.log").open("a", encoding="utf-8") as log:
        log.write(done.stdout + done.stderr)
    if echo and done.stdout.strip():
        print(done.stdout.rstrip(), flush=True)
    if done.returncode != 0:
        raise DemoError(f"{name} failed (exit {done.returncode}): {done.stderr.strip()[-800:]}")
    return done.stdout


def _start_hub(children: Children, hub_dir: Path, port: int) -> str:
    proc = children.start("hub", [str(BIN / "quartier-hub"), "serve", "--data", str(hub_dir),
                                  "--port", str(port), "--demo"], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    for line in proc.stdout:
        if "Terminal-Konfiguration" not in line:
            print(line.rstrip(), flush=True)
        match = re.search(r"läuft: (http://\S+?)/? ", line)
        if match:
            # Keep reading its output, so the hub never blocks on a full pipe.
            threading.Thread(target=_drain, args=(proc.stdout, children.logs / "hub.log"),
                             daemon=True).start()
            return match[1]
    proc.wait()
    tail = (children.logs / "hub.log").read_text("utf-8")[-800:]
    raise DemoError(f"the hub did not start (exit {proc.returncode}); "
                    f"another port: --port / make demo DEMO_PORT=…\n{tail}")


def _drain(stream: IO[str], path: Path) -> None:
    with path.open("a", encoding="utf-8") as log:
        for line in stream:
            log.write(line)
            log.flush()


def _toml(doc: dict) -> str:
    """Flat TOML tables of strings, numbers and lists of strings (JSON quoting is valid)."""
    lines = []
    for table, values in doc.items():
        lines.append(f"[{table}]")
        lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}"
                  for key, value in values.items()]
    return "\n".join(lines) + "\n"


DEMO_TOML = "# written by deploy/run_demo.py for this demo's sync interval\n"


def _hub_settings(hub_dir: Path, interval: int) -> None:
    """A hub.toml that accepts the demo terminal's heartbeat after every sync: a hub
    takes one per terminal and 10 s, the demo may sync every few seconds."""
    path = hub_dir / "hub.toml"
    if path.exists() and not path.read_text("utf-8").startswith(DEMO_TOML):
        return  # the user's own settings
    hub_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(DEMO_TOML + _toml({"fleet": {
        "heartbeat_min_interval_s": max(1, min(10, interval // 2))}}), "utf-8")


def _terminal_config(data: Path, interval: int) -> Path:
    """The demo terminal's kiosk.toml: the hub's lines for it, this interval, own folder."""
    written = data / "hub" / "demo" / f"kiosk-{TERMINAL}.toml"
    doc = tomllib.loads(written.read_text("utf-8"))
    doc["sync"]["interval_s"] = interval
    doc["paths"] = {"data": str(data / "terminal")}
    # A development machine's clock may never say "synchronised" (a container, a VM):
    # the demo shows its content anyway (docs/install.md, "Uhr").
    doc["clock"] = {"wait_for_sync": False}
    path = data / "kiosk.toml"
    path.write_text(_toml(doc), "utf-8")
    return path


def run(args: argparse.Namespace) -> int:
    data: Path = args.data.expanduser().resolve()
    logs = data / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    hub_dir = data / "hub"
    children = Children(logs)
    try:
        _hub_settings(hub_dir, args.interval)
        if (hub_dir / "hub.sqlite").exists():
            print("Publishing the demo again, so its dates start today:", flush=True)
            _run("publish", [str(BIN / "quartier-hub"), "publish", "--data", str(hub_dir)], logs)
        url = _start_hub(children, hub_dir, args.port)
        config = _terminal_config(data, args.interval)
        _run("pull", [str(BIN / "quartier-sync"), "pull", "--config", str(config)], logs,
             echo=False)
        children.start("sync", [str(BIN / "quartier-sync"), "daemon", "--config", str(config)])
        print(f"\nHub: {url}/  (log in as {EDITOR}, password Demo-Passwort-2026)\n"
              f"Terminal {TERMINAL}: {config}, syncs every {args.interval} s\n", flush=True)
        _show_kiosk(children, config, args)
        print(f"Demo running. Edit and publish in the hub ({url}/); the terminal has it "
              f"within {args.interval} s. Stop with Ctrl+C.", flush=True)
        while (name := children.died()) is None:
            time.sleep(0.5)
        raise DemoError(f"{name} stopped unexpectedly; see {logs / (name + '.log')}")
    except KeyboardInterrupt:
        print("\nStopping the demo …", flush=True)
        return 0
    except DemoError as exc:
        print(f"run_demo: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        children.stop()


def _show_kiosk(children: Children, config: Path, args: argparse.Namespace) -> None:
    kiosk = str(BIN / "quartier-kiosk")
    if not args.no_window and (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print("Opening the terminal in a window (close it to leave hub and sync running).",
              flush=True)
        children.start("kiosk", [kiosk, "--config", str(config), "--windowed"]).wait()
        return
    print(_run("kiosk", [kiosk, "--config", str(config), "--print"], children.logs,
               echo=False), flush=True)
    if args.tour:
        tour = args.tour.expanduser().resolve()
        print(f"No display: rendering every screen to {tour} …", flush=True)
        _run("tour", [kiosk, "tour", "--config", str(config), "--out", str(tour),
                      "--themes", "normal", "--sizes", "0", "--scale", "0.5"], children.logs,
             echo=False)
        print(f"{len(list(tour.glob('*.png')))} screens in {tour} (open the PNG files).\n",
              flush=True)


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Hub, sync and kiosk of the demo together.")
    parser.add_argument("--data", type=Path, required=True, help="folder for all demo data")
    parser.add_argument("--port", type=int, default=8765, help="the hub's port (0: any)")
    parser.add_argument("--interval", type=int, default=60, help="sync interval in seconds")
    parser.add_argument("--tour", type=Path, help="without a display: render the screens here")
    parser.add_argument("--no-window", action="store_true", help="never open the kiosk window")
    args = parser.parse_args(argv)
    for sig in (signal.SIGTERM, signal.SIGINT):  # SIGINT too: a background job ignores it
        signal.signal(sig, _stop)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
