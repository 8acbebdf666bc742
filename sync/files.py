"""Small file helpers shared by the publisher and the terminal: atomic writes and a lock.

A reader (a web server, the kiosk, the next sync) never sees half a file: every file is
written to a temporary name in the same folder, flushed to disk and renamed over the old
one. A power cut leaves either the old or the new file.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from sync.errors import BusyError

TEMP_PREFIX = ".tmp-"


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write `data` to `path` so that readers see the old or the new file, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def write_if_changed(path: Path, data: bytes,
                     same: Callable[[bytes, bytes], bool] | None = None) -> bool:
    """Write `data` unless the file already holds it; return whether it was written.

    Leaving an unchanged file alone keeps its mtime, so HTTP caches and ETags stay valid.
    `same(old, new)` may compare more loosely (e.g. ignoring a time stamp line).
    """
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        old = None
    if old is not None and (old == data or (same is not None and same(old, data))):
        return False
    write_atomic(path, data)
    return True


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` survive a power cut."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_temp_files(folder: Path) -> int:
    """Delete temporary files left by a process that was killed; return how many."""
    count = 0
    if not folder.is_dir():
        return 0
    for path in folder.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            path.unlink()
            count += 1
    return count


@contextlib.contextmanager
def exclusive_lock(path: Path, what: str) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if missing) or raise BusyError at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BusyError(f"{what} is already running ({path} is locked)") from exc
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock, also after a crash
