"""The terminal's systemd units: they never stay failed, they tell systemd they are alive,
they are hardened without losing the devices the screen needs, and systemd 252 (Debian 12,
Raspberry Pi OS Bookworm) accepts every line of them."""

from __future__ import annotations

import configparser
import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / "deploy" / "systemd"
UNITS = sorted(p for p in SYSTEMD.iterdir() if p.suffix in (".service", ".timer"))
SERVICES = [p for p in UNITS if p.suffix == ".service"]
TERMINAL = [SYSTEMD / "quartier-kiosk.service", SYSTEMD / "quartier-sync.service"]
# Where the units find the running release (the link quartier-update switches).
INSTALLED_BIN = "/opt/quartier-kiosk/current/bin"
DROPINS = sorted(SYSTEMD.glob("*.d/*.conf"))
BIN = Path(sys.executable).parent


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


def _values(path: Path, section: str, key: str) -> list[str]:
    """Every value of a key that may be given several times (Environment=, After=)."""
    values, current = [], None
    for line in path.read_text().splitlines():
        if line.startswith("["):
            current = line.strip("[]")
        elif current == section and line.split("=", 1)[0].strip() == key:
            values.append(line.split("=", 1)[1].strip())
    return values


@pytest.mark.parametrize("path", TERMINAL, ids=[p.name for p in TERMINAL])
def test_unit_never_stays_failed(path):
    """A crash loop (the panel switched on after the Pi) must not end in "failed" for good:
    no start limit, restart always."""
    unit = _unit(path)
    assert unit["Unit"]["StartLimitIntervalSec"] == "0"
    assert "StartLimitBurst" not in unit["Unit"]
    assert unit["Service"]["Restart"] == "always"
    assert float(unit["Service"]["RestartSec"]) <= 10


@pytest.mark.parametrize("path", TERMINAL, ids=[p.name for p in TERMINAL])
def test_unit_is_a_notify_service_with_a_watchdog(path):
    service = _unit(path)["Service"]
    assert service["Type"] == "notify" and service["NotifyAccess"] == "main"
    assert service["WatchdogSec"] and service["TimeoutStartSec"]


@pytest.mark.parametrize("path", SERVICES, ids=[p.name for p in SERVICES])
def test_unit_is_hardened_and_runs_a_project_command(path):
    service = _unit(path)["Service"]
    assert service["ProtectSystem"] == "strict" and service["NoNewPrivileges"] == "true"
    assert service["PrivateTmp"] == "true" and service["ProtectHome"] == "true"
    command = Path(service["ExecStart"].split()[0]).name
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert command in scripts


@pytest.mark.parametrize("path", TERMINAL, ids=[p.name for p in TERMINAL])
def test_terminal_unit_writes_only_its_data_folder(path):
    service = _unit(path)["Service"]
    assert service["User"] == "quartier" and service["Group"] == "quartier"
    assert service["ReadWritePaths"] == "/var/lib/quartier-kiosk"


def test_kiosk_unit_reaches_screen_touch_and_sound_through_groups_only():
    service = _unit(SYSTEMD / "quartier-kiosk.service")["Service"]
    assert {"video", "render", "input", "audio"} <= set(service["SupplementaryGroups"].split())
    # No device cgroup (DeviceAllow=, PrivateDevices=, ProtectClock= would close /dev/dri,
    # /dev/input and /dev/snd); the group permissions decide.
    for key in ("DeviceAllow", "DevicePolicy", "PrivateDevices", "ProtectClock"):
        assert key not in service, key
    # Network is the sync daemon's job alone.
    assert service["PrivateNetwork"] == "true"


def test_kiosk_unit_keeps_temporary_files_in_memory():
    """Speech WAVs go to $TMPDIR (Python's tempfile): a tmpfs below /run, not the SD card."""
    path = SYSTEMD / "quartier-kiosk.service"
    service = _unit(path)["Service"]
    assert service["RuntimeDirectory"] == "quartier-kiosk"
    assert "TMPDIR=%t/quartier-kiosk" in _values(path, "Service", "Environment")


def test_sync_unit_waits_for_the_clock_and_the_kiosk_does_not():
    sync = " ".join(_values(SYSTEMD / "quartier-sync.service", "Unit", "After")).split()
    kiosk = " ".join(_values(SYSTEMD / "quartier-kiosk.service", "Unit", "After")).split()
    assert "time-sync.target" in sync
    assert "time-sync.target" not in kiosk and "time-set.target" in kiosk


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed on this machine")
@pytest.mark.parametrize("path", UNITS, ids=[p.name for p in UNITS])
def test_unit_passes_systemd_analyze_verify(path, tmp_path):
    """No error and no warning about our file. The units name the installed location;
    here they run this checkout's commands (the installed root is checked by
    tests/deploy/test_install_root.py)."""
    text = path.read_text().replace(INSTALLED_BIN, str(BIN))
    copy = tmp_path / path.name
    copy.write_text(text)
    for dropin in DROPINS:
        if dropin.parent.name == f"{path.name}.d":
            (tmp_path / dropin.parent.name).mkdir(exist_ok=True)
            shutil.copy(dropin, tmp_path / dropin.parent.name / dropin.name)
    result = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    ours = [line for line in result.stderr.splitlines() if path.name in line]
    assert not ours, ours


