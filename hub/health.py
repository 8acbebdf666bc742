"""What can be wrong with the hub's storage, in words staff understand, and the checks of
GET /healthz.

A full disk, a read-only data folder and a damaged database reach a request as an
OSError or a sqlite3 error whose text rarely says which (SQLite calls a full tmpfs a
"disk I/O error"). `diagnose` looks at the error first and at the data folder itself
second; the error pages (hub.views.errors) and the command line show its message.

/healthz answers JSON, 200 when everything is well and 503 otherwise:

    {"status": "ok" | "error", "problems": ["<German sentence>", ...],
     "database": "ok" | "corrupt" | "unreadable", "data_writable": true,
     "disk_free_mb": 51234, "publish": {"last_success": iso | null,
     "last_failure": iso | null, "last_error": str | null, "ok": true}}
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

from hub.config import Paths

FULL_BELOW_BYTES = 2_000_000   # less than this left: "the disk is full"
MIN_FREE_MB = 100              # /healthz reports less than this as a problem
QUICK_CHECK_MAX_AGE_S = 600    # an unchanged database is checked again after this long

MESSAGES = {
    "full": "Der Hub kann gerade nicht speichern: der Speicherplatz ist voll. Bitte wenden "
            "Sie sich an die Technik.",
    "readonly": "Der Hub kann gerade nicht speichern: der Datenordner ist schreibgeschützt. "
                "Bitte wenden Sie sich an die Technik.",
    "corrupt": "Die Datenbank des Hubs ist beschädigt. Bitte wenden Sie sich an die Technik: "
               "Sie kann die letzte Datensicherung zurückspielen.",
    "locked": "Die Datenbank des Hubs ist gerade belegt. Bitte versuchen Sie es in einer "
              "Minute noch einmal.",
    "io": "Der Hub kann gerade nicht auf seine Dateien zugreifen. Bitte wenden Sie sich an "
          "die Technik.",
}
TITLES = {"full": "Speicherplatz voll", "readonly": "Datenordner schreibgeschützt",
          "corrupt": "Datenbank beschädigt", "locked": "Bitte gleich noch einmal",
          "io": "Dateien nicht erreichbar"}
ENGLISH = {"full": "the hub's disk is full", "readonly": "the hub's data folder is read-only",
           "corrupt": "the hub's database is damaged", "locked": "the hub's database is busy",
           "io": "the hub cannot read or write its files"}
# OSErrors that are about storage; others (a refused connection) are not diagnosed here.
STORAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM,
                  errno.EIO, errno.ENOENT, errno.ENOTDIR, errno.EISDIR}
_CORRUPT_WORDS = ("not a database", "malformed", "corrupt")


def is_storage_error(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.Error):
        return True
    return isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS


def diagnose(exc: BaseException, data: Path) -> str:
    """Which storage problem `exc` is: full, readonly, corrupt, locked or io."""
    text = str(exc).lower()
    if isinstance(exc, sqlite3.Error):
        if any(word in text for word in _CORRUPT_WORDS):
            return "corrupt"
        if "locked" in text or "busy" in text:
            return "locked"
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT) \
            or "disk is full" in text:
        return "full"
    if isinstance(exc, OSError) and exc.errno == errno.EROFS or "readonly" in text:
        return "readonly"
    if free_bytes(data) < FULL_BELOW_BYTES:
        return "full"
    return "io" if writable(data) else "readonly"


def free_bytes(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return 0


def writable(folder: Path) -> bool:
    """Whether a file can be written (and flushed) in `folder` – a real try, since root
    passes every permission check and a full disk lets empty files be created."""
    try:
        fd, name = tempfile.mkstemp(prefix=".tmp-health-", dir=folder)
    except OSError:
        return False
    try:
        os.write(fd, b"x")
        os.fsync(fd)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
        os.unlink(name)


_checked: dict[Path, tuple[tuple, float, str]] = {}
_checked_lock = threading.Lock()


def database_state(path: Path) -> str:
    """"ok", "corrupt" or "unreadable", by SQLite's quick_check (cached while the file
    and its journal are unchanged, at most QUICK_CHECK_MAX_AGE_S)."""
    stamp = tuple(_stat(path.with_name(path.name + suffix)) for suffix in ("", "-wal"))
    with _checked_lock:
        cached = _checked.get(path)
        if cached and cached[0] == stamp and time.monotonic() - cached[1] < \
                QUICK_CHECK_MAX_AGE_S:
            return cached[2]
    state = _quick_check(path)
    with _checked_lock:
        _checked[path] = (stamp, time.monotonic(), state)
    return state


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


def _quick_check(path: Path) -> str:
    if not path.is_file():
        return "unreadable"
    # Read-only; on a read-only folder SQLite cannot make the WAL index, then it reads
    # the file as it lies (immutable).
    for query in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"file:{path}?{query}", uri=True, timeout=5)
        except sqlite3.Error:
            continue
        try:
            result = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        except sqlite3.DatabaseError as exc:
            if any(word in str(exc).lower() for word in _CORRUPT_WORDS):
                return "corrupt"
            continue
        finally:
            conn.close()
        return "ok" if result == ["ok"] else "corrupt"
    return "unreadable"


def _publish_state(path: Path) -> dict:
    from hub.publishing import LAST_FAILURE, LAST_SUCCESS

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)",
                                     [LAST_SUCCESS, LAST_FAILURE]).fetchall())
        finally:
            conn.close()
    except sqlite3.Error:
        return {"last_success": None, "last_failure": None, "last_error": None, "ok": None}
    success = meta.get(LAST_SUCCESS) or None
    failure_at, _, error = (meta.get(LAST_FAILURE) or "").partition(" ")
    ok = not failure_at or bool(success and success > failure_at)
    return {"last_success": success, "last_failure": failure_at or None,
            "last_error": error or None, "ok": ok}


def report(paths: Paths) -> tuple[int, dict]:
    """The /healthz answer: HTTP status and body."""
    database = database_state(paths.db)
    data_writable = writable(paths.data) and writable(paths.published)
    free_mb = free_bytes(paths.data) // 1_000_000
    publish = _publish_state(paths.db) if database == "ok" else {"ok": None}
    problems = []
    if database == "corrupt":
        problems.append(MESSAGES["corrupt"])
    elif database != "ok":
        problems.append("Die Datenbank des Hubs lässt sich nicht lesen.")
    if not data_writable:
        problems.append(MESSAGES["full"] if free_mb * 1_000_000 < FULL_BELOW_BYTES
                        else MESSAGES["readonly"])
    elif free_mb < MIN_FREE_MB:
        problems.append(f"Nur noch {free_mb} MB Speicherplatz frei.")
    if publish.get("ok") is False:
        problems.append(f"Das letzte Veröffentlichen ist fehlgeschlagen: "
                        f"{publish['last_error']}")
    body = {"status": "error" if problems else "ok", "problems": problems,
            "database": database, "data_writable": data_writable, "disk_free_mb": free_mb,
            "publish": publish}
    return (503 if problems else 200), body
