"""The Raspberry Pi installation: the example config and a wheel that carries every file
the app needs at run time (units: test_units.py; the installer: test_install.py)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from sync.config import DEFAULTS, load_config

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


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
