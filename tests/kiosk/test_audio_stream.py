"""The one output stream (kiosk/audio_stream.py): the test playback at start decides
whether the terminal can speak, one `aplay` stays open, sounds reach it whole.

Real: espeak-ng, the WAV files, the pipe, and in the first test the real `aplay` on this
machine, which has no sound card. Faked, and only where said: an `aplay` that "plays" by
copying its input to a file (a CI machine has no loudspeaker).
"""

from __future__ import annotations

import os
import stat
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from kiosk.audio import write_chime
from kiosk.audio_stream import CHECK_TEXT, RATE, StreamPlayer, pcm_of
from kiosk.scratch import scratch_root
from kiosk.speech import Speaker, SpeechCache
from tests.kiosk.speech_helpers import SETTINGS

FAKE_APLAY = """#!/bin/sh
# FAKE aplay for tests: records its arguments, "plays" by copying stdin to a file.
echo "$@" >> "$FAKE_APLAY_LOG"
exec cat >> "$FAKE_APLAY_OUT"
"""


@pytest.fixture
def fake_aplay(tmp_path, monkeypatch) -> tuple[Path, Path, Path]:
    script = tmp_path / "aplay"
    script.write_text(FAKE_APLAY)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    log, out = tmp_path / "aplay.log", tmp_path / "aplay.raw"
    monkeypatch.setenv("FAKE_APLAY_LOG", str(log))
    monkeypatch.setenv("FAKE_APLAY_OUT", str(out))
    return script, log, out


def _synth(espeak):
    return lambda path: espeak.synthesize(CHECK_TEXT, SETTINGS.rate(1), path)


def _wait(condition, timeout: float = 10.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end and not condition():
        time.sleep(0.02)
    return condition()


def test_stream_player_check_without_a_sound_card_makes_speech_unavailable(espeak,
                                                                            tmp_path):
    """The real aplay on a device this machine does not have (CI has no sound card):
    speech is "unavailable", and the reason names the device."""
    player = StreamPlayer("plughw:CARD=QuartierGibtEsNicht,DEV=0")
    assert player.check(_synth(espeak), timeout_s=10) is False
    assert not player.available
    assert "„plughw:CARD=QuartierGibtEsNicht,DEV=0“ ging nicht" in player.problem
    assert player.problem.endswith("Vorlesen ist nicht möglich.")
    speaker = Speaker(espeak, player, SpeechCache(tmp_path / "cache"), SETTINGS)
    try:
        status = speaker.status()
        assert status.available is False and status.text == player.problem
        assert speaker.speak("Hallo.") is False
    finally:
        speaker.close()


def test_stream_player_check_fails_when_the_engine_fails(tmp_path, fake_aplay):
    def broken(_path: Path) -> None:
        raise OSError("espeak-ng: kein Speicher")

    player = StreamPlayer("plughw:CARD=Test,DEV=0", aplay=str(fake_aplay[0]))
    assert player.check(broken) is False
    assert "Sprachausgabe ging beim Test nicht (espeak-ng: kein Speicher)" in player.problem
    assert not fake_aplay[1].exists()   # no stream was opened for nothing


def test_stream_player_check_with_a_fake_aplay_that_plays_keeps_one_stream_open(
        espeak, tmp_path, fake_aplay):
    """FAKE aplay (copies its input): the test sentence goes through the stream, which then
    stays open – later sounds go into the same process, silence flows in between."""
    script, log, out = fake_aplay
    player = StreamPlayer("plughw:CARD=Test,DEV=0", aplay=str(script))
    try:
        assert player.check(_synth(espeak), gain=1.0) is True
        assert player.available and player.problem == ""
        args = log.read_text().split()
        assert args[args.index("-D") + 1] == "plughw:CARD=Test,DEV=0"
        assert {"-t", "raw", "-f", "S16_LE", "-c", "1"} <= set(args)
        test_wav = tmp_path / "check.wav"
        _synth(espeak)(test_wav)
        assert pcm_of(test_wav, RATE) in out.read_bytes()   # all of it, in order
        chime = write_chime(tmp_path / "chime.wav")
        size = out.stat().st_size
        assert _wait(lambda: out.stat().st_size > size + RATE)  # silence keeps flowing
        for _ in range(3):
            player.play(chime)
            assert player.playing()
            assert _wait(lambda: not player.playing())
        assert pcm_of(chime, RATE) in out.read_bytes()
        assert len(log.read_text().splitlines()) == 1   # one aplay for everything
    finally:
        player.close()


def test_stream_player_stop_drops_what_is_not_yet_played(espeak, tmp_path, fake_aplay):
    player = StreamPlayer("default", aplay=str(fake_aplay[0]))
    try:
        assert player.check(_synth(espeak))
        long_wav = tmp_path / "lang.wav"
        espeak.synthesize(" ".join([CHECK_TEXT] * 8), SETTINGS.rate(1), long_wav)
        player.play(long_wav)
        time.sleep(0.3)
        player.stop()
        assert not player.playing()
        time.sleep(0.3)
        assert pcm_of(long_wav, RATE) not in fake_aplay[2].read_bytes()
    finally:
        player.close()


def test_pcm_of_resamples_and_mixes_down(tmp_path):
    path = tmp_path / "stereo16k.wav"
    tone = (np.sin(np.arange(16000) / 10) * 10000).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(np.repeat(tone, 2).tobytes())
    pcm = np.frombuffer(pcm_of(path, RATE), dtype="<i2")
    assert len(pcm) == RATE   # one second at 22050 Hz
    assert abs(int(np.abs(pcm).max()) - int(np.abs(tone).max())) < 200


def test_scratch_root_is_in_memory_before_tmp(tmp_path):
    runtime, xdg, shm = (tmp_path / n for n in ("run", "xdg", "shm"))
    for folder in (runtime, xdg, shm):
        folder.mkdir()
    env = {"RUNTIME_DIRECTORY": f"{runtime}:/elsewhere", "XDG_RUNTIME_DIR": str(xdg),
           "TMPDIR": "/tmp"}
    assert scratch_root(env, shm) == runtime
    assert scratch_root({"XDG_RUNTIME_DIR": str(xdg)}, shm) == xdg
    assert scratch_root({}, shm) == shm


def test_speaker_temporary_wavs_live_in_the_runtime_directory(espeak, tmp_path,
                                                               monkeypatch, fake_aplay):
    """The volume steps' scaled copies go to $RUNTIME_DIRECTORY (a tmpfs under systemd)."""
    runtime = tmp_path / "run"
    runtime.mkdir()
    monkeypatch.setenv("RUNTIME_DIRECTORY", str(runtime))
    player = StreamPlayer("default", aplay=str(fake_aplay[0]))
    speaker = Speaker(espeak, player, SpeechCache(tmp_path / "cache"), SETTINGS)
    try:
        assert player.check(_synth(espeak))
        speaker.set_steps(2)
        seen: list[list[str]] = []
        play = player.play
        player.play = lambda wav: (seen.append([str(wav), *os.listdir(runtime)]), play(wav))
        assert speaker.speak("Lauter.")
        assert _wait(lambda: seen)
        assert seen[0][0].startswith(str(runtime))
    finally:
        speaker.close()
        player.close()
