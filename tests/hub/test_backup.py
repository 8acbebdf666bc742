"""Backups (hub.backup, hub.restore, `quartier-hub backup|restore`): copies made while
another process writes are whole and hold every committed row; a restore into a fresh
folder serves and publishes with the same key; damaged and hostile archives are refused
without touching the data folder; rotation keeps the newest per day and per week."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tarfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hub import backup, context, demo
from hub.db import open_db
from hub.queries import entries as entry_q
from sync.signing import public_keys, verify
from tests.hub.conftest import NOW, entry_data, make_app

BACKUPS = 50
WRITER = r"""
import sys, time
from datetime import datetime, UTC
from hub.db import open_db
from hub.queries import entries as entry_q
db = open_db(__import__("pathlib").Path(sys.argv[1]))
data = {"kind": "event", "category": "treffen", "title": "Schreiber",
        "summary": "x" * 400, "contact": {"phone": "069 90009100"}}
deadline = time.monotonic() + 120
n = 0
while time.monotonic() < deadline and n < 200_000:
    n += 1
    entry_q.save(db, f"w-{n:06d}", "ort-a", data, sharing="site", share_sites=[],
                 now=datetime.now(UTC), user="writer")
    print(n, flush=True)
"""


def _backup_rows(archive: Path, folder: Path) -> tuple[str, set[str]]:
    """Integrity verdict and entry ids of the database inside `archive` (read with tarfile
    and sqlite3 only, not with the code under test)."""
    with tarfile.open(archive) as tar:
        body = tar.extractfile("hub.sqlite").read()
    copy = folder / f"{archive.stem}.sqlite"
    copy.write_bytes(body)
    with contextlib.closing(sqlite3.connect(copy)) as conn:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        ids = {r[0] for r in conn.execute("SELECT id FROM entries WHERE id LIKE 'w-%'")}
    copy.unlink()
    return verdict, ids


def test_backup_while_another_process_writes_all_50_are_whole_and_complete(app, tmp_path):
    paths = app.config["HUB_PATHS"]
    db = open_db(paths.db)
    with db.atomic():  # some bulk, so that a copy takes a while
        for n in range(400):
            entry_q.save(db, f"alt-{n}", "ort-a", entry_data(summary="y" * 600),
                         sharing="site", share_sites=[], now=NOW, user="test")
    committed: list[str] = []
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(paths.db)],
                              stdout=subprocess.PIPE, text=True)

    def read() -> None:
        for line in writer.stdout:  # type: ignore[union-attr]
            committed.append(f"w-{int(line):06d}")

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        while len(committed) < 20:  # the writer is running
            assert writer.poll() is None
            threading.Event().wait(0.01)
        results = []
        for i in range(BACKUPS):
            before = set(committed)  # printed after COMMIT: committed before this backup
            archive = tmp_path / f"b{i:02d}.tar.gz"
            backup.create(paths.data, archive, NOW + timedelta(seconds=i))
            verdict, ids = _backup_rows(archive, tmp_path)
            results.append((verdict, len(before - ids), len(ids)))
            archive.unlink()
        during = len(committed)
    finally:
        writer.kill()
        writer.wait()
    assert [r[0] for r in results] == ["ok"] * BACKUPS
    assert [r[1] for r in results] == [0] * BACKUPS  # no committed row missing
    assert during > results[0][2] + BACKUPS  # rows kept coming while the copies were made
    assert len({r[2] for r in results}) > BACKUPS // 2  # each copy saw another moment


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory) -> tuple[Path, Path]:
    """The demo hub (with pictures) and a backup of it, made once per module."""
    folder = tmp_path_factory.mktemp("demo")
    app = make_app(folder / "alt")
    with app.app_context():
        demo.seed(context.db(), context.paths(), context.settings(), NOW, NOW.date())
    archive = folder / "b.tar.gz"
    backup.create(folder / "alt", archive, NOW)
    return folder / "alt", archive


@pytest.fixture
def demo_hub(demo_source, tmp_path) -> Path:
    """A copy of the demo hub for one test."""
    return Path(shutil.copytree(demo_source[0], tmp_path / "alt"))


@pytest.fixture
def archive(demo_source) -> Path:
    return demo_source[1]


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_backup_restore_into_a_fresh_folder_serves_and_publishes(demo_hub, runner, tmp_path):
    archive = tmp_path / "sicherung.tar.gz"
    made = runner("backup", "--data", str(demo_hub), "--out", str(archive))
    assert made.code == 0, made.err
    assert "Sicherung geschrieben" in made.out and "Datenbank geprüft: in Ordnung" in made.out
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # it holds the signing key

    fresh = tmp_path / "neu"
    restored = runner("restore", "--data", str(fresh), str(archive))
    assert restored.code == 0, restored.err
    assert "Wiederhergestellt" in restored.out
    for part in ("keys", "content"):
        assert _tree(fresh / part) == _tree(demo_hub / part)
    assert (fresh / "secret").read_bytes() == (demo_hub / "secret").read_bytes()
    assert any((fresh / "content" / "bilder").iterdir())  # the pictures came along
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o711
    assert stat.S_IMODE((fresh / "keys" / "signing.key").stat().st_mode) == 0o600
    assert stat.S_IMODE((fresh / "content").stat().st_mode) == 0o700

    app = make_app(fresh)
    client = app.test_client()
    login = client.post("/anmelden", data={"email": demo.ADMIN, "password": demo.PASSWORD})
    assert login.status_code == 302
    assert "Alte Schule" in client.get("/standorte").get_data(as_text=True)

    published = runner("publish", "--data", str(fresh))
    assert published.code == 0, published.err
    feed = fresh / "published" / "sites" / demo.SITE / "feed.json"
    keys = public_keys([(demo_hub / "keys" / "signing.pub").read_text().strip()])
    signature = (feed.parent / "feed.json.sig").read_bytes()
    verify(feed.read_bytes(), signature, keys)  # terminals trust it as before
    old = json.loads((demo_hub / "published" / "sites" / demo.SITE / "feed.json").read_text())
    assert json.loads(feed.read_text())["version"] >= old["version"]


def test_backup_restore_refuses_a_folder_with_content_unless_forced(archive, runner,
                                                                    tmp_path):
    other = tmp_path / "anders"
    other.mkdir()
    (other / "hub.sqlite").write_bytes(b"meins")
    refused = runner("restore", "--data", str(other), str(archive))
    assert refused.code == 2 and "nicht leer" in refused.err and "--force" in refused.err
    assert [p.name for p in other.iterdir()] == ["hub.sqlite"]

    forced = runner("restore", "--data", str(other), "--force", str(archive))
    assert forced.code == 0, forced.err
    (aside,) = other.glob(".vor-wiederherstellung-*")
    assert (aside / "hub.sqlite").read_bytes() == b"meins"  # nothing is lost
    assert (other / "hub.sqlite").read_bytes()[:15] == b"SQLite format 3"


def _rewrite(archive: Path, target: Path, change) -> Path:  # noqa: ANN001
    """Copy the archive member by member through `change(name, body)`."""
    with tarfile.open(archive) as src, tarfile.open(target, "w:gz") as dst:
        for member in src:
            body = src.extractfile(member).read()
            for name, new in change(member.name, body):
                info = tarfile.TarInfo(name)
                info.size = len(new)
                dst.addfile(info, io.BytesIO(new))
    return target


@pytest.mark.parametrize("damage, reason", [
    (lambda n, b: [(n, b[:-1] + bytes([b[-1] ^ 1]) if n == "keys/signing.key" else b)],
     "keys/signing.key hat nicht die erwartete Prüfsumme"),
    (lambda n, b: [] if n == "secret" else [(n, b)], "secret fehlt"),
    (lambda n, b: [(n, b)] + ([("../boese", b"x")] if n == "secret" else []),
     "unerwarteter Eintrag „../boese“"),
    (lambda n, b: [(n, b)] + ([("content/extra.txt", b"x")] if n == "secret" else []),
     "content/extra.txt steht nicht im Verzeichnis"),
    (lambda n, b: [] if n == "MANIFEST.json" else [(n, b)], "MANIFEST.json fehlt"),
])
def test_backup_restore_refuses_a_damaged_archive_and_changes_nothing(
        archive, runner, tmp_path, damage, reason):
    bad = _rewrite(archive, tmp_path / "bad.tar.gz", damage)
    target = tmp_path / "ziel"
    result = runner("restore", "--data", str(target), str(bad))
    assert result.code == 1, result.err
    assert reason in result.err and "Nichts wurde verändert" in result.err
    assert list(target.iterdir()) == []


def test_backup_restore_refuses_a_truncated_archive_and_a_broken_database(
        archive, runner, tmp_path):
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    result = runner("restore", "--data", str(tmp_path / "a"), str(cut))
    assert result.code == 1 and "beschädigt" in result.err

    with tarfile.open(archive) as tar:
        raw = tar.extractfile("hub.sqlite").read()
    broken = raw[:8192] + b"\xff" * 4096 + raw[12288:]

    def broken_db(name: str, body: bytes) -> list[tuple[str, bytes]]:
        if name == "hub.sqlite":
            body = broken
        if name == "MANIFEST.json":  # a manifest that matches the broken file
            manifest = json.loads(body)
            for f in manifest["files"]:
                if f["path"] == "hub.sqlite":
                    f["sha256"] = hashlib.sha256(broken).hexdigest()
            body = json.dumps(manifest).encode()
        return [(name, body)]

    bad = _rewrite(archive, tmp_path / "baddb.tar.gz", broken_db)
    result = runner("restore", "--data", str(tmp_path / "b"), str(bad))
    assert result.code == 1, result.err
    assert "Datenbank der Sicherung ist beschädigt" in result.err


def test_backup_refuses_a_broken_database_and_a_folder_without_hub(demo_hub, runner,
                                                                   tmp_path):
    nothing = runner("backup", "--data", str(tmp_path / "leer"), "--out", str(tmp_path))
    assert nothing.code == 2 and "hub.sqlite fehlt" in nothing.err
    db = demo_hub / "hub.sqlite"
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = bytearray(db.read_bytes())
    raw[4096 * 3: 4096 * 4] = b"\xa5" * 4096  # a table page turned to noise
    db.write_bytes(bytes(raw))
    out = tmp_path / "out"
    out.mkdir()
    broken = runner("backup", "--data", str(demo_hub), "--out", str(out))
    assert broken.code == 1 and "beschädigt" in broken.err
    assert list(out.iterdir()) == []  # no half backup, no temporary files left


def test_backup_rotation_keeps_the_newest_per_day_and_per_week(tmp_path):
    start = datetime(2026, 10, 1, 2, 30, tzinfo=UTC)
    names = []
    for day in range(60):
        for hour in (0, 12):  # two a day; the later one is the day's newest
            moment = start + timedelta(days=day, hours=hour)
            (tmp_path / backup.backup_name(moment)).write_bytes(b"x")
            names.append(moment)
    (tmp_path / "notizen.txt").write_text("bleibt")
    dropped = backup.prune(tmp_path, keep_daily=7, keep_weekly=4)
    kept = sorted(p.name for p in tmp_path.glob("quartier-hub-*"))
    newest_per_day = {}
    for moment in names:
        newest_per_day[moment.date()] = moment
    days = sorted(newest_per_day)[-7:]
    expected = {backup.backup_name(newest_per_day[d]) for d in days}
    weeks: dict = {}
    for moment in names:
        weeks[moment.isocalendar()[:2]] = moment
    expected |= {backup.backup_name(weeks[w]) for w in sorted(weeks)[-4:]}
    assert kept == sorted(expected)
    assert len(dropped) == 120 - len(expected)
    assert (tmp_path / "notizen.txt").exists()
    assert backup.prune(tmp_path, 0, 0) == []  # no rotation asked: nothing deleted
    assert len(os.listdir(tmp_path)) == len(expected) + 1


def test_backup_cli_names_the_file_by_time_and_rotates_its_folder(demo_hub, runner, clock,
                                                                  tmp_path):
    out = tmp_path / "sicherungen"
    out.mkdir()
    (out / "notiz.txt").write_text("bleibt")
    for day in range(3):
        clock.now = NOW + timedelta(days=day)
        result = runner("backup", "--data", str(demo_hub), "--out", str(out),
                        "--keep-daily", "2")
        assert result.code == 0, result.err
    assert sorted(p.name for p in out.glob("quartier-hub-*")) == [
        backup.backup_name(NOW + timedelta(days=1)), backup.backup_name(NOW + timedelta(days=2))]
    assert f"Ältere Sicherungen gelöscht (1): {backup.backup_name(NOW)}" in result.out
    assert (out / "notiz.txt").exists()
    refused = runner("backup", "--data", str(demo_hub), "--out", str(out), "--keep-daily", "-1")
    assert refused.code == 2 and "--keep-daily" in refused.err
