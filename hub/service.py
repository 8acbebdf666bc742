"""The hub's long-running processes: `quartier-hub serve` (Werkzeug's threaded server with
the daily publish as a thread) and `quartier-hub scheduler` (the daily publish alone).
Both check the published tree at start and repair a feed whose signature does not match.

In production the editor runs under gunicorn (`hub.wsgi`, deploy/hub/systemd/) and the
daily publish in its own process (quartier-hub-scheduler.service there): one scheduler
however many server processes there are, and a restart of one does not touch the other.
Both stop cleanly on SIGTERM (exit 0).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType

from flask import Flask

from hub.scheduler import DailyPublisher


def _stop_on_sigterm() -> None:
    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def check_published(app: Flask) -> None:
    """At start: every live feed/signature pair verifies, or is repaired (hub.publish_check)."""
    from hub import context
    from hub.publish_check import check_published as check

    check(context.db(), context.paths(), context.settings(), context.now())


def serve(app: Flask, args: argparse.Namespace, demo_hook: Callable[[str], None]) -> int:
    """Run Werkzeug's threaded server (and the daily publish unless --no-scheduler)."""
    from werkzeug.serving import make_server

    try:
        server = make_server(args.host, args.port, app, threaded=True)
    except OSError as exc:
        print(f"quartier-hub: {args.host}:{args.port} ist nicht verfügbar ({exc.strerror}). "
              "Anderen Port wählen: --port", file=sys.stderr)
        return 1
    url = f"http://{args.host}:{server.server_port}"  # --port 0: a free port
    with app.app_context():
        if args.demo:
            demo_hook(url)
        check_published(app)
    scheduler = None if args.no_scheduler else DailyPublisher(app)
    if scheduler:
        scheduler.start()
    _stop_on_sigterm()
    print(f"Quartier-Hub läuft: {url}/ (Daten: {app.config['HUB_PATHS'].data}). "
          "Beenden mit Strg+C.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if scheduler:
            scheduler.stop()
    print("Quartier-Hub beendet.")
    return 0


def run_scheduler(app: Flask) -> int:
    """Run only the daily publish until SIGTERM or Ctrl+C."""
    with app.app_context():
        check_published(app)
    scheduler = DailyPublisher(app)
    scheduler.start()
    _stop_on_sigterm()
    hub = app.config["HUB_SETTINGS"]["hub"]
    print(f"Quartier-Hub: tägliches Veröffentlichen um {hub['publish_time']} Uhr "
          f"(Daten: {app.config['HUB_PATHS'].data}). Beenden mit Strg+C.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        scheduler.stop()
    print("Quartier-Hub: tägliches Veröffentlichen beendet.")
    return 0
