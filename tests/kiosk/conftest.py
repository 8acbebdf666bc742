"""Fixtures for the kiosk tests: a real espeak-ng engine for the speech tests."""

from __future__ import annotations

import pytest

from kiosk.speech import EspeakEngine


@pytest.fixture
def espeak() -> EspeakEngine:
    return EspeakEngine("de", 0.9)
