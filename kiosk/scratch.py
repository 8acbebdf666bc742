"""Where the terminal keeps files that live for seconds (scaled speech WAVs, the start's
test sentence): in memory, never on the SD card.

Under systemd that is the unit's RuntimeDirectory (/run/quartier-kiosk, a tmpfs, also
$TMPDIR there); by hand, $XDG_RUNTIME_DIR (/run/user/<uid>) or /dev/shm. Only when none
of them is usable does it fall back to Python's temporary folder – on Raspberry Pi OS
that is /tmp on the card, which is why it comes last.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

SHM = Path("/dev/shm")


def scratch_root(environ: dict[str, str] | None = None, shm: Path = SHM) -> Path:
    """The folder in memory for short-lived files (see the module's docstring)."""
    env = os.environ if environ is None else environ
    candidates = [env.get("RUNTIME_DIRECTORY", "").split(":")[0],
                  env.get("XDG_RUNTIME_DIR", ""), str(shm)]
    for candidate in candidates:
        if candidate and os.path.isdir(candidate) and os.access(candidate, os.W_OK | os.X_OK):
            return Path(candidate)
    return Path(tempfile.gettempdir())


def scratch_dir(prefix: str) -> Path:
    """A new private folder below scratch_root(); the caller removes it."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=scratch_root()))
