"""CSV files the hub hands out (counters for programme reporting), safe to open in a
spreadsheet program: one writer for every export.

A cell that starts like a formula – "=", "+", "-", "@" (and their full-width forms), a tab
or a carriage return – is written with a leading apostrophe, so Excel and LibreOffice show
it as text instead of running it (CSV injection: a counter name from a terminal such as
"=HYPERLINK(…)"). Numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from numbers import Number

from flask import Response

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def csv_cell(value: object) -> object:
    """One cell: None as empty, numbers as they are, text defused."""
    if value is None:
        return ""
    if isinstance(value, Number) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_response(header: list[str], rows: Iterable[Iterable[object]], filename: str
                 ) -> Response:
    """A download: semicolon-separated (what German spreadsheet programs expect), UTF-8 with
    a BOM so that umlauts open correctly, every cell through csv_cell."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in [header, *rows]:
        writer.writerow([csv_cell(v) for v in row])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})
