"""pyttsx3 driving espeak-ng, guarded against its known hang and its races.

pyttsx3's espeak driver renders a whole text and plays it through aplay with no way to
stop it, and runAndWait() is known to hang on a second call on a Raspberry Pi. So it
only ever writes files (save_to_file), in worker processes (pyttsx3_worker.py) with a
deadline per sentence:

- one worker per rate, its voice, rate and volume set once (changing them between files
  races inside pyttsx3, see the worker); the worker for "normal" starts with the engine,
  so a request never waits for Python to start;
- a sentence that misses its deadline gets its worker killed, and that sentence is spoken
  by the fallback engine (espeak-ng directly: the same voice, the same rate);
- after a first hang every worker serves one sentence only (a fresh one is started right
  away), which avoids the second-call hang altogether;
- after `max_failures` failures in a row pyttsx3 is switched off for good, with a log
  line saying why, and the fallback engine does all the work.
"""

from __future__ import annotations

import json
import logging
import select
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

from kiosk.errors import EngineTimeout, EngineUnavailable, SynthesisError
from kiosk.speech.cache import check_wav
from kiosk.speech.engines import Engine, nice_prefix

log = logging.getLogger(__name__)

WORKER = Path(__file__).with_name("pyttsx3_worker.py")
BUSY_WAIT_S = 0.3   # another thread holds the worker: use the fallback rather than queue


class _Worker:
    """One worker process for one rate; callers hold `lock` around request()."""

    def __init__(self, cmd: list[str]) -> None:
        self.cmd = cmd
        self.lock = threading.Lock()
        self.proc: subprocess.Popen[str] | None = None
        self.ready = False

    def start(self) -> None:
        self.proc = subprocess.Popen(
            self.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, encoding="utf-8", bufsize=1)
        self.ready = False

    def kill(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=5)
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                pipe.close()

    def request(self, text: str, out_wav: Path, start_s: float, deadline_s: float) -> None:
        if self.proc is None or self.proc.poll() is not None:
            self.kill()
            self.start()
        proc = self.proc
        assert proc is not None and proc.stdin is not None
        if not self.ready:
            # Python and pyttsx3 take a while to start on a Pi; allow the full timeout.
            answer = self._answer(start_s, "starting")
            if not answer.get("ready"):
                self.kill()
                raise EngineUnavailable("pyttsx3", f"worker: {answer.get('error')}")
            self.ready = True
        try:
            proc.stdin.write(json.dumps({"text": text, "out": str(out_wav)},
                                        ensure_ascii=False) + "\n")
            proc.stdin.flush()
        except OSError as exc:
            self.kill()
            raise SynthesisError(f"pyttsx3 worker gone: {exc}") from exc
        answer = self._answer(deadline_s, "synthesizing")
        if not answer.get("ok"):
            raise SynthesisError(f"pyttsx3: {answer.get('error')}")

    def _answer(self, timeout: float, doing: str) -> dict:
        assert self.proc is not None and self.proc.stdout is not None
        ready, _w, _x = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            self.kill()
            raise EngineTimeout(f"pyttsx3 hung while {doing} (no answer in {timeout:.1f} s)")
        line = self.proc.stdout.readline()
        if not line:
            self.kill()
            raise SynthesisError(f"pyttsx3 worker ended while {doing}")
        try:
            return json.loads(line)
        except json.JSONDecodeError as exc:
            self.kill()
            raise SynthesisError(f"pyttsx3 worker said {line[:80]!r}") from exc


class Pyttsx3Engine:
    name = "pyttsx3"

    def __init__(self, voice: str = "de", volume: float = 1.0, *,
                 fallback: Engine | None = None, timeout_s: float = 20.0, nice: int = 0,
                 max_failures: int = 3, warm_rates: Iterable[int] = (),
                 worker_cmd: list[str] | None = None) -> None:
        self.voice = voice
        self.volume = max(0.0, min(2.0, volume))
        self.settings = f"v{self.volume:.2f}"
        self.fallback = fallback
        self.timeout_s = timeout_s
        self.max_failures = max_failures
        self.disabled_reason: str | None = None
        self.one_shot = False
        self._cmd = worker_cmd or [*nice_prefix(nice), sys.executable, str(WORKER)]
        self._workers: dict[int, _Worker] = {}
        self._guard = threading.Lock()   # the dict of workers and the failure count
        self._failures = 0
        for rate in warm_rates:
            self._worker(rate)           # pyttsx3 loads while the caller does other things

    def synthesize(self, text: str, rate_wpm: int, out_wav: Path) -> Path:
        worker = self._worker(int(rate_wpm)) if self.disabled_reason is None else None
        if worker is not None and worker.lock.acquire(timeout=BUSY_WAIT_S):
            try:
                worker.request(text, out_wav, self.timeout_s, self._deadline(text))
                check_wav(out_wav)
                with self._guard:
                    self._failures = 0
                return out_wav
            except (SynthesisError, EngineUnavailable) as exc:
                self._failed(exc)
            finally:
                if self.one_shot or self.disabled_reason:
                    self._restart(worker)
                worker.lock.release()
        if self.fallback is None:
            raise SynthesisError(f"pyttsx3 failed and there is no fallback "
                                 f"({self.disabled_reason or 'worker busy'})")
        return self.fallback.synthesize(text, rate_wpm, out_wav)

    def close(self) -> None:
        with self._guard:
            workers, self._workers = list(self._workers.values()), {}
        for worker in workers:
            with worker.lock:
                worker.kill()

    # -- workers and failures --------------------------------------------------------------

    def _worker(self, rate: int) -> _Worker | None:
        with self._guard:
            worker = self._workers.get(rate)
            if worker is None:
                worker = _Worker([*self._cmd, "--voice", self.voice, "--rate", str(rate),
                                  "--volume", f"{self.volume:.2f}"])
                try:
                    worker.start()
                except OSError as exc:
                    self._switch_off(f"cannot start the worker: {exc}")
                    return None
                self._workers[rate] = worker
            return worker

    def _restart(self, worker: _Worker) -> None:
        worker.kill()
        if self.disabled_reason is None:
            try:
                worker.start()
            except OSError as exc:
                self._switch_off(f"cannot start the worker: {exc}")

    def _deadline(self, text: str) -> float:
        # A sentence takes well under a second even on a Pi; a hang must not keep a
        # resident waiting for the full engine timeout.
        return min(self.timeout_s, 3.0 + 0.02 * len(text))

    def _failed(self, exc: SynthesisError | EngineUnavailable) -> None:
        fallback = self.fallback.name if self.fallback else "nothing"
        with self._guard:
            self._failures += 1
            failures = self._failures
        if isinstance(exc, EngineUnavailable) or failures >= self.max_failures:
            self._switch_off(str(exc))
        elif isinstance(exc, EngineTimeout) and not self.one_shot:
            self.one_shot = True
            log.warning("speech: %s; one worker per sentence from now on, this sentence "
                        "by %s", exc, fallback)
        else:
            log.warning("speech: %s; this sentence by %s", exc, fallback)

    def _switch_off(self, reason: str) -> None:
        if self.disabled_reason is None:
            self.disabled_reason = reason
            log.warning("speech: pyttsx3 switched off (%s); %s speaks from now on", reason,
                        self.fallback.name if self.fallback else "nothing")
        with self._guard:
            workers, self._workers = list(self._workers.values()), {}
        for worker in workers:
            # A worker in use is ended by the thread using it, once its request is over.
            if worker.lock.acquire(blocking=False):
                worker.kill()
                worker.lock.release()
