"""WAV files of spoken sentences, keyed by what makes them sound the way they do.

key = sha256 of (text, engine, voice, rate, settings). Files are written under a temporary
name and renamed into place, so a reader (the app, while the sync daemon's prerender step
writes) never sees half a file. The folder is bounded: past `max_bytes` the files used
longest ago go first (a hit touches the file, so the age is the last use).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import threading
import time
import uuid
import wave
from collections.abc import Callable, Iterable
from pathlib import Path

from kiosk.errors import SynthesisError

log = logging.getLogger(__name__)

SUFFIX = ".wav"
TMP_PREFIX = ".tmp-"
STALE_TMP_S = 3600.0   # a temporary file this old belongs to a crashed writer


class SpeechCache:
    """A folder of sentence WAVs; safe for several threads and processes at once."""

    def __init__(self, folder: Path, max_bytes: int = 300 * 1024 * 1024) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._size: int | None = None   # bytes in the folder, counted on first write

    @staticmethod
    def key(text: str, engine: str, voice: str, rate_wpm: int, settings: str = "") -> str:
        """The cache key of one sentence as one engine says it."""
        raw = json.dumps([text, engine, voice, int(rate_wpm), settings], ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    def get(self, key: str) -> Path | None:
        """The WAV for `key`, or None on a miss."""
        path = self.path(key)
        try:
            os.utime(path)  # marks the use, for eviction; fails fast on a miss
        except FileNotFoundError:
            return None
        except OSError:
            # Read-only for this user (the daemon wrote it): still a hit.
            return path if path.exists() else None
        return path

    def __contains__(self, key: str) -> bool:
        return self.path(key).exists()

    def put(self, key: str, produce: Callable[[Path], object]) -> Path:
        """Call `produce(tmp_path)` to write the WAV, check it and move it into place."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if not os.access(self.folder, os.W_OK):
            # Say so before the engine fails to write there with a vaguer message.
            raise PermissionError(f"{self.folder}: not writable")
        tmp = self.folder / f"{TMP_PREFIX}{key}-{uuid.uuid4().hex[:8]}{SUFFIX}"
        try:
            produce(tmp)
            check_wav(tmp)
            size = tmp.stat().st_size
            os.replace(tmp, self.path(key))
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        self._grow(size)
        return self.path(key)

    def keys(self) -> set[str]:
        if not self.folder.exists():
            return set()
        return {p.name[:-len(SUFFIX)] for p in self.folder.iterdir()
                if p.name.endswith(SUFFIX) and not p.name.startswith(TMP_PREFIX)}

    def prune(self, keep: Iterable[str], older_than_s: float = 0.0) -> int:
        """Delete every WAV whose key is not in `keep` and that was not used in the last
        `older_than_s` seconds (another process may have just written it); return how many."""
        if not self.folder.exists():
            return 0
        keep = set(keep)
        now = time.time()
        removed = 0
        for path in list(self.folder.iterdir()):
            name = path.name
            if not name.endswith(SUFFIX):
                continue
            try:
                age = now - path.stat().st_mtime
                if name.startswith(TMP_PREFIX):
                    if age > STALE_TMP_S:
                        path.unlink()
                    continue
                if name[:-len(SUFFIX)] not in keep and age >= older_than_s:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue   # another process pruned it first
        with self._lock:
            self._size = None
        return removed

    def size_bytes(self) -> int:
        if not self.folder.exists():
            return 0
        total = 0
        for path in self.folder.iterdir():
            with contextlib.suppress(FileNotFoundError):
                total += path.stat().st_size
        return total

    def _grow(self, added: int) -> None:
        with self._lock:
            if self._size is None:
                self._size = self.size_bytes()
            else:
                self._size += added
            if self._size <= self.max_bytes:
                return
            self._size = self._evict(int(self.max_bytes * 0.9))

    def _evict(self, target: int) -> int:
        files = []
        for path in self.folder.iterdir():
            if path.name.startswith(TMP_PREFIX):
                continue
            with contextlib.suppress(FileNotFoundError):
                stat = path.stat()
                files.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _m, size, _p in files)
        for _mtime, size, path in sorted(files):
            if total <= target:
                break
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                total -= size
        log.info("speech cache: trimmed to %d bytes", total)
        return total


def check_wav(path: Path) -> tuple[int, int]:
    """Raise SynthesisError unless `path` is a readable PCM WAV with sound in it;
    return (frames, sample rate)."""
    try:
        with wave.open(str(path), "rb") as wav:
            frames, rate = wav.getnframes(), wav.getframerate()
    except (OSError, EOFError, wave.Error) as exc:
        raise SynthesisError(f"{path.name}: not a WAV file ({exc})") from exc
    if frames == 0:
        raise SynthesisError(f"{path.name}: the engine wrote no audio")
    return frames, rate
