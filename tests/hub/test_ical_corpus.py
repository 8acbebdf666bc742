"""Every calendar of a public corpus of real-world calendars (the 95 test calendars of
recurring-ical-events 3.8.2, tests/hub/corpus/README.md) imports without a crash and
without a refusal of the whole file, the site publishes afterwards with nothing left
out, and importing it again changes nothing.

Each calendar is imported at the day before its first event, so its dates are within the
horizon and really expanded. What is expected to be refused is listed here exactly; no
file of the corpus is refused whole (only a file that is no calendar, is cut off or is
not UTF-8 would be: tests/hub/test_ical_events.py).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hub import context
from hub.ical_import import import_calendar
from hub.ical_lines import scan
from hub.publishing import publish_sites
from hub.queries import sites as site_q
from tests.hub.conftest import NOW, make_app

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".ics", ".txt"))
# Deliberately broken events: refused alone, with their UID and line.
REFUSED = {
    "bad_rrule_missing_until_event.ics": [
        "Termin „blabla“ (Zeile 9) nicht übernommen: die Regel "
        "„RRULE:FREQ=WEEKLY;UNTL=20191023;BYDAY=TH;WKST=SU“ ist nicht lesbar."],
}
# Lines passed over outside events (a to-do closed with END:VTOOD).
NOTES = {
    "issue_201_test_matrix.ics": [
        "Zeile 11: END:VTOOD passt nicht – erwartet war END:VTODO. Sie wurde übergangen.",
        "Zeile 7 übergangen: BEGIN:VTODO wird nicht abgeschlossen."],
}


@pytest.fixture(scope="module")
def corpus_app(tmp_path_factory):
    """One hub for the whole corpus; every calendar gets a site of its own. In memory
    (/dev/shm) where there is one: publishing 95 sites syncs about 2,000 files to disk,
    which takes half a minute on a slow disk and proves nothing here."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="quartier-corpus-", dir=shm))
    else:
        folder = tmp_path_factory.mktemp("corpus")
    app = make_app(folder / "hub")
    try:
        with app.app_context():
            yield app
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _first_day(text: str) -> datetime:
    """9:00 in Berlin on the day before the calendar's first DTSTART (its events' dates
    lie ahead then); the test clock's moment for a calendar without events."""
    days = [m.group(0) for e in scan(text).events
            if (m := re.search(r"\d{8}", e.values.get("DTSTART", "")))]
    if not days:
        return NOW
    first = datetime.strptime(min(days), "%Y%m%d").replace(hour=8, tzinfo=UTC)
    return first - timedelta(days=1)


def test_ical_corpus_is_complete():
    assert len([f for f in FILES if f.suffix == ".ics"]) == 95
    assert (CORPUS / "README.md").exists() and (CORPUS / "COPYING.LESSER").exists()


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_ical_corpus_calendar_imports_and_publishes(corpus_app, path):
    text = path.read_bytes().decode("utf-8-sig")
    now = _first_day(text)
    db, settings = context.db(), context.settings()
    site = f"k-{FILES.index(path)}"
    site_q.create(db, site, path.stem[:60], "", now)
    report = import_calendar(db, settings, site, text, source=path.name, category=None,
                             now=now, user="test")
    assert report.refused == REFUSED.get(path.name, [])
    assert all(note in report.notes for note in NOTES.get(path.name, []))
    outcome = publish_sites(db, context.paths(), settings, [site], now=now, user="test",
                            trigger="test")
    assert outcome.failed == []
    assert [s.skipped for s in outcome.sites] == [[]]
    assert outcome.sites[0].entries == len(report.new)
    again = import_calendar(db, settings, site, text, source=path.name, category=None,
                            now=now, user="test")
    assert (again.new, again.changed, again.removed) == ([], [], [])
    assert len(again.unchanged) == len(report.new)
