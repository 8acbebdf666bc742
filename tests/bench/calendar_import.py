"""Benchmark of the calendar import: a municipal calendar of 1,000 events.

    import_ics_1000_events_s        import_calendar() of 1,000 VEVENTs into an empty site
                                    (median of 3, each into a fresh hub): 870 single
                                    events (timed, all-day, with DURATION), 40 weekly series
                                    with EXDATEs and moved or cancelled instances, 20 series
                                    in UTC (expanded into lists), 10 with a THISANDFUTURE
                                    change, 10 without UID
    import_ics_1000_events_again_s  the same calendar imported again (nothing changes)

Every event is read alone, converted, and checked as the publisher will check it
(hub.entry_check), as the hub's daily import does it.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hub import context, create_app
from hub.ical_import import import_calendar
from hub.queries import sites as site_q

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
BERLIN = "TZID=Europe/Berlin"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _event(uid: str, *lines: str, summary: str) -> list[str]:
    head = [f"UID:{uid}"] if uid else []
    return ["BEGIN:VEVENT", *head, "DTSTAMP:20261120T080000Z", *lines,
            f"SUMMARY:{summary}", "DESCRIPTION:Für alle aus dem Quartier. Auskunft: "
            "069 90009 150.", "LOCATION:Rathaus Benchdorf\\, Saal", "END:VEVENT"]


def calendar_text(events: int = 1000) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Benchdorf//Bench//DE"]
    start = datetime(2026, 12, 2, 10, 0)
    series, utc, future, anonymous = 40, 20, 10, 10
    singles = events - series * 2 - utc - future * 2 - anonymous
    for i in range(singles):
        day = start + timedelta(days=i % 110, hours=i % 8)
        if i % 10 == 0:
            lines += _event(f"tag-{i}@bench", f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                            summary=f"Markttag {i}")
        else:
            lines += _event(f"termin-{i}@bench", f"DTSTART;{BERLIN}:{_stamp(day)}",
                            "DURATION:PT1H30M" if i % 3 else
                            f"DTEND;{BERLIN}:{_stamp(day + timedelta(hours=2))}",
                            summary=f"Veranstaltung {i}")
    for i in range(series):
        first = start + timedelta(days=i % 7, hours=i % 6)
        lines += _event(f"reihe-{i}@bench", f"DTSTART;{BERLIN}:{_stamp(first)}",
                        f"DTEND;{BERLIN}:{_stamp(first + timedelta(hours=1))}",
                        "RRULE:FREQ=WEEKLY;COUNT=8",
                        f"EXDATE;{BERLIN}:{_stamp(first + timedelta(weeks=3))}",
                        summary=f"Treff {i}")
        moved = first + timedelta(weeks=2)
        lines += _event(f"reihe-{i}@bench", f"RECURRENCE-ID;{BERLIN}:{_stamp(moved)}",
                        f"DTSTART;{BERLIN}:{_stamp(moved + timedelta(days=1))}",
                        "STATUS:CANCELLED" if i % 2 else "", summary=f"Treff {i}")
    for i in range(utc):
        first = start + timedelta(days=i % 7)
        lines += _event(f"utc-{i}@bench", f"DTSTART:{_stamp(first)}Z",
                        f"DTEND:{_stamp(first + timedelta(hours=1))}Z",
                        "RRULE:FREQ=WEEKLY;COUNT=6", summary=f"Sprechstunde {i}")
    for i in range(future):
        first = start + timedelta(days=i % 7)
        later = first + timedelta(weeks=3)
        lines += _event(f"zukunft-{i}@bench", f"DTSTART;{BERLIN}:{_stamp(first)}",
                        f"DTEND;{BERLIN}:{_stamp(first + timedelta(hours=1))}",
                        "RRULE:FREQ=WEEKLY;COUNT=6", summary=f"Kurs {i}")
        lines += _event(f"zukunft-{i}@bench",
                        f"RECURRENCE-ID;RANGE=THISANDFUTURE;{BERLIN}:{_stamp(later)}",
                        f"DTSTART;{BERLIN}:{_stamp(later + timedelta(hours=2))}",
                        f"DTEND;{BERLIN}:{_stamp(later + timedelta(hours=3))}",
                        summary=f"Kurs {i}")
    for i in range(anonymous):
        day = start + timedelta(days=30 + i)
        lines += _event("", f"DTSTART;{BERLIN}:{_stamp(day)}", summary=f"Ohne UID {i}")
    lines.append("END:VCALENDAR")
    text = "\r\n".join(line for line in lines if line) + "\r\n"
    assert text.count("BEGIN:VEVENT") == events
    return text


def _timed(text: str) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATA_DIR": Path(tmp) / "hub", "TESTING": True,
                          "HUB_FAST_HASH": True, "HUB_CLOCK": lambda: NOW})
        with app.app_context():
            db = context.db()
            site_q.create(db, "bench", "Bench-Treff", "Benchdorf", NOW)
            times = []
            for _ in range(2):
                begin = time.perf_counter()
                report = import_calendar(db, context.settings(), "bench", text,
                                         source="https://benchdorf.example/k.ics",
                                         category=None, now=NOW, user="bench")
                times.append(time.perf_counter() - begin)
                assert not report.refused, report.refused[:3]
            assert len(report.unchanged) == 950, len(report.unchanged)  # 950 UIDs
    return times[0], times[1]


def run() -> dict[str, float]:
    text = calendar_text()
    runs = [_timed(text) for _ in range(3)]
    return {"import_ics_1000_events_s": round(statistics.median(r[0] for r in runs), 2),
            "import_ics_1000_events_again_s": round(statistics.median(r[1] for r in runs), 2)}
