"""Sound output: the Player interface and the chime of "Sind Sie noch da?".

The terminal's player is kiosk.audio_stream.StreamPlayer (one open stream, a test
playback at start). Playback never blocks the UI and `stop()` ends it at once. Without a
sound device the terminal keeps working: `available` says so and `play` does nothing.
Tests replace the player (a CI machine has no speakers).
"""

from __future__ import annotations

import logging
import math
import struct
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
