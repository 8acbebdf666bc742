"""The [speech] settings of kiosk.toml and the engine they ask for, with a fallback chain.

    piper     needs piper_model (an existing .onnx with its .onnx.json) and piper-tts or a
              `piper` command; otherwise →
    pyttsx3   needs the pyttsx3 package; its worker falls back per sentence to →
    espeak-ng needs the espeak-ng program; otherwise →
    none      nothing is spoken; the status and the log say why.

Every step down is logged with its reason. The terminal never stops for want of a voice.
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.errors import EngineUnavailable
from kiosk.session import SPEEDS
from kiosk.speech.engines import Engine, EspeakEngine, NoEngine, PiperEngine
from kiosk.speech.pyttsx3_engine import Pyttsx3Engine
from sync.config import Config

log = logging.getLogger(__name__)

ENGINES = ("piper", "pyttsx3", "espeak-ng")
ALIASES = {"espeak": "espeak-ng", "espeak_ng": "espeak-ng", "piper-tts": "piper"}


@dataclass(frozen=True)
class SpeechSettings:
    engine: str = "espeak-ng"
    voice: str = "de"
    rate_wpm: int = 150
    volume: float = 0.9
    device: str = "default"
    piper_model: Path | None = None
    espeak_bin: str = "espeak-ng"
    piper_bin: str = "piper"
    speed_factors: tuple[float, ...] = (0.8, 1.0, 1.25)   # langsam, normal, schneller
    volume_step: float = 0.2
    volume_min: float = 0.3
    volume_max: float = 1.5
    timeout_s: float = 20.0
    cache_dir: Path = Path("/var/lib/quartier-kiosk/speech")
    cache_bytes: int = 300 * 1024 * 1024
    prerender_speeds: tuple[int, ...] = (0, 1, 2)

    @classmethod
    def from_config(cls, config: Config) -> SpeechSettings:
        s = config.data["speech"]
        model = Path(s["piper_model"]) if s["piper_model"] else None
        if model is not None and not model.is_absolute():
            # Next to kiosk.toml, like paths.data; never the working directory.
            base = config.source.parent if config.source else config.data_dir
            model = base / model
        speeds = []
        for word in s["prerender_speeds"]:
            if word in SPEEDS:
                speeds.append(SPEEDS.index(word))
            else:
                log.warning("speech: prerender_speeds: %r is not one of %s", word, SPEEDS)
        return cls(
            engine=ALIASES.get(s["engine"].lower(), s["engine"].lower()), voice=s["voice"],
            rate_wpm=int(s["rate_wpm"]), volume=float(s["volume"]), device=s["device"],
            piper_model=model, espeak_bin=s["espeak_bin"], piper_bin=s["piper_bin"],
            speed_factors=(float(s["slow_factor"]), 1.0, float(s["fast_factor"])),
            volume_step=float(s["volume_step"]), volume_min=float(s["volume_min"]),
            volume_max=float(s["volume_max"]), timeout_s=float(s["engine_timeout_s"]),
            cache_dir=config.data_dir / "speech", cache_bytes=int(s["cache_mb"]) * 1024 * 1024,
            prerender_speeds=tuple(sorted(set(speeds))))

    def rate(self, speed_index: int) -> int:
        """Words per minute for a speed of kiosk.session.SPEEDS (0 langsam … 2 schneller)."""
        index = max(0, min(len(self.speed_factors) - 1, int(speed_index)))
        return round(self.rate_wpm * self.speed_factors[index])


@dataclass
class EngineChoice:
    engine: Engine
    requested: str
    notes: list[str] = field(default_factory=list)   # why an engine further down was taken

    @property
    def fell_back(self) -> bool:
        return self.engine.name != self.requested


def make_engine(settings: SpeechSettings, *, nice: int = 0) -> EngineChoice:
    """The engine the settings ask for, or the next one down the chain that works."""
    requested = settings.engine
    notes: list[str] = []
    wanted = requested
    if wanted not in ENGINES:
        notes.append(f"unknown engine {requested!r} (known: {', '.join(ENGINES)})")
        wanted = "pyttsx3"
    if settings.piper_model is not None and wanted != "piper":
        log.info("speech: piper_model is set but engine is %r; set engine = \"piper\" to use "
                 "it", requested)
    espeak = None
    if shutil.which(settings.espeak_bin) is not None:
        espeak = EspeakEngine(settings.voice, settings.volume, settings.espeak_bin,
                              settings.timeout_s, nice)
    engine: Engine | None = None
    if wanted == "piper":
        engine = _piper(settings, nice, notes)
    if engine is None and wanted in ("piper", "pyttsx3"):
        if importlib.util.find_spec("pyttsx3") is None:
            notes.append("pyttsx3 is not installed")
        else:
            engine = Pyttsx3Engine(settings.voice, settings.volume, fallback=espeak,
                                   timeout_s=settings.timeout_s, nice=nice,
                                   warm_rates=[settings.rate(1)])
    if engine is None and espeak is not None:
        engine = espeak
    if engine is None:
        notes.append(f"espeak-ng not found ({settings.espeak_bin!r})")
        engine = NoEngine("; ".join(notes))
    choice = EngineChoice(engine, requested, notes)
    if notes:
        log.warning("speech: asked for %s, using %s: %s", requested, engine.name,
                    "; ".join(notes))
    return choice


def _piper(settings: SpeechSettings, nice: int, notes: list[str]) -> Engine | None:
    if settings.piper_model is None:
        notes.append("piper: [speech] piper_model is not set")
        return None
    try:
        return PiperEngine(settings.piper_model, settings.rate_wpm, settings.volume,
                           settings.piper_bin, settings.timeout_s, nice)
    except EngineUnavailable as exc:
        notes.append(str(exc))
        return None
