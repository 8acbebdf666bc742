"""quartier-sync: the feed's command line (DESIGN.md section 4).

Exit codes: 0 success, 1 an operation failed, 2 bad usage or bad input.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from sync import feed as feedlib
from sync.errors import SyncError


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quartier-sync",
                                     description="Quartier-Kiosk content feed")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a feed.json against format 1")
    check.add_argument("file", type=Path)
    check.set_defaults(run=_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one quartier-sync command; return the exit code."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = _parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
