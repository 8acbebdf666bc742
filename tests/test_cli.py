"""The console scripts of DESIGN.md section 4, run as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_console_scripts_are_installed():
    for name in ("quartier-kiosk", "quartier-sync", "quartier-hub", "quartier-release",
                 "quartier-update"):
        assert (BIN / name).exists(), name


def test_kiosk_demo_print_lists_today_and_the_week(tmp_path):
    result = _run(str(BIN / "quartier-kiosk"), "--demo", "--print",
                  env={"XDG_CACHE_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "Begegnungsstätte Alte Schule" in result.stdout
    assert "Heute" in result.stdout and "Diese Woche" in result.stdout
    assert (tmp_path / "quartier-kiosk" / "demo" / "kiosk.sqlite").exists()


def test_kiosk_bad_config_exits_2_naming_the_key(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text("[sync]\ninterval_s = \"oft\"\n", "utf-8")
    result = _run(str(BIN / "quartier-kiosk"), "--config", str(config), "--print")
    assert result.returncode == 2
    assert "[sync] interval_s must be a number" in result.stderr


@pytest.mark.parametrize(("lines", "words"), [
    ('[display]\non = "Mo-Fr 8-18"', "[display] on: „Mo-Fr 8-18“ – „8-18“ ist keine Zeitspanne"),
    ("[screen]\nrotation = 45", "[screen] rotation = 45: erlaubt sind 0, 90, 180 und 270"),
    ('[display]\nbackend = "dpms"', "[display] backend = 'dpms': erlaubt sind auto, cec"),
])
def test_kiosk_bad_terminal_keys_exit_2_before_a_window_opens(tmp_path, lines, words):
    config = tmp_path / "kiosk.toml"
    config.write_text(lines + "\n", "utf-8")
    result = _run(str(BIN / "quartier-kiosk"), "--config", str(config), "--print")
    assert result.returncode == 2 and words in result.stderr, result.stderr


def test_sync_validate_accepts_and_rejects(tmp_path, demo_doc):
    good = tmp_path / "feed.json"
    good.write_text(json.dumps(demo_doc, ensure_ascii=False), "utf-8")
    result = _run(str(BIN / "quartier-sync"), "validate", str(good))
    assert result.returncode == 0 and "valid feed lindenbach-alte-schule" in result.stdout
    demo_doc["entries"][2]["title"] = "T" * 61
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(demo_doc), "utf-8")
    result = _run(str(BIN / "quartier-sync"), "validate", str(bad))
    assert result.returncode == 2
    assert f"{bad}: entries[2].title: too long (61 characters, at most 60)" in result.stderr


def test_python_m_entry_points():
    for package in ("kiosk", "sync"):
        result = _run(sys.executable, "-m", package, "--help")
        assert result.returncode == 0 and "usage:" in result.stdout


def test_demo_loads_again_after_a_run_with_a_later_clock(tmp_path):
    """A tour with a later --now leaves a higher version behind; the demo still loads."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from kiosk.demo import load_demo
    from sync.apply import current_version
    from sync.db import open_db

    later = datetime(2026, 12, 20, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    db_path = load_demo(tmp_path, later)
    first = current_version(open_db(db_path))
    load_demo(tmp_path, later - timedelta(days=10))
    assert current_version(open_db(db_path)) == first + 1
