"""A terminal updated from the hub for real: `quartier-release build` makes two releases of
this checkout from the whole terminal lock (for this machine) – a good one and one whose
kiosk does not start –, the hub (gunicorn behind its nginx site on 127.0.0.1, with TLS)
serves them beside the feed, an admin gives the ring "pilot" a release on the page
"Software", and `quartier-update` installs it into A/B folders below a temporary root,
restarts the real kiosk and sync units (tests/supervisor.py; the kiosk under Xvfb) and
waits for their health: the good release stays, the bad one is switched back by itself,
`quartier-update rollback` goes back further by hand, and a release changed on the server
or without its signature is refused with the reason in `status`.

Slow (two installs of the whole lock, one health check that must run out): four to six
minutes here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hub.demo import ADMIN
from kiosk.xvfb import virtual_display
from sync import kiosk_status, release
from sync.config import load_config
from sync.state import load_state
from sync.update import Updater
from tests.deploy import hub_stack
from tests.deploy.terminal_units import SupervisedUnits
from tests.staff_http import PASSWORD, SITE, Staff
from tests.sync.releases import ROOT, build_release, release_keys

pytestmark = pytest.mark.skipif(not Path(hub_stack.NGINX).exists(),
                                reason="nginx is not installed (deploy/system-deps.sh dev)")
NIGHT = datetime(2026, 12, 2, 3, 0, tzinfo=ZoneInfo("Europe/Berlin"))
HEARTBEAT_S = 12   # just above the hub's minimum interval (10 s)
HEALTH_S = 45
BIN = Path(sys.executable).parent
BROKEN = "def main(argv: list[str] | None = None) -> int:\n    raise SystemExit(3)\n\n\n"


def _broken_source(dest: Path) -> Path:
    """This checkout's files with a kiosk that ends at once (a release that "works" on the
    developer's machine and not on the terminal)."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    cli = dest / "kiosk" / "cli.py"
    text = cli.read_text()
    cli.write_text(text.replace("def main(", BROKEN + "def _main(", 1))
    return dest


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("releases")
    key, public = release_keys(tmp / "keys")
    good = build_release(tmp / "out", key, "1.0.0")
    bad = build_release(tmp / "out", key, "1.0.1", source=_broken_source(tmp / "src"))
    return [good, bad], public


@pytest.fixture(scope="module")
def stack(built):
    folders, public = built
    prefix = hub_stack.private_tmp()
    try:
        data = prefix / "data"
        https_port = hub_stack.free_port()
        hub_stack.hub_toml(data, https_port)
        with (data / "hub.toml").open("a") as fh:
            fh.write(f'[releases]\npublic_keys = ["{public}"]\n')
        hub_stack.seed_demo(data)
        for folder in folders:
            shutil.copytree(folder, data / "releases" / folder.name)
        with hub_stack.running(data, prefix, https_port) as running:
            yield running
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


