"""Benchmark of the terminal's usage counters while the hub is unreachable: 30 days of a
busy terminal (an injected clock; visits every 10 minutes from 9 to 18 o'clock, each with
screens, detail views of 60 entries, QR codes, Vorlesen and a vote) counted by the kiosk's
API, and every 30 minutes a real heartbeat to a closed port on 127.0.0.1 (refused, so
nothing is confirmed and deleted).

    counter_rows_after_30_days_offline      rows of counters.sqlite at the end
    counter_periods_after_30_days_offline   hours and days in it (bound: 169 + 53)
    counter_periods_bound                   HOUR_DAYS · 24 + 1 hours + the days up to
                                            KEEP_DAYS that are older than HOUR_DAYS
    counter_file_kb_after_30_days_offline   size of the file
    counter_heartbeat_rows                  rows the next heartbeat would carry
"""

from __future__ import annotations

import logging
import random
import socket
import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from kiosk.counters import Counters
from sync import counters, heartbeat
from sync.config import load_config

DAYS = 30
START = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)


class _Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _config(folder: Path):
    path = folder / "kiosk.toml"
    path.write_text(f'[terminal]\nsite = "bank"\nid = "bank-1"\ntoken = "t"\n'
                    f'[sync]\nfeed_url = "http://127.0.0.1:9/feed.json"\n'
                    f'[paths]\ndata = "daten"\n'
                    f'[hub]\nurl = "http://127.0.0.1:{_closed_port()}"\ntimeout_s = 2\n',
                    "utf-8")
    return load_config(path)


def _visit(usage: Counters, rng: random.Random) -> None:
    usage.count("screen", "home")
    usage.count("screen", rng.choice(["list:today", "list:week", "list:category:treffen"]))
    for _ in range(rng.randint(1, 4)):
        usage.count("screen", "detail")
        usage.count("entry", f"eintrag-{rng.randrange(60)}")
    if rng.random() < 0.3:
        usage.count("qr", rng.choice(["termin", "anrufen", "weg"]))
    if rng.random() < 0.4:
        usage.count("speech")
    if rng.random() < 0.2:
        usage.count("text_size", "2")
    usage.count("poll_shown", "lindenplatz")
    usage.vote("lindenplatz", rng.choice(["baenke", "schatten", "brunnen"]))
    usage.new_visit()


def run() -> dict[str, float]:
    logging.getLogger("sync.heartbeat").setLevel(logging.ERROR)
    rng = random.Random(30)
    with tempfile.TemporaryDirectory(prefix="bench-counters-") as tmp:
        config = _config(Path(tmp))
        clock = _Clock()
        usage = Counters(config.data_dir, clock)
        end = START + timedelta(days=DAYS)
        with requests.Session() as session:
            while clock.now < end:
                local_hour = (clock.now.hour + 1) % 24
                if 9 <= local_hour < 18:
                    _visit(usage, rng)
                usage.tick()
                if clock.now.minute % 30 == 0:
                    heartbeat.send(config, session, state={}, now=clock.now)
                clock.now += timedelta(minutes=10)
        usage.flush()
        path = config.data_dir / counters.FILE
        with sqlite3.connect(path) as conn:
            rows = conn.execute("SELECT count(*) FROM counts").fetchone()[0]
            periods = [p for (p,) in conn.execute("SELECT DISTINCT period FROM counts")]
        size_kb = path.stat().st_size / 1000
        pending = len(counters.pending(path, end))
    bound = counters.HOUR_DAYS * 24 + 1 + (counters.KEEP_DAYS - counters.HOUR_DAYS + 1)
    return {"counter_rows_after_30_days_offline": rows,
            "counter_periods_after_30_days_offline": len(periods),
            "counter_periods_bound": bound,
            "counter_file_kb_after_30_days_offline": round(size_kb, 1),
            "counter_heartbeat_rows": pending}
