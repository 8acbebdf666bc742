"""`quartier-release build`: a signed release from a checkout and its lock.

    1. the source: `git archive` of a commit (default HEAD), or `source` as it lies
    2. the version: `git describe` in PEP 440 words (tag v1.2.0 → 1.2.0; five commits
       later → 1.2.0.post5+g<hash>; without a tag → <pyproject version>+g<hash>), or given
    3. the project's wheel with that version (so the installed package, `quartier-sync
       status` and the heartbeat's "software" name it)
    4. every package of the lock as a wheel for the target (`pip download --platform …
       --require-hashes`: each file checked against the lock's hash), through a cache;
       a package the index has only as source (docopt) is built into a wheel here, which
       must be pure Python (`-none-any`) to run on the target
    5. manifest.json with the SHA-256 and size of every file, signed with the release key

into <out>/<version>/ (written under a temporary name, renamed when complete). The
cache (default <checkout>/.cache/release-wheels/<arch>) makes later builds offline: pip
is asked with --no-index first and goes to the index only for what is missing.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sync import release
from sync.errors import BuildError, KeyFileError
from sync.signing import load_signing_key, sign

PYTHON = "3.11"
GLIBC_MINORS = range(36, 4, -1)      # Debian 12 / Raspberry Pi OS Bookworm have glibc 2.36
SOURCE_IGNORE = (".git", ".venv", ".cache", ".bench", "build", "dist", "__pycache__",
                 "*.egg-info", "demo-data", "tour", ".pytest_cache", ".ruff_cache")
PIP_TIMEOUT_S = 1800


@dataclass(frozen=True)
class Built:
    folder: Path
    manifest: release.Manifest


def platform_args(arch: str, python: str = PYTHON) -> list[str]:
    """pip's options for downloading what CPython `python` on Linux `arch` installs."""
    tags = [f"manylinux_2_{m}_{arch}" for m in GLIBC_MINORS] + [f"manylinux2014_{arch}"]
    if arch == "x86_64":
        tags += ["manylinux2010_x86_64", "manylinux1_x86_64"]
    args = []
    for tag in tags + [f"linux_{arch}"]:
        args += ["--platform", tag]
    abi = "cp" + python.replace(".", "")
    return args + ["--python-version", python, "--implementation", "cp",
                   "--abi", abi, "--abi", "abi3", "--abi", "none"]


def build(*, checkout: Path, out: Path, key: Path, profile: str = "terminal",
          arch: str = "aarch64", version: str | None = None, commit: str = "HEAD",
          source: Path | None = None, requirements: Path | None = None,
          cache: Path | None = None, now: datetime | None = None) -> Built:
    """Build one release into `out`/<version>/; raise BuildError."""
    if profile not in release.PROFILES or arch not in release.ARCHES:
        raise BuildError(f"unknown profile {profile!r} or arch {arch!r}", bad_input=True,
                         german=f"--profile {profile} / --arch {arch}: unbekannt")
    try:
        signing_key = load_signing_key(key)
    except KeyFileError as exc:
        raise BuildError(str(exc), bad_input=True, german=(
            f"--key {key}: keine Schlüsseldatei von `quartier-release keygen`")) from exc
    lock = requirements or checkout / "requirements" / f"{profile}.txt"
    if not lock.is_file():
        raise BuildError(f"{lock}: not found", bad_input=True,
                         german=f"{lock}: Sperrdatei nicht gefunden")
    cache = (cache or checkout / ".cache" / "release-wheels") / arch
    with tempfile.TemporaryDirectory(prefix="quartier-release-") as tmp_name:
        tmp = Path(tmp_name)
        src = tmp / "src"
        head = _source(checkout, commit, source, src)
        min_config = _config_version(src)  # before anything slow: a source without it
        version = version or describe(checkout if source is None else source, commit,
                                      _pyproject_version(src), dirty=head.endswith("-dirty"))
        if not release.VERSION.match(version):
            raise BuildError(f"version {version!r} is not usable", bad_input=True,
                             german=f"--version {version}: nur Buchstaben, Ziffern, . + _ -")
        _refuse_existing(out / version)
        wheels = tmp / "wheels"
        wheels.mkdir()
        version = _project_wheel(src, version, wheels)
        _refuse_existing(out / version)  # as pip normalised it ("1.0-rc1" → "1.0rc1")
        _dependencies(lock, arch, cache, wheels, tmp)
        files = [_describe_file(path) for path in sorted(wheels.iterdir())]
        doc = release.manifest_doc(
            version=version, profile=profile, arch=arch, python=PYTHON, commit=head,
            built_at=now or datetime.now(UTC), min_config_version=min_config,
            files=files)
        raw = release.dumps(doc)
        return Built(_place(out, version, wheels, raw, sign(raw, signing_key)),
                     release.parse_manifest(raw))


def _refuse_existing(target: Path) -> None:
    if target.exists():
        raise BuildError(f"{target} exists", bad_input=True, german=(
            f"{target} gibt es schon; ein Release wird nie überschrieben (andere "
            "--version oder erst löschen)."))


def describe(repo: Path, commit: str, base: str, *, dirty: bool = False) -> str:
    """The release version from `git describe` (see the module docstring)."""
    try:
        text = _git(repo, "describe", "--tags", "--long", "--always", commit).strip()
    except BuildError:
        return f"{base}+local"
    tagged = re.match(r"^v?(\d+(?:\.\d+)*)-(\d+)-g([0-9a-f]+)$", text)
    if tagged:
        number, ahead, sha = tagged.groups()
        version = number if ahead == "0" else f"{number}.post{ahead}+g{sha}"
    else:
        version = f"{base}+g{text}"
    if dirty:
        version += ("." if "+" in version else "+") + "dirty"
    return version


