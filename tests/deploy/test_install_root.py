"""The installer for real, in a Debian 12 root made with debootstrap (`make test-install`,
about 3 minutes; not part of `make test`): everything a terminal gets that needs no
hardware. Runs as root (chroot, mounts) with the Debian mirror reachable.

The base root and the app's dependency wheels are cached (QK_CACHE, default
/var/cache/quartier-kiosk, else .cache/ in the checkout), so a repeated run downloads
nothing but apt's package lists: the root as a tarball, apt's .deb files, the wheels."""

from __future__ import annotations

import contextlib
import grp
import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.test_install import CMDLINE, ENROLMENT

pytestmark = pytest.mark.install

ROOT = Path(__file__).resolve().parents[2]
MIRROR = "http://deb.debian.org/debian"
# What Raspberry Pi OS Lite has and debootstrap's minbase lacks.
BASE_PACKAGES = ("systemd,systemd-sysv,systemd-timesyncd,udev,dbus,python3,ca-certificates,"
                 "procps,kmod")
AUDIO = "plughw:CARD=UACDemoV10,DEV=0"


def _cache() -> Path:
    for folder in (os.environ.get("QK_CACHE"), "/var/cache/quartier-kiosk",
                   str(ROOT / ".cache" / "quartier-kiosk")):
        if folder:
            path = Path(folder)
            with contextlib.suppress(OSError):
                path.mkdir(parents=True, exist_ok=True)
                if os.access(path, os.W_OK):
                    return path
    raise RuntimeError("no writable cache folder")


