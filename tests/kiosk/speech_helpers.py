"""Shared by the speech tests: speech settings, German test sentences, an engine wrapper
that records syntheses, and an audio analysis of WAV files (soundfile + numpy)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import soundfile as sf

from kiosk import text
from kiosk.speech import SpeechSettings

SETTINGS = SpeechSettings()
NORMAL = SETTINGS.rate(1)
LONG_TEXT = " ".join([
    "Der Mittagstisch in der Begegnungsstätte beginnt heute um zwölf Uhr.",
    "Es gibt Linsensuppe mit Spätzle, danach Apfelkuchen.",
    "Bitte melden Sie sich bis Mittwoch an.",
    "Das Essen kostet sechs Euro fünfzig.",
    "Getränke gibt es an der Theke.",
    "Wer nicht gut zu Fuß ist, wird mit dem Bürgerbus abgeholt.",
    "Rufen Sie dafür einen Tag vorher an.",
    "Wir freuen uns auf Sie!",
])


class Recording:
    """Wraps a real engine; records when each synthesis ended, optionally slowed down
    (a Raspberry Pi needs about ten times longer than a CI machine)."""

    def __init__(self, engine, delay_s: float = 0.0) -> None:
        self.engine, self.delay_s = engine, delay_s
        self.name, self.voice, self.settings = engine.name, engine.voice, engine.settings
        self.done: list[tuple[float, str]] = []

    def synthesize(self, text_: str, rate_wpm: int, out_wav: Path) -> Path:
        time.sleep(self.delay_s)
        out = self.engine.synthesize(text_, rate_wpm, out_wav)
        self.done.append((time.perf_counter(), text_))
        return out

    def close(self) -> None:
        self.engine.close()


def analyse(path: Path) -> dict:
    data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    mono = data[:, 0]
    frame = int(rate * 0.02)
    frames = mono[: len(mono) // frame * frame].reshape(-1, frame)
    frame_rms = np.sqrt(np.mean(frames ** 2, axis=1))
    return {"channels": data.shape[1], "rate": rate, "seconds": len(mono) / rate,
            "rms": float(np.sqrt(np.mean(mono ** 2))), "peak": float(np.abs(mono).max()),
            "voiced": float(np.mean(frame_rms > 0.02))}


GERMAN = [
    text.spoken("Heute, 14:30 Uhr: Seniorenkaffee im Gemeindesaal."),
    text.spoken("Die Begegnungsstätte öffnet um 9:00 Uhr. Der Mittagstisch kostet 6,50 €."),
    "Grüße an alle Nachbarinnen und Nachbarn: Übungsabend für Anfängerinnen, Größe egal.",
    text.spoken("Anmeldung bei Frau Müller, Tel. 069 90009 123, bis Dienstag, 8. Dezember."),
]
