"""The locked dependencies (requirements/*.txt) agree with pyproject.toml: every
dependency of each install profile is pinned, satisfies its specifier and has hashes,
the locks are closed under dependencies, the terminal and hub locks pin what the test
lock pins, and neither side's lock carries the other side's packages. Offline."""

from __future__ import annotations

import tomllib

import pytest

from sync.profiles import PROFILES
from tests.deploy import lockcheck

PYPROJECT, LOCKS = lockcheck.read_files()
HUB_ONLY = {"flask", "flask-wtf", "argon2-cffi", "zxcvbn", "recurring-ical-events",
            "gunicorn", "werkzeug", "jinja2", "wtforms"}
TERMINAL_ONLY = {"kivy", "pyttsx3", "numpy"}


def _pins(name: str) -> dict:
    return lockcheck.read_lock(LOCKS[name], name).pins


def test_locks_agree_with_pyproject():
    assert lockcheck.check_all(PYPROJECT, LOCKS) == []


@pytest.mark.parametrize("name", sorted(lockcheck.LOCKS))
def test_locks_are_closed_under_dependencies(name):
    lock = lockcheck.read_lock(LOCKS[name], name)
    assert lockcheck.check_closed(tomllib.loads(PYPROJECT), lockcheck.LOCKS[name], lock,
                                  name) == []


def test_locks_terminal_hub_and_build_pin_the_tested_versions():
    tested = _pins("test.txt")
    for name in ("terminal.txt", "hub.txt", "build.txt"):
        differ = {pkg: (str(v), str(tested.get(pkg))) for pkg, v in _pins(name).items()
                  if pkg in tested and tested[pkg] != v}
        assert differ == {}, name
    assert set(_pins("terminal.txt")) <= set(tested)
    assert set(_pins("hub.txt")) <= set(tested)


def test_locks_keep_the_sides_apart():
    assert {"Kivy", "pyttsx3", "numpy"} == set(PROFILES["terminal"].values())
    assert set(_pins("terminal.txt")) & HUB_ONLY == set()
    assert set(_pins("hub.txt")) & TERMINAL_ONLY == set()
    assert set(_pins("terminal.txt")) >= TERMINAL_ONLY
    assert set(_pins("hub.txt")) >= HUB_ONLY


def test_locks_check_finds_a_new_dependency_a_stricter_specifier_and_a_missing_hash():
    added = PYPROJECT.replace('"requests>=2.31",', '"requests>=2.31",\n    "boltons>=24.0",')
    problems = lockcheck.check_all(added, LOCKS)
    assert sum("boltons>=24.0 (pyproject.toml) is not pinned" in p for p in problems) == 3

    stricter = PYPROJECT.replace('"flask>=3.0"', '"flask>=99.0"')
    problems = lockcheck.check_all(stricter, LOCKS)
    assert [p.split(":")[0] for p in problems] == ["hub.txt", "test.txt"]
    assert "does not satisfy flask>=99.0" in problems[0]

    lines = LOCKS["hub.txt"].splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("flask=="))
    cut = [line for i, line in enumerate(lines)
           if not (i > at and "--hash" in line and i < at + 4)]
    problems = lockcheck.check_all(PYPROJECT, {**LOCKS, "hub.txt": "\n".join(cut)})
    assert "hub.txt: flask has no hash" in problems

    line = next(x for x in lines if x.startswith("flask=="))
    marked = LOCKS["hub.txt"].replace(line, line.replace(" \\", " ; sys_platform == 'linux' \\"))
    assert any("a marker" in p for p in lockcheck.check_all(PYPROJECT,
                                                            {**LOCKS, "hub.txt": marked}))


def test_locks_installers_and_make_setup_install_from_the_locks():
    makefile = (lockcheck.ROOT / "Makefile").read_text()
    assert "--require-hashes --no-deps -r requirements/build.txt" in makefile
    assert "--require-hashes --no-build-isolation -r requirements/test.txt" in makefile
    assert "--no-deps --no-build-isolation -e ." in makefile
    installer = (lockcheck.ROOT / "deploy" / "hub" / "install-hub.sh").read_text()
    assert '--require-hashes --no-deps -r "$here/requirements/build.txt"' in installer
    assert '--require-hashes --no-build-isolation -r "$here/requirements/hub.txt"' in installer
