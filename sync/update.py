"""Software updates of a terminal: `quartier-update check | apply | rollback | status`.

apply, run by quartier-update.timer (as root) – only inside its window: while the screen is
off by `[display] on` (on holidays too), or inside `[update] window` without a schedule
(or with one that never turns the screen off):
 1. the hub's ring file for `[update] ring` (signed with the feed key, serial never back)
    names the release this terminal should run;
 2. its manifest is checked against `[update] release_keys` (signature, this machine,
    kiosk.toml new enough, size), its wheels are downloaded and checked (sync.update_fetch);
 3. it is installed into releases/<version>/ beside the running one (sync.update_install);
 4. `current` is switched to it in one step and the units are restarted;
 5. the health check (sync.update_health) waits for the kiosk's first frame and a good
    sync by the new version; without both in `[update] health_timeout_s`, `current` goes
    back, the units are restarted again, and the release is never installed by itself
    again (until the hub names another one, or `apply --force`);
 6. the last two releases stay.
Refused releases (unsigned, unlisted key, changed after signing, wrong machine) and every
failure leave the running software alone and put the German reason into the state file,
which `quartier-update status` and the heartbeat report.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

import requests

from sync import release, schedule, update_fetch, update_health
from sync import update_state as states
from sync.config import Config
from sync.deadline import Deadline
from sync.errors import ConfigError, ReleaseError, SyncError, UpdateError
from sync.files import exclusive_lock
from sync.net import make_session
from sync.signing import public_keys
from sync.update_install import Slots, check_space, install, prepare

log = logging.getLogger(__name__)
RESTART_TIMEOUT_S = 180
CMDLINE = Path("/proc/cmdline")


class Units(Protocol):
    def restart(self, names: list[str]) -> None: ...


class Systemctl:
    """The real units: `systemctl restart` (the updater runs as root)."""

    def restart(self, names: list[str]) -> None:
        try:
            result = subprocess.run(["systemctl", "restart", *names], capture_output=True,
                                    text=True, timeout=RESTART_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise UpdateError(f"systemctl restart: {exc}", german=(
                "Die Dienste ließen sich nicht neu starten (systemctl).")) from exc
        if result.returncode != 0:
            raise UpdateError(f"systemctl restart: {result.stderr.strip()}", german=(
                f"Die Dienste ließen sich nicht neu starten: {result.stderr.strip()[:200]}"))


@dataclass(frozen=True)
class Outcome:
    result: str          # a key of update_state.RESULT_WORDS
    german: str
    version: str | None = None

    @property
    def exit_code(self) -> int:
        return 1 if self.result in ("refused", "failed", "rolled_back") else 0


def window(config: Config) -> tuple[clock_time, clock_time]:
    """`[update] window` ("02:00-05:00"; may pass midnight)."""
    text = str(config.update.window)
    try:
        start, end = (datetime.strptime(part.strip(), "%H:%M").time()
                      for part in text.split("-"))
    except ValueError as exc:
        raise ConfigError(f"[update] window {text!r}: not HH:MM-HH:MM", german=(
            f"[update] window = \"{text}\": bitte ein Zeitfenster wie \"02:00-05:00\" "
            "angeben.")) from exc
    return start, end


def display_closed(config: Config) -> schedule.Schedule | None:
    """The display schedule when it takes the place of `[update] window`: set, and with
    hours when the screen is off."""
    plan = schedule.parse(config.display.on)
    return plan if plan is not None and plan.ever_closed() else None


def in_window(config: Config, now: datetime) -> bool:
    tz = ZoneInfo(config.kiosk.timezone)
    plan = display_closed(config)
    if plan is not None:
        return plan.closed(now, tz)
    start, end = window(config)
    local = now.astimezone(tz).time()
    return start <= local < end if start <= end else local >= start or local < end


def window_words(config: Config) -> str:
    """The window in German, for `status`."""
    plan = display_closed(config)
    if plan is not None:
        return f"wenn der Bildschirm aus ist (Zeitplan „{plan.text}“)"
    start, end = window(config)
    return f"{start:%H:%M}–{end:%H:%M} Uhr"


def _outside(config: Config) -> str:
    plan = display_closed(config)
    if plan is not None:
        return (f"Der Bildschirm ist an (Zeitplan „{plan.text}“); Updates nur, wenn er aus "
                "ist – nichts getan.")
    return f"Außerhalb des Zeitfensters {window_words(config)}; nichts getan."


def _check_config(config: Config) -> None:
    if config.update.ring not in release.RINGS:
        raise ConfigError(f"[update] ring {config.update.ring!r}", german=(
            f"[update] ring = \"{config.update.ring}\": erlaubt sind \"pilot\" und \"alle\"."))
    window(config)
    schedule.parse(config.display.on)


def readonly_root(cmdline: Path | None = None) -> bool:
    """Is the read-only root on (deploy/quartier-readonly: overlayroot in the kernel's
    command line)? Then everything below /opt lives in RAM and an update would be gone at
    the next restart."""
    try:
        words = (cmdline or CMDLINE).read_text().split()
    except OSError:
        return False
    return any(w.startswith("overlayroot=") and w != "overlayroot=disabled" for w in words)


def system_python(config: Config) -> str:
    """The Python new release folders are made with (the system's, not a venv's)."""
    return config.update.python or os.path.realpath(sys.executable)


class Updater:
    """One run of the updater; `units`, `now` and `session` are injectable (tests)."""

    def __init__(self, config: Config, *, units: Units | None = None,
                 now: Callable[[], datetime] | None = None,
                 session: requests.Session | None = None, arch: str | None = None) -> None:
        _check_config(config)
        self.config = config
        self.root = Path(config.update.root)
        self.slots = Slots(self.root)
        self.units = units or Systemctl()
        self.now = now or (lambda: datetime.now(UTC))
        self.session = session or make_session(config.terminal.id, config.terminal.site)
        self.arch = arch or release.machine_arch()
        self.data = config.data_dir

    # -- the commands ------------------------------------------------------------------------

    def check(self) -> Outcome:
        """Ask the hub which release this ring gets and verify its manifest; install
        nothing."""
        return self._locked(lambda state: self._look(state, install_it=False))

    def apply(self, *, force: bool = False) -> Outcome:
        def run(state: dict) -> Outcome:
            if state.get("phase") == "checking":
                self._resume(state)
            if not force and not in_window(self.config, self.now()):
                return Outcome("outside_window", _outside(self.config))
            return self._look(state, install_it=True, force=force)
        return self._locked(run)

    def rollback(self) -> Outcome:
        """Back to the release before the running one, by hand."""
        def run(state: dict) -> Outcome:
            current = self.slots.current()
            back = self.slots.resolve(state.get("previous"))
            if back is None or back == current:
                raise UpdateError("no previous release kept", german=(
                    "Es ist kein vorheriges Release mehr da; zurück geht es nur mit dem "
                    "Installationsprogramm."))
            left = self.slots.version_of(current)
            problem = self._switch(back, state)
            if left:
                states.refuse(state, left, f"von Hand zurückgenommen "
                                           f"({self.now():%d.%m.%Y})",
                              int(state.get("ring_serial") or 0))
            state["previous"] = self.slots.name(current)
            version = self.slots.version_of(back)
            german = f"Zurückgeschaltet auf {version}." + (f" Achtung: {problem}" if problem
                                                             else "")
            states.remember(state, self.now(), left, version, "manual_rollback", german)
            return Outcome("manual_rollback", german, version)
        return self._locked(run)

    # -- steps -------------------------------------------------------------------------------

    def _locked(self, run: Callable[[dict], Outcome]) -> Outcome:
        self.root.mkdir(parents=True, exist_ok=True)
        with exclusive_lock(self.root / ".update.lock", "quartier-update"):
            state = states.load(self.root)
            state["ring"] = self.config.update.ring
            try:
                outcome = run(state)
                error = None
            except SyncError as exc:
                log.warning("update: %s", exc)
                result = "refused" if isinstance(exc, ReleaseError) else \
                    "rolled_back" if isinstance(exc, _RolledBack) else "failed"
                outcome, error = Outcome(result, exc.german, state.get("target")), exc
            states.finish(state, outcome.result, self.now(), error)
            states.save(self.root, state)
            return outcome

    def _look(self, state: dict, *, install_it: bool, force: bool = False) -> Outcome:
        cfg = self.config.update
        lim = update_fetch.limits(self.config, float(cfg.total_timeout_s))
        timings: dict[str, float] = {}
        started = time.monotonic()
        with Deadline(float(cfg.total_timeout_s)) as deadline:
            state["target"] = None
            pointer = update_fetch.ring(self.session, self.config,
                                        public_keys(self.config.sync.public_keys),
                                        int(state.get("ring_serial") or 0), lim, deadline)
            if pointer is None or pointer.release is None:
                return Outcome("no_release", f"Für den Ring „{cfg.ring}“ ist auf dem Hub noch "
                               "kein Release festgelegt.")
            state["ring_serial"], state["target"] = pointer.serial, pointer.release
            version = pointer.release
            current = self.slots.current()
            if version == self.slots.version_of(current):
                return Outcome("current", f"Die Software ist aktuell ({version}).", version)
            held = states.held(state, version, pointer.serial)
            if held is not None and not force:
                return Outcome("held", f"{version}: {held} Es wird nicht erneut installiert "
                               "(erst wenn der Hub es neu zuweist, oder apply --force).",
                               version)
            folder = self.slots.complete(version)
            if folder is None:
                keys = release.release_keys(cfg.release_keys)
                found = update_fetch.manifest(self.session, self.config, version, keys, lim,
                                              deadline)
                release.check_fits(found, arch=self.arch,
                                   config_version=int(self.config.terminal.config_version),
                                   max_bytes=int(cfg.max_release_mb) * 1_000_000)
                if not install_it:
                    return Outcome("available", f"Release {version} steht bereit "
                                   f"({found.bytes / 1e6:.0f} MB, Signatur geprüft).", version)
                if readonly_root():
                    raise UpdateError("the read-only root is on", german=(
                        f"Release {version} wird nicht installiert: der Schreibschutz ist an "
                        "(quartier-readonly), ein Update wäre nach dem nächsten Neustart "
                        "weg. Erst quartier-readonly off, neu starten (docs/install.md, "
                        "„Updates“)."))
                check_space(self.root, found)
                folder = self.slots.folder(version)
                downloads = prepare(folder)
                reuse = [f / "release" for f in (current, self.slots.resolve(
                    state.get("previous"))) if f is not None]
                try:
                    update_fetch.wheels(self.session, self.config, found, downloads, reuse,
                                        lim, deadline)
                except ReleaseError:
                    self.slots.discard(folder)  # a changed file: nothing of it is kept
                    raise
                (downloads / release.MANIFEST).write_bytes(found.raw)
                timings["download_s"] = time.monotonic() - started
            elif not install_it:
                return Outcome("available", f"Release {version} liegt schon bereit.", version)
        if not (folder / ".complete").is_file():
            mark = time.monotonic()
            try:
                install(folder, found, system_python(self.config), float(cfg.install_timeout_s))
            except UpdateError:
                self.slots.discard(folder)
                raise
            timings["install_s"] = time.monotonic() - mark
        return self._install_switch(state, folder, version, current, timings)

    def _install_switch(self, state: dict, folder: Path, version: str, current: Path | None,
                        timings: dict[str, float]) -> Outcome:
        old = self.slots.version_of(current)
        problem = self._switch(folder, state, timings)
        state["timings"] = {k: round(v, 2) for k, v in timings.items()}
        if problem is None:
            state["previous"] = self.slots.name(current)
            self.slots.prune([folder, current])
            states.remember(state, self.now(), old, version, "installed")
            return Outcome("installed", f"Release {version} installiert und geprüft "
                           f"(vorher: {old or 'keins'}).", version)
        if current is None:
            raise UpdateError(f"release {version} failed its health check", german=(
                f"{problem} Es gibt keinen vorherigen Stand, auf den zurückgeschaltet werden "
                "könnte; das neue Release bleibt."))
        raise _RolledBack(self._back(state, folder, version, current, problem), version)

    def _back(self, state: dict, folder: Path, version: str, current: Path,
              problem: str) -> str:
        """The new release failed its health check: switch back to `current`, never
        install it again by itself; return the German reason."""
        old = self.slots.version_of(current)
        again = self._switch(current, state)
        german = f"{problem} Zurückgeschaltet auf {old}." + (
            f" Achtung, auch danach: {again}" if again else "")
        self.slots.discard(folder)
        states.refuse(state, version, german, int(state.get("ring_serial") or 0))
        states.remember(state, self.now(), version, old, "rolled_back", german)
        state["target"] = None
        return german

    def _switch(self, folder: Path, state: dict,
                timings: dict[str, float] | None = None) -> str | None:
        """Point `current` at `folder`, restart the units, wait for the health check;
        return None or the German reason it failed."""
        mark = time.monotonic()
        version = self.slots.version_of(folder) or "?"
        state.update(phase="checking", switched_from=self.slots.name(self.slots.current()),
                     switched_to=self.slots.name(folder),
                     switched_at=datetime.now(UTC).isoformat())
        states.save(self.root, state)  # a reboot in between is finished by _resume
        self.slots.switch(folder)
        since = datetime.now(UTC)  # compared with what the services write: the real clock
        try:
            self.units.restart(list(self.config.update.units))
        except UpdateError as exc:
            state["phase"] = "idle"
            return exc.german
        if timings is not None:
            timings["switch_s"] = time.monotonic() - mark
        mark = time.monotonic()
        problem = update_health.wait_healthy(self.data, version, since,
                                             float(self.config.update.health_timeout_s))
        if timings is not None:
            timings["health_s"] = time.monotonic() - mark
        state["phase"] = "idle"
        return problem

    def _resume(self, state: dict) -> None:
        """A run ended between switching and its health check (a reboot): check now."""
        switched_to = self.slots.resolve(state.get("switched_to"))
        state["phase"] = "idle"
        if switched_to is None or switched_to != self.slots.current():
            return
        version = self.slots.version_of(switched_to) or "?"
        since = datetime.fromisoformat(state["switched_at"])
        problem = update_health.wait_healthy(self.data, version, since,
                                             float(self.config.update.health_timeout_s))
        back = self.slots.resolve(state.get("switched_from"))
        if problem is not None and back is not None:
            self._back(state, switched_to, version, back, problem)


class _RolledBack(UpdateError):
    """The new release was switched back (reported as "rolled_back")."""

    kind = "health"

    def __init__(self, german: str, version: str) -> None:
        super().__init__(f"release {version} failed its health check", german=german)