def _key(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def base_tarball(cache: Path) -> Path:
    """A finished minbase bookworm root (plus BASE_PACKAGES) as a tarball."""
    tarball = cache / f"bookworm-root-{_key(BASE_PACKAGES, MIRROR)}.tar.gz"
    if tarball.exists():
        return tarball
    work = cache / "debootstrap-work"
    shutil.rmtree(work, ignore_errors=True)
    subprocess.run(["debootstrap", "--variant=minbase", f"--include={BASE_PACKAGES}",
                    "bookworm", str(work), MIRROR], check=True, capture_output=True,
                   timeout=1800)
    partial = tarball.with_suffix(".partial")
    subprocess.run(["tar", "-C", str(work), "-czf", str(partial), "."], check=True,
                   timeout=600)
    partial.rename(tarball)
    shutil.rmtree(work, ignore_errors=True)
    return tarball


def wheelhouse(cache: Path, into: Path) -> None:
    """The app's runtime dependencies as wheels (cached per pyproject) plus a fresh wheel
    of this checkout, in `into`."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    deps = cache / f"wheels-{_key(*pyproject['project']['dependencies'], sys.version)}"
    if not deps.exists():
        partial = deps.with_suffix(".partial")
        shutil.rmtree(partial, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "-w", str(partial),
                        str(ROOT)], check=True, timeout=1800)
        for old in partial.glob("quartier_kiosk-*.whl"):
            old.unlink()
        partial.rename(deps)
    into.mkdir(parents=True)
    for wheel in deps.glob("*.whl"):
        try:
            os.link(wheel, into / wheel.name)
        except OSError:
            shutil.copy(wheel, into / wheel.name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(into),
                    str(ROOT)], check=True, timeout=600)


def _mounted_below(path: Path) -> list[str]:
    prefix = str(path.resolve())
    with open("/proc/self/mounts") as mounts:
        return [line.split()[1] for line in mounts if line.split()[1].startswith(prefix)]


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("debootstrap") is None:
        pytest.fail("needs root and debootstrap (deploy/system-deps.sh dev installs it)")
    cache = _cache()
    target = tmp_path_factory.mktemp("terminal-root")
    subprocess.run(["tar", "-C", str(target), "-xzf", str(base_tarball(cache))], check=True,
                   timeout=600)
    wheelhouse(cache, target / "wheels")
    shutil.copytree(ROOT / "deploy", target / "src" / "deploy")
    # What the SD card of Raspberry Pi OS Bookworm has on its boot partition.
    firmware = target / "boot" / "firmware"
    firmware.mkdir(parents=True)
    (firmware / "cmdline.txt").write_text(CMDLINE + "\n")
    (firmware / "config.txt").write_text("[all]\ndtoverlay=vc4-kms-v3d\nauto_initramfs=1\n")
    (target / "tmp" / "zeilen.txt").write_text(ENROLMENT)
    shutil.copy("/etc/resolv.conf", target / "etc" / "resolv.conf")
    policy = target / "usr" / "sbin" / "policy-rc.d"     # no daemons start in the chroot
    policy.write_text("#!/bin/sh\nexit 101\n")
    policy.chmod(0o755)
    archives = cache / "apt-archives"
    (archives / "partial").mkdir(parents=True, exist_ok=True)
    mounts = [(["-t", "proc", "proc"], "proc"), (["-t", "sysfs", "sys"], "sys"),
              (["--bind", "/dev"], "dev"), (["--bind", "/dev/pts"], "dev/pts"),
              (["--bind", str(archives)], "var/cache/apt/archives")]
    done = []
    try:
        for args, where in mounts:
            subprocess.run(["mount", *args, str(target / where)], check=True)
            done.append(target / where)
        yield target
    finally:
        for where in [*reversed(_mounted_below(target)), *reversed(done)]:
            subprocess.run(["umount", "--lazy", str(where)], check=False)
        left = _mounted_below(target)
        # Never delete through a mount into the host (/dev!).
        assert not left, f"still mounted, {target} left in place: {left}"
        subprocess.run(["rm", "-rf", "--one-file-system", str(target)], check=False)


def chroot(root: Path, *command: str, check: bool = True,
           timeout: int = 1200) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
           "LANG": "C.UTF-8", "HOME": "/root", "DEBIAN_FRONTEND": "noninteractive"}
    result = subprocess.run(["chroot", str(root), *command], capture_output=True, text=True,
                            env=env, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"{command} exit {result.returncode}\n{result.stdout[-3000:]}\n"
                             f"{result.stderr[-3000:]}")
    return result


INSTALL = ("sh", "/src/deploy/install-terminal.sh", "--enrol", "/tmp/zeilen.txt",
           "--wheelhouse", "/wheels", "--ntp", "ntp.kommune.example", "--audio-device", AUDIO)


@pytest.fixture(scope="module")
def installed(root) -> dict[str, subprocess.CompletedProcess]:
    first = chroot(root, *INSTALL)
    second = chroot(root, *INSTALL)
    return {"first": first, "second": second}


def _group(root: Path, name: str) -> tuple[int, list[str]]:
    for line in (root / "etc" / "group").read_text().splitlines():
        fields = line.split(":")
        if fields[0] == name:
            return int(fields[2]), [m for m in fields[3].split(",") if m]
    raise AssertionError(f"group {name} missing")


def _snapshot(root: Path) -> dict[str, tuple]:
    seen = {}
    for top in ("etc", "boot", "opt", "usr/local", "var/lib/quartier-kiosk"):
        for folder, dirs, files in os.walk(root / top):
            for name in dirs + files:
                path = Path(folder) / name
                info = path.lstat()
                digest = hashlib.sha256(path.read_bytes()).hexdigest() \
                    if stat.S_ISREG(info.st_mode) else os.readlink(path) \
                    if path.is_symlink() else ""
                seen[str(path.relative_to(root))] = (info.st_mode, info.st_uid, info.st_gid,
                                                     info.st_mtime_ns, digest)
    return seen


def test_installed_root_has_the_user_config_and_app(root, installed):
    for group in ("video", "render", "input", "audio"):
        assert "quartier" in _group(root, group)[1], group
    config = root / "etc" / "quartier-kiosk" / "kiosk.toml"
    info = config.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640 and info.st_uid == 0
    assert info.st_gid == _group(root, "quartier")[0] != grp.getgrnam("root").gr_gid
    data = tomllib.loads(config.read_text())
    assert data["terminal"]["id"] == "a-9" and data["terminal"]["token"] == "geheim-Token-4711"
    assert data["audio"]["device"] == AUDIO and data["clock"]["ntp"] == ["ntp.kommune.example"]
    data_dir = (root / "var" / "lib" / "quartier-kiosk").stat()
    assert stat.S_IMODE(data_dir.st_mode) == 0o750
    # The units start the app through the link quartier-update switches later.
    assert (root / "opt" / "quartier-kiosk" / "current").readlink() == Path(".venv")
    # The app runs as quartier in the venv and reads its config.
    status = chroot(root, "runuser", "-u", "quartier", "--",
                    "/opt/quartier-kiosk/current/bin/quartier-sync", "status", "--config",
                    "/etc/quartier-kiosk/kiosk.toml", check=False)
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith("Terminal a-9, Standort ort-a\n")
    assert "noch nie erfolgreich synchronisiert" in status.stdout


def test_installed_root_has_units_enabled_and_drop_ins(root, installed):
    system = root / "etc" / "systemd" / "system"
    for unit, target in (("quartier-kiosk.service", "multi-user.target.wants"),
                         ("quartier-sync.service", "multi-user.target.wants"),
                         ("quartier-update.timer", "timers.target.wants"),
                         ("systemd-time-wait-sync.service", "sysinit.target.wants")):
        link = system / target / unit
        assert link.is_symlink(), link
    assert (system / "quartier-kiosk.service").read_text() == \
        (ROOT / "deploy/systemd/quartier-kiosk.service").read_text()
    assert not (system / "getty.target.wants" / "getty@tty1.service").exists()
    etc = root / "etc" / "systemd"
    assert "Storage=volatile" in (etc / "journald.conf.d/90-quartier-kiosk.conf").read_text()
    assert "NTP=ntp.kommune.example" in \
        (etc / "timesyncd.conf.d/90-quartier-kiosk.conf").read_text()
    assert "RuntimeWatchdogSec=15s" in (etc / "system.conf.d/90-quartier-kiosk.conf").read_text()
    assert "TimeoutStartSec=2min" in \
        (system / "systemd-time-wait-sync.service.d/90-quartier-kiosk.conf").read_text()
    # Every unit as installed (real paths, the venv's commands, the drop-in) is valid.
    verify = chroot(root, "systemd-analyze", "verify", "--man=no", "quartier-kiosk.service",
                    "quartier-sync.service", "quartier-update.service",
                    "quartier-update.timer", "systemd-time-wait-sync.service", check=False)
    ours = [line for line in verify.stderr.splitlines()
            if "quartier" in line or "time-wait-sync" in line]
    assert verify.returncode == 0 and not ours, verify.stderr


def test_installed_root_boots_quietly_in_the_pinned_mode(root, installed):
    firmware = root / "boot" / "firmware"
    line = (firmware / "cmdline.txt").read_text()
    assert line == ("console=serial0,115200 console=tty3 root=PARTUUID=4e639091-02 "
                    "rootfstype=ext4 fsck.repair=yes rootwait cfg80211.ieee80211_regdom=DE "
                    "video=HDMI-A-1:1920x1080@60D quiet loglevel=3 logo.nologo "
                    "vt.global_cursor_default=0 consoleblank=0\n")
    assert (firmware / "cmdline.txt.quartier-orig").read_text() == CMDLINE + "\n"
    assert (firmware / "config.txt").read_text() == \
        "[all]\ndtoverlay=vc4-kms-v3d\nauto_initramfs=1\ndisable_splash=1\n"


def test_second_install_changes_nothing(root, installed):
    before = _snapshot(root)
    again = chroot(root, *INSTALL)
    assert _snapshot(root) == before
    assert "+ write" not in again.stdout and "+ useradd" not in again.stdout
    assert "+ write" not in installed["second"].stdout


def test_readonly_root_moves_the_content_to_the_data_partition(root, installed, tmp_path):
    """`quartier-readonly on` with a partition labelled quartier-data (a loop device here):
    fstab entry, the content copied over and mounted, overlayroot installed, the token in
    cmdline.txt; `off` takes the token out again."""
    image = tmp_path / "data.img"
    subprocess.run(["truncate", "-s", "64M", str(image)], check=True)
    subprocess.run(["mkfs.ext4", "-q", "-L", "quartier-data", str(image)], check=True)
    device = subprocess.run(["losetup", "-f", "--show", str(image)], check=True,
                            capture_output=True, text=True).stdout.strip()
    data = root / "var" / "lib" / "quartier-kiosk"
    (data / "kiosk.sqlite").write_text("Inhalt von vorher")
    try:
        on = chroot(root, "quartier-readonly", "on")
        assert "wirkt ab dem nächsten Neustart" in on.stdout
        assert str(data) in _mounted_below(root)
        assert (data / "kiosk.sqlite").read_text() == "Inhalt von vorher"
        assert data.stat().st_uid == int(chroot(root, "id", "-u", "quartier").stdout)
        fstab = (root / "etc" / "fstab").read_text()
        assert "LABEL=quartier-data /var/lib/quartier-kiosk ext4 defaults,noatime,nofail" \
            in fstab
        line = (root / "boot" / "firmware" / "cmdline.txt").read_text()
        assert line.startswith("console=serial0") and " overlayroot=tmpfs:recurse=0" in line
        assert (root / "usr/share/initramfs-tools/scripts/init-bottom/overlayroot").exists()
        status = chroot(root, "quartier-readonly", "status").stdout
        assert "Schreibschutz: eingeschaltet" in status
        assert f"Datenpartition: {device} auf /var/lib/quartier-kiosk" in status
        assert "schon eingeschaltet" in chroot(root, "quartier-readonly", "on").stdout
        chroot(root, "quartier-readonly", "off")
        assert "overlayroot" not in (root / "boot" / "firmware" / "cmdline.txt").read_text()
    finally:
        subprocess.run(["umount", str(data)], check=False)
        subprocess.run(["losetup", "-d", device], check=False)
    assert (data / "kiosk.sqlite").read_text() == "Inhalt von vorher"   # the original stays


def test_desktop_image_is_refused_or_switched_to_the_console(root, installed):
    unit = root / "lib" / "systemd" / "system" / "lightdm.service"
    unit.write_text("[Unit]\nDescription=Light Display Manager\n[Service]\n"
                    "ExecStart=/usr/sbin/lightdm\n[Install]\nAlias=display-manager.service\n")
    chroot(root, "systemctl", "enable", "lightdm.service")
    chroot(root, "systemctl", "set-default", "graphical.target")
    alias = root / "etc" / "systemd" / "system" / "display-manager.service"
    assert alias.is_symlink()
    refused = chroot(root, *INSTALL, check=False)
    assert refused.returncode == 2
    assert "Desktop-Abbild erkannt: lightdm.service" in refused.stderr
    assert "--switch-to-console" in refused.stderr
    switched = chroot(root, *INSTALL, "--switch-to-console")
    assert "wird auf Konsole umgestellt" in switched.stdout
    assert not alias.exists() and not alias.is_symlink()
    default = root / "etc" / "systemd" / "system" / "default.target"
    assert os.readlink(default).endswith("multi-user.target")
