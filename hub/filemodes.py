"""Who may read the data folder (docs/hub.md, "File modes").

The hub's own files – the database and SQLite's -wal/-shm next to it, the session key, the
signing key, the exported sources, the pictures, the demo terminals' kiosk.toml with their
tokens, hub.toml – are for the hub's user alone: files 0600, folders 0700. The data folder
itself is 0711: other users (the web server) may pass through it to published/ and
releases/, which nginx serves and which stay 0755/0644, but can neither list it nor open
anything else.

The hub creates its files with these modes (no process-wide umask: the publisher's folders
must stay readable), and at every start takes away what an older version, a copy or a
restore left open.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger("hub")

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
PUBLISHED = "published"
RELEASES = "releases"      # terminal software and ring files: nginx serves them too
# Group and others: nothing inside; on the data folder itself only passing through (x).
_INSIDE = 0o077
_TOP = 0o066


def private_dir(folder: Path) -> Path:
    """Create `folder` (and its parents) for the hub's user alone; return it."""
    folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    _tighten(folder, _INSIDE)
    return folder


def secure_data_folder(data: Path) -> list[Path]:
    """Take group and other permissions away from everything below `data` except the
    published tree and the releases; return the paths whose mode could not be changed (logged)."""
    failed: list[Path] = []
    if not _tighten(data, _TOP):
        failed.append(data)
    for entry in data.iterdir():
        if entry.name in (PUBLISHED, RELEASES):
            continue
        failed += _tighten_tree(entry)
    return failed


def _tighten_tree(top: Path) -> list[Path]:
    failed = [] if _tighten(top, _INSIDE) else [top]
    if top.is_dir() and not top.is_symlink():
        for root, dirs, files in os.walk(top):
            for name in dirs + files:
                path = Path(root) / name
                if not _tighten(path, _INSIDE):
                    failed.append(path)
    return failed


def _tighten(path: Path, remove: int) -> bool:
    """Clear the `remove` bits of `path`'s mode; symbolic links are left alone (chmod would
    change what they point to)."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            return True
        mode = stat.S_IMODE(info.st_mode)
        if mode & remove:
            os.chmod(path, mode & ~remove)
    except FileNotFoundError:
        return True  # removed meanwhile (a temporary file)
    except OSError as exc:
        log.warning("cannot make %s private: %s", path, exc.strerror)
        return False
    return True