def _git(repo: Path, *args: str, binary: bool = False) -> str | bytes:
    try:
        result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True,
                                timeout=300, check=False)
    except OSError as exc:
        raise BuildError(f"git: {exc}", german="git ist nicht installiert.") from exc
    if result.returncode != 0:
        raise BuildError(f"git {' '.join(args)}: {result.stderr.decode(errors='replace')}",
                         bad_input=True, german=f"{repo}: kein Git-Checkout oder "
                                                f"unbekannter Stand ({' '.join(args)})")
    return result.stdout if binary else result.stdout.decode()


def _source(checkout: Path, commit: str, source: Path | None, dest: Path) -> str:
    """Put the files to build into `dest`; return the commit they are (or "")."""
    if source is None:
        archive = _git(checkout, "archive", "--format=tar", commit, binary=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:  # type: ignore[arg-type]
            tar.extractall(dest, filter="data")
        return _git(checkout, "rev-parse", commit).strip()
    try:
        listed = _git(source, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        head = _git(source, "rev-parse", "HEAD").strip()
        if _git(source, "status", "--porcelain").strip():
            head += "-dirty"
    except BuildError:
        shutil.copytree(source, dest, ignore=shutil.ignore_patterns(*SOURCE_IGNORE))
        return ""
    for name in filter(None, listed.split("\0")):  # type: ignore[union-attr]
        path = source / name
        if path.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest / name)
    return head


def _pyproject_version(src: Path) -> str:
    try:
        return tomllib.loads((src / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise BuildError(f"{src}/pyproject.toml: no [project] version", bad_input=True,
                         german="pyproject.toml ohne [project] version") from exc


def _config_version(src: Path) -> int:
    found = re.search(r"^CONFIG_VERSION = (\d+)$",
                      (src / "sync" / "config.py").read_text("utf-8"), re.MULTILINE)
    if not found:
        raise BuildError("sync/config.py has no CONFIG_VERSION", bad_input=True,
                         german=("sync/config.py ohne CONFIG_VERSION: dieser Stand kennt noch "
                                 "keine Updates (quartier-update) und wird kein Release"))
    return int(found[1])


def _project_wheel(src: Path, version: str, wheels: Path) -> str:
    """Build quartier-kiosk's wheel with `version`; return the version as pip wrote it."""
    pyproject = src / "pyproject.toml"
    text, count = re.subn(r'^version = "[^"]*"$', f'version = "{version}"',
                          pyproject.read_text("utf-8"), count=1, flags=re.MULTILINE)
    if count != 1:
        raise BuildError("pyproject.toml: no version line", bad_input=True,
                         german="pyproject.toml: keine Zeile version = \"…\"")
    pyproject.write_text(text, "utf-8")
    _pip("wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(src))
    built = list(wheels.glob("quartier_kiosk-*.whl"))
    if len(built) != 1:
        raise BuildError(f"pip wheel made {built}", german="Das Programm-Wheel fehlt.")
    return built[0].name.split("-")[1]


def _dependencies(lock: Path, arch: str, cache: Path, wheels: Path, tmp: Path) -> None:
    """Every file of the lock for `arch` into `wheels` (sdists built into wheels)."""
    cache.mkdir(parents=True, exist_ok=True)
    got = tmp / "download"
    common = ["download", "--no-deps", "--prefer-binary", "--require-hashes", "-q",
              "--find-links", str(cache), *platform_args(arch), "-r", str(lock),
              "-d", str(got)]
    try:  # offline, from the cache, when every file is there
        _pip(*common, "--no-index")
    except BuildError:
        shutil.rmtree(got, ignore_errors=True)
        _pip(*common)
    for path in got.iterdir():
        if not (cache / path.name).exists():
            shutil.copy2(path, cache / path.name)
        if path.name.endswith(".whl"):
            _link(path, wheels / path.name)
            continue
        built = tmp / "built"
        _pip("wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(built), str(path))
        for wheel in built.glob("*.whl"):
            if not wheel.name.endswith("-none-any.whl"):
                raise BuildError(f"{path.name} builds {wheel.name}, not pure Python",
                                 german=(f"{path.name} gibt es für {arch} nur als Quelltext "
                                         "mit kompilierten Teilen; so nicht ins Release."))
            shutil.move(wheel, wheels / wheel.name)


def _pip(*args: str) -> None:
    try:
        result = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True,
                                text=True, timeout=PIP_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BuildError(f"pip {args[0]}: no result within {PIP_TIMEOUT_S} s",
                         german="pip brauchte zu lange.") from exc
    if result.returncode != 0:
        raise BuildError(f"pip {args[0]} failed:\n{result.stderr[-3000:]}",
                         german=f"pip {args[0]} ist fehlgeschlagen (siehe oben).")


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _describe_file(path: Path) -> release.File:
    return release.File(f"wheels/{path.name}", release.sha256_file(path), path.stat().st_size)


def _place(out: Path, version: str, wheels: Path, raw: bytes, sig: bytes) -> Path:
    """Write the release under a temporary name in `out`, then rename it into place."""
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".tmp-{version}-", dir=out))
    try:
        shutil.copytree(wheels, staging / "wheels", copy_function=shutil.copy2)
        (staging / release.MANIFEST).write_bytes(raw)
        (staging / release.SIGNATURE).write_bytes(sig)
        for path in [staging, staging / "wheels", *staging.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)  # nginx serves it
        target = out / version
        os.rename(staging, target)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise
    return target
