"""Shared fixtures: aware Berlin datetimes, small valid feeds, the demo feed, temp paths."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from sync.demo import demo_source
from sync.source import build_feed
from tests.helpers import berlin, entry, make_feed

# Kivy reads these at import; tests that import Kivy must not touch ~/.kivy or argv.
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")

# -- the date check ---------------------------------------------------------------------------
# Tests never depend on today's date: each fixes its clock (the injected clocks, `--now`,
# or time-machine). `make test-dates` proves it by running the tests that involve dates
# again with Python's clock moved to five awkward moments (QK_AMBIENT_NOW, see
# tests/dates.py); a test that reads the real clock somewhere then fails there.
# Date logic at their heart, and quick: run 5 more times by make test (tests/dates.py). The
# hub's form, entry, preview and publishing tests fix their clocks too, but take minutes
# each run; the 20-minute budget of CI leaves them to the one ordinary run.
DATE_SENSITIVE = {
    "tests/hub/test_fleet.py", "tests/hub/test_freshness.py", "tests/hub/test_ical_import.py",
    "tests/hub/test_sessions.py",
    "tests/kiosk/test_hours.py", "tests/kiosk/test_qr_payloads.py", "tests/kiosk/test_store.py",
    "tests/kiosk/test_text_spoken.py", "tests/kiosk/test_text_written.py",
    "tests/kiosk/test_text_written_dates.py", "tests/kiosk/test_views.py",
    "tests/kiosk/test_session.py", "tests/kiosk/test_frames.py", "tests/kiosk/test_nav.py",
    "tests/sync/test_apply.py", "tests/sync/test_demo.py", "tests/sync/test_feed.py",
    "tests/sync/test_ics.py", "tests/sync/test_publish.py", "tests/sync/test_source.py",
    "tests/sync/test_state.py", "tests/sync/test_heartbeat.py", "tests/sync/test_recurrence.py",
}


# Tests that time real processes against each other (a kill at a random moment, a whole
# terminal started under a deadline): `make test` runs them alone after the parallel run,
# so the other worker's load cannot make them miss their moment.
SERIAL = {
    "tests/sync/test_pull.py::test_pull_killed_at_random_moments_leaves_old_or_new_content",
    "tests/test_demo_flow.py",
    "tests/kiosk/test_speech_prerender.py",
}


# The longest test files, started first: with `-n 2 --dist loadfile` a file started last
# would keep one worker busy after the other has finished (the tour alone takes minutes).
FIRST = ("tests/screens/test_tour.py", "tests/hub/test_properties.py",
         "tests/deploy/test_release_update.py", "tests/test_end_to_end.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::")[0]
        return FIRST.index(path) if path in FIRST else len(FIRST)

    items.sort(key=rank)   # stable: the order within each file stays
    for item in items:
        path = item.nodeid.split("::")[0]
        if path in DATE_SENSITIVE:
            item.add_marker(pytest.mark.dates)
        if path in SERIAL or item.nodeid.split("[")[0] in SERIAL:
            item.add_marker(pytest.mark.serial)


@pytest.fixture(scope="session", autouse=True)
def _ambient_clock() -> Iterator[None]:
    """With QK_AMBIENT_NOW set, move Python's clock there (ticking) for the whole run."""
    moment = os.environ.get("QK_AMBIENT_NOW")
    if not moment:
        yield
        return
    import time_machine

    with time_machine.travel(datetime.fromisoformat(moment), tick=True):
        yield


@pytest.fixture
def at() -> Callable[..., datetime]:
    return berlin


@pytest.fixture
def feed_entry() -> Callable[..., dict]:
    return entry


@pytest.fixture
def feed_doc() -> Callable[..., dict]:
    return make_feed


DEMO_DAY = date(2026, 12, 1)  # a Tuesday


@pytest.fixture(scope="session")
def demo_feed() -> dict:
    """The built-in demo content as a feed, published on Tuesday 1 December 2026, 8:00."""
    return build_feed(demo_source(DEMO_DAY), version=7, now=berlin(2026, 12, 1, 8))


@pytest.fixture
def demo_doc(demo_feed: dict) -> dict:
    return copy.deepcopy(demo_feed)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "kiosk.sqlite"