def test_sync_unit_restarts_a_frozen_daemon_and_a_killed_one(tmp_path):
    """The real unit and the real daemon under tests/supervisor.py (systemd is not PID 1
    here), its watchdog shortened to 1 s like a drop-in would: the daemon keeps pinging
    while it waits between failing syncs; frozen (SIGSTOP) it is aborted and started again;
    killed, it is started again."""
    from tests.supervisor import Supervisor

    config = tmp_path / "kiosk.toml"
    config.write_text('[terminal]\nsite = "ort-a"\nid = "a-9"\ntoken = "t"\n'
                      '[sync]\nfeed_url = "http://127.0.0.1:9/sites/ort-a/feed.json"\n'
                      'retry_s = 1\n[paths]\ndata = "daten"\n')
    with Supervisor(SYSTEMD / "quartier-sync.service",
                    substitute={INSTALLED_BIN: str(BIN),
                                "/etc/quartier-kiosk/kiosk.toml": str(config)},
                    overrides={"WatchdogSec": "1", "RestartSec": "0.2",
                               "TimeoutAbortSec": "0.5"}) as manager:
        ready = manager.wait_for("ready", timeout=30)
        manager.wait_for("watchdog", after=ready.at + 1.5, timeout=10)
        assert not [e for e in manager.events if e.kind.endswith("timeout")]
        os.kill(manager.pid, signal.SIGSTOP)
        aborted = manager.wait_for("watchdog-timeout", after=ready.at, timeout=10)
        again = manager.wait_for("ready", after=aborted.at, timeout=30)
        killed = manager.kill(signal.SIGKILL)
        manager.wait_for("ready", after=killed, timeout=30)
    starts = [e for e in manager.events if e.kind == "start"]
    assert len(starts) == 3 and again.at > aborted.at


def test_kiosk_unit_keeps_restarting_a_crash_loop(tmp_path):
    """The kiosk unit with a command that crashes at once (RestartSec shortened): with the
    old start limit (10 in 300 s) the manager gives up for good; with the unit's own
    settings it keeps starting it."""
    from tests.supervisor import Supervisor

    unit = SYSTEMD / "quartier-kiosk.service"
    crash = {f"{INSTALLED_BIN}/quartier-kiosk": "/bin/false"}
    fast = {"RestartSec": "0.01"}
    with Supervisor(unit, substitute=crash, overrides={
            **fast, "StartLimitIntervalSec": "300", "StartLimitBurst": "10"}) as old:
        old.wait_for("failed", timeout=20)
    assert sum(e.kind == "start" for e in old.events) == 10
    with Supervisor(unit, substitute=crash, overrides=fast) as new:
        deadline = time.monotonic() + 20
        while sum(e.kind == "start" for e in new.events) <= 25 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert sum(e.kind == "start" for e in new.events) > 25
    assert not [e for e in new.events if e.kind == "failed"]


def test_kiosk_unit_restarts_a_frozen_main_loop(tmp_path):
    """The real app under the real unit (tests/supervisor.py stands in for systemd, its
    notify socket included) in a window on Xvfb, WatchdogSec shortened to 3 s like a
    drop-in would: READY=1 comes after the first frame and WATCHDOG=1 from Kivy's clock;
    then a Clock callback blocks for good – the pings stop, the manager aborts the app
    and starts it again, and the new one is ready and pinging."""
    from kiosk.clock import system_clock
    from kiosk.demo import load_demo
    from kiosk.xvfb import virtual_display
    from tests.supervisor import Supervisor

    data = tmp_path / "daten"
    load_demo(data, system_clock())
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ndata = "{data}"\n[screen]\nfullscreen = false\n'
                      '[clock]\nwait_for_sync = false\n')
    app = f"{INSTALLED_BIN}/quartier-kiosk"
    with virtual_display(1920, 1080), Supervisor(
            SYSTEMD / "quartier-kiosk.service",
            substitute={app: f"{sys.executable} -m tests.deploy.frozen_kiosk",
                        "/etc/quartier-kiosk/kiosk.toml": str(config)},
            overrides={"WatchdogSec": "3", "RestartSec": "0.2", "TimeoutAbortSec": "1"},
            env={"SDL_VIDEODRIVER": "x11", "PYTHONPATH": str(ROOT)},
            log=tmp_path / "kiosk.log") as manager:
        ready = manager.wait_for("ready", timeout=120)
        manager.wait_for("watchdog", after=ready.at, timeout=20)
        aborted = manager.wait_for("watchdog-timeout", after=ready.at, timeout=60)
        again = manager.wait_for("ready", after=aborted.at, timeout=120)
        manager.wait_for("watchdog", after=again.at, timeout=20)
    assert (tmp_path / "froze-once").exists()
    starts = [e for e in manager.events if e.kind == "start"]
    assert len(starts) == 2 and aborted.at - ready.at >= 2


def test_update_unit_runs_from_the_running_release_and_its_timer_waits_for_it():
    """The updater runs the release `current` points at (a new release brings its own
    updater); as a oneshot started by its timer, never by itself at boot."""
    service = _unit(SYSTEMD / "quartier-update.service")
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["ExecStart"].startswith(f"{INSTALLED_BIN}/quartier-update apply ")
    assert service["Service"]["ReadWritePaths"] == "/opt/quartier-kiosk"
    assert "Install" not in service
    timer = _unit(SYSTEMD / "quartier-update.timer")
    assert timer["Timer"]["OnUnitInactiveSec"] and timer["Timer"]["RandomizedDelaySec"]
    assert timer["Install"]["WantedBy"] == "timers.target"
    for path in TERMINAL:
        assert _unit(path)["Service"]["ExecStart"].startswith(f"{INSTALLED_BIN}/")
