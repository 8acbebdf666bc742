"""The terminal's software folders (A/B) under the update root (`[update] root`):

    <root>/releases/<version>/           one release: a venv (bin/, lib/, pyvenv.cfg) ...
    <root>/releases/<version>/release/   ... with its signed manifest and wheels (kept, so
                                         the next release downloads only what changed)
    <root>/releases/<version>/.complete  written last: the folder is whole and checked
    <root>/current                       a symbolic link to the running release, switched
                                         in one step (rename over the old link); the units
                                         start current/bin/quartier-kiosk and -sync
    <root>/.venv                         what deploy/install-terminal.sh installed; `current`
                                         points at it until the first update, it is never
                                         deleted here

A release is installed into its final folder (a venv's scripts name their interpreter by
its absolute path): `python -m venv --without-pip`, then the release's own pip wheel
installs every wheel of the release – no index, no dependencies resolved, nothing built,
nothing run from the packages – and a smoke test imports the commands and reads the
version. Only then `.complete`. At most two releases stay: the running one and the one
before it (the way back).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from pathlib import Path

from sync import release
from sync.errors import ReleaseError, UpdateError
from sync.files import fsync_dir

COMPLETE = ".complete"
RELEASE_DIR = "release"
# Smoke test of a new folder: the commands import, and the version is the manifest's.
SMOKE = ("import sync.update_cli, sync.cli, kiosk.cli\n"
         "from importlib.metadata import version\nprint(version('quartier-kiosk'))")
COMMANDS = ("quartier-kiosk", "quartier-sync", "quartier-update")
# A venv takes about four times the size of its wheels; the wheels stay beside it.
SPACE_FACTOR = 5


class Slots:
    """The folders of one update root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.releases = root / "releases"
        self.link = root / "current"

    def current(self) -> Path | None:
        """The folder `current` points at, or None (no link yet, or a dangling one)."""
        try:
            target = Path(os.readlink(self.link))
        except OSError:
            return None
        folder = target if target.is_absolute() else self.root / target
        return folder if (folder / "bin").is_dir() else None

    def name(self, folder: Path | None) -> str | None:
        """A folder as the state file names it: relative to the root where possible."""
        if folder is None:
            return None
        with contextlib.suppress(ValueError):
            return folder.relative_to(self.root).as_posix()
        return str(folder)

    def resolve(self, name: str | None) -> Path | None:
        """The folder the state file names, when it is still usable."""
        if not name:
            return None
        folder = Path(name) if Path(name).is_absolute() else self.root / name
        if folder.parent == self.releases and not (folder / COMPLETE).is_file():
            return None
        return folder if (folder / "bin" / "python").exists() else None

    def folder(self, version: str) -> Path:
        if not release.VERSION.match(version):
            raise ReleaseError(f"version {version!r} is not usable",
                               german=f"„{version}“ ist keine gültige Versionsbezeichnung.")
        return self.releases / version

    def complete(self, version: str) -> Path | None:
        folder = self.folder(version)
        return folder if (folder / COMPLETE).is_file() else None

    @staticmethod
    def version_of(folder: Path | None) -> str | None:
        """The version of quartier-kiosk installed in a folder (its dist-info)."""
        if folder is None:
            return None
        for info in folder.glob("lib/python3*/site-packages/quartier_kiosk-*.dist-info"):
            return info.name.removeprefix("quartier_kiosk-").removesuffix(".dist-info")
        return None

    def switch(self, folder: Path) -> None:
        """Point `current` at `folder` in one step (a new link renamed over the old)."""
        if self.link.exists() and not self.link.is_symlink():
            raise UpdateError(f"{self.link} is not a symbolic link", german=(
                f"{self.link} ist ein Ordner, keine Verknüpfung: bitte das "
                "Installationsprogramm noch einmal laufen lassen."))
        # relative inside the root (the root may be mounted elsewhere), else absolute
        target = self.name(folder) or str(folder)
        temporary = self.root / f".current-{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        os.symlink(target, temporary)
        os.replace(temporary, self.link)
        fsync_dir(self.root)

    def prune(self, keep: list[Path | None]) -> list[str]:
        """Delete every release folder except those in `keep`; return their names."""
        kept = {p.resolve() for p in keep if p is not None}
        removed = []
        if self.releases.is_dir():
            for child in sorted(self.releases.iterdir()):
                if child.resolve() not in kept:
                    shutil.rmtree(child, ignore_errors=True)
                    removed.append(child.name)
        return removed

    def discard(self, folder: Path) -> None:
        """Delete a release folder that failed (never the running one)."""
        if folder.parent == self.releases and folder != self.current():
            shutil.rmtree(folder, ignore_errors=True)


