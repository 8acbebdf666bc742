"""The speech service: speak a screen's text sentence by sentence, stop at once.

    speaker = Speaker.from_config(config, player)
    speaker.on_state(lambda state: ...)     # State.SPEAKING / State.IDLE, from any thread
    speaker.speak(text, prefs.speed)        # returns at once; synthesis and playback run
    speaker.stop()                          # in background threads; stop cuts aplay off
    speaker.repeat()                        # "Nochmal"
    speaker.louder(); speaker.quieter(); speaker.reset()   # reset after every visit

Two threads do the work: the speaker's player thread, and for each utterance a producer
that takes every sentence from the cache or synthesizes it, in order; the player plays
each sentence as soon as it is ready. So a cached text starts within a millisecond, and
an uncached one as soon as its first sentence is synthesized, while the rest are
synthesized during playback. `stop()` only sets a flag and kills the player's process
under a lock, so it returns in well under a millisecond, and nothing of the stopped
utterance can start playing afterwards.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import shutil
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from kiosk.audio import Player
from kiosk.errors import EngineUnavailable, SynthesisError
from kiosk.scratch import scratch_dir
from kiosk.speech.cache import SpeechCache
from kiosk.speech.engines import Engine
from kiosk.speech.factory import SpeechSettings, make_engine
from kiosk.speech.sentences import split_sentences
from kiosk.speech.wavs import scale_wav
from sync.config import Config

log = logging.getLogger(__name__)

POLL_S = 0.02    # how often the player thread looks whether a sentence has ended
_END = object()  # the producer has no more sentences


class State(Enum):
    IDLE = "idle"
    SPEAKING = "speaking"


@dataclass(frozen=True)
class SpeechStatus:
    """Whether the terminal can read aloud, and if not, why (for the status and logs)."""

    audio: bool            # a sound device and aplay were found
    engine: str            # the engine in use ("none" if there is none)
    requested: str         # the engine kiosk.toml asks for
    note: str = ""         # English: why another engine or nothing is used
    audio_text: str = ""   # German: why the sound output failed (the start's test playback)

    @property
    def available(self) -> bool:
        return self.audio and self.engine != "none"

    @property
    def text(self) -> str:
        """German, for the screen and the staff's status page."""
        if not self.audio:
            return self.audio_text or "Keine Tonausgabe gefunden – Vorlesen ist nicht möglich."
        if self.engine == "none":
            return "Keine Sprachausgabe eingerichtet – Vorlesen ist nicht möglich."
        return "Vorlesen ist bereit."


@dataclass
class _Utterance:
    seq: int
    text: str
    rate: int
    cancel: threading.Event = field(default_factory=threading.Event)
    ready: queue.Queue = field(default_factory=queue.Queue)
    temp_files: list[Path] = field(default_factory=list)


