"""quartier-hub: run the staff editor and manage it from the command line.

    quartier-hub serve [--data DIR] [--host H] [--port P] [--demo] [--no-scheduler]
    quartier-hub scheduler [--data DIR]       the daily publish alone (beside gunicorn)
    quartier-hub backup [--data DIR] --out FILE|DIR [--keep-daily N] [--keep-weekly M]
    quartier-hub restore --data DIR [--force] FILE
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
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from hub.config import default_data_dir
from hub.errors import HubError, InputError
from sync import profiles

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

    scheduler = sub.add_parser("scheduler",
                               help="nur das tägliche Veröffentlichen (neben gunicorn)")
    data_arg(scheduler, False)

    backup = sub.add_parser("backup", help="eine Sicherung des Datenordners schreiben")
    data_arg(backup, False)
    backup.add_argument("--out", type=Path, required=True,
                        help="Datei (.tar.gz) oder vorhandener Ordner für die Sicherung")
    backup.add_argument("--keep-daily", type=int, default=0, metavar="N",
                        help="im Ordner von --out die letzte Sicherung der letzten N Tage "
                             "behalten ...")
    backup.add_argument("--keep-weekly", type=int, default=0, metavar="M",
                        help="... und die letzte der letzten M Wochen; ältere löschen")

    restore = sub.add_parser("restore", help="eine Sicherung in einen Datenordner einspielen")
    data_arg(restore, True)
    restore.add_argument("--force", action="store_true",
                         help="auch in einen Datenordner mit Inhalt (der alte Inhalt wird "
                              "beiseitegelegt, nicht gelöscht)")
    restore.add_argument("file", type=Path, metavar="FILE")

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
        if args.command in ("backup", "restore"):  # need none of the hub's packages
            return OPERATIONS[args.command](args, data)
        trouble = profiles.problem("hub", "quartier-hub")
        if trouble:
            print(trouble, file=sys.stderr)
            return 1
        from hub import create_app, service

        app = create_app({"DATA_DIR": data})
        if args.command == "serve":
            return service.serve(app, args, _demo_hook)
        if args.command == "scheduler":
            return service.run_scheduler(app)
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


def _backup(args: argparse.Namespace, data: Path) -> int:
    from hub.backup import create, prune

    if args.keep_daily < 0 or args.keep_weekly < 0:
        raise InputError("--keep-daily und --keep-weekly: eine Zahl ab 0.")
    report = create(data, args.out.expanduser().resolve(), datetime.now(UTC))
    print(f"Sicherung geschrieben: {report.path} ({_decimal(report.bytes / 1e6)} MB, "
          f"{report.files} Dateien, Datenbank geprüft: in Ordnung, "
          f"{report.rows.get('entries', 0)} Einträge) in {_decimal(report.seconds)} s")
    pruned = prune(report.path.parent, args.keep_daily, args.keep_weekly)
    if pruned:
        print(f"Ältere Sicherungen gelöscht ({len(pruned)}): "
              + ", ".join(p.name for p in pruned))
    return 0


def _restore(args: argparse.Namespace, data: Path) -> int:
    from hub.restore import restore

    report = restore(args.file.expanduser().resolve(), data, force=args.force,
                     now=datetime.now(UTC))
    print(f"Wiederhergestellt in {data}: {report.files} Dateien, Prüfsummen und Datenbank "
          f"geprüft ({report.rows.get('entries', 0)} Einträge; Sicherung vom "
          f"{report.created_at}).")
    if report.aside:
        print(f"Der bisherige Inhalt liegt in {report.aside}.")
    print("Danach: den Hub starten und einmal „Alle Begegnungsstätten veröffentlichen“ "
          "(oder quartier-hub publish).")
    return 0


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _add_user(args: argparse.Namespace) -> int:
    from hub import auth, context
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
    from hub import context
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
    from hub import context
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
    from hub import context
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
    from hub import context, demo

    return demo.seed(context.db(), context.paths(), context.settings(), context.now(),
                     context.today())


def _print_demo(logins: list | None, hub_url: str | None) -> None:
    from hub import context, demo

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


def _demo_hook(url: str) -> None:
    """`serve --demo`: seed an empty hub and print the logins (inside an app context)."""
    _print_demo(_seed(), url)


OPERATIONS = {"backup": _backup, "restore": _restore}
COMMANDS = {"add-user": _add_user, "add-site": _add_site, "import-ics": _import_ics,
            "publish": _publish, "seed-demo": _seed_demo}


if __name__ == "__main__":
    sys.exit(main())
