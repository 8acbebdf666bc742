"""Exceptions of the kiosk package.

    KioskError                    anything the kiosk refuses or fails to do on purpose
    └── SpeechError               reading aloud went wrong (never fatal for the terminal)
        ├── EngineUnavailable     an engine cannot be used at all: binary or library
        │                         missing, no voice model file (.reason says which)
        └── SynthesisError        one text could not be turned into a WAV file
            └── EngineTimeout     the engine did not answer in time and was killed

Errors of the configuration file itself are sync.errors.ConfigError (sync owns the table).
"""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the kiosk package raises on purpose."""


class SpeechError(KioskError):
    """Reading aloud failed; the terminal keeps working without it."""


class EngineUnavailable(SpeechError):
    """A speech engine cannot run on this machine (missing program, library or model)."""

    def __init__(self, engine: str, reason: str) -> None:
        self.engine = engine
        self.reason = reason
        super().__init__(f"{engine}: {reason}")


class SynthesisError(SpeechError):
    """One text could not be synthesized into a WAV file."""


class EngineTimeout(SynthesisError):
    """The engine hung on one text and was killed."""
