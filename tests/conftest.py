"""Shared fixtures: aware Berlin datetimes, small valid feeds, the demo feed, temp paths."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from sync.demo import demo_source
from sync.source import build_feed
from tests.helpers import berlin, entry, make_feed

# Kivy reads these at import; tests that import Kivy must not touch ~/.kivy or argv.
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")


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
