"""Benchmarks of the terminal store: applying a big feed, answering "today"."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from kiosk.clock import system_clock
from kiosk.store import Store
from sync.apply import apply_feed
from tests.bench.data import big_feed


def run() -> dict[str, float]:
    now = system_clock()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "kiosk.sqlite"
        apply_feed(db_path, big_feed(now, version=1))  # schema + warm file
        timings = []
        for version in (2, 3, 4):
            doc = big_feed(now, version=version)
            start = time.perf_counter()
            apply_feed(db_path, doc)  # validation included, as on a terminal
            timings.append(time.perf_counter() - start)
        store = Store(db_path)
        cold_start = time.perf_counter()
        store.today(now)
        cold = (time.perf_counter() - cold_start) * 1000
        warm = []
        for _ in range(200):
            start = time.perf_counter()
            store.today(now)
            warm.append((time.perf_counter() - start) * 1000)
        store.close()
    return {
        "apply_2000_s": round(statistics.median(timings), 3),
        "query_today_ms": round(statistics.median(warm), 3),
        "query_today_cold_ms": round(cold, 3),
    }
