"""Benchmarks of the hub as a service (deploy/hub/, docs/hub.md "Scale").

    nginx_304_per_s            conditional GETs of a feed.json answered 304 per second by
                               the production nginx site (one worker, TLS, access log on)
                               on 127.0.0.1, measured with wrk (Debian): 2 threads, 32
                               keep-alive connections, 10 s. wrk and nginx share this
                               machine's 2 cores.
    nginx_304_new_tls_per_s    the same, but every request on a new TLS connection
                               ("Connection: close"): what terminals cost that open a
                               connection per pull
    backup_s_10k_entries       `quartier-hub backup` of a hub with 10,000 entries (the demo
                               hub with pictures plus 10,000 entries of demo content):
                               median of 3 runs
    backup_mb_10k_entries      the size of that backup
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import requests

from tests.deploy import hub_stack

WRK_SECONDS = 10
ENTRIES = 10_000


def _wrk(url: str, headers: list[str]) -> float:
    args = ["wrk", "-t2", "-c32", f"-d{WRK_SECONDS}s", "--latency", url]
    for header in headers:
        args[1:1] = ["-H", header]
    result = subprocess.run(args, capture_output=True, text=True, timeout=WRK_SECONDS + 60,
                            check=True)
    if "Non-2xx or 3xx responses" in result.stdout:
        raise RuntimeError(f"wrk saw errors:\n{result.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)[1])


def nginx_304() -> dict[str, float]:
    if shutil.which("wrk") is None or not Path(hub_stack.NGINX).exists():
        raise RuntimeError("wrk and nginx are needed: deploy/system-deps.sh dev")
    with hub_stack.demo_stack() as stack:
        url = f"{stack.base}/inhalte/sites/lindenbach-alte-schule/feed.json"
        first = requests.get(url, verify=stack.ca, timeout=10)
        etag = first.headers["ETag"]
        again = requests.get(url, verify=stack.ca, timeout=10,
                             headers={"If-None-Match": etag})
        assert again.status_code == 304, again.status_code
        keep_alive = _wrk(url, [f"If-None-Match: {etag}"])
        fresh = _wrk(url, [f"If-None-Match: {etag}", "Connection: close"])
        statuses = {line.split('" ')[1].split()[0] for line in stack.access_log()[-100:]}
        assert statuses == {"304"}, statuses
    return {"nginx_304_per_s": round(keep_alive), "nginx_304_new_tls_per_s": round(fresh)}


def _hub_with_entries(data: Path) -> None:
    from hub import context, create_app, demo
    from hub.queries import entries as entry_q

    app = create_app({"DATA_DIR": data, "HUB_FAST_HASH": True})
    with app.app_context():
        db = context.db()
        now = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
        demo.seed(db, context.paths(), context.settings(), now, now.date())
        samples = entry_q.shown_at(db, [demo.SITE])
        with db.atomic():
            for n in range(ENTRIES):
                sample = samples[n % len(samples)]["data"]
                data = {**sample, "title": f"{sample['title'][:50]} {n}",
                        "summary": f"{n}: {sample['summary']}"[:240]}
                entry_q.save(db, f"bench-{n:05d}", demo.SITE, data,
                             sharing="site", share_sites=[], now=now, user="bench")


def backup_10k() -> dict[str, float]:
    from hub.backup import create

    folder = Path(hub_stack.private_tmp())
    try:
        _hub_with_entries(folder / "data")
        times, size = [], 0
        for run in range(3):
            out = folder / f"b{run}.tar.gz"
            started = time.perf_counter()
            create(folder / "data", out, datetime.now(UTC))
            times.append(time.perf_counter() - started)
            size = out.stat().st_size
            out.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"backup_s_10k_entries": round(statistics.median(times), 2),
            "backup_mb_10k_entries": round(size / 1e6, 1)}


def run() -> dict[str, float]:
    return {**nginx_304(), **backup_10k()}


if __name__ == "__main__":
    print(run())
