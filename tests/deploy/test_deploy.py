"""The Raspberry Pi installation: systemd units, the example config, the install script,
and a wheel that carries every file the app needs at run time."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from sync.config import DEFAULTS, load_config

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
BIN = Path(sys.executable).parent


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


@pytest.mark.parametrize("path", UNITS, ids=[p.name for p in UNITS])
def test_unit_restarts_is_hardened_and_runs_a_project_command(path):
    unit = _unit(path)
    service = unit["Service"]
    assert service["Restart"] == "always" and "StartLimitBurst" in unit["Unit"]
    assert service["ProtectSystem"] == "strict" and service["NoNewPrivileges"] == "true"
    command = Path(service["ExecStart"].split()[0]).name
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert command in scripts


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed on this machine")
@pytest.mark.parametrize("path", UNITS, ids=[p.name for p in UNITS])
def test_unit_passes_systemd_analyze_verify(path, tmp_path):
    # The units name the installed location; verify them against this checkout's venv.
    text = path.read_text().replace("/opt/quartier-kiosk/.venv/bin", str(BIN))
    copy = tmp_path / path.name
    copy.write_text(text)
    result = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_example_config_loads_and_names_every_documented_key(tmp_path):
    example = ROOT / "deploy" / "kiosk.toml.example"
    config = load_config(example)
    assert config.screen.width_mm == 476 and config.sync.interval_s == 300
    raw = tomllib.loads(example.read_text())
    for section, keys in {"terminal": ["site", "id", "token"],
                          "sync": ["feed_url", "public_keys", "interval_s"],
                          "paths": ["data"], "screen": ["width_px", "height_px", "width_mm"],
                          "hub": ["url"]}.items():
        for key in keys:
            assert key in raw[section] and key in DEFAULTS[section], (section, key)


def test_install_script_is_valid_sh():
    for script in ("install-terminal.sh", "system-deps.sh"):
        result = subprocess.run(["sh", "-n", str(ROOT / "deploy" / script)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_wheel_carries_screens_fonts_schema_and_templates(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                             "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("screens/widgets.kv", "screens/detail.kv", "assets/fonts/icons.ttf",
                   "sync/feed.schema.json", "kiosk/app.py", "hub/cli.py",
                   "hub/templates/base.html", "hub/static/hub.css", "hub/static/hub.js",
                   "assets/demo/mittagstisch.png"):
        assert needed in names, needed
    from sync.demo import PICTURES

    for file, _alt in PICTURES.values():
        assert f"assets/demo/{file}" in names, file
    templates = [n for n in names if n.startswith("hub/templates/")]
    assert len(templates) > 10 and all(n.endswith((".html", ".txt")) for n in templates)


def test_make_bench_runs_every_benchmark_group():
    """Every module of tests/bench with a run() is a group of `make bench` (the ui group
    was once left out, so startup and navigation figures were never printed)."""
    from tests.bench.__main__ import GROUPS

    modules = {p.stem for p in (ROOT / "tests" / "bench").glob("*.py")
               if "\ndef run(" in p.read_text(encoding="utf-8")}
    assert modules == set(GROUPS)
