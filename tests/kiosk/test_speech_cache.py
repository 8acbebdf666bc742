"""The sentence cache (kiosk/speech/cache.py): keys, hits and misses, atomic writes, pruning
and the size bound, with real espeak-ng audio."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from kiosk.errors import SynthesisError
from kiosk.speech import SpeechCache
from tests.kiosk.speech_helpers import LONG_TEXT, NORMAL, analyse

# -- cache ---------------------------------------------------------------------------------

def test_speech_cache_miss_then_hit(tmp_path, espeak):
    cache = SpeechCache(tmp_path)
    key = cache.key("Guten Tag.", espeak.name, espeak.voice, NORMAL, espeak.settings)
    assert cache.get(key) is None
    path = cache.put(key, lambda tmp: espeak.synthesize("Guten Tag.", NORMAL, tmp))
    assert cache.get(key) == path and analyse(path)["rms"] > 0.03
    assert cache.keys() == {key}


def test_speech_cache_key_depends_on_text_engine_voice_and_rate():
    base = SpeechCache.key("Hallo.", "espeak-ng", "de", 150)
    others = [SpeechCache.key("Hallo!", "espeak-ng", "de", 150),
              SpeechCache.key("Hallo.", "pyttsx3", "de", 150),
              SpeechCache.key("Hallo.", "espeak-ng", "de+f3", 150),
              SpeechCache.key("Hallo.", "espeak-ng", "de", 120)]
    assert len({base, *others}) == 5 and base == SpeechCache.key("Hallo.", "espeak-ng", "de", 150)


def test_speech_cache_failed_write_leaves_no_file(tmp_path):
    cache = SpeechCache(tmp_path)

    def half_written(tmp: Path) -> None:
        tmp.write_bytes(b"RIFF\x00\x00")  # a crash in the middle of writing
        raise SynthesisError("engine died")

    with pytest.raises(SynthesisError):
        cache.put("k", half_written)
    with pytest.raises(SynthesisError, match="not a WAV"):
        cache.put("k", lambda tmp: tmp.write_bytes(b"RIFF"))
    assert list(tmp_path.iterdir()) == [] and cache.get("k") is None


def test_speech_cache_concurrent_writers_leave_one_whole_file(tmp_path, espeak):
    cache = SpeechCache(tmp_path)
    threads = [threading.Thread(target=cache.put, args=("k", lambda tmp: espeak.synthesize(
        LONG_TEXT, NORMAL, tmp))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [p.name for p in tmp_path.iterdir()] == ["k.wav"]
    assert analyse(tmp_path / "k.wav")["seconds"] > 10


def test_speech_cache_prune_keeps_listed_and_recent(tmp_path, espeak):
    cache = SpeechCache(tmp_path)
    for key in ("a", "b", "c"):
        cache.put(key, lambda tmp: espeak.synthesize("Eins.", NORMAL, tmp))
    assert cache.prune({"a"}, older_than_s=3600) == 0      # just written: kept
    assert cache.prune({"a"}) == 2 and cache.keys() == {"a"}


def test_speech_cache_size_is_bounded_oldest_first(tmp_path, espeak):
    one = espeak.synthesize("Ein kurzer Satz.", NORMAL, tmp_path / "one.wav").stat().st_size
    cache = SpeechCache(tmp_path / "c", max_bytes=int(one * 3.5))
    for i, key in enumerate("abcde"):
        cache.put(key, lambda tmp: espeak.synthesize("Ein kurzer Satz.", NORMAL, tmp))
        cache.get("a")   # "a" is in use all along
        time.sleep(0.01 * (i + 1))
    assert cache.size_bytes() <= one * 3.5 and "a" in cache and "b" not in cache
