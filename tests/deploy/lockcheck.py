"""Does pyproject.toml agree with the locks in requirements/? (tests/deploy/test_locks.py)

Offline: the locks are read as text, the dependencies of each pinned package from the
metadata of the installed distributions (this venv is installed from requirements/test.txt,
so every pinned version is here).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "quartier-kiosk"
# lock file → the extras of pyproject it installs (besides the base)
LOCKS = {"terminal.txt": ["terminal"], "hub.txt": ["hub"], "test.txt": ["test"]}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")
HASH = re.compile(r"^\s+--hash=sha256:[0-9a-f]{64}\s*\\?$")
HEADER = "#    make lock"


@dataclass
class Lock:
    pins: dict[str, Version] = field(default_factory=dict)
    hashes: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def read_lock(text: str, name: str) -> Lock:
    """Parse a hashed lock written by uv; anything unexpected is a problem."""
    lock = Lock()
    current = None
    if HEADER not in text.splitlines()[:3]:
        lock.problems.append(f"{name}: not written by `make lock` (header)")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if (match := PIN.match(line)) is not None:
            if match.group(3):
                lock.problems.append(f"{name}:{number}: a marker ({match.group(3)}): the "
                                     "locks are resolved for Linux and Python 3.11 only")
            current = canonicalize_name(match.group(1))
            lock.pins[current] = Version(match.group(2))
            lock.hashes[current] = 0
        elif HASH.match(line) and current is not None:
            lock.hashes[current] += 1
        else:
            lock.problems.append(f"{name}:{number}: not a pin or a hash: {line.strip()}")
    lock.problems += [f"{name}: {pkg} has no hash" for pkg, n in lock.hashes.items() if n == 0]
    return lock


def profile_requirements(pyproject: dict, extras: list[str]) -> list[Requirement]:
    """The base dependencies plus those of `extras`, self-references expanded."""
    optional = pyproject["project"].get("optional-dependencies", {})
    wanted, seen, out = list(extras), set(), [Requirement(r) for r in
                                              pyproject["project"]["dependencies"]]
    while wanted:
        extra = wanted.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for line in optional.get(extra, []):
            req = Requirement(line)
            if canonicalize_name(req.name) == PROJECT:
                wanted += sorted(req.extras)
            else:
                out.append(req)
    return out


def check_profile(pyproject: dict, extras: list[str], lock: Lock, name: str) -> list[str]:
    """Every direct requirement of the profile is pinned in the lock and satisfied."""
    problems = []
    env = default_environment()
    for req in profile_requirements(pyproject, extras):
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        pinned = lock.pins.get(canonicalize_name(req.name))
        if pinned is None:
            problems.append(f"{name}: {req} (pyproject.toml) is not pinned – run `make lock`")
        elif not req.specifier.contains(pinned, prereleases=True):
            problems.append(f"{name}: {req.name}=={pinned} does not satisfy {req} "
                            "(pyproject.toml) – run `make lock`")
    return problems


def check_closed(pyproject: dict, extras: list[str], lock: Lock, name: str) -> list[str]:
    """Every dependency of every package the profile installs (by the installed
    metadata) is pinned in the lock too."""
    problems = []
    env = default_environment()
    todo = [(req, "pyproject.toml", ("",)) for req in profile_requirements(pyproject, extras)]
    done: set[tuple[str, frozenset]] = set()
    while todo:
        req, parent, parent_extras = todo.pop()
        if req.marker is not None and not any(req.marker.evaluate({**env, "extra": e})
                                              for e in parent_extras):
            continue
        key = (canonicalize_name(req.name), frozenset(req.extras))
        if key in done:
            continue
        done.add(key)
        pinned = lock.pins.get(key[0])
        if pinned is None:
            problems.append(f"{name}: {req.name} (needed by {parent}) is not pinned")
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name}: {req.name} is not installed here – run `make setup`")
            continue
        if Version(dist.version) != pinned:
            problems.append(f"{name}: {req.name} {dist.version} installed, {pinned} locked "
                            "– run `make setup`")
            continue
        todo += [(Requirement(line), req.name, tuple(req.extras) or ("",))
                 for line in dist.requires or []]
    return problems


def check_all(pyproject_text: str, locks: dict[str, str]) -> list[str]:
    """Every disagreement between pyproject.toml and the lock texts (by file name)."""
    pyproject = tomllib.loads(pyproject_text)
    parsed = {name: read_lock(text, name) for name, text in locks.items()}
    problems = [p for lock in parsed.values() for p in lock.problems]
    for name, extras in LOCKS.items():
        problems += check_profile(pyproject, extras, parsed[name], name)
    return problems


def read_files() -> tuple[str, dict[str, str]]:
    folder = ROOT / "requirements"
    names = list(LOCKS) + ["build.txt"]
    return ((ROOT / "pyproject.toml").read_text(),
            {n: (folder / n).read_text() for n in names})
