"""The Speaker (kiosk/speech/speaker.py): plays the first sentence while the rest is
synthesized, stops at once, repeats, changes speed and volume, and fails quietly.

Only the loudspeaker is faked (a CI machine has none): FakePlayer records every play()
with its time and "plays" for the WAV's length divided by `speedup`.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from kiosk.speech import (
    EspeakEngine,
    Speaker,
    SpeechCache,
    SpeechSettings,
    State,
    make_engine,
    split_sentences,
)
from kiosk.speech.wavs import duration_s
from sync.config import load_config
from tests.kiosk.speech_helpers import GERMAN, LONG_TEXT, SETTINGS, Recording

# -- fakes and helpers --------------------------------------------------------------------

class FakePlayer:
    """The loudspeaker: records play() calls with time and loudness, plays in fast time."""

    available = True

    def __init__(self, speedup: float = 10.0) -> None:
        self.speedup = speedup
        self.plays: list[tuple[float, Path, float]] = []   # (time, wav, rms)
        self.stops: list[float] = []
        self._until = 0.0

    def play(self, wav: Path) -> None:
        now = time.perf_counter()
        data, _rate = sf.read(str(wav), dtype="float32")
        self.plays.append((now, Path(wav), float(np.sqrt(np.mean(data ** 2)))))
        self._until = now + duration_s(Path(wav)) / self.speedup

    def stop(self) -> None:
        self.stops.append(time.perf_counter())
        self._until = 0.0

    def playing(self) -> bool:
        return time.perf_counter() < self._until


def wait_until(condition, timeout: float = 10.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.005)
    return condition()


@pytest.fixture
def speaker_parts(tmp_path, espeak):
    player = FakePlayer()
    engine = Recording(espeak)
    speaker = Speaker(engine, player, SpeechCache(tmp_path / "cache"), SETTINGS)
    yield speaker, player, engine
    speaker.close()


# -- the speaker ---------------------------------------------------------------------------

def test_speaker_first_sentence_plays_while_the_rest_is_synthesized(tmp_path, espeak):
    player = FakePlayer()
    engine = Recording(espeak, delay_s=0.15)   # as slow as a Pi
    speaker = Speaker(engine, player, SpeechCache(tmp_path), SETTINGS)
    synthesized_at_first_play: list[int] = []
    play = player.play
    player.play = lambda wav: (synthesized_at_first_play.append(len(engine.done)), play(wav))
    started = time.perf_counter()
    assert speaker.speak(LONG_TEXT, 1)
    assert time.perf_counter() - started < 0.05            # the caller never synthesizes
    assert wait_until(lambda: player.plays, 5)
    assert synthesized_at_first_play[0] == 1
    assert wait_until(lambda: not speaker.speaking, 30)
    assert player.plays[0][0] < engine.done[1][0]          # before the second was ready
    assert len(player.plays) == len(split_sentences(LONG_TEXT)) == 8
    speaker.close()


def test_speaker_stop_is_immediate_and_final(speaker_parts):
    speaker, player, _engine = speaker_parts
    speaker.speak(LONG_TEXT, 1)
    assert wait_until(lambda: player.plays)
    started = time.perf_counter()
    speaker.stop()
    stopped = time.perf_counter()
    assert stopped - started < 0.1 and player.stops and player.stops[-1] >= started
    time.sleep(0.5)
    assert all(at < started for at, _wav, _rms in player.plays)
    assert not speaker.speaking and len(player.plays) < 8


def test_speaker_stop_during_synthesis_plays_nothing(tmp_path, espeak):
    player = FakePlayer()
    speaker = Speaker(Recording(espeak, delay_s=0.2), player, SpeechCache(tmp_path), SETTINGS)
    speaker.speak(LONG_TEXT, 1)
    speaker.stop()
    time.sleep(0.6)
    assert player.plays == [] and not speaker.speaking
    speaker.close()


def test_speaker_close_waits_for_synthesis_in_progress(tmp_path, espeak, caplog):
    """After close() no thread writes into the cache any more (it may be deleted next),
    and a stopped text's sentences are not reported as failures."""
    engine = Recording(espeak, delay_s=0.3)
    speaker = Speaker(engine, FakePlayer(), SpeechCache(tmp_path / "cache"), SETTINGS)
    speaker.speak(LONG_TEXT, 1)
    assert wait_until(lambda: speaker.speaking)
    time.sleep(0.1)  # the first sentence is being synthesized
    speaker.close()
    finished = len(engine.done)
    time.sleep(0.5)
    assert len(engine.done) == finished
    assert "sentence skipped" not in caplog.text


