"""Pre-rendering: every detail's sentences synthesized into the cache ahead of time, so a
detail starts speaking without a synthesis delay.

Two ways to run it, both without a display (no Kivy here):

- `quartier-kiosk prerender [--config FILE]` → main_prerender(config): once, e.g. by the
  sync daemon after it has applied new content (sync runs the command; it imports no
  kiosk code);
- PrerenderWorker in the app: a background thread that runs it whenever the content
  version, the date or the hour has changed ("heute" becomes "morgen", a banner says
  "jetzt geöffnet"); a run where nothing changed costs only a hash per sentence.

Synthesis for pre-rendering runs under `nice`, so the screen never waits for it. The cache
is pruned to the current entries afterwards; files used in the last ten minutes stay, as
another process may have just written them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.clock import Clock, system_clock
from kiosk.errors import EngineUnavailable, SynthesisError
from kiosk.speech.cache import SpeechCache
from kiosk.speech.engines import Engine
from kiosk.speech.factory import SpeechSettings, make_engine
from kiosk.speech.texts import detail_sentences, shared_sentences
from kiosk.store import Store
from sync.config import Config

log = logging.getLogger(__name__)

NICE = 10
KEEP_RECENT_S = 600.0
CHECK_EVERY_S = 60.0


@dataclass
class PrerenderReport:
    entries: int = 0
    sentences: int = 0       # distinct sentences × rates
    synthesized: int = 0
    cached: int = 0          # already there
    failed: int = 0
    pruned: int = 0
    seconds: float = 0.0
    complete: bool = True    # False: stopped early (engine unavailable, cancelled)

    def line(self) -> str:
        return (f"prerender: {self.entries} entries, {self.sentences} sentences: "
                f"{self.synthesized} synthesized, {self.cached} cached, {self.failed} failed, "
                f"{self.pruned} pruned in {self.seconds:.1f} s")


def prerender(store: Store, cache: SpeechCache, engine: Engine, rates: Sequence[int], *,
              now: datetime | None = None, page_base: str | None = None,
              asset_dir: Path | None = None, prune: bool = True,
              keep_recent_s: float = KEEP_RECENT_S,
              cancel: threading.Event | None = None) -> PrerenderReport:
    """Synthesize every missing sentence of every entry's detail at each of `rates` and
    prune cache files that belong to no current entry. `page_base`: the feed URL, as the
    app passes it to views.detail_view, and `asset_dir` (the pictures' alt texts)."""
    started = time.monotonic()
    now = now or store.clock()
    report = PrerenderReport()
    per_entry = detail_sentences(store, now, page_base, asset_dir)
    report.entries = len(per_entry)
    sentences = list(dict.fromkeys(
        [s for items in per_entry.values() for s in items] + shared_sentences()))
    keep: set[str] = set()
    for rate in rates:
        for sentence in sentences:
            if cancel is not None and cancel.is_set():
                report.complete = False
                break
            key = cache.key(sentence, engine.name, engine.voice, rate, engine.settings)
            keep.add(key)
            report.sentences += 1
            if cache.get(key) is not None:
                report.cached += 1
                continue
            try:
                cache.put(key, lambda tmp, s=sentence, r=rate: engine.synthesize(s, r, tmp))
                report.synthesized += 1
            except SynthesisError as exc:
                report.failed += 1
                log.warning("prerender: sentence skipped (%s): %.60s", exc, sentence)
            except EngineUnavailable as exc:
                log.error("prerender: %s; stopped", exc)
                report.complete = False
                break
        if not report.complete:
            break
    # A store without content (no sync yet, file missing) must not empty the cache.
    if prune and report.complete and report.entries and store.version() is not None:
        report.pruned = cache.prune(keep, keep_recent_s)
    report.seconds = time.monotonic() - started
    return report


def main_prerender(config: Config) -> int:
    """`quartier-kiosk prerender`: fill the speech cache for the applied content; exit code
    0 when every sentence is cached, 1 when some could not be synthesized."""
    settings = SpeechSettings.from_config(config)
    if not config.db_path.exists():
        log.error("prerender: no content yet (%s is missing)", config.db_path)
        return 1
    choice = make_engine(settings, nice=NICE)
    if choice.engine.name == "none":
        log.error("prerender: no speech engine: %s", "; ".join(choice.notes))
        return 1
    store = Store(config.db_path)
    try:
        report = prerender(store, SpeechCache(settings.cache_dir, settings.cache_bytes),
                           choice.engine, rates(settings),
                           page_base=config.sync.feed_url or None,
                           asset_dir=config.asset_dir)
    finally:
        choice.engine.close()
        store.close()
    log.info("%s", report.line())
    print(report.line())
    return 0 if report.complete and report.failed == 0 else 1


def rates(settings: SpeechSettings) -> list[int]:
    """The rates to pre-render, "normal" first (most visits never change the speed)."""
    order = sorted(settings.prerender_speeds, key=lambda i: (i != 1, i))
    return list(dict.fromkeys(settings.rate(i) for i in order))


class PrerenderWorker:
    """Keeps the cache in step with the content from inside the app, in one background
    thread: a run at start, then whenever the content version, the date or the hour
    changes, or when request() is called."""

    def __init__(self, store: Store, cache: SpeechCache, engine: Engine,
                 rates: Iterable[int], clock: Clock = system_clock, *,
                 page_base: str | None = None, asset_dir: Path | None = None,
                 check_every_s: float = CHECK_EVERY_S) -> None:
        self.store, self.cache, self.engine = store, cache, engine
        self.rates = list(rates)
        self.page_base, self.asset_dir = page_base, asset_dir
        self.clock = clock
        self.check_every_s = check_every_s
        self.last_report: PrerenderReport | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._done_for: tuple | None = None

    @classmethod
    def from_config(cls, config: Config, store: Store, clock: Clock = system_clock
                    ) -> PrerenderWorker:
        settings = SpeechSettings.from_config(config)
        engine = make_engine(settings, nice=NICE).engine
        return cls(store, SpeechCache(settings.cache_dir, settings.cache_bytes), engine,
                   rates(settings), clock, page_base=config.sync.feed_url or None,
                   asset_dir=config.asset_dir)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="speech-prerender",
                                        daemon=True)
        self._thread.start()

    def request(self) -> None:
        """Run again soon, even if nothing seems to have changed."""
        self._done_for = None
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self.engine.close()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                now = self.clock()
                mark = (self.store.version(), now.date(), now.hour)
                if mark[0] is not None and mark != self._done_for:
                    report = prerender(self.store, self.cache, self.engine, self.rates,
                                       now=now, page_base=self.page_base,
                                       asset_dir=self.asset_dir, cancel=self._stop)
                    self.last_report = report
                    if report.synthesized or report.failed or report.pruned:
                        log.info("%s", report.line())
                    if report.complete:
                        self._done_for = mark
            except Exception:  # the top of a thread: log and try again later
                log.exception("prerender: run failed")
            self._wake.wait(self.check_every_s)
            self._wake.clear()
