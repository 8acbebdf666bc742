"""quartier-kiosk: the terminal's command line (DESIGN.md section 4)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from kiosk.clock import system_clock
from sync.config import load_config
from sync.errors import SyncError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quartier-kiosk",
                                     description="Quartier-Kiosk terminal")
    parser.add_argument("--config", type=Path, help="kiosk.toml (default: the system file)")
    parser.add_argument("--demo", action="store_true", help="show the built-in demo content")
    parser.add_argument("--print", dest="print_only", action="store_true",
                        help="print today's and this week's listing instead of a window")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the terminal (or print its listing); return the exit code."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = _parser().parse_args(argv)
    try:
        config = load_config(args.config)
        db_path = config.db_path
        if args.demo:
            from kiosk.demo import default_demo_dir, load_demo

            data_dir = config.data_dir if args.config else default_demo_dir()
            db_path = load_demo(data_dir)
    except SyncError as exc:
        print(f"quartier-kiosk: {exc}", file=sys.stderr)
        return 2
    from kiosk.listing import render
    from kiosk.store import Store

    print(render(Store(db_path), system_clock()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
