"""Benchmarks of reading aloud: from speak() to the first audio sample handed to the
player, for a detail whose sentences are cached, and for one that must be synthesized.

The speech is each demo entry's detail, page one at 1920×1080, as the app builds it; the
engine is the default of kiosk.toml (pyttsx3 with its espeak-ng fallback). The player is
fake (no sound card here): it records when play() was called and reads the first sample.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import wave
from pathlib import Path

from kiosk import paging, speech_text, views
from kiosk.clock import fixed_clock
from kiosk.frames import frame as make_frame
from kiosk.speech import Speaker, SpeechCache, SpeechSettings, make_engine, prerender
from kiosk.store import Store
from kiosk.theme import metrics
from sync.apply import apply_feed
from sync.demo import demo_source
from sync.source import build_feed
from tests.helpers import berlin

NOW = berlin(2026, 12, 1, 10)
RUNS = 21


class FirstSamplePlayer:
    """Notes the time at which the first sample of the first WAV was in hand."""

    available = True

    def __init__(self) -> None:
        self.first_at: float | None = None

    def play(self, wav: Path) -> None:
        with wave.open(str(wav), "rb") as audio:
            sample = audio.readframes(1)
        if self.first_at is None and sample:
            self.first_at = time.perf_counter()

    def stop(self) -> None:
        pass

    def playing(self) -> bool:
        return False


def detail_texts(store: Store) -> list[str]:
    frame = make_frame(1920, 1080, metrics(1920 / 476, 0))
    out = []
    for entry_id in store.entry_ids(NOW):
        view = views.detail_view(store, entry_id, NOW)
        pages = paging.detail_layout(view, frame)[1]
        out.append(speech_text.detail_speech(view, pages, 0))
    return out


def first_audio_ms(speaker: Speaker, player: FirstSamplePlayer, text: str) -> float:
    player.first_at = None
    started = time.perf_counter()
    speaker.speak(text, 1)
    while player.first_at is None:
        if time.perf_counter() - started > 10:
            raise RuntimeError("no audio within 10 s")
        time.sleep(0.0005)
    elapsed = (player.first_at - started) * 1000
    speaker.stop()
    return elapsed


def run() -> dict[str, float]:
    settings = SpeechSettings()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        doc = build_feed(demo_source(NOW.date()), version=1, now=berlin(2026, 12, 1, 8))
        apply_feed(folder / "kiosk.sqlite", doc, now=NOW)
        store = Store(folder / "kiosk.sqlite", clock=fixed_clock(NOW))
        texts = detail_texts(store)
        engine = make_engine(settings).engine
        player = FirstSamplePlayer()

        cache = SpeechCache(folder / "cached")
        prerender(store, cache, engine, [settings.rate(1)], now=NOW)
        speaker = Speaker(engine, player, cache, settings)
        first_audio_ms(speaker, player, texts[0])   # warm: threads, imports
        cached = [first_audio_ms(speaker, player, texts[i % len(texts)]) for i in range(RUNS)]

        uncached = []
        for i in range(RUNS):
            # A fresh, empty cache each time: every sentence must be synthesized.
            fresh = Speaker(engine, player, SpeechCache(folder / f"fresh-{i}"), settings)
            uncached.append(first_audio_ms(fresh, player, texts[i % len(texts)]))
            fresh.close()
        speaker.close()
        engine.close()
        store.close()
    return {
        "tts_first_audio_cached_ms": round(statistics.median(cached), 2),
        "tts_first_audio_uncached_ms": round(statistics.median(uncached), 2),
    }
