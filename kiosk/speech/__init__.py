"""Reading aloud: engines behind one small interface, a sentence cache, the Speaker
service and pre-rendering. No Kivy in here; docs/speech.md describes the whole.

    engines.py         Engine protocol, EspeakEngine, PiperEngine, NoEngine
    pyttsx3_engine.py  Pyttsx3Engine (worker processes with a deadline, falls back)
    pyttsx3_worker.py  the worker process itself (run by path, imports only pyttsx3)
    factory.py         SpeechSettings from kiosk.toml, make_engine() with the fallback chain
    sentences.py       German sentence splitter
    cache.py           SpeechCache: sentence WAVs keyed by text, engine, voice and rate
    wavs.py            volume steps on a copy of a WAV, a WAV's length
    speaker.py         Speaker: speak / stop / repeat, volume steps, state callbacks
    texts.py           every sentence of an entry's detail, whatever the paging
    prerender.py       prerender(), main_prerender(), PrerenderWorker
"""

from kiosk.speech.cache import SpeechCache
from kiosk.speech.engines import Engine, EspeakEngine, NoEngine, PiperEngine
from kiosk.speech.factory import EngineChoice, SpeechSettings, make_engine
from kiosk.speech.prerender import PrerenderReport, PrerenderWorker, main_prerender, prerender
from kiosk.speech.pyttsx3_engine import Pyttsx3Engine
from kiosk.speech.sentences import split_sentences
from kiosk.speech.speaker import Speaker, SpeechStatus, State

__all__ = [
    "Engine", "EngineChoice", "EspeakEngine", "NoEngine", "PiperEngine", "PrerenderReport",
    "PrerenderWorker", "Pyttsx3Engine", "Speaker", "SpeechCache", "SpeechSettings",
    "SpeechStatus", "State", "main_prerender", "make_engine", "prerender", "split_sentences",
]