def test_speaker_reports_state_and_repeats_the_last_text(speaker_parts):
    speaker, player, engine = speaker_parts
    states: list[State] = []
    speaker.on_state(states.append)
    speaker.speak("Guten Tag. Schön, dass Sie da sind.", 1)
    assert speaker.speaking
    assert wait_until(lambda: not speaker.speaking)
    first = [wav for _at, wav, _rms in player.plays]
    synthesized = len(engine.done)
    assert speaker.repeat()
    assert wait_until(lambda: len(player.plays) == 4) and wait_until(lambda: not speaker.speaking)
    assert [wav for _at, wav, _rms in player.plays[2:]] == first   # from the cache
    assert len(engine.done) == synthesized
    assert states == [State.SPEAKING, State.IDLE, State.SPEAKING, State.IDLE]


def test_speaker_speeds_change_the_rate(speaker_parts):
    speaker, player, _engine = speaker_parts
    lengths = []
    for speed in (0, 2):
        speaker.speak(GERMAN[1], speed)
        assert wait_until(lambda: not speaker.speaking)
        lengths.append(sum(duration_s(wav) for _at, wav, _rms in player.plays))
        player.plays.clear()
    assert lengths[0] > lengths[1] * 1.3


def test_speaker_volume_steps_and_reset_after_a_visit(speaker_parts):
    speaker, player, _engine = speaker_parts
    speaker.speak("Guten Tag.", 1)
    assert wait_until(lambda: not speaker.speaking)
    speaker.louder()
    speaker.speak("Guten Tag.", 1)
    assert wait_until(lambda: not speaker.speaking)
    normal, loud = player.plays[0][2], player.plays[1][2]
    assert loud > normal * 1.15
    for _ in range(20):
        speaker.quieter()
    assert speaker.volume == SETTINGS.volume_min
    # The Lauter button's steps: above the default, never beyond the limit.
    step = SETTINGS.volume_step
    assert speaker.set_steps(1) == round(SETTINGS.volume + step, 3)
    assert speaker.set_steps(2) == round(SETTINGS.volume + 2 * step, 3)
    assert speaker.set_steps(50) == SETTINGS.volume_max
    assert speaker.set_steps(0) == SETTINGS.volume
    speaker.set_steps(2)
    speaker.reset()
    assert speaker.volume == SETTINGS.volume and not speaker.repeat()


def test_speaker_engine_failure_is_logged_and_harmless(tmp_path, caplog):
    player = FakePlayer()
    broken = EspeakEngine("de", binary=str(tmp_path / "kein-espeak"))
    speaker = Speaker(broken, player, SpeechCache(tmp_path / "c"), SETTINGS)
    with caplog.at_level(logging.WARNING):
        assert speaker.speak(LONG_TEXT, 1)
        assert wait_until(lambda: not speaker.speaking)
    assert player.plays == [] and "cannot run" in caplog.text
    assert "kein-espeak" in speaker.status().note
    speaker.close()


def test_speaker_from_config_speaks_into_the_data_folder(tmp_path):
    (tmp_path / "kiosk.toml").write_text(
        '[paths]\ndata = "daten"\n[speech]\nengine = "espeak-ng"\nvolume = 0.8\n')
    player = FakePlayer()
    speaker = Speaker.from_config(load_config(tmp_path / "kiosk.toml"), player)
    assert speaker.status().available and speaker.status().engine == "espeak-ng"
    assert speaker.speak("Guten Tag.", 0)
    assert wait_until(lambda: not speaker.speaking)
    assert player.plays[0][1].parent == tmp_path / "daten" / "speech"
    speaker.close()


def test_speaker_without_sound_device_stays_quiet_and_says_so(tmp_path, espeak):
    player = FakePlayer()
    player.available = False
    speaker = Speaker(espeak, player, SpeechCache(tmp_path), SETTINGS)
    assert not speaker.speak("Hallo.", 1) and not speaker.speaking
    assert not speaker.status().available and "Keine Tonausgabe" in speaker.status().text
    speaker.close()


def test_speaker_without_any_engine_stays_quiet_and_says_so(tmp_path):
    choice = make_engine(SpeechSettings(engine="espeak-ng", espeak_bin=str(tmp_path / "x")))
    speaker = Speaker(choice.engine, FakePlayer(), SpeechCache(tmp_path), SETTINGS,
                      notes=choice.notes)
    assert not speaker.speak("Hallo.", 1)
    status = speaker.status()
    assert not status.available and "Keine Sprachausgabe" in status.text
    assert "espeak-ng not found" in status.note
    speaker.close()
