"""Speech engines: one small interface, each engine writes one text to one WAV file.

Every engine synthesizes to a file and never plays anything itself: playback goes
through kiosk.audio's Player, which can be cut off at once. Engines are called from
background threads only, and several threads may call one engine at the same time.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import threading
import wave
from pathlib import Path
from typing import Any, Protocol

from kiosk.errors import EngineTimeout, EngineUnavailable, SynthesisError
from kiosk.speech.cache import check_wav
from kiosk.speech.wavs import scale_wav

# espeak-ng refuses rates outside this range (words per minute).
ESPEAK_MIN_WPM, ESPEAK_MAX_WPM = 80, 450


class Engine(Protocol):
    name: str        # "espeak-ng", "pyttsx3", "piper"
    voice: str       # espeak voice ("de") or the Piper model's name
    settings: str    # anything else that changes the sound; part of the cache key

    def synthesize(self, text: str, rate_wpm: int, out_wav: Path) -> Path:
        """Write `text` spoken at `rate_wpm` to `out_wav` (16-bit mono PCM); return it.
        Raises SynthesisError (EngineTimeout) or EngineUnavailable."""
        ...

    def close(self) -> None: ...


def nice_prefix(nice: int) -> list[str]:
    """`nice -n N` before a command, so background synthesis never slows the screen."""
    if nice <= 0 or shutil.which("nice") is None:
        return []
    return ["nice", "-n", str(nice)]


class EspeakEngine:
    """espeak-ng called directly: `espeak-ng -v de -s 150 -a 90 -w out.wav`."""

    name = "espeak-ng"

    def __init__(self, voice: str = "de", volume: float = 1.0, binary: str = "espeak-ng",
                 timeout_s: float = 20.0, nice: int = 0) -> None:
        self.voice = voice
        self.binary = binary
        self.amplitude = max(0, min(200, round(volume * 100)))
        self.settings = f"a{self.amplitude}"
        self.timeout_s = timeout_s
        self._prefix = nice_prefix(nice)

    def synthesize(self, text: str, rate_wpm: int, out_wav: Path) -> Path:
        rate = max(ESPEAK_MIN_WPM, min(ESPEAK_MAX_WPM, int(rate_wpm)))
        # Text goes in on stdin (-b 1: UTF-8), so a text starting with "-" is no option.
        cmd = [*self._prefix, self.binary, "-v", self.voice, "-s", str(rate),
               "-a", str(self.amplitude), "-b", "1", "-w", str(out_wav), "--stdin"]
        try:
            proc = subprocess.run(cmd, input=text.encode("utf-8"), capture_output=True,
                                  timeout=self.timeout_s, check=False)
        except (FileNotFoundError, PermissionError) as exc:
            raise EngineUnavailable(self.name, f"cannot run {self.binary!r}: {exc}") from exc
        except subprocess.TimeoutExpired as exc:
            raise EngineTimeout(f"espeak-ng took longer than {self.timeout_s} s") from exc
        if proc.returncode != 0:
            err = proc.stderr.decode("utf-8", "replace").strip()
            raise SynthesisError(f"espeak-ng exit {proc.returncode}: {err[:200]}")
        check_wav(out_wav)
        return out_wav

    def close(self) -> None:
        pass


class PiperEngine:
    """Piper with a local voice model: the piper-tts package in this process when it is
    installed (the model is loaded once), otherwise the `piper` command per sentence.
    Nothing is ever downloaded: without the model file this engine is unavailable."""

    name = "piper"

    def __init__(self, model: Path, base_wpm: int = 150, volume: float = 1.0,
                 binary: str = "piper", timeout_s: float = 20.0, nice: int = 0) -> None:
        model = Path(model)
        if model.suffix != ".onnx" or not model.is_file():
            raise EngineUnavailable(self.name, f"no voice model file at {model}")
        config = model.with_name(model.name + ".json")
        if not config.is_file():
            raise EngineUnavailable(self.name, f"{config.name} missing next to the model")
        self.model = model
        self.voice = model.stem
        self.base_wpm = base_wpm
        self.volume = volume
        stat = model.stat()
        # A replaced model file must not reuse the old model's audio.
        self.settings = f"v{volume:.2f};{stat.st_size};{int(stat.st_mtime)}"
        self.timeout_s = timeout_s
        self._prefix = nice_prefix(nice)
        self._in_process = importlib.util.find_spec("piper") is not None
        self._binary = shutil.which(binary)
        if not self._in_process and self._binary is None:
            raise EngineUnavailable(self.name, "neither piper-tts nor a piper command found")
        self._voice: Any = None
        self._lock = threading.Lock()  # one ONNX session, one sentence at a time

    def synthesize(self, text: str, rate_wpm: int, out_wav: Path) -> Path:
        # Piper speaks at the voice's own pace; slower means longer phonemes.
        length_scale = round(self.base_wpm / max(1, rate_wpm), 3)
        if self._in_process:
            self._synthesize_here(text, length_scale, out_wav)
        else:
            self._synthesize_cli(text, length_scale, out_wav)
        check_wav(out_wav)
        if abs(self.volume - 1.0) > 1e-3:
            scale_wav(out_wav, out_wav, self.volume)
        return out_wav

    def _synthesize_here(self, text: str, length_scale: float, out_wav: Path) -> None:
        with self._lock:
            voice = self._load()
            try:
                with wave.open(str(out_wav), "wb") as wav:
                    if hasattr(voice, "synthesize_wav"):      # piper-tts 1.3 and later
                        from piper import SynthesisConfig

                        voice.synthesize_wav(text, wav,
                                             syn_config=SynthesisConfig(length_scale=length_scale))
                    else:                                      # piper-tts 1.2
                        voice.synthesize(text, wav, length_scale=length_scale)
            except (RuntimeError, ValueError, OSError) as exc:
                raise SynthesisError(f"piper: {exc}") from exc

    def _load(self) -> Any:
        if self._voice is None:
            try:
                from piper import PiperVoice
            except ImportError:                                # piper-tts 1.2
                from piper.voice import PiperVoice
            self._voice = PiperVoice.load(str(self.model))
        return self._voice

    def _synthesize_cli(self, text: str, length_scale: float, out_wav: Path) -> None:
        # These spellings are understood by the 1.2 binary and by piper-tts's command.
        cmd = [*self._prefix, str(self._binary), "--model", str(self.model),
               "--output_file", str(out_wav), "--length_scale", str(length_scale)]
        try:
            proc = subprocess.run(cmd, input=text.encode("utf-8"), capture_output=True,
                                  timeout=self.timeout_s, check=False)
        except (FileNotFoundError, PermissionError) as exc:
            raise EngineUnavailable(self.name, f"cannot run {self._binary}: {exc}") from exc
        except subprocess.TimeoutExpired as exc:
            raise EngineTimeout(f"piper took longer than {self.timeout_s} s") from exc
        if proc.returncode != 0:
            err = proc.stderr.decode("utf-8", "replace").strip()
            raise SynthesisError(f"piper exit {proc.returncode}: {err[-200:]}")

    def close(self) -> None:
        self._voice = None


class NoEngine:
    """Stands in when no engine works: every request fails with the reason."""

    name = "none"
    voice = ""
    settings = ""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def synthesize(self, text: str, rate_wpm: int, out_wav: Path) -> Path:
        raise EngineUnavailable(self.name, self.reason)

    def close(self) -> None:
        pass
