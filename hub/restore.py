"""Restoring a backup of hub.backup into a data folder: `quartier-hub restore`.

The archive is unpacked into a private folder inside the data folder first; only regular
files under the names a backup has are taken (no links, no absolute paths, no `..`), at
most MAX_FILES of them and at most MAX_EXPANSION times the archive's size plus
MAX_EXTRA bytes in all. Every file must match the manifest's size and SHA-256, nothing may
be missing or extra, and the database must pass PRAGMA integrity_check. Only then does
the data folder change: an empty one is filled; one with content only with --force, and
its old content is moved aside into `.vor-wiederherstellung-<time>/`, never deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from hub.backup import DATABASE, FORMAT, INCLUDE, MANIFEST, STAMP, SUMS
from hub.errors import BackupError, InputError
from hub.filemodes import PRIVATE_DIR, secure_data_folder
from hub.queries import maintenance

MAX_FILES = 200_000
MAX_EXPANSION = 50
MAX_EXTRA = 256 * 1024 * 1024
CHUNK = 1024 * 1024
ASIDE = ".vor-wiederherstellung-"


@dataclass
class RestoreReport:
    files: int
    created_at: str
    rows: dict[str, int]
    aside: Path | None


def restore(archive: Path, data: Path, *, force: bool, now: datetime) -> RestoreReport:
    """Restore the backup `archive` into the data folder `data`."""
    if not archive.is_file():
        raise InputError(f"{archive}: diese Datei gibt es nicht.")
    if data.exists() and not data.is_dir():
        raise InputError(f"--data {data}: das ist kein Ordner.")
    if data.is_dir() and any(data.iterdir()) and not force:
        raise InputError(f"--data {data}: der Ordner ist nicht leer. Wiederherstellen nur "
                         "in einen leeren Ordner, oder mit --force (der alte Inhalt wird "
                         f"nach {data}/{ASIDE}… verschoben).")
    data.mkdir(mode=0o711, parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".wiederherstellung-", dir=data))
    try:
        manifest = _unpack(archive, staging)
        verdict = maintenance.integrity(staging / DATABASE)
        if verdict != "ok":
            raise BackupError(f"{archive}: die Datenbank der Sicherung ist beschädigt "
                              f"({verdict}). Nichts wurde verändert.")
        rows = maintenance.row_counts(staging / DATABASE)
        aside = _move_aside(data, staging, now)
        for entry in sorted(staging.iterdir()):
            os.replace(entry, data / entry.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    secure_data_folder(data)
    return RestoreReport(len(manifest["files"]), manifest.get("created_at", ""), rows, aside)


def _move_aside(data: Path, staging: Path, now: datetime) -> Path | None:
    old = [e for e in data.iterdir() if e != staging and not e.name.startswith(ASIDE)]
    if not old:
        return None
    aside = data / f"{ASIDE}{now.astimezone(UTC).strftime(STAMP)}"
    aside.mkdir(mode=PRIVATE_DIR)
    for entry in old:
        os.replace(entry, aside / entry.name)
    return aside


def _allowed(name: str) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return False
    return name in (DATABASE, MANIFEST, SUMS) or path.parts[0] in INCLUDE


def _unpack(archive: Path, staging: Path) -> dict:
    """Unpack and check every file against the manifest; return the manifest."""
    budget = archive.stat().st_size * MAX_EXPANSION + MAX_EXTRA
    found: dict[str, tuple[int, str]] = {}
    manifest_raw = b""
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for count, member in enumerate(tar, start=1):
                if count > MAX_FILES:
                    raise _damaged(archive, f"mehr als {MAX_FILES} Dateien")
                if member.isdir():
                    continue
                if not member.isfile() or not _allowed(member.name):
                    raise _damaged(archive, f"unerwarteter Eintrag „{member.name}“")
                if member.name in found or (member.name == MANIFEST and manifest_raw):
                    raise _damaged(archive, f"„{member.name}“ steht zweimal darin")
                budget -= member.size
                if budget < 0:
                    raise _damaged(archive, "ausgepackt wäre sie unplausibel groß")
                if member.name == SUMS:  # for people; the manifest is what counts
                    continue
                source = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest_raw = source.read(member.size + 1)
                    continue
                found[member.name] = _write(source, staging / member.name, member.size)
    except (tarfile.TarError, EOFError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno is not None:
            raise BackupError(f"{archive}: Auspacken fehlgeschlagen ({exc.strerror}).") \
                from exc
        raise _damaged(archive, f"kein lesbares .tar.gz ({exc})") from exc
    return _check(archive, manifest_raw, found)


def _write(source, path: Path, size: int) -> tuple[int, str]:  # noqa: ANN001 (a tar stream)
    path.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    digest, written = hashlib.sha256(), 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        while written <= size and (chunk := source.read(CHUNK)):
            digest.update(chunk)
            out.write(chunk)
            written += len(chunk)
    return written, digest.hexdigest()


def _check(archive: Path, manifest_raw: bytes, found: dict[str, tuple[int, str]]) -> dict:
    try:
        manifest = json.loads(manifest_raw)
        listed = {f["path"]: (int(f["bytes"]), str(f["sha256"])) for f in manifest["files"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise _damaged(archive, f"{MANIFEST} fehlt oder ist unlesbar") from exc
    if manifest.get("format") != FORMAT:
        raise _damaged(archive, f"unbekanntes Format {manifest.get('format')!r} "
                                f"(erwartet {FORMAT})")
    for name in sorted(set(listed) | set(found)):
        if name not in found:
            raise _damaged(archive, f"{name} fehlt")
        if name not in listed:
            raise _damaged(archive, f"{name} steht nicht im Verzeichnis {MANIFEST}")
        if found[name] != listed[name]:
            raise _damaged(archive, f"{name} hat nicht die erwartete Prüfsumme")
    for needed in (DATABASE, "keys/signing.key"):
        if needed not in listed:
            raise _damaged(archive, f"{needed} fehlt")
    return manifest


def _damaged(archive: Path, why: str) -> BackupError:
    return BackupError(f"{archive}: Die Sicherung ist beschädigt: {why}. "
                       "Nichts wurde verändert.")
