"""quartier-hub: run the staff editor and manage it from the command line.

    quartier-hub serve [--data DIR] [--host H] [--port P] [--demo]
    quartier-hub add-user --data DIR --email E --role admin|editor [--site S] [--password-stdin]
    quartier-hub add-site --data DIR --id ID --name NAME [--town T]
    quartier-hub import-ics --data DIR --site S [--category C] FILE|URL
    quartier-hub publish --data DIR [--site S]
    quartier-hub seed-demo --data DIR

Messages for staff are German. Exit codes: 0 success, 1 an operation failed (network,
publishing), 2 bad usage or bad input (the message says what and where).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import signal
import sqlite3
import sys
from pathlib import Path
from types import FrameType

from flask import Flask

from hub import auth, context
from hub.config import default_data_dir
from hub.errors import HubError, InputError

log = logging.getLogger("hub")
DEFAULT_PORT = 8080


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quartier-hub",
                                     description="Quartier-Hub: Inhalte für die Terminals.")
    sub = parser.add_subparsers(dest="command", required=True)

    def data_arg(p: argparse.ArgumentParser, required: bool) -> None:
        p.add_argument("--data", type=Path, required=required,
                       help="Datenordner des Hubs (Standard: $QUARTIER_HUB_DATA oder "
                            "~/.local/share/quartier-hub)")

    serve = sub.add_parser("serve", help="den Hub starten")
    data_arg(serve, False)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--demo", action="store_true",
                       help="einen leeren Hub mit Demo-Inhalten und Demo-Konten füllen")
    serve.add_argument("--no-scheduler", action="store_true",
                       help="ohne tägliches Veröffentlichen (für Tests)")

    user = sub.add_parser("add-user", help="ein Konto anlegen")
    data_arg(user, True)
    user.add_argument("--email", required=True)
    user.add_argument("--role", required=True, choices=["admin", "editor"])
    user.add_argument("--site", action="append", default=[],
                      help="Begegnungsstätte der Redaktion (mehrfach möglich)")
    user.add_argument("--password-stdin", action="store_true",
                      help="das Passwort aus der ersten Zeile der Standardeingabe lesen")

    site = sub.add_parser("add-site", help="eine Begegnungsstätte anlegen")
    data_arg(site, True)
    site.add_argument("--id", required=True, dest="site_id")
    site.add_argument("--name", required=True)
    site.add_argument("--town", default="")

    ics = sub.add_parser("import-ics", help="einen Kalender (Datei oder URL) einlesen")
    data_arg(ics, True)
    ics.add_argument("--site", required=True)
    ics.add_argument("--category", default="", help="Bereich für neue Einträge")
    ics.add_argument("source", metavar="FILE|URL")

    publish = sub.add_parser("publish", help="jetzt veröffentlichen")
    data_arg(publish, True)
    publish.add_argument("--site", action="append", default=[])

    demo = sub.add_parser("seed-demo", help="einen leeren Hub mit Demo-Inhalten füllen")
    data_arg(demo, True)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    data = (args.data or default_data_dir()).expanduser().resolve()
    try:
        from hub import create_app

        app = create_app({"DATA_DIR": data})
        if args.command == "serve":
            return _serve(app, args)
        with app.app_context():
            return COMMANDS[args.command](args)
    except HubError as exc:
        print(f"quartier-hub: {exc}", file=sys.stderr)
        return exc.exit_code
    except (OSError, sqlite3.Error) as exc:
        from hub import health

        if not health.is_storage_error(exc):
            raise
        log.error("storage problem: %s: %s", type(exc).__name__, exc)
        where = getattr(exc, "filename", None) or data / "hub.sqlite"
        print(f"quartier-hub: {health.MESSAGES[health.diagnose(exc, data)]} ({where}: "
              f"{getattr(exc, 'strerror', None) or exc})", file=sys.stderr)
        return 1


def _add_user(args: argparse.Namespace) -> int:
    from hub.forms.fields import FormState
    from hub.forms.user_form import check
    from hub.queries import sites as site_q
    from hub.queries import users as user_q

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Passwort: ")
        if password != getpass.getpass("Passwort wiederholen: "):
            raise InputError("Die beiden Passwörter stimmen nicht überein.")
    db = context.db()
    state = FormState({"email": args.email, "role": args.role, "sites": args.site,
                       "password": password})
    unknown = [s for s in args.site if site_q.get(db, s) is None]
    if unknown:
        raise InputError(f"--site {unknown[0]}: diese Begegnungsstätte gibt es nicht. "
                         "Anlegen mit: quartier-hub add-site")
    checked = check(state, db, new=True)
    if checked is None:
        field, message = next(iter(state.errors.items()))
        option = {"email": "--email", "role": "--role", "sites": "--site",
                  "password": "Passwort"}.get(field, field)
        raise InputError(f"{option}: {message}")
    email, role, sites = checked
    user_q.create(db, email, auth.hasher().hash(password), role, sites, context.now())
    print(f"Konto angelegt: {email} ({'Verwaltung' if role == 'admin' else 'Redaktion'}"
          f"{': ' + ', '.join(sites) if sites else ''})")
    return 0


def _add_site(args: argparse.Namespace) -> int:
    from hub.forms.fields import FieldError, check_slug
    from hub.queries import sites as site_q

    try:
        site_id = check_slug(args.site_id)
    except FieldError as exc:
        raise InputError(f"--id: {exc}") from exc
    db = context.db()
    if site_q.get(db, site_id):
        raise InputError(f"--id {site_id}: diese Kennung ist schon vergeben.")
    site_q.create(db, site_id, args.name.strip(), args.town.strip(), context.now())
    print(f"Begegnungsstätte angelegt: {args.name.strip()} ({site_id})")
    return 0


def _import_ics(args: argparse.Namespace) -> int:
    from hub.errors import CalendarFetchError
    from hub.ical_import import import_calendar, read_source

    try:
        text, label = read_source(args.source, context.settings())
    except CalendarFetchError as exc:  # technicians see why (staff see one sentence)
        print(f"quartier-hub: {exc} (technisch: {exc.detail})", file=sys.stderr)
        return exc.exit_code
    report = import_calendar(context.db(), context.settings(), args.site, text,
                             source=label, category=args.category or None,
                             now=context.now(), user="quartier-hub import-ics")
    print(report.words())
    return 0


def _publish(args: argparse.Namespace) -> int:
    from hub.publish_problems import line
    from hub.publishing import publish_sites, summary_words

    outcome = publish_sites(context.db(), context.paths(), context.settings(),
                            args.site or None, now=context.now(), user="quartier-hub publish",
                            trigger="cli")
    for site in outcome.sites:
        state = "neue Version" if site.changed else "unverändert, Version"
        print(f"{site.name}: {state} {site.version} – {summary_words(site.summary)}")
        for problem in site.skipped:
            print(f"  {line(problem)}")
    for failure in outcome.failed:
        print(f"quartier-hub: {failure.message}", file=sys.stderr)
    return 1 if outcome.failed else 0


def _seed_demo(_args: argparse.Namespace) -> int:
    _print_demo(_seed(), None)
    return 0


def _seed() -> list | None:
    from hub import demo

    return demo.seed(context.db(), context.paths(), context.settings(), context.now(),
                     context.today())


def _print_demo(logins: list | None, hub_url: str | None) -> None:
    from hub import demo

    if logins is None:
        print("Der Hub hat schon Inhalte; die Demo-Daten wurden nicht noch einmal angelegt.")
        logins = [demo.DemoLogin(demo.ADMIN, demo.PASSWORD, "admin")]
    print("Demo-Anmeldung:")
    for login in logins:
        role = "Verwaltung" if login.role == "admin" else "Redaktion"
        print(f"  E-Mail: {login.email}  Passwort: {login.password}  ({role})")
    if hub_url:
        for path in demo.write_kiosk_configs(context.paths(), hub_url):
            print(f"  Terminal-Konfiguration: {path}")


def _check_published() -> None:
    from hub.publish_check import check_published

    check_published(context.db(), context.paths(), context.settings(), context.now())


def _serve(app: Flask, args: argparse.Namespace) -> int:
    from werkzeug.serving import make_server

    from hub.scheduler import DailyPublisher

    try:
        server = make_server(args.host, args.port, app, threaded=True)
    except OSError as exc:
        print(f"quartier-hub: {args.host}:{args.port} ist nicht verfügbar ({exc.strerror}). "
              "Anderen Port wählen: --port", file=sys.stderr)
        return 1
    url = f"http://{args.host}:{server.server_port}"  # --port 0: a free port
    with app.app_context():
        if args.demo:
            _print_demo(_seed(), url)
        _check_published()
    scheduler = None if args.no_scheduler else DailyPublisher(app)
    if scheduler:
        scheduler.start()

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
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


COMMANDS = {"add-user": _add_user, "add-site": _add_site, "import-ics": _import_ics,
            "publish": _publish, "seed-demo": _seed_demo}


if __name__ == "__main__":
    sys.exit(main())
