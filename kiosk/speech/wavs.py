"""Small WAV helpers: loudness steps applied to a copy, and a file's length.

Volume steps are applied when playing, not when synthesizing, so one cached WAV serves
every loudness a resident picks and a step costs a few milliseconds, not a synthesis.
"""

from __future__ import annotations

import array
import sys
import wave
from functools import cache
from pathlib import Path


@cache
def _numpy():  # noqa: ANN202 - the module or None
    """numpy, imported on first use (not at the kiosk's start, where it costs 60 ms): it
    scales a sentence in ~3 ms, the plain loop needs ~10× as long."""
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy is installed wherever the tests run
        return None
    return numpy


def scale_wav(src: Path, dst: Path, gain: float) -> Path:
    """Write `src` × `gain` (16-bit PCM, clipped) to `dst`; return `dst`."""
    with wave.open(str(src), "rb") as wav:
        params = wav.getparams()
        data = wav.readframes(params.nframes)
    if params.sampwidth != 2:
        raise ValueError(f"{src.name}: only 16-bit PCM can be scaled")
    with wave.open(str(dst), "wb") as out:
        out.setparams(params)
        out.writeframes(_scaled(data, gain))
    return dst


def _scaled(data: bytes, gain: float) -> bytes:
    np = _numpy()
    if np is not None:
        samples = np.frombuffer(data, dtype="<i2").astype(np.float32) * gain
        return np.clip(samples, -32768, 32767).astype("<i2").tobytes()
    samples = array.array("h")
    samples.frombytes(data)
    if sys.byteorder == "big":  # pragma: no cover
        samples.byteswap()
    out = array.array("h", (max(-32768, min(32767, int(s * gain))) for s in samples))
    if sys.byteorder == "big":  # pragma: no cover
        out.byteswap()
    return out.tobytes()


def duration_s(path: Path) -> float:
    """Length of a WAV file in seconds."""
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate())
