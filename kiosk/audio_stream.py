"""One output stream for everything the terminal says, opened once and kept open.

HDMI sinks (and some USB speakers) need a moment after a stream opens before they sound:
an `aplay` per sentence loses the first syllable every time. So one `aplay` runs for as
long as the app does, reading raw PCM (16-bit mono, RATE Hz) from a pipe; a writer
thread feeds it the sounds to play and silence in between. `stop()` drops what is not
yet written; what is already in the pipe (shrunk to one page) and in ALSA's buffer
(BUFFER_US) still sounds – about a quarter of a second.

`check()` is the test playback at start: it synthesizes a sentence with the speech
engine into a file in memory (kiosk.scratch), opens the stream on the configured device
(`[audio] device`) and plays it (silent by default: `gain`). Only if the stream takes it
all and is still running afterwards is the terminal's speech "available"; otherwise
`problem` says why in German (the status file, `quartier-sync status`, the fleet page).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import shutil
import subprocess
import threading
import time
import wave
from collections import deque
from collections.abc import Callable
from pathlib import Path

from kiosk.errors import SpeechError
from kiosk.scratch import scratch_dir

log = logging.getLogger(__name__)

RATE = 22050                 # espeak-ng's rate; other WAVs are resampled to it
CHUNK_S = 0.02               # the writer hands aplay 20 ms at a time
LEAD_S = 0.1                 # at most this much is written ahead of the loudspeaker
BUFFER_US = 150_000          # ALSA's buffer in aplay
PIPE_BYTES = 4096            # the pipe to aplay holds ~90 ms, not the default 1.5 s
CHECK_TEXT = "Vorlesen ist bereit."
REOPEN_S = 30.0              # a stream that died is opened again at most this often


class StreamPlayer:
    """The Player (kiosk.audio) of the terminal: one `aplay` reading raw PCM from a pipe."""

    def __init__(self, device: str = "default", *, aplay: str = "aplay",
                 rate: int = RATE) -> None:
        self.device = device or "default"
        self.aplay = aplay
        self.rate = rate
        self.available = False
        self.problem = "Die Tonausgabe wurde noch nicht geprüft."
        self._lock = threading.Lock()
        self._chunks: deque[bytes] = deque()
        self._until = 0.0
        self._proc: subprocess.Popen | None = None
        self._writer: threading.Thread | None = None
        self._closing = threading.Event()
        self._stderr: list[str] = []
        self._opened_at = -REOPEN_S

    # -- the test playback ----------------------------------------------------------------

    def check(self, synthesize: Callable[[Path], object], *, gain: float = 0.0,
              timeout_s: float = 15.0) -> bool:
        """Synthesize CHECK_TEXT with `synthesize(path)`, play it on the device and decide
        whether speech is available."""
        folder = scratch_dir("kiosk-check-")
        try:
            wav = folder / "test.wav"
            try:
                synthesize(wav)
                pcm = pcm_of(wav, self.rate, gain)
            except (SpeechError, OSError, ValueError, wave.Error) as exc:
                return self._fail(f"Die Sprachausgabe ging beim Test nicht ({exc})")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if not self._open():
            return False
        self._queue(pcm)
        deadline = time.monotonic() + timeout_s
        while self.playing() and time.monotonic() < deadline and self._alive():
            time.sleep(0.02)
        time.sleep(LEAD_S * 2)   # a device that fails late fails while the end plays
        if not self._alive() or self.playing():
            return self._fail(self._why_dead())
        self.available, self.problem = True, ""
        log.info("audio: test playback on %s passed", self.device)
        return True

    # -- the Player protocol --------------------------------------------------------------

    def play(self, wav: Path) -> None:
        """Play `wav` at once, cutting off whatever was playing."""
        if not self.available:
            return
        if not self._alive() and not self._reopen():
            return
        try:
            pcm = pcm_of(Path(wav), self.rate)
        except (OSError, ValueError, wave.Error) as exc:
            log.warning("audio: %s not played: %s", wav, exc)
            return
        self._queue(pcm)

    def stop(self) -> None:
        with self._lock:
            self._chunks.clear()
            self._until = 0.0

    def playing(self) -> bool:
        with self._lock:
            return bool(self._chunks) or time.monotonic() < self._until

    def close(self) -> None:
        """End the stream (the app's stop)."""
        self._closing.set()
        proc, self._proc = self._proc, None
        if proc is not None:
            # Killed first: a writer blocked on a full pipe is freed (EPIPE) before the
            # pipe is closed under it. What it plays is silence anyway.
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=5)
        if self._writer is not None:
            self._writer.join(timeout=2)
        if proc is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()

    # -- the stream -------------------------------------------------------------------------

    def _queue(self, pcm: bytes) -> None:
        size = max(2, int(self.rate * CHUNK_S) * 2)
        chunks = [pcm[i:i + size] for i in range(0, len(pcm), size)]
        with self._lock:
            self._chunks.clear()
            self._chunks.extend(chunks)
            self._until = time.monotonic() + len(pcm) / (2 * self.rate) + LEAD_S

    def _open(self) -> bool:
        self._opened_at = time.monotonic()
        command = [self.aplay, "-q", "-D", self.device, "-t", "raw", "-f", "S16_LE",
                   "-r", str(self.rate), "-c", "1", f"--buffer-time={BUFFER_US}", "-"]
        try:
            proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, bufsize=0)
        except OSError as exc:
            return self._fail(f"„{self.aplay}“ lässt sich nicht starten ({exc})")
        with contextlib.suppress(OSError, AttributeError):
            fcntl.fcntl(proc.stdin.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        self._stderr = []
        threading.Thread(target=self._drain, args=(proc,), daemon=True,
                         name="audio-stderr").start()
        self._proc = proc
        self._closing.clear()
        self._writer = threading.Thread(target=self._write, args=(proc,), daemon=True,
                                        name="audio-stream")
        self._writer.start()
        return True

    def _reopen(self) -> bool:
        if time.monotonic() - self._opened_at < REOPEN_S:
            return False
        log.warning("audio: the stream to %s ended (%s); opening it again", self.device,
                    self._why_dead())
        return self._open()

    def _alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _write(self, proc: subprocess.Popen) -> None:
        silence = bytes(max(2, int(self.rate * CHUNK_S) * 2))
        due = time.monotonic()
        while not self._closing.is_set():
            with self._lock:
                chunk = self._chunks.popleft() if self._chunks else silence
            try:
                proc.stdin.write(chunk)
            except (OSError, ValueError):
                break   # aplay ended: the next play() opens it again
            due += len(chunk) / (2 * self.rate)
            ahead = due - time.monotonic()
            if ahead > LEAD_S:
                time.sleep(ahead - LEAD_S)
            elif ahead < -1.0:
                due = time.monotonic()   # the pipe was blocked for long: start afresh
        with self._lock:
            self._chunks.clear()
            self._until = 0.0

    def _drain(self, proc: subprocess.Popen) -> None:
        for raw in proc.stderr:
            line = raw.decode("utf-8", "replace").strip()
            if line:
                self._stderr = (self._stderr + [line])[-5:]

    def _why_dead(self) -> str:
        proc = self._proc
        if proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=1)
        code = proc.returncode if proc is not None else None
        # aplay's own last line says it ("audio open error: No such device"); ALSA's
        # lines before it are noise, and the hub keeps 400 characters of the whole.
        detail = (self._stderr[-1][:160] if self._stderr else
                  f"Ende mit Code {code}" if code is not None else "keine Antwort")
        return f"Die Testwiedergabe auf „{self.device}“ ging nicht ({detail})"

    def _fail(self, words: str) -> bool:
        self.available = False
        self.problem = f"{words} – Vorlesen ist nicht möglich."
        log.warning("audio: %s", self.problem)
        self.close()
        return False


def pcm_of(wav: Path, rate: int, gain: float = 1.0) -> bytes:
    """A WAV file as 16-bit mono PCM at `rate` Hz, times `gain`."""
    import numpy as np

    with wave.open(str(wav), "rb") as sound:
        if sound.getsampwidth() != 2:
            raise ValueError(f"{wav.name}: only 16-bit PCM is played")
        channels, source_rate = sound.getnchannels(), sound.getframerate()
        samples = np.frombuffer(sound.readframes(sound.getnframes()), dtype="<i2")
    data = samples.astype(np.float32).reshape(-1, channels).mean(axis=1)
    if source_rate != rate and len(data):
        count = round(len(data) * rate / source_rate)
        data = np.interp(np.arange(count) * (source_rate / rate), np.arange(len(data)), data)
    return np.clip(data * gain, -32768, 32767).astype("<i2").tobytes()