class Speaker:
    """Reads texts aloud through a Player; every method is safe to call from the UI thread."""

    def __init__(self, engine: Engine, player: Player, cache: SpeechCache,
                 settings: SpeechSettings | None = None, *, requested: str | None = None,
                 notes: list[str] | None = None) -> None:
        self.engine = engine
        self.player = player
        self.cache = cache
        self.settings = settings or SpeechSettings()
        self._requested = requested or engine.name
        self._note = "; ".join(notes or [])
        self._lock = threading.Lock()
        self._notify_lock = threading.RLock()
        self._listeners: list[Callable[[State], None]] = []
        self._state = self._notified = State.IDLE
        self._current: _Utterance | None = None
        self._last: tuple[str, int] | None = None
        self._seq = 0
        self._volume = self.settings.volume
        self._warned = False
        self._owns_engine = False
        self._tmp_dir: Path | None = None   # made when first needed (volume steps)
        self._producers: list[threading.Thread] = []   # synthesis threads, one per text
        # One long-lived player thread: speak() only hands it the text, so the UI thread
        # never waits for a thread to start.
        self._jobs: queue.SimpleQueue[_Utterance | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="speech", daemon=True)
        self._thread.start()

    @classmethod
    def from_config(cls, config: Config, player: Player) -> Speaker:
        """The speaker kiosk.toml's [speech] section describes, playing through `player`."""
        settings = SpeechSettings.from_config(config)
        # A little below the UI's priority: the screen must stay smooth while it speaks.
        choice = make_engine(settings, nice=5)
        cache = SpeechCache(settings.cache_dir, settings.cache_bytes)
        speaker = cls(choice.engine, player, cache, settings, requested=choice.requested,
                      notes=choice.notes)
        speaker._owns_engine = True
        return speaker

    # -- what the UI calls -----------------------------------------------------------------

    def speak(self, text: str, speed_index: int = 1) -> bool:
        """Stop whatever is being said and start saying `text`; return at once.
        False when nothing will be said (no text, no sound device)."""
        text = text.strip()
        if not text:
            self.stop()
            return False
        if not self.status().available:
            if not self._warned:
                log.warning("speech: nothing is read aloud: %s", self.status().text)
                self._warned = True
            return False
        with self._lock:
            self._cancel_locked()
            self._seq += 1
            utterance = _Utterance(self._seq, text, self.settings.rate(speed_index))
            self._current = utterance
            self._last = (text, speed_index)
            self._state = State.SPEAKING
        self._jobs.put(utterance)
        self._notify()
        return True

    def stop(self) -> None:
        """Fall silent now: kill playback, drop every sentence not yet played."""
        with self._lock:
            self._cancel_locked()
            self._state = State.IDLE
        self._notify()

    def repeat(self, speed_index: int | None = None) -> bool:
        """ "Nochmal": say the last text again, at `speed_index` or the speed it had."""
        with self._lock:
            last = self._last
        if last is None:
            return False
        text, speed = last
        return self.speak(text, speed if speed_index is None else speed_index)

    @property
    def last_text(self) -> str | None:
        """The text last given to speak(), what "Nochmal" repeats (None after a reset)."""
        with self._lock:
            return self._last[0] if self._last else None

    @property
    def speaking(self) -> bool:
        return self._state is State.SPEAKING

    def on_state(self, callback: Callable[[State], None]) -> Callable[[], None]:
        """Call `callback(state)` on every change, from whichever thread made it (keep it
        short: schedule onto the UI thread). Returns a function that unsubscribes."""
        with self._notify_lock:
            self._listeners.append(callback)

        def unsubscribe() -> None:
            with self._notify_lock, contextlib.suppress(ValueError):
                self._listeners.remove(callback)

        return unsubscribe

    @property
    def volume(self) -> float:
        return self._volume

    def louder(self) -> float:
        s = self.settings
        self._volume = round(min(s.volume_max, self._volume + s.volume_step), 3)
        return self._volume

    def quieter(self) -> float:
        s = self.settings
        self._volume = round(max(s.volume_min, self._volume - s.volume_step), 3)
        return self._volume

    def set_steps(self, steps: int) -> float:
        """The volume `steps` steps above (or below) the configured one, within limits."""
        s = self.settings
        wanted = s.volume + steps * s.volume_step
        self._volume = round(max(s.volume_min, min(s.volume_max, wanted)), 3)
        return self._volume

    def reset(self) -> None:
        """End of a visit: silence, the default volume, and no "Nochmal" of the last text."""
        self.stop()
        with self._lock:
            self._last = None
            self._volume = self.settings.volume

    def status(self) -> SpeechStatus:
        return SpeechStatus(bool(self.player.available), self.engine.name, self._requested,
                            self._note, getattr(self.player, "problem", ""))

    def close(self) -> None:
        """Stop, end the player thread; close the engine if from_config() made it."""
        self.stop()
        self._jobs.put(None)
        self._thread.join(timeout=2)
        for producer in list(self._producers):  # a cancelled one ends after its sentence
            producer.join(timeout=2)
        if self._owns_engine:
            self.engine.close()
        if self._tmp_dir is not None:
            shutil.rmtree(self._tmp_dir, ignore_errors=True)

    @property
    def _tmp(self) -> Path:
        if self._tmp_dir is None:
            # In memory (kiosk.scratch): a scaled copy per sentence must not wear the card.
            self._tmp_dir = scratch_dir("kiosk-speech-")
        return self._tmp_dir

    # -- state --------------------------------------------------------------------------

    def _cancel_locked(self) -> None:
        utterance, self._current = self._current, None
        if utterance is not None:
            utterance.cancel.set()
            utterance.ready.put(_END)   # wakes the player thread if it waits for a sentence
            # Only our own sound is cut: a stop() with nothing spoken leaves the chime.
            self.player.stop()

    def _notify(self) -> None:
        # Serialized, and always with the newest state: whoever notifies last tells the truth.
        with self._notify_lock:
            state = self._state
            if state is self._notified:
                return
            self._notified = state
            for callback in list(self._listeners):
                callback(state)

    # -- the player thread ---------------------------------------------------------------

    def _loop(self) -> None:
        while (utterance := self._jobs.get()) is not None:
            self._run(utterance)

    def _run(self, utterance: _Utterance) -> None:
        try:
            if not utterance.cancel.is_set():
                self._play_all(utterance)
        except Exception:  # the top of the thread's loop: log, never take the terminal down
            log.exception("speech: playback of utterance %d failed", utterance.seq)
        finally:
            with self._lock:
                if self._current is utterance:
                    self._current = None
                    self._state = State.IDLE
            self._notify()
            for path in utterance.temp_files:
                with contextlib.suppress(OSError):
                    path.unlink()

    def _play_all(self, utterance: _Utterance) -> None:
        sentences = split_sentences(utterance.text)
        producer = threading.Thread(target=self._produce, args=(utterance, sentences),
                                    daemon=True, name=f"speech-{utterance.seq}-synth")
        self._producers = [t for t in self._producers if t.is_alive()] + [producer]
        producer.start()
        while True:
            item = self._next(utterance)
            if item is _END or utterance.cancel.is_set():
                return
            if item is None:
                continue  # this sentence failed (logged); go on with the next one
            wav = self._loudness(item, utterance)
            with self._lock:
                # Checked under the lock stop() takes: after stop(), nothing starts.
                if utterance.cancel.is_set():
                    return
                self.player.play(wav)
            while not utterance.cancel.wait(POLL_S):
                if not self.player.playing():
                    break

    def _next(self, utterance: _Utterance) -> object:
        while True:
            try:
                return utterance.ready.get(timeout=1.0)
            except queue.Empty:
                if utterance.cancel.is_set():
                    return _END

    def _loudness(self, wav: Path, utterance: _Utterance) -> Path:
        gain = self._volume / self.settings.volume if self.settings.volume else 1.0
        if abs(gain - 1.0) < 0.01:
            return wav
        out = self._tmp / f"{utterance.seq}-{uuid.uuid4().hex[:8]}.wav"
        utterance.temp_files.append(out)
        return scale_wav(wav, out, gain)

    # -- the producer thread -------------------------------------------------------------

    def _produce(self, utterance: _Utterance, sentences: list[str]) -> None:
        try:
            for sentence in sentences:
                if utterance.cancel.is_set():
                    return
                utterance.ready.put(self._audio(sentence, utterance))
        except EngineUnavailable as exc:
            log.error("speech: %s; nothing is read aloud", exc)
            self._note = str(exc)
        except Exception:  # the top of a thread: log, and let the player thread finish
            log.exception("speech: synthesis of utterance %d failed", utterance.seq)
        finally:
            utterance.ready.put(_END)

    def _audio(self, sentence: str, utterance: _Utterance) -> Path | None:
        """The WAV of one sentence: from the cache, else synthesized into it."""
        engine, rate = self.engine, utterance.rate
        key = self.cache.key(sentence, engine.name, engine.voice, rate, engine.settings)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        try:
            return self.cache.put(key, lambda tmp: engine.synthesize(sentence, rate, tmp))
        except SynthesisError as exc:
            if not utterance.cancel.is_set():  # a stopped text's sentence does not matter
                log.warning("speech: sentence skipped (%s): %.60s", exc, sentence)
            return None
        except OSError as exc:
            # The cache folder is not writable for this user: speak from a temp file.
            log.warning("speech: cache not writable (%s); speaking without it", exc)
            out = self._tmp / f"u-{uuid.uuid4().hex[:8]}.wav"
            utterance.temp_files.append(out)
            try:
                return engine.synthesize(sentence, rate, out)
            except SynthesisError as err:
                log.warning("speech: sentence skipped (%s): %.60s", err, sentence)
                return None
