"""Shared by the German wording tests (test_text_*.py): the fixed "now" and the
opening hours used both written and spoken."""

from __future__ import annotations

from datetime import date

from sync.model import Hours, HoursException
from tests.helpers import berlin as at

NOW = at(2026, 12, 1, 10, 0)  # Tuesday, 1 December 2026, 10:00

TUE_THU = [Hours("TU", "09:00", "12:00"), Hours("TH", "09:00", "12:00")]
HOLIDAYS = [HoursException(date(2026, 12, 1), date(2026, 12, 4), "nur telefonisch")]