@pytest.fixture
def staff(stack, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", stack.ca)
    person = Staff(stack.base)
    person.session.headers["Referer"] = f"{stack.base}/hub/anmelden"
    form = person.form("/hub/anmelden").set("email", ADMIN).set("password", PASSWORD)
    assert person.submit(form, "/hub/anmelden").status_code == 302
    return person


def _give(staff: Staff, ring: str, version: str) -> None:
    form = staff.form("/hub/software", form_id=f"assign-{ring}").set("release", version)
    answer = staff.submit(form, "/hub/software")
    assert answer.status_code == 302
    assert f"bekommt jetzt {version}" in staff.page("/hub/software")


def _terminal(stack, folder: Path, public: str) -> Path:
    hub_public = (stack.data / "keys" / "signing.pub").read_text().strip()
    path = folder / "kiosk.toml"
    path.write_text(
        f'[terminal]\nsite = "{SITE}"\nid = "schule-1"\ntoken = "demo-token-schule-1"\n'
        f'[sync]\nfeed_url = "{stack.base}/inhalte/sites/{SITE}/feed.json"\n'
        f'public_keys = ["{hub_public}"]\n[paths]\ndata = "{folder / "daten"}"\n'
        f'[hub]\nurl = "{stack.base}/hub"\nheartbeat_s = {HEARTBEAT_S}\n'
        f'[screen]\nfullscreen = false\n'
        f'[update]\nring = "pilot"\nrelease_keys = ["{public}"]\nroot = "{folder / "opt"}"\n'
        f"health_timeout_s = {HEALTH_S}\n", encoding="utf-8")
    return path


def _status(config: Path) -> str:
    result = subprocess.run([str(BIN / "quartier-update"), "status", "--config", str(config)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _software_row(staff: Staff) -> str:
    return re.search(r'<tr id="software-schule-1">(.*?)</tr>', staff.page("/hub/software"),
                     re.S)[1]


@pytest.mark.timeout(1200)  # two installs of the whole lock on a busy machine
def test_release_update_installs_switches_back_by_itself_and_by_hand(stack, built, staff,
                                                                      tmp_path):
    _folders, public = built
    config_path = _terminal(stack, tmp_path, public)
    config = load_config(config_path)
    root = tmp_path / "opt"
    root.mkdir()
    # as the installer leaves it: `current` is this checkout's venv (0.1.0)
    (root / "current").symlink_to(BIN.parent)
    with virtual_display(1920, 1080):
        units = SupervisedUnits(root, config_path, tmp_path, {
            "SDL_VIDEODRIVER": "x11", "REQUESTS_CA_BUNDLE": stack.ca,
            "KIVY_HOME": str(tmp_path / "kivy"), "DISPLAY": os.environ["DISPLAY"]})
        try:
            updater = Updater(config, units=units, now=lambda: NIGHT)
            units.restart(list(config.update.units))

            # 1. the good release: downloaded through nginx, installed beside, switched to
            _give(staff, "pilot", "1.0.0")
            outcome = updater.apply()
            assert outcome.result == "installed", (outcome, _logs(tmp_path))
            assert os.readlink(root / "current") == "releases/1.0.0"
            assert (root / "releases" / "1.0.0" / ".complete").is_file()
            assert kiosk_status.read(config.data_dir)["software"] == "1.0.0"
            assert load_state(config.data_dir)["software"] == "1.0.0"
            status = _status(config_path)
            assert "Software:          1.0.0 (releases/1.0.0)" in status
            assert f"Für den Weg zurück: 0.1.0 ({BIN.parent})" in status
            # the new sync daemon's heartbeat tells the hub: its first one may come within
            # the hub's minimum interval after the old daemon's (429), the next one is due
            # HEARTBEAT_S later
            deadline = time.monotonic() + 3 * HEARTBEAT_S
            while '<td class="version">1.0.0</td>' not in (row := _software_row(staff)):
                assert time.monotonic() < deadline, (row, _logs(tmp_path))
                time.sleep(1)
            assert "<td>pilot</td>" in row

            # 2. the release whose kiosk does not start: switched back by itself
            _give(staff, "pilot", "1.0.1")
            outcome = updater.apply()
            assert outcome.result == "rolled_back" and outcome.exit_code == 1
            assert outcome.german.startswith(
                f"Mit 1.0.1 innerhalb von {HEALTH_S} s: der Bildschirm (quartier-kiosk) hat "
                "kein erstes Bild gemeldet.")
            assert outcome.german.endswith("Zurückgeschaltet auf 1.0.0.")
            assert os.readlink(root / "current") == "releases/1.0.0"
            assert sorted(p.name for p in (root / "releases").iterdir()) == ["1.0.0"]
            assert kiosk_status.read(config.data_dir)["software"] == "1.0.0"
            status = _status(config_path)
            assert "neues Release fehlerhaft – zurückgeschaltet" in status
            assert "Nicht wieder:      1.0.1 – Mit 1.0.1 innerhalb von" in status
            # ... and not tried again while the hub names it
            assert updater.apply().result == "held"

            # 3. back by hand to what the installer left
            outcome = updater.rollback()
            assert outcome.result == "manual_rollback", outcome
            assert outcome.german == "Zurückgeschaltet auf 0.1.0."
            assert Path(os.readlink(root / "current")) == BIN.parent
            assert kiosk_status.read(config.data_dir)["software"] == "0.1.0"
            # the way forward again is the release before
            assert "Für den Weg zurück: 1.0.0 (releases/1.0.0)" in _status(config_path)
        finally:
            units.stop()


@pytest.mark.timeout(600)
def test_release_update_refuses_a_changed_or_unsigned_release_from_the_server(stack, built,
                                                                             staff, tmp_path):
    _folders, public = built
    config_path = _terminal(stack, tmp_path, public)
    updater = Updater(load_config(config_path), units=SupervisedUnits(
        tmp_path / "opt", config_path, tmp_path, {}), now=lambda: NIGHT)
    _give(staff, "pilot", "1.0.1")  # the hub checked it; then a file changes on the server
    served = stack.data / "releases" / "1.0.1"
    wheel = next((served / "wheels").glob("quartier_kiosk-*.whl"))
    original = wheel.read_bytes()
    try:
        wheel.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
        outcome = updater.apply()
        assert outcome.result == "refused"
        assert f"Die Datei wheels/{wheel.name} des Releases 1.0.1 stimmt nicht mit ihrer " \
               "Prüfsumme im signierten Verzeichnis überein" in _status(config_path)
        wheel.write_bytes(original)
        signature = (served / release.SIGNATURE).read_bytes()
        (served / release.SIGNATURE).unlink()
        try:
            outcome = updater.apply()
        finally:
            (served / release.SIGNATURE).write_bytes(signature)
        assert outcome.result == "refused"
        assert "Grund:             Das Release 1.0.1 ist nicht signiert (manifest.json.sig " \
               "fehlt); es wird nicht installiert." in _status(config_path)
    finally:
        wheel.write_bytes(original)
    assert not (tmp_path / "opt" / "current").exists()
    assert not list((tmp_path / "opt" / "releases").glob("*"))


def _logs(folder: Path) -> str:
    return "\n".join(p.read_text()[-2000:] for p in folder.glob("*.log"))
