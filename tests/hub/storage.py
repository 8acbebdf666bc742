"""Real broken storage for the hub's tests: a small tmpfs that can be filled to the last
byte or remounted read-only, and a database file with overwritten bytes.

Mounting needs root (CI and the development machines run as root). Without it a
read-only folder is made with chmod, which restricts every user but root; a full disk
cannot be made without root, and those tests are skipped with that reason."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def can_mount() -> bool:
    return os.geteuid() == 0


@contextlib.contextmanager
def small_disk(mountpoint: Path, size_kb: int = 16_384, *, fillable: bool = True
               ) -> Iterator[Path]:
    """A tmpfs of `size_kb` at `mountpoint`, unmounted afterwards. Without root: a plain
    folder when the test only needs to make it read-only (`fillable=False`), else skip."""
    mountpoint.mkdir(parents=True, exist_ok=True)
    if not can_mount():
        if fillable:
            pytest.skip("a full file system needs root (mount -t tmpfs)")
        yield mountpoint
        return
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0700", "tmpfs",
                    str(mountpoint)], check=True, capture_output=True)
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False, capture_output=True)


def fill(folder: Path) -> Path:
    """Write a file into `folder` until the file system has no byte left."""
    filler = folder / "fuellung.bin"
    with open(filler, "wb", buffering=0) as fh:
        chunk = b"\0" * 65536
        try:
            while True:
                fh.write(chunk)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        with contextlib.suppress(OSError):   # the last partial page
            while True:
                fh.write(b"\0" * 512)
    return filler


def make_read_only(folder: Path) -> None:
    """Remount the small disk read-only (root), or take the write bits away (others)."""
    if can_mount():
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True,
                       capture_output=True)
        return
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o500 if path.is_dir() else 0o400)


def corrupt(db_file: Path, at: int = 0, length: int = 100) -> None:
    """Overwrite `length` bytes of the database file at offset `at`."""
    with open(db_file, "r+b") as fh:
        fh.seek(at)
        fh.write(b"\xa5" * length)
