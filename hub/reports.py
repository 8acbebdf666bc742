"""The "Auswertung": a site's usage figures for one week (Monday to Sunday, local time)
from the terminals' hourly counters, a bar chart of the visits per day as SVG geometry,
and the rows of the CSV export for programme reports.

Counter periods are UTC hours ("2026-12-01T14") or, for counts a terminal merged while
the hub was unreachable, UTC days ("2026-11-20"). A week's periods are those from the UTC
hour of its first local midnight up to (not including) the next Monday's: as text, a
day compares inside that range exactly when it is one of the week's dates, because local
midnight is 22:00 or 23:00 UTC of the day before.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import sqlite_utils

from hub.context import BERLIN
from hub.queries import entries as entry_q
from hub.queries import polls as poll_q
from hub.queries import terminals as terminal_q
from kiosk.qr import LABELS as QR_LABELS
from sync.counters import hour_of

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
TOP_ENTRIES = 10
MAX_WEEKS = 110      # one CSV export covers at most about two years


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_name(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str) -> date | None:
    """ "2026-W49" → the Monday of that ISO week; None when it is not a week."""
    try:
        return datetime.strptime(text.strip() + "-1", "%G-W%V-%u").date()
    except ValueError:
        return None


def week_range(monday: date) -> tuple[str, str]:
    """[first, last) as counter periods (see the module's docstring)."""
    start = datetime.combine(monday, time(0), tzinfo=BERLIN)
    end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=BERLIN)
    return hour_of(start), hour_of(end)


def local_day(period: str) -> date:
    if len(period) == 10:
        return date.fromisoformat(period)
    moment = datetime.strptime(period, "%Y-%m-%dT%H").replace(tzinfo=UTC)
    return moment.astimezone(BERLIN).date()


@dataclass
class PollWeek:
    question: str
    shown: int
    answers: list[tuple[str, int, int]]   # (answer, votes this week, votes so far)

    @property
    def votes(self) -> int:
        return sum(a[1] for a in self.answers)


@dataclass
class WeekReport:
    site_id: str
    monday: date
    days: list[tuple[date, int]] = field(default_factory=list)
    visits: int = 0
    speech: int = 0
    larger_text: int = 0
    high_contrast: int = 0
    qr: dict[str, int] = field(default_factory=dict)    # by label ("Termin")
    details: int = 0
    top_entries: list[tuple[str, int]] = field(default_factory=list)
    polls: list[PollWeek] = field(default_factory=list)
    terminals: int = 0

    @property
    def name(self) -> str:
        return week_name(self.monday)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def qr_total(self) -> int:
        return sum(self.qr.values())

    def share(self, part: int) -> int:
        """Percent of the visits, rounded."""
        return round(100 * part / self.visits) if self.visits else 0


def week_report(db: sqlite_utils.Database, site_id: str, monday: date) -> WeekReport:
    first, last = week_range(monday)
    report = WeekReport(site_id, monday)
    per_day: Counter[date] = Counter()
    entries: Counter[str] = Counter()
    qr: Counter[str] = Counter()
    terminals = set()
    for row in terminal_q.site_rows(db, site_id, first, last):
        data = row["data"]
        terminals.add(row["terminal_id"])
        per_day[local_day(row["hour"])] += data.get("visits", 0)
        report.visits += data.get("visits", 0)
        report.speech += data.get("speech", 0)
        report.larger_text += sum(n for k, n in data.get("text_size", {}).items() if k != "0")
        report.high_contrast += data.get("contrast", {}).get("high", 0)
        entries.update(data.get("entries", {}))
        qr.update(data.get("qr", {}))
    report.terminals = len(terminals)
    report.days = [(monday + timedelta(days=i), per_day[monday + timedelta(days=i)])
                   for i in range(7)]
    report.details = sum(entries.values())
    titles = entry_q.titles(db, [e for e, _ in entries.most_common(TOP_ENTRIES)])
    report.top_entries = [(titles.get(e, e), n) for e, n in entries.most_common(TOP_ENTRIES)]
    report.qr = {QR_LABELS.get(k, k): n for k, n in sorted(qr.items())}
    report.polls = _polls(db, site_id, first, last)
    return report


def _polls(db: sqlite_utils.Database, site_id: str, first: str, last: str) -> list[PollWeek]:
    week = poll_q.site_totals(db, site_id, first, last)
    so_far = poll_q.site_totals(db, site_id, "0", last)
    out = []
    for poll_id in sorted(week):
        poll = poll_q.get(db, poll_id)
        if poll is None:
            continue
        answers = [(a["text"], week[poll_id].get(a["id"], 0), so_far[poll_id].get(a["id"], 0))
                   for a in poll["answers"]]
        out.append(PollWeek(poll["question"], week[poll_id].get("", 0), answers))
    return out


# -- the chart -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    w: int
    h: int
    label: str       # "Mo 30.11."
    value: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    base: int        # y of the axis
    bars: list[Bar]
    description: str


def visits_chart(report: WeekReport, width: int = 640, height: int = 280) -> Chart:
    """Bars of the visits per day; the description says every number in words."""
    top, base = 30, height - 50
    peak = max((n for _, n in report.days), default=0) or 1
    slot = (width - 20) // 7
    bars = []
    for i, (day, n) in enumerate(report.days):
        h = round((base - top) * n / peak)
        label = f"{WEEKDAYS[day.weekday()]} {day.day}.{day.month}."
        bars.append(Bar(10 + i * slot + slot // 6, base - h, slot * 2 // 3, h, label, n))
    words = "; ".join(f"{b.label}: {b.value} {'Besuch' if b.value == 1 else 'Besuche'}"
                      for b in bars)
    return Chart(width, height, base, bars, f"Besuche je Tag. {words}.")


# -- CSV -------------------------------------------------------------------------------------

CSV_HEADER = ["Standort", "Woche", "Von", "Bis", "Kennzahl", "Gegenstand", "Wert"]


def csv_rows(report: WeekReport, site_name: str) -> list[list[object]]:
    """The figures of one week, one per line (easy to filter and pivot)."""
    head = [site_name, report.name, report.monday.isoformat(), report.sunday.isoformat()]
    out = [head + ["Besuche", "", report.visits],
           head + ["Besuche mit Vorlesen", "", report.speech],
           head + ["Besuche mit größerer Schrift", "", report.larger_text],
           head + ["Besuche mit starkem Kontrast", "", report.high_contrast],
           head + ["Detailansichten", "alle Einträge", report.details]]
    out += [head + ["Detailansichten", title, n] for title, n in report.top_entries]
    out += [head + ["QR-Codes gezeigt", label, n] for label, n in report.qr.items()]
    for poll in report.polls:
        out.append(head + ["Umfrage gezeigt (Besuche)", poll.question, poll.shown])
        out += [head + ["Umfrage-Stimmen", f"{poll.question} – {text}", week]
                for text, week, _ in poll.answers]
    return out
