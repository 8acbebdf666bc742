"""quartier-kiosk: the terminal's command line (DESIGN.md section 4).

    quartier-kiosk [--config FILE] [--demo] [--windowed] [--print]
    quartier-kiosk tour --out DIR [--demo] [--config FILE] [--size WxH] [--scale N]
    quartier-kiosk prerender [--config FILE]     the speech cache, run by the sync daemon
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import datetime, time
from pathlib import Path

from kiosk.clock import TZ, system_clock
from sync import profiles
from sync.config import Config, load_config
from sync.errors import SyncError

log = logging.getLogger("kiosk")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quartier-kiosk",
                                     description="Quartier-Kiosk terminal")
    parser.add_argument("--config", type=Path, help="kiosk.toml (default: the system file)")
    parser.add_argument("--demo", action="store_true", help="show the built-in demo content")
    parser.add_argument("--windowed", action="store_true",
                        help="development: a normal window, cursor visible, no lockdown")
    parser.add_argument("--print", dest="print_only", action="store_true",
                        help="print today's and this week's listing instead of a window")
    parser.add_argument("--verbose", action="store_true", help="log Kivy's messages too")
    commands = parser.add_subparsers(dest="command")
    tour = commands.add_parser("tour", help="render every screen to PNG and tour.json")
    tour.add_argument("--out", type=Path, required=True)
    tour.add_argument("--demo", action="store_true", dest="tour_demo")
    tour.add_argument("--config", type=Path, dest="tour_config")
    tour.add_argument("--size", help="window sizes WxH[,WxH], e.g. 1080x1920 "
                                     "(default: the configured panel and its rotation)")
    tour.add_argument("--scale", type=float, default=1.0, help="scale of the PNG files")
    tour.add_argument("--now", help="render as if it were these ISO times, comma-separated "
                                    "(Europe/Berlin; default: today at 10:05 and 17:30)")
    tour.add_argument("--themes", default="normal,high",
                      help="comma-separated themes to render (default: both)")
    tour.add_argument("--sizes", default="0,1,2",
                      help="comma-separated text sizes to render (default: all three)")
    tour.add_argument("--verbose", action="store_true", dest="tour_verbose")
    prerender = commands.add_parser(
        "prerender", help="synthesize the speech of every entry into the cache (no display)")
    prerender.add_argument("--config", type=Path, dest="prerender_config")
    return parser


# The default tour: a morning with offers open now, and an afternoon when today is over.
TOUR_TIMES = ((10, 5), (17, 30))


def _sizes(text: str | None, config: Config) -> list[tuple[int, int]]:
    """The window sizes of a tour: --size, or the panel in both orientations."""
    if not text:
        width, height = config.screen.width_px, config.screen.height_px
        return [(width, height)] + ([(height, width)] if width != height else [])
    return [_size(part) for part in text.split(",")]


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError as exc:
        raise SyncError(f"--size {text!r}: expected WIDTHxHEIGHT, e.g. 1080x1920") from exc
    if not (320 <= width <= 8000 and 320 <= height <= 8000):
        raise SyncError(f"--size {text!r}: each side must be between 320 and 8000 pixels")
    return width, height


def _times(text: str | None) -> list[datetime]:
    """The clock times of a tour: --now, or today's morning and afternoon."""
    if not text:
        today = system_clock().date()
        return [datetime.combine(today, time(h, m), tzinfo=TZ) for h, m in TOUR_TIMES]
    try:
        return [datetime.fromisoformat(part).replace(tzinfo=TZ) for part in text.split(",")]
    except ValueError as exc:
        raise SyncError(f"--now {text!r}: expected ISO times, e.g. 2026-12-08T10:05") from exc


def _prepare(config_path: Path | None, demo: bool, now: datetime) -> tuple[Config, Path]:
    config = load_config(config_path)
    _check(config)
    if demo:
        from kiosk.demo import default_demo_dir, load_demo

        data_dir = config.data_dir if config_path else default_demo_dir()
        # Demo content is made from this machine's clock, whatever it says; a
        # development machine's clock may never report "synchronised".
        config = load_config(config_path, {"paths": {"data": str(data_dir)},
                                           "clock": {"wait_for_sync": False}})
        load_demo(data_dir, now)
    return config, config.db_path


