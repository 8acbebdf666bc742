"""`make test-install`: the terminal and the hub each installed for real into a venv of
their own (no system site-packages) from requirements/build.txt, their lock and the wheel
of this checkout – as deploy/hub/install-hub.sh and the terminal installer do. Each venv
imports every module of its side, lacks the other side's packages, and the other side's
command ends with the clear message of sync.profiles.

Not in the default suite (it downloads from PyPI the first time); the venvs are kept in
.cache/install/ by the hash of their locks, so a second run takes well under a minute.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "install"
SIDES = {
    "terminal": {"packages": ["kiosk", "screens", "sync"],
                 "absent": ["flask", "flask_wtf", "argon2", "zxcvbn", "gunicorn"],
                 "other": ["quartier-hub", "publish", "--data", "{tmp}/hub"],
                 "message": "Diese Installation hat die Pakete des Hubs nicht"},
    "hub": {"packages": ["hub", "sync"],
            "absent": ["kivy", "pyttsx3", "numpy"],
            "other": ["quartier-kiosk", "--demo"],
            "message": "Diese Installation hat die Pakete eines Terminals nicht"},
}
IMPORT_ALL = r"""
import importlib, json, pkgutil, sys
failed, count = [], 0
for package in sys.argv[1].split(","):
    for info in [None, *pkgutil.walk_packages(importlib.import_module(package).__path__,
                                              package + ".")]:
        name = package if info is None else info.name
        if name.endswith("__main__") or name == "hub.wsgi":
            continue
        try:
            importlib.import_module(name)
            count += 1
        except BaseException as exc:
            failed.append(f"{name}: {exc!r}")
absent = [m for m in sys.argv[2].split(",") if importlib.util.find_spec(m) is not None]
print(json.dumps({"failed": failed, "count": count, "present": absent}))
"""


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, capture_output=True, text=True, timeout=1800, **kwargs)
    assert result.returncode == 0, f"{args}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
          "-w", str(out), str(ROOT)])
    (built,) = out.glob("quartier_kiosk-*.whl")
    return built


def _venv(side: str, wheel: Path) -> Path:
    locks = [ROOT / "requirements" / "build.txt", ROOT / "requirements" / f"{side}.txt"]
    key = hashlib.sha256(b"".join(p.read_bytes() for p in locks)).hexdigest()[:12]
    venv = CACHE / f"{side}-{key}"
    python = venv / "bin" / "python"
    if not (venv / ".complete").exists():
        shutil.rmtree(venv, ignore_errors=True)
        _run([sys.executable, "-m", "venv", str(venv)])
        _run([str(python), "-m", "pip", "install", "-q", "--require-hashes", "--no-deps",
              "-r", str(locks[0])])
        _run([str(python), "-m", "pip", "install", "-q", "--require-hashes",
              "--no-build-isolation", "-r", str(locks[1])])
        (venv / ".complete").touch()
    _run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall",
          str(wheel)])
    return venv


@pytest.mark.parametrize("side", sorted(SIDES))
def test_install_profile_imports_its_side_without_the_other(side, wheel, tmp_path):
    spec = SIDES[side]
    venv = _venv(side, wheel)
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path),
           "KIVY_NO_ARGS": "1", "KIVY_NO_CONSOLELOG": "1", "KIVY_HOME": str(tmp_path / "k")}
    result = _run([str(venv / "bin" / "python"), "-c", IMPORT_ALL,
                   ",".join(spec["packages"]), ",".join(spec["absent"])], cwd=tmp_path,
                  env=env)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["failed"] == [] and report["present"] == []
    assert report["count"] > 40
    other = [a.format(tmp=tmp_path) for a in spec["other"]]
    refused = subprocess.run([str(venv / "bin" / other[0]), *other[1:]], capture_output=True,
                             text=True, timeout=120, cwd=tmp_path, env=env)
    assert refused.returncode == 1 and spec["message"] in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr
