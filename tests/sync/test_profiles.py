"""Install profiles: each side imports without the other side's packages, and each
console script says clearly when its own side is not installed.

A subprocess puts an import hook first on `sys.meta_path` that refuses the other side's
top-level packages (as if they were not installed), then imports every module of this
side. `make test-install` does the same in real venvs built from the locks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sync.profiles import PROFILES

ROOT = Path(__file__).resolve().parents[2]

# What only the other side installs (the locks agree: tests/deploy/test_locks.py).
HUB_ONLY = sorted(PROFILES["hub"]) + ["gunicorn", "werkzeug", "jinja2", "wtforms",
                                     "itsdangerous", "blinker"]
TERMINAL_ONLY = sorted(PROFILES["terminal"])

# An import hook that refuses the packages in `blocked` as if they were not installed.
REFUSE = r"""
class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in blocked:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
        return None

sys.meta_path.insert(0, Refuse())
"""

SCRIPT = r"""
import importlib, json, pkgutil, sys

blocked, packages, skip = (set(a.split(",")) - {""} for a in sys.argv[1:4])
""" + REFUSE + r"""
imported, failed = [], []
for package in sorted(packages):
    names = [package] + [m.name for m in pkgutil.walk_packages(
        importlib.import_module(package).__path__, package + ".")]
    for name in names:
        if name.rpartition(".")[2] == "__main__" or name in skip:
            continue
        try:
            importlib.import_module(name)
            imported.append(name)
        except BaseException as exc:
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
leaked = sorted({m.partition(".")[0] for m in sys.modules} & blocked)
kiosk = sorted(m for m in sys.modules if m.startswith("kiosk."))
print(json.dumps({"imported": imported, "failed": failed, "leaked": leaked, "kiosk": kiosk}))
"""


def _run(code: str, args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "KIVY_NO_ARGS": "1", "KIVY_NO_CONSOLELOG": "1",
           "KIVY_HOME": str(tmp_path / "kivy"), "QUARTIER_HUB_DATA": str(tmp_path / "hub"),
           "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path, env=env)


def _import_all(blocked: list[str], packages: list[str], tmp_path: Path,
                skip: tuple[str, ...] = ()) -> dict:
    result = _run(SCRIPT, [",".join(blocked), ",".join(packages), ",".join(skip)], tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_profiles_hub_imports_every_module_without_terminal_packages(tmp_path):
    report = _import_all(TERMINAL_ONLY, ["hub", "sync"], tmp_path)
    assert report["failed"] == [] and report["leaked"] == []
    assert {"hub.app", "hub.wsgi", "hub.backup", "hub.preview", "sync.publish"} <= \
        set(report["imported"])
    # the hub's previews reuse the kiosk's window-free logic: imported, without Kivy
    assert {"kiosk.paging", "kiosk.views", "kiosk.store"} <= set(report["kiosk"])


def test_profiles_terminal_imports_every_module_without_hub_packages(tmp_path):
    report = _import_all(HUB_ONLY, ["kiosk", "screens", "sync"], tmp_path)
    assert report["failed"] == [] and report["leaked"] == []
    assert {"kiosk.app", "kiosk.cli", "screens.detail", "sync.daemon"} <= \
        set(report["imported"])


CLI = r"""
import sys
blocked = set(sys.argv[1].split(","))
""" + REFUSE + r"""module = __import__(sys.argv[2], fromlist=["main"])
sys.exit(module.main(sys.argv[3:]))
"""


def test_profiles_quartier_hub_without_hub_packages_says_what_is_missing(tmp_path):
    result = _run(CLI, [",".join(HUB_ONLY), "hub.cli", "publish", "--data",
                        str(tmp_path / "hub")], tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert ("quartier-hub: Diese Installation hat die Pakete des Hubs nicht (es fehlt: "
            "Flask, Flask-WTF, argon2-cffi, zxcvbn, recurring-ical-events)") in result.stderr
    assert "requirements/hub.txt" in result.stderr
    assert not (tmp_path / "hub").exists()  # nothing half-created


def test_profiles_quartier_kiosk_without_terminal_packages_says_what_is_missing(tmp_path):
    result = _run(CLI, [",".join(TERMINAL_ONLY), "kiosk.cli", "--demo"], tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert ("quartier-kiosk: Diese Installation hat die Pakete eines Terminals nicht "
            "(es fehlt: Kivy, pyttsx3, numpy)") in result.stderr


def test_profiles_hub_backup_runs_without_hub_packages(tmp_path):
    """Backup and restore need only the standard library and the base: a bare venv can
    restore a hub before its packages are installed."""
    result = _run(CLI, [",".join(HUB_ONLY), "hub.cli", "backup", "--data",
                        str(tmp_path / "nothing"), "--out", str(tmp_path / "b.tar.gz")],
                  tmp_path)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "nothing" in result.stderr
