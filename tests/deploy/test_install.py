"""The terminal's set-up scripts on this machine: shellcheck is clean, the installer's dry
run lists every action and changes nothing, bad input is refused before anything happens,
and quartier-readonly edits only the kernel command line. The real installation runs in
a Debian 12 root: tests/deploy/test_install_root.py (`make test-install`)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
INSTALL = DEPLOY / "install-terminal.sh"
READONLY = DEPLOY / "quartier-readonly"
CMDLINE = ("console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 rootfstype=ext4 "
           "fsck.repair=yes rootwait cfg80211.ieee80211_regdom=DE")
ENROLMENT = """[terminal]
site = "ort-a"
id = "a-9"
token = "geheim-Token-4711"
[sync]
feed_url = "https://cdn.example.org/q/sites/ort-a/feed.json"
public_keys = ["MCowBQYDK2VwAyEAbWVpbi1zY2hsdWVzc2VsLTEyMzQ1Njc4OTA="]
[hub]
url = "https://example.org/hub"
"""
# Where an installation would leave traces on this machine.
WATCHED = ["/etc", "/opt", "/usr/local", "/var/lib/quartier-kiosk", "/boot"]


def shell_scripts() -> list[Path]:
    return sorted(p for p in DEPLOY.iterdir() if p.is_file() and (
        p.suffix == ".sh" or p.read_bytes().startswith(b"#!/bin/sh")))


def test_every_deploy_script_passes_shellcheck():
    assert shutil.which("shellcheck"), "shellcheck missing: deploy/system-deps.sh dev installs it"
    scripts = shell_scripts()
    assert {"install-terminal.sh", "system-deps.sh", "lib.sh", "quartier-readonly"} <= {
        p.name for p in scripts}
    result = subprocess.run(["shellcheck", "-x", *map(str, scripts)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout


def _snapshot(paths: list[str]) -> dict[str, tuple]:
    seen = {}
    for top in paths:
        for folder, dirs, files in os.walk(top):
            for name in dirs + files:
                path = os.path.join(folder, name)
                try:
                    info = os.lstat(path)
                except FileNotFoundError:
                    continue
                seen[path] = (info.st_mode, info.st_uid, info.st_gid, info.st_size,
                              info.st_mtime_ns)
    return seen


@pytest.fixture
def boot(tmp_path: Path) -> Path:
    folder = tmp_path / "boot"
    folder.mkdir()
    (folder / "cmdline.txt").write_text(CMDLINE + "\n")
    (folder / "config.txt").write_text("[all]\ndtoverlay=vc4-kms-v3d\nauto_initramfs=1\n")
    return folder


def _install(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", str(INSTALL), *args], capture_output=True, text=True,
                          input=stdin, timeout=120, cwd="/")


def test_install_dry_run_lists_every_action_and_changes_nothing(boot, tmp_path):
    enrol = tmp_path / "zeilen.txt"
    enrol.write_text(ENROLMENT)
    before = _snapshot([*WATCHED, str(boot)])
    result = _install("--dry-run", "--enrol", "-", "--boot-dir", str(boot),
                      "--ntp", "ntp.kommune.example", "--ntp", "ntp2.kommune.example",
                      "--audio-device", "plughw:CARD=UACDemoV10,DEV=0", stdin=ENROLMENT)
    assert result.returncode == 0, result.stderr
    assert _snapshot([*WATCHED, str(boot)]) == before
    out = result.stdout
    assert out.startswith("Probelauf (--dry-run)")
    try:
        pwd.getpwnam("quartier")
    except KeyError:
        assert ("+ useradd --system --user-group --home-dir /var/lib/quartier-kiosk "
                "--no-create-home --shell /usr/sbin/nologin --comment Quartier-Kiosk "
                "--groups video,render,input,audio quartier") in out
    expected = [
        "+ install -d -m 0750 -o quartier -g quartier /var/lib/quartier-kiosk",
        "+ python3 -m venv /opt/quartier-kiosk/.venv",
        "+ /opt/quartier-kiosk/.venv/bin/pip install -q --no-cache-dir --require-hashes "
        f"--no-deps -r {ROOT}/requirements/build.txt",
        "+ /opt/quartier-kiosk/.venv/bin/pip install -q --no-cache-dir --no-build-isolation "
        f"-r {ROOT}/requirements/terminal.txt",
        "+ /opt/quartier-kiosk/.venv/bin/pip install -q --no-cache-dir --no-build-isolation "
        f"--no-deps {ROOT}",
        "+ ln -sfn .venv /opt/quartier-kiosk/current",
        "+ write /etc/quartier-kiosk/kiosk.toml (0640 root:quartier)",
        '    | device = "plughw:CARD=UACDemoV10,DEV=0"',
        '    | ntp = ["ntp.kommune.example", "ntp2.kommune.example"]',
        '    | site = "ort-a"',
        "+ write /etc/systemd/system/quartier-kiosk.service (0644 root:root)",
        "+ write /etc/systemd/system/quartier-sync.service (0644 root:root)",
        "+ write /etc/systemd/system/quartier-update.service (0644 root:root)",
        "+ write /etc/systemd/system/quartier-update.timer (0644 root:root)",
        "+ write /etc/systemd/journald.conf.d/90-quartier-kiosk.conf (0644 root:root)",
        "    | Storage=volatile",
        "+ write /etc/systemd/system.conf.d/90-quartier-kiosk.conf (0644 root:root)",
        "    | RuntimeWatchdogSec=15s",
        "+ write /etc/systemd/system/systemd-time-wait-sync.service.d/90-quartier-kiosk.conf"
        " (0644 root:root)",
        "+ write /etc/systemd/timesyncd.conf.d/90-quartier-kiosk.conf (0644 root:root)",
        "    | NTP=ntp.kommune.example ntp2.kommune.example",
        "+ systemctl enable quartier-kiosk.service quartier-sync.service "
        "quartier-update.timer systemd-timesyncd.service systemd-time-wait-sync.service",
        "+ systemctl disable getty@tty1.service",
        f"+ cp -p {boot}/cmdline.txt {boot}/cmdline.txt.quartier-orig",
        f"+ write {boot}/cmdline.txt",
        "    | console=serial0,115200 console=tty3 root=PARTUUID=4e639091-02 rootfstype=ext4 "
        "fsck.repair=yes rootwait cfg80211.ieee80211_regdom=DE "
        "video=HDMI-A-1:1920x1080@60D quiet loglevel=3 logo.nologo "
        "vt.global_cursor_default=0 consoleblank=0",
        f"+ write {boot}/config.txt",
        "    | disable_splash=1",
        "+ write /usr/local/lib/quartier-kiosk/quartier-readonly (0755 root:root)",
        "+ ln -sfn /usr/local/lib/quartier-kiosk/quartier-readonly "
        "/usr/local/sbin/quartier-readonly",
    ]
    lines = out.splitlines()
    for line in expected:
        assert line in lines, line
    order = [lines.index(line) for line in expected if line.startswith("+")]
    assert order == sorted(order)
    # The token never appears on screen; the rest of the enrolment does.
    assert "geheim-Token-4711" not in out and '    | token = "…"' in lines


def test_install_dry_run_takes_a_lock_file_and_a_wheelhouse(boot, tmp_path):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    (wheels / "quartier_kiosk-0.1.0-py3-none-any.whl").write_bytes(b"")
    lock = tmp_path / "terminal.lock"
    lock.write_text("kivy==2.3.1 --hash=sha256:00\n")
    result = _install("--dry-run", "--boot-dir", str(boot), "--wheelhouse", str(wheels),
                      "--requirements", str(lock))
    assert result.returncode == 0, result.stderr
    pip = [line for line in result.stdout.splitlines() if "/bin/pip install" in line]
    assert pip == [
        f"+ /opt/quartier-kiosk/.venv/bin/pip install -q --no-cache-dir --no-index "
        f"--find-links {wheels} --no-build-isolation -r {lock}",
        f"+ /opt/quartier-kiosk/.venv/bin/pip install -q --no-cache-dir --no-index "
        f"--find-links {wheels} --no-build-isolation --no-deps quartier-kiosk"]
    assert "Platzhalter" in result.stderr            # no enrolment given: said so


@pytest.mark.parametrize(("args", "stdin", "words"), [
    (["--enrol", "-"], '[terminal]\nsite = "a"\n', "[terminal] id fehlt"),
    (["--enrol", "/nicht/da.txt"], None, "--enrol /nicht/da.txt: Datei nicht gefunden"),
    (["--wheelhouse", "/nicht/da"], None, "kein quartier_kiosk-*.whl darin"),
    (["--video-mode", "riesig"], None, "[screen] video_mode = 'riesig'"),
    (["--ntp", "a b"], None, "--ntp 'a b': kein Rechnername"),
    (["--gibts-nicht"], None, "Unbekannte Option: --gibts-nicht"),
])
def test_install_refuses_bad_input_in_german(boot, args, stdin, words):
    before = _snapshot([*WATCHED, str(boot)])
    result = _install("--dry-run", "--boot-dir", str(boot), *args, stdin=stdin)
    assert result.returncode == 2 and words in result.stderr, result.stderr
    assert _snapshot([*WATCHED, str(boot)]) == before


def _readonly(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", str(READONLY), *args], capture_output=True, text=True,
                          timeout=60)


def test_readonly_on_dry_run_writes_the_overlay_without_recursion(boot):
    result = _readonly("--dry-run", "--boot-dir", str(boot), "on", "--no-data-partition")
    assert result.returncode == 0, result.stderr
    assert f"    | {CMDLINE} overlayroot=tmpfs:recurse=0" in result.stdout.splitlines()
    assert (boot / "cmdline.txt").read_text() == CMDLINE + "\n"
    assert "ohne Datenpartition" in result.stderr


def test_readonly_on_needs_a_data_partition(boot):
    result = _readonly("--dry-run", "--boot-dir", str(boot), "on")
    assert result.returncode == 2 and "keine Partition mit dem Namen quartier-data" in \
        result.stderr


def test_readonly_off_removes_only_the_overlay_and_status_tells(boot):
    (boot / "cmdline.txt").write_text(f"overlayroot=tmpfs:recurse=0 {CMDLINE} quiet\n")
    status = _readonly("--boot-dir", str(boot), "status")
    assert "Schreibschutz: eingeschaltet" in status.stdout
    result = _readonly("--boot-dir", str(boot), "off")
    assert result.returncode == 0, result.stderr
    assert (boot / "cmdline.txt").read_text() == f"{CMDLINE} quiet\n"
    assert (boot / "cmdline.txt.quartier-orig").read_text().startswith("overlayroot=")
    again = _readonly("--boot-dir", str(boot), "off")
    assert again.returncode == 0 and "schon ausgeschaltet" in again.stdout
    assert "Schreibschutz: ausgeschaltet" in _readonly("--boot-dir", str(boot),
                                                       "status").stdout
