"""Backups of a hub's data folder: `quartier-hub backup` (docs/hub.md, "Backups").

A backup is one .tar.gz, readable by its owner alone (0600: it holds the signing key):

    hub.sqlite        SQLite's online backup – the state of one moment while the hub
                      writes on – checked with PRAGMA integrity_check before it is packed
    secret, hub.toml, keys/…, content/…   (content/bilder holds the pictures)
    SHA256SUMS        `sha256sum -c SHA256SUMS` checks an unpacked backup by hand
    MANIFEST.json     format, time, size and SHA-256 of every file, the database's check
                      and row counts (last, so it can describe everything before it)

Not in it: published/ (the next publish writes it again, and versions never go back),
demo/, SQLite's -wal/-shm. The database is copied first, then the files: a picture the
copied database names was saved before it, so it is in the backup too.

Rotation (`--keep-daily N --keep-weekly M`): in the folder of the new backup, the newest
backup of each of the last N days and of each of the last M ISO weeks that have one are
kept; other files named like backups are deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from hub.config import Paths
from hub.errors import BackupError, InputError
from hub.queries import maintenance

FORMAT = "quartier-hub-backup/1"
MANIFEST = "MANIFEST.json"
SUMS = "SHA256SUMS"
DATABASE = "hub.sqlite"
# What a backup holds besides the database: files, or folders taken whole.
INCLUDE = ("secret", "hub.toml", "keys", "content")
NAME = re.compile(r"^quartier-hub-(\d{4}-\d{2}-\d{2}T\d{6}Z)\.tar\.gz$")
STAMP = "%Y-%m-%dT%H%M%SZ"


@dataclass
class BackupReport:
    path: Path
    files: int
    bytes: int
    seconds: float
    rows: dict[str, int]
    pruned: list[Path] = field(default_factory=list)


def backup_name(now: datetime) -> str:
    return f"quartier-hub-{now.astimezone(UTC).strftime(STAMP)}.tar.gz"


def create(data: Path, out: Path, now: datetime) -> BackupReport:
    """Write a backup of the data folder `data` to `out` (a file, or a folder to name it
    in); return what was written."""
    started = time.monotonic()
    paths = Paths(data)
    if not paths.db.is_file():
        raise InputError(f"--data {data}: hier ist kein Hub (hub.sqlite fehlt).")
    target = out / backup_name(now) if out.is_dir() else out
    if target.exists():
        raise InputError(f"--out {target}: diese Datei gibt es schon.")
    if not target.parent.is_dir():
        raise InputError(f"--out {target}: den Ordner {target.parent} gibt es nicht.")
    work = Path(tempfile.mkdtemp(prefix=".quartier-backup-", dir=target.parent))
    partial = target.with_name(f".{target.name}.partial")
    try:
        copy = work / DATABASE
        try:
            maintenance.online_copy(paths.db, copy)
        except Exception as exc:  # sqlite3.Error or OSError: say which file
            raise BackupError(f"{paths.db}: die Datenbank konnte nicht gesichert werden "
                              f"({exc}).") from exc
        verdict = maintenance.integrity(copy)
        if verdict != "ok":
            raise BackupError(f"{paths.db}: die Datenbank ist beschädigt ({verdict}). "
                              "Keine Sicherung geschrieben.")
        rows = maintenance.row_counts(copy)
        files = [(DATABASE, copy)] + list(_data_files(data))
        manifest = {"format": FORMAT, "created_at": now.astimezone(UTC).isoformat(),
                    "source": str(data), "database": {"integrity": verdict, "rows": rows},
                    "files": []}
        _write_archive(partial, files, manifest)
        os.replace(partial, target)
    except OSError as exc:
        raise BackupError(f"{target}: die Sicherung konnte nicht geschrieben werden "
                          f"({exc.strerror or exc}).") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    size = target.stat().st_size
    return BackupReport(target, len(manifest["files"]), size,
                        time.monotonic() - started, rows)


def _data_files(data: Path) -> Iterator[tuple[str, Path]]:
    """Yield (name in the archive, path) of every regular file to back up, sorted."""
    for top in INCLUDE:
        path = data / top
        if path.is_file() and not path.is_symlink():
            yield top, path
        elif path.is_dir() and not path.is_symlink():
            found = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not (Path(root) / d).is_symlink())
                for name in names:
                    file = Path(root) / name
                    if file.is_file() and not file.is_symlink():
                        found.append((file.relative_to(data).as_posix(), file))
            yield from sorted(found)


def _write_archive(partial: Path, files: Iterable[tuple[str, Path]], manifest: dict) -> None:
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as raw:
        with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
            for name, path in files:
                try:
                    # Read whole, then pack: a file rewritten meanwhile is packed as one
                    # version, never half of each (pictures and sources are small).
                    body = path.read_bytes()
                except FileNotFoundError:  # deleted since the listing: not part of it
                    continue
                _add(tar, name, body)
                manifest["files"].append({"path": name, "bytes": len(body),
                                          "sha256": hashlib.sha256(body).hexdigest()})
            sums = "".join(f"{f['sha256']}  {f['path']}\n" for f in manifest["files"])
            _add(tar, SUMS, sums.encode())
            _add(tar, MANIFEST, json.dumps(manifest, indent=1).encode())
        raw.flush()
        os.fsync(raw.fileno())


def _add(tar: tarfile.TarFile, name: str, body: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(body)
    info.mode = 0o600
    info.mtime = int(time.time())
    tar.addfile(info, io.BytesIO(body))


def prune(folder: Path, keep_daily: int, keep_weekly: int) -> list[Path]:
    """Delete the backups in `folder` that the rotation does not keep; return them."""
    if keep_daily <= 0 and keep_weekly <= 0:
        return []
    backups = sorted(((datetime.strptime(m.group(1), STAMP), p) for p in folder.iterdir()
                      if (m := NAME.match(p.name)) and p.is_file()), reverse=True)
    keep: set[Path] = set()
    for count, period in ((keep_daily, lambda t: t.date()),
                          (keep_weekly, lambda t: t.isocalendar()[:2])):
        seen: list = []
        for moment, path in backups:  # newest first: the first of a period is its newest
            key = period(moment)
            if key not in seen:
                seen.append(key)
                if len(seen) <= count:
                    keep.add(path)
    dropped = [path for _moment, path in backups if path not in keep]
    for path in dropped:
        path.unlink()
    return dropped
