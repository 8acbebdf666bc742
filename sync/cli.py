"""quartier-sync: the feed's command line (DESIGN.md section 4).

    quartier-sync validate FILE
    quartier-sync keygen --out DIR
    quartier-sync publish --source FILE|DIR|demo --key FILE --out DIR [--base-url URL]
    quartier-sync pull [--config FILE]
    quartier-sync daemon [--config FILE]
    quartier-sync status [--config FILE] [--json]

Exit codes: 0 success (also "not modified"), 1 an operation failed (network,
verification, disk), 2 bad usage or bad input (the message names file and field).
Messages to staff are German; logs are English.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

from sync import feed as feedlib
from sync.config import Config, load_config
from sync.errors import ConfigError, KeyFileError, SourceError, SyncError

# Bad input (exit 2) as opposed to an operation that failed (exit 1).
_INPUT_ERRORS = (ConfigError, SourceError, KeyFileError)


def _validate(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        raw = path.read_bytes()
    except OSError as exc:
        print(f"{path}: cannot read ({exc.strerror})", file=sys.stderr)
        return 2
    try:
        feed = feedlib.parse(raw)
    except SyncError as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 2
    occurrences = sum(len(e.occurrences) for e in feed.entries)
    print(f"{path}: valid feed {feed.site} version {feed.version} "
          f"({len(feed.entries)} entries, {occurrences} dates)")
    return 0


def _keygen(args: argparse.Namespace) -> int:
    from sync.signing import keygen

    private, public = keygen(args.out)
    key = public.read_text("ascii").strip()
    print(f"Schlüsselpaar erstellt.\n"
          f"  Privater Schlüssel:   {private}\n"
          f"      geheim halten; nur der Rechner, der veröffentlicht, braucht ihn\n"
          f"  Öffentlicher Schlüssel: {public}\n"
          f"In die kiosk.toml jedes Terminals eintragen:\n"
          f"  [sync]\n  public_keys = [\"{key}\"]")
    return 0


def _publish(args: argparse.Namespace) -> int:
    from sync.publish import publish

    if args.base_url and not args.base_url.startswith(("https://", "http://")):
        print(f"--base-url {args.base_url!r}: bitte eine Adresse mit https:// angeben",
              file=sys.stderr)
        return 2
    for result in publish(args.source, args.key, args.out, args.base_url):
        if result.changed:
            print(f"{result.site}: Version {result.version} veröffentlicht "
                  f"({result.entries} Einträge, {result.feed_bytes} Bytes, "
                  f"{result.pages_written} Seiten geschrieben) – aus {result.file}")
        else:
            print(f"{result.site}: unverändert, Version {result.version} bleibt "
                  f"({result.pages_written} Seiten geschrieben) – aus {result.file}")
    return 0


def _pull(args: argparse.Namespace) -> int:
    from sync.pull import pull

    config = load_config(args.config)
    try:
        result = pull(config)
    except _INPUT_ERRORS:
        raise
    except SyncError as exc:
        print("Synchronisierung fehlgeschlagen – der bisherige Inhalt bleibt sichtbar.\n"
              f"Grund: {exc.german}\n(technisch, {exc.kind}: {exc})", file=sys.stderr)
        return 1
    words = {"updated": "Aktualisiert", "unchanged": "Bereits aktuell",
             "not_modified": "Nicht geändert"}
    print(f"{words[result.outcome]}: Version {result.version}, {result.entries} Einträge "
          f"({result.assets_downloaded} Bilder geladen, {result.bytes_received} Bytes "
          "empfangen).")
    if result.expired:
        print("Achtung: Der Inhalt ist abgelaufen. Bitte die Redaktion informieren.",
              file=sys.stderr)
    return 0


def _daemon(args: argparse.Namespace) -> int:
    from sync.daemon import run

    logging.getLogger().setLevel(logging.INFO)
    config = load_config(args.config)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    run(config, stop)
    return 0


def _status(args: argparse.Namespace) -> int:
    from sync.status import report, text

    config: Config = load_config(args.config)
    rep = report(config)
    if args.json:
        print(json.dumps(rep, indent=1, ensure_ascii=False, sort_keys=True))
    else:
        print(text(rep, ZoneInfo(config.kiosk.timezone)))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quartier-sync",
                                     description="Quartier-Kiosk content feed")
    parser.add_argument("--verbose", action="store_true", help="log more (INFO)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a feed.json against format 1")
    check.add_argument("file", type=Path)
    check.set_defaults(run=_validate)
    keygen = commands.add_parser("keygen", help="write signing.key (private) + signing.pub")
    keygen.add_argument("--out", type=Path, required=True, help="folder for the key pair")
    keygen.set_defaults(run=_keygen)
    pub = commands.add_parser("publish", help="build the signed static tree from a source")
    pub.add_argument("--source", required=True, help="source FILE, DIR of files, or demo")
    pub.add_argument("--key", type=Path, required=True, help="signing.key from keygen")
    pub.add_argument("--out", type=Path, required=True, help="root of the published tree")
    pub.add_argument("--base-url", help="public address of --out, for phone-page links")
    pub.set_defaults(run=_publish)
    for name, run, text in (("pull", _pull, "one sync now"),
                            ("daemon", _daemon, "sync on an interval, send heartbeats"),
                            ("status", _status, "last success, last error, version, clock")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--config", type=Path, help="kiosk.toml (default: the system file)")
        if name == "status":
            sub.add_argument("--json", action="store_true", help="machine-readable")
        sub.set_defaults(run=run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one quartier-sync command; return the exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.run(args)
    except _INPUT_ERRORS as exc:
        print(f"quartier-sync {args.command}: Eingabe fehlerhaft – {exc}", file=sys.stderr)
        return 2
    except SyncError as exc:
        print(f"quartier-sync {args.command}: fehlgeschlagen ({exc.kind}) – {exc}",
              file=sys.stderr)
        return 1
    except OSError as exc:  # disk full, no permission: say where, not a traceback
        print(f"quartier-sync {args.command}: fehlgeschlagen – {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
