"""SQL for backups: SQLite's online backup, its integrity check and row counts.

Plain sqlite3 (no sqlite-utils): `quartier-hub backup` and `restore` run without the
hub's web packages and never migrate the file they read.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

BUSY_TIMEOUT_S = 30


def online_copy(source: Path, target: Path) -> None:
    """Copy the database `source` to the new file `target` with SQLite's backup API.

    One step (all pages) in one read transaction: the copy is the state of one moment,
    while the hub goes on writing (WAL: readers do not block writers). The copy is
    switched to a rollback journal, so it is one self-contained file.
    """
    with contextlib.closing(sqlite3.connect(str(source), timeout=BUSY_TIMEOUT_S)) as src, \
            contextlib.closing(sqlite3.connect(str(target))) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")


def integrity(path: Path) -> str:
    """Return "ok", or SQLite's first complaints about the database file `path`."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            rows = conn.execute("PRAGMA integrity_check(20)").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "; ".join(str(r[0]) for r in rows)


def row_counts(path: Path) -> dict[str, int]:
    """Return the number of rows of every table of the database file `path`."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
