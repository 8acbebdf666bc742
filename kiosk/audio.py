"""Sound output: play a WAV file on the ALSA device and stop it at once.

`aplay` runs as a child process, so playback never blocks the UI and `stop()` cuts it off
immediately. Without a sound device the terminal keeps working: `available` says so and
`play` does nothing. Tests replace the player (a CI machine has no speakers).
"""

from __future__ import annotations

import logging
import math
import shutil
import struct
import subprocess
import wave
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)


class Player(Protocol):
    available: bool

    def play(self, wav: Path) -> None: ...

    def stop(self) -> None: ...

    def playing(self) -> bool: ...


class SilentPlayer:
    """No sound at all (the tour, tests that drive the app in a process of its own)."""

    available = False

    def play(self, _wav: Path) -> None: ...

    def stop(self) -> None: ...

    def playing(self) -> bool:
        return False


class AplayPlayer:
    """Plays through `aplay -D <device>`; one sound at a time."""

    def __init__(self, device: str = "default") -> None:
        self.device = device
        self._proc: subprocess.Popen | None = None
        self.available = shutil.which("aplay") is not None and _has_device()
        if not self.available:
            log.warning("audio: no sound device or no aplay; sounds and speech are off")

    def play(self, wav: Path) -> None:
        self.stop()
        if not self.available:
            return
        self._proc = subprocess.Popen(["aplay", "-q", "-D", self.device, str(wav)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(timeout=2)

    def playing(self) -> bool:
        return self._proc is not None and self._proc.poll() is None


def _has_device() -> bool:
    cards = Path("/proc/asound/cards")
    try:
        return cards.exists() and "no soundcards" not in cards.read_text()
    except OSError:
        return False


def write_chime(path: Path, rate: int = 22050) -> Path:
    """Write a short, friendly two-tone chime (0.6 s) for the "Sind Sie noch da?" question."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = bytearray()
    for freq, seconds in ((660.0, 0.28), (880.0, 0.32)):
        count = int(rate * seconds)
        for i in range(count):
            fade = min(1.0, i / (rate * 0.02), (count - i) / (rate * 0.08))
            value = 0.35 * fade * math.sin(2 * math.pi * freq * i / rate)
            frames += struct.pack("<h", int(value * 32767))
    tmp = path.with_suffix(".tmp")
    with wave.open(str(tmp), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    tmp.replace(path)
    return path
