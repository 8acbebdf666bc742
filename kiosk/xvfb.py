"""A virtual screen for headless rendering (the tour, GUI tests, benchmarks)."""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator


@contextlib.contextmanager
def virtual_display(width: int = 1920, height: int = 1080) -> Iterator[str]:
    """Start Xvfb if there is no display; yield the DISPLAY value. Depth 24 is needed for
    Kivy's OpenGL context (depth 8 fails)."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    if shutil.which("Xvfb") is None:
        raise RuntimeError("Xvfb is not installed (Debian package xvfb)")
    side = max(width, height)
    # -displayfd: Xvfb takes the first free display number itself and writes it to the
    # pipe once it listens. Choosing a number here first raced with other processes
    # starting an Xvfb at the same moment (both chose :99, one window then died with the
    # other's server).
    read_end, write_end = os.pipe()
    try:
        proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0",
                                 f"{side}x{side}x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                pass_fds=(write_end,))
    finally:
        os.close(write_end)
    try:
        number = _read_display(read_end, proc, deadline=time.monotonic() + 10)
    finally:
        os.close(read_end)
    os.environ["DISPLAY"] = f":{number}"
    try:
        yield os.environ["DISPLAY"]
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
        os.environ.pop("DISPLAY", None)


def _read_display(fd: int, proc: subprocess.Popen, deadline: float) -> int:
    """The display number Xvfb writes to `fd` when it is ready (a line like "103")."""
    data = b""
    while not data.endswith(b"\n"):
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            chunk = os.read(fd, 16)
            if not chunk:
                break
            data += chunk
        elif proc.poll() is not None or time.monotonic() > deadline:
            break
    if not data.strip().isdigit():
        proc.kill()
        raise RuntimeError("Xvfb did not start")
    return int(data)
