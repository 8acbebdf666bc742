"""Usage counts from real taps (kiosk.usage, kiosk.counters): what a visit counts, and
that the stored counts hold hours and sums only – two visits that see the same screens in
another order leave the same file."""

from __future__ import annotations

import re
import sqlite3

import pytest

from kiosk.counters import Counters
from kiosk.nav import Route
from kiosk.usage import Usage
from sync import counters as store
from tests.screens.gui.conftest import NOW, frames, tap
from tests.screens.gui.test_app import find, targets

HOUR = store.hour_of(NOW)


@pytest.fixture(autouse=True)
def _own_usage(app):
    """Each test counts into a folder of its own; the app's counters come back after."""
    kept = app.usage
    yield
    app.usage = kept


def _fresh_counters(app, folder):
    app.usage = Usage(Counters(folder, app.clock))
    return app.usage.counters


def test_usage_a_visit_counts_screens_entries_codes_and_settings(app, tmp_path):
    counters = _fresh_counters(app, tmp_path)
    app.show(app.nav.home())      # the fixture's Start, now counted by these counters
    tap(find(app, "tile:week"), clock=app.fake_clock)
    row = targets(app, "row:")[0]
    entry = row.target.removeprefix("row:")
    tap(row, clock=app.fake_clock)
    tap(find(app, "pager:qr"), clock=app.fake_clock)
    kind = app.shown.code.kind
    tap(find(app, "bar:textsize"), clock=app.fake_clock)
    tap(find(app, "bar:textsize"), clock=app.fake_clock)
    tap(find(app, "bar:contrast"), clock=app.fake_clock)
    tap(find(app, "bar:read"), clock=app.fake_clock)
    tap(find(app, "bar:read"), clock=app.fake_clock)       # Stopp: not a second use
    tap(find(app, "bar:home"), clock=app.fake_clock)
    tap(find(app, "tile:category:mitmachen"), clock=app.fake_clock)
    counts = {(kind_, key): n for (hour, kind_, key), n in counters.pending_counts().items()
              if hour == HOUR}
    assert counts[("visit", "")] == 1
    assert counts[("screen", "home")] == 2 and counts[("screen", "list:week")] == 1
    assert counts[("screen", "detail")] == 1 and counts[("entry", entry)] == 1
    assert counts[("qr", kind)] == 1
    assert counts[("text_size", "1")] == 1 and counts[("text_size", "2")] == 1
    assert counts[("contrast", "high")] == 1 and counts[("speech", "")] == 1
    assert counts[("screen", "poll")] == 1 and counts[("poll_shown", "lindenplatz")] == 1
    app.prefs.speech = False


def _visit(app, order: list[str]) -> None:
    app.end_visit()
    tap(find(app, "attract"), clock=app.fake_clock)
    for route in order:
        screen, _, key = route.partition(" ")
        app.go(Route(screen, key))
        frames()
    app.show(app.nav.home())


def _stored(folder) -> list[tuple]:
    with sqlite3.connect(folder / store.FILE) as conn:
        return sorted(conn.execute("SELECT period, kind, key, n FROM counts"))


def test_usage_stored_counts_hold_hours_and_no_order_of_screens(app, tmp_path):
    screens = ["list week", "detail lb-mittagstisch", "list today", "poll lindenplatz",
               "detail lb-konzert", "privacy datenschutz"]
    rows = []
    for name, order in (("a", screens), ("b", list(reversed(screens)))):
        folder = tmp_path / name
        counters = _fresh_counters(app, folder)
        _visit(app, order)
        _visit(app, order[1:] + order[:1])
        counters.flush()
        rows.append(_stored(folder))
    assert rows[0] == rows[1]        # the same screens in another order: the same file
    assert {period for period, *_ in rows[0]} == {HOUR}
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}", period) for period, *_ in rows[0])
    with sqlite3.connect(tmp_path / "a" / store.FILE) as conn:
        assert [r[1] for r in conn.execute("PRAGMA table_info(counts)")] == [
            "period", "kind", "key", "n"]
