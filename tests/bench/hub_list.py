"""Benchmarks of the hub: the entries list of a site with about 200 entries.

    list_page_ms              GET /eintraege, 200 entries like the demo's (median of 7)
    list_page_ms_worst_rule   the same with 20 of them on the worst rule the form accepts
                              (target < 500): FREQ=DAILY with every BY* part that keeps it
                              at one date a day and no date for years after its first ones,
                              no end – each list view scans three years of days for it

The hub runs on a real data folder through Flask's test client at a fixed moment.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from hub import context, create_app
from hub.auth import password_hasher
from hub.forms import schedule_form
from hub.forms.fields import FormState
from hub.queries import entries as entry_q
from hub.queries import sites as site_q
from hub.queries import users as user_q
from sync.demo import demo_source

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
ENTRIES = 200
WORST = 20
PASSWORD = "ein-langes-passwort"
# 29 February on a Monday: 2016, then 2044. Its first date lies within four years of the
# start, so the form takes it; from NOW the next one is beyond the list's three years.
WORST_RULE = "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO;BYHOUR=10;BYMINUTE=0;BYSECOND=0"
WORST_START = "2016-02-01"


def _form_accepts(rule: str) -> bool:
    state = FormState({"date_start": WORST_START, "time_start": "10:00", "time_end": "11:00",
                       "repeat": "rule", "rrule": rule})
    return schedule_form.parse(state, required=True) is not None and state.ok


def _seed(app: object, worst: int, rule: str) -> None:
    with app.app_context():  # type: ignore[attr-defined]
        db = context.db()
        site_q.create(db, "bench", "Bench-Treff", "Benchdorf", NOW)
        user_q.create(db, "admin@bench.example", password_hasher(True).hash(PASSWORD),
                      "admin", [], NOW)
        demo = [e for e in demo_source(date(2026, 12, 1))["entries"]]
        for i in range(ENTRIES):
            data = {k: v for k, v in demo[i % len(demo)].items()
                    if k not in ("id", "image", "place_id") and v is not None}
            data["title"] = f"{data['title'][:50]} {i}"
            if i < worst:
                data["schedule"] = {"start": f"{WORST_START}T10:00",
                                    "end": f"{WORST_START}T11:00", "rrule": rule}
            entry_q.save(db, f"eintrag-{i}", "bench", data, sharing="site", share_sites=[],
                         now=NOW, user="bench")


def page_ms(seed: Callable[[object], None], url: str, moment: datetime,
            check: Callable[[str], bool], runs: int = 7) -> float:
    """Median milliseconds of GET `url` as the admin, in a hub on a fresh data folder
    seeded by `seed(app)` (which creates admin@bench.example with PASSWORD), its clock at
    `moment`; `check(page)` must hold for every answer."""
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATA_DIR": Path(tmp) / "hub", "TESTING": True,
                          "WTF_CSRF_ENABLED": False, "HUB_FAST_HASH": True,
                          "HUB_CLOCK": lambda: moment})
        seed(app)
        client = app.test_client()
        client.post("/anmelden", data={"email": "admin@bench.example", "password": PASSWORD})
        assert client.get(url).status_code == 200  # warm: templates, SQLite
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200 and check(response.text), url
    return round(statistics.median(timings), 1)


def list_page_ms(worst: int = 0, rule: str = WORST_RULE, runs: int = 7) -> float:
    """Median milliseconds of GET /eintraege with `worst` entries on `rule`."""
    return page_ms(lambda app: _seed(app, worst, rule), "/eintraege", NOW,
                   lambda page: "eintrag-199" in page, runs)


def run() -> dict[str, float]:
    assert _form_accepts(WORST_RULE), "the worst rule must be one the form accepts"
    return {"list_page_ms": list_page_ms(0),
            "list_page_ms_worst_rule": list_page_ms(WORST)}
