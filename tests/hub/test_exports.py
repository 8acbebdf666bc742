"""CSV exports open safely in a spreadsheet: a cell that starts like a formula (=, +, -, @,
tab, carriage return) is written as text, numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest

from hub import context
from hub.exports import csv_cell
from hub.queries import terminals as terminal_q
from tests.hub.conftest import EDITOR_A, login


@pytest.mark.parametrize(("value", "written"), [
    ("=HYPERLINK(\"http://x.example\";\"Klick\")", "'=HYPERLINK(\"http://x.example\";\"Klick\")"),
    ("+49 69 90009000", "'+49 69 90009000"), ("-2+3", "'-2+3"), ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"), ("\r=1+1", "'\r=1+1"), ("＝1+1", "'＝1+1"),
    ("Foyer", "Foyer"), ("", ""), (12, 12), (-3, -3), (2.5, 2.5), (None, ""),
])
def test_exports_cells_that_look_like_formulas_become_text(value, written):
    assert csv_cell(value) == written


def test_exports_counters_csv_is_defused(app, client):
    with app.app_context():
        terminal = terminal_q.get(context.db(), "a-1")
        body = {"terminal": "a-1", "counters": [
            {"hour": "2026-12-01T07", "=cmd|' /C calc'!A0": 1, "tippen": "@SUM(1+1)*cmd",
             "sitzungen": 3}]}
        terminal_q.record_heartbeat(context.db(), terminal, body, context.now())
    login(client, EDITOR_A)
    text = client.get("/geraete/zaehler.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["standort", "terminal", "stunde", "'=cmd|' /C calc'!A0", "sitzungen",
                       "tippen"]
    assert rows[1] == ["ort-a", "a-1", "2026-12-01T07", "1", "3", "'@SUM(1+1)*cmd"]
