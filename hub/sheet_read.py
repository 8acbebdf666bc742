"""Reading a spreadsheet (XLSX or CSV) into the tables of the template (hub.sheet_columns).

    found = read(raw_bytes)        # [Found(table, sheet, rows, ignored)]

An XLSX is read with openpyxl in read-only mode with `data_only=True`: a formula cell gives
the value the spreadsheet program saved with it, and no formula is ever evaluated (one
without a saved value reads as empty); XML bombs are refused by defusedxml, which
openpyxl uses when it is installed, and zip bombs by the unpacked size. A CSV is UTF-8
(with or without BOM) or, failing that, Windows-1252 as German Excel writes it, separated
by semicolons, commas or tabs. Each sheet's first non-empty row names its columns; the
table is the sheet's name (Dauerangebote, Orte, Ansprechpersonen) or the one whose
columns the row names.

Raises SheetError – and nothing is applied – when the file is no table at all, is larger
than MAX_BYTES, holds more than MAX_ROWS rows in a sheet, or names no table's columns.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from hub.errors import SheetError
from hub.sheet_columns import TABLES, Table

MAX_BYTES = 5_000_000
MAX_ROWS = 1000                 # data rows per sheet
MAX_COLUMNS = 60
MAX_UNPACKED = 60_000_000       # an XLSX is a zip file: its parts unpacked
MAX_CELL = 10_000               # characters of one cell (longer: cut, the field says so)
HEAD_SEARCH = 10                # rows looked at for the column names
MIN_NAMED = 2                   # column names a row must name to be a table's head
GUIDE = "Anleitung"             # the template's sheet of explanations
MAX_SCANNED = 20_000            # rows looked at, empty ones included (Excel's formatted
                                # empty rows at the end of a sheet)


@dataclass
class Found:
    """One table of the file: which one, the sheet's name (XLSX), its rows as (row
    number, column key → text), and the names of columns the hub does not read."""

    table: Table
    sheet: str | None
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def read(raw: bytes) -> list[Found]:
    if len(raw) > MAX_BYTES:
        raise SheetError(f"Die Datei ist größer als {MAX_BYTES // 1_000_000} MB.")
    found = _xlsx(raw) if raw[:4] == b"PK\x03\x04" else _csv(raw)
    if not found:
        raise SheetError("Die Datei enthält keine Tabelle der Vorlage: Die erste Zeile muss "
                         "die Spaltennamen nennen (zum Beispiel „Titel“, „Öffnungszeiten“ "
                         "oder „Name“, „Adresse“). Laden Sie die Vorlage herunter.")
    return found


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().rstrip(":*").strip().casefold()


def _match(names: list[str], title: str | None) -> tuple[Table, dict[int, str],
                                                          list[str]] | None:
    """The table these column names (and this sheet name) belong to: (table, position →
    column key, names not read); None when they name no table."""
    best = None
    for table in TABLES:
        known = {_norm(c.name): c.key for c in table.columns}
        keys = {i: known[_norm(n)] for i, n in enumerate(names) if _norm(n) in known}
        if not keys:
            continue
        by_title = title is not None and _norm(title) == _norm(table.title)
        complete = {c.key for c in table.required} <= set(keys.values())
        score = (by_title, complete, len(keys))
        if (by_title or len(keys) >= MIN_NAMED) and (best is None or score > best[0]):
            ignored = [n for i, n in enumerate(names) if n.strip() and i not in keys]
            best = (score, (table, keys, ignored))
    return best[1] if best else None


def _table(title: str | None, rows: list[tuple[int, list[str]]]) -> Found | None:
    """The table of a sheet's rows (row number, cells), the head within its first rows."""
    rows = [(n, cells) for n, cells in rows if any(c.strip() for c in cells)]
    for index, (_, cells) in enumerate(rows[:HEAD_SEARCH]):
        matched = _match(cells, title)
        if matched is None:
            continue
        table, keys, ignored = matched
        missing = [c.name for c in table.required if c.key not in keys.values()]
        if missing:
            where = f"Im Tabellenblatt „{title}“ fehlt" if title else "Es fehlt"
            raise SheetError(f"{where} die Spalte „{missing[0]}“ (Pflicht). Bitte nehmen "
                             "Sie die Vorlage.")
        found = Found(table, title, ignored=ignored)
        for number, values in rows[index + 1:]:
            row = {key: values[i] if i < len(values) else "" for i, key in keys.items()}
            if any(v.strip() for v in row.values()):
                found.rows.append((number, row))
        if len(rows) > MAX_ROWS + HEAD_SEARCH or len(found.rows) > MAX_ROWS:
            raise SheetError(f"{_where(title)}hat mehr als {MAX_ROWS} Zeilen. Bitte teilen "
                             "Sie sie auf mehrere Dateien auf.")
        return found
    return None


def _where(title: str | None) -> str:
    return f"Das Tabellenblatt „{title}“ " if title else "Die Tabelle "


def text_of(value: object) -> str:
    """A cell as the forms read text: dates as ISO dates, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) \
            else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    return str(value)[:MAX_CELL]


def _xlsx(raw: bytes) -> list[Found]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED:
                raise SheetError("Die Tabelle ist entpackt zu groß.")
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError,
            OSError) as exc:
        raise SheetError("Die Datei lässt sich nicht als Excel-Tabelle (.xlsx) lesen. "
                         "Speichern Sie sie als .xlsx oder .csv.") from exc
    found = []
    try:
        for sheet in book.worksheets:
            if _norm(sheet.title) == _norm(GUIDE):
                continue
            rows = []
            for number, values in enumerate(sheet.iter_rows(
                    values_only=True, max_row=MAX_SCANNED, max_col=MAX_COLUMNS), 1):
                cells = [text_of(v) for v in values]
                if any(c.strip() for c in cells):
                    rows.append((number, cells))
                if len(rows) > MAX_ROWS + HEAD_SEARCH:
                    break
            table = _table(sheet.title, rows)
            if table is not None:
                found.append(table)
    except (KeyError, ValueError, TypeError, OSError) as exc:   # a broken part inside
        raise SheetError("Die Datei lässt sich nicht als Excel-Tabelle (.xlsx) "
                         "lesen.") from exc
    finally:
        book.close()
    return found


def _csv(raw: bytes) -> list[Found]:
    if b"\x00" in raw[:4096]:
        raise SheetError("Die Datei ist keine Tabelle (.xlsx oder .csv).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")   # German Excel's "CSV (Trennzeichen)"
    head = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=head.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, line = [], 1
    try:
        for values in reader:
            cells = [v[:MAX_CELL] for v in values[:MAX_COLUMNS]]
            if any(c.strip() for c in cells):
                rows.append((line, cells))
            line = reader.line_num + 1
            if len(rows) > MAX_ROWS + HEAD_SEARCH or line > MAX_SCANNED:
                break
    except csv.Error as exc:
        raise SheetError(f"Zeile {line} lässt sich nicht lesen ({exc}).") from exc
    table = _table(None, rows)
    return [table] if table else []
