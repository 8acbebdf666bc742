"""quartier-update: the terminal's software updates (sync/update.py, docs/install.md).

    quartier-update check    [--config FILE]            which release the ring gets; verify it
    quartier-update apply    [--config FILE] [--force]  install it (only inside [update] window;
                                                        --force: now, and also a release that
                                                        was switched back before)
    quartier-update rollback [--config FILE]            back to the release before
    quartier-update status   [--config FILE] [--json]   what runs, what happened last, and why

apply and rollback need root (quartier-update.timer runs apply). Exit codes: 0 done or
nothing to do, 1 refused, failed or switched back (the reason is in `status`), 2 bad
usage or a wrong kiosk.toml. Messages are German; the log is English.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sync import update_state as states
from sync.config import Config, load_config
from sync.errors import BusyError, ConfigError, SyncError
from sync.update_install import Slots


def report(config: Config) -> dict[str, Any]:
    """The state file plus what is on disk, for `status` (and --json)."""
    from sync.update import window_words

    root = Path(config.update.root)
    slots = Slots(root)
    current = slots.current()
    state = states.load(root)
    previous = slots.resolve(state.get("previous"))
    return {**state, "root": str(root), "ring": config.update.ring,
            "window": config.update.window, "window_words": window_words(config),
            "current": {"folder": slots.name(current), "version": slots.version_of(current)},
            "previous": {"folder": slots.name(previous),
                         "version": slots.version_of(previous)}}


def text(rep: dict[str, Any], tz: ZoneInfo) -> str:
    """The report in German, one fact per line."""
    def when(iso: str | None) -> str:
        if not iso:
            return "noch nie"
        return f"{datetime.fromisoformat(iso).astimezone(tz):%d.%m.%Y, %H:%M} Uhr"

    current, previous = rep["current"], rep["previous"]
    lines = [f"Software:          {current['version'] or 'unbekannt'}"
             f" ({current['folder'] or 'keine Verknüpfung current'})",
             f"Für den Weg zurück: {previous['version'] or 'nichts aufbewahrt'}"
             + (f" ({previous['folder']})" if previous["folder"] else ""),
             f"Ring:              {rep['ring']}"
             + (f" – soll {rep['target']} bekommen" if rep.get("target") else ""),
             f"Zeitfenster:       {rep['window_words']}"]
    result = states.RESULT_WORDS.get(rep.get("last_result") or "", "–")
    lines.append(f"Letzte Prüfung:    {when(rep.get('last_check'))} – {result}")
    error = rep.get("last_error")
    if error:
        lines.append(f"Grund:             {error.get('german') or error.get('reason')}")
    for version, why in (rep.get("refused") or {}).items():
        lines.append(f"Nicht wieder:      {version} – {why.get('german')}")
    for entry in (rep.get("history") or [])[:3]:
        lines.append(f"Gewechselt:        {when(entry['at'])}: {entry['from'] or '–'} → "
                     f"{entry['to'] or '–'} ({states.RESULT_WORDS.get(entry['result'], '')})")
    return "\n".join(lines)


def _run(args: argparse.Namespace, config: Config) -> int:
    if args.command == "status":
        rep = report(config)
        print(json.dumps(rep, indent=1, ensure_ascii=False) if args.json
              else text(rep, ZoneInfo(config.kiosk.timezone)))
        return 0
    from sync.update import Updater

    updater = Updater(config)
    if args.command == "check":
        outcome = updater.check()
    elif args.command == "apply":
        outcome = updater.apply(force=args.force)
    else:
        outcome = updater.rollback()
    print(outcome.german, file=sys.stdout if outcome.exit_code == 0 else sys.stderr)
    return outcome.exit_code


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="quartier-update",
                                 description="Software-Updates dieses Terminals.")
    ap.add_argument("--verbose", action="store_true")
    sub = ap.add_subparsers(dest="command", required=True)
    for name, words in (("check", "welches Release der Ring bekommt (nur prüfen)"),
                        ("apply", "das Release des Rings installieren"),
                        ("rollback", "zurück auf das vorherige Release"),
                        ("status", "was läuft und was zuletzt geschah")):
        p = sub.add_parser(name, help=words)
        p.add_argument("--config", type=Path, help="kiosk.toml (Standard: "
                       "/etc/quartier-kiosk/kiosk.toml)")
        if name == "apply":
            p.add_argument("--force", action="store_true",
                           help="auch außerhalb des Zeitfensters und ein zurückgenommenes "
                                "Release")
        if name == "status":
            p.add_argument("--json", action="store_true")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        config = load_config(args.config)
        return _run(args, config)
    except ConfigError as exc:
        print(f"quartier-update: {exc.german} ({exc})", file=sys.stderr)
        return 2
    except BusyError:
        print("quartier-update: Ein anderes Update läuft gerade.", file=sys.stderr)
        return 1
    except SyncError as exc:
        print(f"quartier-update: {exc.german}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