def main(argv: list[str] | None = None) -> int:
    """Run the terminal (or the tour, or print the listing); return the exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    trouble = None if args.print_only else profiles.problem("terminal", "quartier-kiosk")
    if trouble:  # a hub installation: no Kivy, no speech
        print(trouble, file=sys.stderr)
        return 1
    try:
        if args.command == "tour":
            return _tour(args)
        if args.command == "prerender":
            from kiosk.speech import main_prerender

            return main_prerender(load_config(args.prerender_config or args.config))
        now = system_clock()
        config, db_path = _prepare(args.config, args.demo, now)
    except SyncError as exc:
        print(f"quartier-kiosk: {exc}", file=sys.stderr)
        return 2
    if args.print_only:
        from kiosk.listing import render
        from kiosk.store import Store

        print(render(Store(db_path), now))
        return 0
    return _run(config, db_path, windowed=args.windowed, verbose=args.verbose)


def _check(config: Config) -> None:
    """The terminal's own keys, before a window opens: a mistake is exit 2 with the field
    named, not a crash loop under systemd."""
    from kiosk import display, geometry
    from sync import schedule

    geometry.rotation(config)
    schedule.parse(config.display.on)
    display.choose(config, which=lambda _name: None)


def _run(config: Config, db_path: Path, *, windowed: bool, verbose: bool) -> int:
    from kiosk.geometry import rotation
    from kiosk.kivy_setup import configure

    configure(config.screen.width_px, config.screen.height_px,
              fullscreen=config.screen.fullscreen and not windowed, verbose=verbose,
              rotation=rotation(config))
    from kiosk.app import KioskApp
    from kiosk.store import Store

    KioskApp(config, Store(db_path), lockdown=not windowed).run()
    return 0


def _tour(args: argparse.Namespace) -> int:
    times = _times(args.now)
    demo = args.tour_demo or args.demo
    config, db_path = _prepare(args.tour_config or args.config, demo, times[0])
    sizes = _sizes(args.size, config)
    if not set(args.themes.split(",")) <= {"normal", "high"} or \
            not set(args.sizes.split(",")) <= {"0", "1", "2"}:
        raise SyncError("--themes takes normal,high and --sizes takes 0,1,2")
    from kiosk.xvfb import virtual_display

    width, height = max(w for w, _h in sizes), max(h for _w, h in sizes)
    with virtual_display(width, height):
        from kiosk.kivy_setup import configure

        configure(*sizes[0], fullscreen=False, verbose=args.verbose or args.tour_verbose)
        from kiosk.app import KioskApp
        from kiosk.audio import SilentPlayer
        from kiosk.counters import Counters
        from kiosk.store import Store
        from kiosk.tour import Run, Tour

        clock = _TourClock(times[0])
        app = KioskApp(config, Store(db_path, clock=clock), clock=clock,
                       player=SilentPlayer(), lockdown=False, timers=False, prerender=False,
                       counters=Counters(config.data_dir, clock, keep=False))
        themes = tuple(t for t in args.themes.split(",") if t)
        text_sizes = tuple(int(v) for v in args.sizes.split(",") if v)
        runs = [Run(size, now) for now in times for size in sizes]

        def at(now: datetime) -> None:
            """Set the clock; the demo content is dated from the day of the run."""
            if demo and now.date() != clock.now.date():
                from kiosk.demo import load_demo

                load_demo(config.data_dir, now)
            clock.now = now

        tour = Tour(app, args.out, args.scale, themes=themes, sizes=text_sizes, runs=runs,
                    at=at)
        app.bind(on_start=lambda *_a: tour.start())
        app.run()
    return tour.status


class _TourClock:
    """The tour's clock: fixed, and set anew for each of its runs."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


if __name__ == "__main__":
    sys.exit(main())
