"""The Auswertung: a week of a site with an accessible SVG chart and its table, the figures
from the counters, the CSV for programme reports with formula-safe cells, and the
privacy page with the terminal's own text."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from hub import context, demo
from hub import reports as rep
from hub.queries import entries as entry_q
from hub.queries import terminals as terminal_q
from kiosk.text import privacy
from tests.hub.conftest import EDITOR_A, NOW, login, make_app, unescape


def _record(app, rows: list[dict], terminal: str = "a-1") -> None:
    with app.app_context():
        db = context.db()
        terminal_q.record_counters(db, terminal_q.get(db, terminal), rows, NOW)


def test_reports_week_figures_from_hours_and_days(app):
    # Monday 30 November 2026: local midnight is 29 November, 23:00 UTC.
    _record(app, [
        {"hour": "2026-11-29T22", "visits": 50},                       # Sunday before
        {"hour": "2026-11-29T23", "visits": 2, "speech": 1, "entries": {"a-treff": 3}},
        {"hour": "2026-12-01T09", "visits": 3, "qr": {"termin": 2, "weg": 1},
         "text_size": {"2": 1, "1": 1}, "contrast": {"high": 1},
         "polls": {"a-frage": {"shown": 3, "votes": {"musik": 2}}}},
        {"day": "2026-12-06", "visits": 5, "entries": {"a-treff": 1}},    # merged Sunday
        {"day": "2026-12-07", "visits": 70}])                            # next Monday
    with app.app_context():
        report = rep.week_report(context.db(), "ort-a", date(2026, 11, 30))
    assert report.name == "2026-W49" and report.visits == 10
    assert [n for _, n in report.days] == [2, 3, 0, 0, 0, 0, 5]
    assert (report.speech, report.larger_text, report.high_contrast) == (1, 2, 1)
    assert report.share(report.speech) == 10
    assert report.qr == {"Termin": 2, "Weg": 1} and report.qr_total == 3
    assert report.top_entries == [("Treff in A", 4)]
    (poll,) = report.polls
    assert poll.shown == 3 and poll.answers == [("Mehr Musik", 2, 2), ("Besseren Kaffee", 0, 0)]


def test_reports_page_of_the_demo_has_an_accessible_chart_and_its_table(data_dir, clock):
    app = make_app(data_dir, clock)
    with app.app_context():
        demo.seed(context.db(), context.paths(), context.settings(), NOW, NOW.date(),
                  fast_hash=True)
    client = app.test_client()
    login_demo = client.post("/anmelden", data={"email": demo.EDITOR,
                                                "password": demo.PASSWORD})
    assert login_demo.status_code == 302
    page = unescape(client.get("/auswertung?woche=2026-W48").get_data(as_text=True))
    svg = re.search(r'<svg id="besuche-grafik".*?</svg>', page, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    assert "<title id=\"chart-title\">Besuche je Tag in der Woche 2026-W48</title>" in svg
    assert svg.count("<rect") == 7
    desc = re.search(r"<desc id=\"chart-desc\">(.*?)</desc>", svg, re.S).group(1)
    table = re.search(r'<table class="list" id="besuche-tabelle">.*?</table>', page,
                      re.S).group(0)
    per_day = [int(n) for n in re.findall(r"<td>(\d+)</td></tr>", table)]
    assert len(per_day) == 8 and sum(per_day[:7]) == per_day[7] > 0
    assert [int(n) for n in re.findall(r": (\d+) Besuch", desc)] == per_day[:7]
    assert "Die zehn meistgesehenen Einträge" in page
    assert "Umfrage: Was wünschen Sie sich am Lindenplatz am meisten?" in page
    assert "Was die Zahlen bedeuten – und was nicht" in page


def test_reports_csv_cells_are_formula_safe(app, client):
    with app.app_context():
        db = context.db()
        data = entry_q.get(db, "a-treff")["data"]
        entry_q.save(db, "a-treff", "ort-a", {**data, "title": "=HYPERLINK(\"x\")"},
                     sharing="site", share_sites=[], now=NOW, user="t")
    _record(app, [{"hour": "2026-12-01T07", "visits": 1, "entries": {"a-treff": 2}}])
    login(client, EDITOR_A)
    response = client.get("/auswertung/bericht.csv?site=ort-a&von=2026-W49&bis=2026-W49")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")),
                           delimiter=";"))
    assert rows[0] == rep.CSV_HEADER
    assert ["Treff A", "2026-W49", "2026-11-30", "2026-12-06", "Besuche", "", "1"] in rows
    titles = [r[5] for r in rows if r[4] == "Detailansichten" and r[5] != "alle Einträge"]
    assert titles == ["'=HYPERLINK(\"x\")"]


def test_reports_csv_range_is_bounded(app, client):
    login(client, EDITOR_A)
    text = client.get("/auswertung/bericht.csv?site=ort-a&von=1990-W01&bis=2026-W49"
                      ).get_data(as_text=True)
    weeks = {line.split(";")[1] for line in text.splitlines()[1:]}
    assert len(weeks) == rep.MAX_WEEKS


def test_reports_privacy_page_shows_the_terminals_text(client):
    login(client, EDITOR_A)
    page = unescape(client.get("/datenschutz-terminal").get_data(as_text=True))
    for section in privacy.SECTIONS:
        assert f"<h2>{section.heading}</h2>" in page
        for paragraph in section.paragraphs:
            assert f"<p>{paragraph}</p>" in page


def test_reports_a_week_that_cannot_be_read_is_named(client):
    login(client, EDITOR_A)
    page = unescape(client.get("/auswertung?woche=Dezember").get_data(as_text=True))
    assert "Woche: „Dezember“ ist keine Kalenderwoche" in page
    assert "Woche 2026-W49" in page               # this week instead
    response = client.get("/auswertung/bericht.csv?von=2026-W60")
    assert response.status_code == 400
    assert "von: „2026-W60“ ist keine Kalenderwoche" in response.get_data(as_text=True)