def check_space(root: Path, manifest: release.Manifest) -> None:
    """Refuse when the update root has no room for the new folder."""
    root.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(root).free
    needed = SPACE_FACTOR * manifest.bytes
    if free < needed:
        raise UpdateError(f"{root}: {free} bytes free, {needed} needed", german=(
            f"Zu wenig Speicher für das Release {manifest.version}: {free // 1_000_000} MB "
            f"frei, {needed // 1_000_000} MB nötig."))


def prepare(folder: Path) -> Path:
    """Empty a half-installed folder except its downloads; return the downloads folder."""
    downloads = folder / RELEASE_DIR
    if folder.is_dir():
        for child in folder.iterdir():
            if child.name != RELEASE_DIR:
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
    (downloads / "wheels").mkdir(parents=True, exist_ok=True)
    return downloads


def install(folder: Path, manifest: release.Manifest, python: str, timeout_s: float) -> None:
    """Make `folder` a venv with every wheel of the release; check it; mark it complete."""
    wheels = [folder / RELEASE_DIR / f.path for f in manifest.files]
    pip = next((w for w in wheels if w.name.startswith("pip-")), None)
    if pip is None:
        raise ReleaseError(f"release {manifest.version} has no pip wheel", german=(
            f"Das Release {manifest.version} enthält kein pip und lässt sich nicht "
            "installieren."))
    python_bin = str(folder / "bin" / "python")
    ends = time.monotonic() + timeout_s  # one total deadline for all three steps
    _run([python, "-m", "venv", "--without-pip", str(folder)], ends, "venv")
    _run([python_bin, f"{pip}/pip", "install", "--isolated", "--no-index", "--no-deps",
          "--only-binary=:all:", "--no-warn-script-location", "--disable-pip-version-check",
          "-q", *map(str, wheels)], ends, "pip install")
    try:
        found = _run([python_bin, "-I", "-c", SMOKE], ends, "smoke test").strip()
    except UpdateError as exc:
        raise UpdateError(str(exc), german=(
            f"Das Release {manifest.version} startet nach der Installation nicht "
            "(Selbsttest fehlgeschlagen); es wird nicht verwendet.")) from exc
    missing = [c for c in COMMANDS if not (folder / "bin" / c).exists()]
    if found != manifest.version or missing:
        raise UpdateError(f"smoke test: version {found!r}, missing {missing}", german=(
            f"Das installierte Release {manifest.version} meldet die Version „{found}“"
            + (f" und es fehlen {', '.join(missing)}" if missing else "")
            + "; es wird nicht verwendet."))
    marker = folder / COMPLETE
    marker.write_text(manifest.version + "\n", "utf-8")
    fsync_dir(folder)


def _run(argv: list[str], ends: float, what: str) -> str:
    # A clean environment: nothing of the caller's PYTHONPATH or PIP_* reaches the install.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    try:
        result = subprocess.run(argv, capture_output=True, text=True, env=env, check=False,
                                timeout=max(0.1, ends - time.monotonic()))
    except subprocess.TimeoutExpired as exc:
        raise UpdateError(f"{what}: past the install deadline", german=(
            f"Die Installation ({what}) dauerte länger als erlaubt ([update] "
            "install_timeout_s).")) from exc
    except OSError as exc:
        raise UpdateError(f"{what}: {exc}", german=(
            f"Die Installation ({what}) ließ sich nicht starten: {exc.strerror}.")) from exc
    if result.returncode != 0:
        raise UpdateError(f"{what} failed ({result.returncode}): {result.stderr[-2000:]}",
                          german=f"Die Installation ({what}) ist fehlgeschlagen.")
    return result.stdout
