"""Benchmark of the publish page: what will change, for a site with 2,000 entries.

    publish_pending_list_ms   GET /veroeffentlichen for a site with 2,000 released entries
                              after 50 were changed, 20 added and 10 deleted since the last
                              publish (target < 300; median of 7): the page exports the
                              site as the next publish would and compares the entries'
                              digests with the snapshot of the last one

The hub runs on a real data folder through Flask's test client at a fixed moment.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hub import context
from hub.auth import password_hasher
from hub.publishing import publish_sites
from hub.queries import entries as entry_q
from hub.queries import sites as site_q
from hub.queries import users as user_q
from sync.demo import demo_source
from tests.bench.hub_list import PASSWORD, page_ms

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
ENTRIES = 2000
CHANGED, ADDED, DELETED = 50, 20, 10


def _data(demo: list[dict], i: int) -> dict:
    data = {k: v for k, v in demo[i % len(demo)].items()
            if k not in ("id", "image", "place_id", "poll_id") and v is not None}
    data["title"] = f"{data['title'][:50]} {i}"
    return data


def _seed(app: object) -> None:
    with app.app_context():  # type: ignore[attr-defined]
        db = context.db()
        site_q.create(db, "bench", "Bench-Treff", "Benchdorf", NOW)
        user_q.create(db, "admin@bench.example", password_hasher(True).hash(PASSWORD),
                      "admin", [], NOW)
        demo = demo_source(date(2026, 12, 1))["entries"]
        with db.atomic():
            for i in range(ENTRIES):
                entry_q.save(db, f"eintrag-{i}", "bench", _data(demo, i), sharing="site",
                             share_sites=[], now=NOW, user="bench")
        publish_sites(db, context.paths(), context.settings(), ["bench"], now=NOW,
                      user="bench", trigger="bench")
        later = NOW + timedelta(minutes=10)
        for i in range(CHANGED):
            data = _data(demo, i)
            data["summary"] = f"Geändert: {data['summary']}"[:240]
            entry_q.save(db, f"eintrag-{i}", "bench", data, sharing="site", share_sites=[],
                         now=later, user="bench")
        for i in range(ENTRIES, ENTRIES + ADDED):
            entry_q.save(db, f"eintrag-{i}", "bench", _data(demo, i), sharing="site",
                         share_sites=[], now=later, user="bench")
        for i in range(ENTRIES - DELETED, ENTRIES):
            entry_q.delete(db, f"eintrag-{i}", later, "bench")


def publish_pending_list_ms(runs: int = 7) -> float:
    """Median milliseconds of GET /veroeffentlichen with the pending changes listed."""
    return page_ms(_seed, "/veroeffentlichen", NOW + timedelta(minutes=20),
                   lambda page: page.count("<li>") >= CHANGED + ADDED + DELETED, runs)


def run() -> dict[str, float]:
    return {"publish_pending_list_ms": publish_pending_list_ms()}
