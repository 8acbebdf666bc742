"""quartier-update against a real HTTP server on 127.0.0.1 (sync.update): the hub's ring
file names a release, the terminal verifies and refuses what is not right – unsigned,
signed by a key it does not list, a wheel changed after signing, another machine, too
large, a replayed ring file, too slow – with the German reason in `status` and the
heartbeat, and nothing of it installed. Outside its window it does not ask at all.

Installing, switching and switching back with the real units are in
tests/deploy/test_release_update.py (the whole terminal release behind nginx)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sync import heartbeat, release
from sync import update_state as states
from sync.config import load_config
from sync.signing import keygen
from sync.update import Updater, in_window
from tests.sync.conftest import terminal_config
from tests.sync.releases import build_release, put_ring, release_keys, resign, small_lock

TZ = ZoneInfo("Europe/Berlin")
NIGHT = datetime(2026, 12, 2, 2, 30, tzinfo=TZ)       # inside the default 02:00-05:00
AFTERNOON = datetime(2026, 12, 2, 14, 0, tzinfo=TZ)
BIN = Path(sys.executable).parent


class Units:
    """Records restarts; a refused release must never get this far."""

    def __init__(self) -> None:
        self.restarts: list[list[str]] = []

    def restart(self, names: list[str]) -> None:
        self.restarts.append(names)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("release")
    key, public = release_keys(tmp / "keys")
    return build_release(tmp / "out", key, "1.0.0", lock=small_lock(tmp)), key, public


@pytest.fixture
def hub(small, server, key_dir):
    """The server's releases/: release 1.0.0 and ring-alle.json naming it."""
    folder, key, public = small
    releases = server.root / "releases"
    shutil.copytree(folder, releases / "1.0.0")
    put_ring(releases, key_dir / "signing.key", "alle", "1.0.0", 100)
    return releases, key, public


@pytest.fixture
def make_config(tmp_path, server, key_dir, hub):
    def make(**update):
        base = terminal_config(tmp_path, server, key_dir)
        values = {"root": str(tmp_path / "opt"), "release_keys": [hub[2]], **update}
        return load_config(base.source, {"update": values})
    return make


def _run(config, now=NIGHT, **kwargs):
    units = Units()
    outcome = Updater(config, units=units, now=lambda: now, **kwargs).apply()
    assert units.restarts == []
    return outcome


def _status(config) -> str:
    result = subprocess.run([str(BIN / "quartier-update"), "status", "--config",
                             str(config.source)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _nothing_installed(config) -> None:
    root = Path(config.update.root)
    assert not (root / "current").exists()
    assert not (root / "releases").exists() or list((root / "releases").iterdir()) == []


def test_update_refuses_an_unsigned_release_and_status_says_why(make_config, hub):
    (hub[0] / "1.0.0" / release.SIGNATURE).unlink()
    config = make_config()
    outcome = _run(config)
    words = "Das Release 1.0.0 ist nicht signiert (manifest.json.sig fehlt)"
    assert outcome.result == "refused" and outcome.exit_code == 1
    assert words in outcome.german
    _nothing_installed(config)
    status = _status(config)
    assert "Letzte Prüfung:    02.12.2026, 02:30 Uhr – Release abgelehnt" in status
    assert f"Grund:             {words}" in status
    beat = heartbeat.build(config, {})["update"]
    assert beat["ring"] == "alle" and beat["result"] == "refused" and words in beat["german"]


def test_update_refuses_a_wheel_changed_after_signing(make_config, hub, server):
    wheel = next((hub[0] / "1.0.0" / "wheels").glob("quartier_kiosk-*.whl"))
    data = bytearray(wheel.read_bytes())
    data[-10] ^= 0xFF
    wheel.write_bytes(bytes(data))
    config = make_config()
    outcome = _run(config)
    assert outcome.result == "refused"
    assert f"Die Datei wheels/{wheel.name} des Releases 1.0.0 stimmt nicht mit ihrer " \
           "Prüfsumme im signierten Verzeichnis überein" in outcome.german
    _nothing_installed(config)
    assert "stimmt nicht mit ihrer Prüfsumme" in _status(config)
    # it was downloaded and checked, not taken on trust
    assert any(h.path.endswith(wheel.name) for h in server.gets())


def test_update_refuses_a_release_signed_by_a_key_it_does_not_list(make_config, hub,
                                                                   tmp_path):
    keygen(tmp_path / "dieb", "release.key", "release.pub")
    resign(hub[0] / "1.0.0", tmp_path / "dieb" / "release.key")
    config = make_config()
    outcome = _run(config)
    assert outcome.result == "refused"
    assert "mit einem Schlüssel signiert, der nicht in [update] release_keys steht" in \
        outcome.german
    _nothing_installed(config)
    # a refused release is asked about again next time (the hub may put it right)
    outcome = _run(make_config(release_keys=[]), now=NIGHT)
    assert outcome.result == "refused"
    assert "kein Release-Schlüssel eingetragen" in outcome.german


def test_update_refuses_a_ring_file_not_signed_by_the_hub(make_config, hub, tmp_path):
    keygen(tmp_path / "fremd")
    put_ring(hub[0], tmp_path / "fremd" / "signing.key", "alle", "1.0.0", 200)
    outcome = _run(make_config())
    assert outcome.result == "refused"
    assert "ring-alle.json des Hubs ist nicht gültig signiert" in outcome.german


def test_update_refuses_a_release_for_another_machine(make_config):
    config = make_config()
    other = "aarch64" if release.machine_arch() == "x86_64" else "x86_64"
    outcome = _run(config, arch=other)
    assert outcome.result == "refused"
    assert f"ist für {release.machine_arch()} gebaut, dieses Gerät ist {other}" in \
        outcome.german
    _nothing_installed(config)


def test_update_refuses_a_release_larger_than_allowed(make_config, server):
    outcome = _run(make_config(max_release_mb=0))
    assert outcome.result == "refused" and "größer als erlaubt" in outcome.german
    # the size is known from the signed manifest: no wheel was fetched
    assert not any("/wheels/" in h.path for h in server.gets())


def test_update_refuses_a_replayed_ring_file(make_config, hub, key_dir):
    put_ring(hub[0], key_dir / "signing.key", "alle", "2.0.0", 300)
    config = make_config()
    first = _run(config)  # 2.0.0 is not on the server: fails, but the serial is seen
    assert first.result == "failed" and "liegt nicht auf dem Hub" in first.german
    put_ring(hub[0], key_dir / "signing.key", "alle", "1.0.0", 100)
    outcome = _run(config)
    assert outcome.result == "refused"
    assert "älter als die zuletzt gesehene" in outcome.german


def test_update_download_has_a_total_deadline(make_config, hub, server):
    wheel = next((hub[0] / "1.0.0" / "wheels").glob("pip-*.whl"))
    server.faults[wheel.name] = "drip_body"
    config = make_config(total_timeout_s=1.0)
    started = time.monotonic()              # elapsed time, not the date
    outcome = _run(config)
    assert time.monotonic() - started < 10
    assert outcome.result == "failed"
    assert "dauerte länger als die erlaubten 1 Sekunden ([update] total_timeout_s)" in \
        outcome.german


def test_update_outside_its_window_asks_nothing(make_config, server):
    outcome = _run(make_config(), now=AFTERNOON)
    assert outcome.result == "outside_window" and outcome.exit_code == 0
    assert "Außerhalb des Zeitfensters 02:00–05:00 Uhr" in outcome.german
    assert server.gets() == []


def test_update_window_may_pass_midnight(make_config):
    config = make_config(window="22:00-04:00")
    inside = [datetime(2026, 12, 2, h, m, tzinfo=TZ) for h, m in ((22, 0), (23, 59),
                                                                    (0, 0), (3, 59))]
    outside = [datetime(2026, 12, 2, h, m, tzinfo=TZ) for h, m in ((4, 0), (12, 0),
                                                                     (21, 59))]
    assert all(in_window(config, t) for t in inside)
    assert not any(in_window(config, t) for t in outside)


def _with_display(config, tmp_path, on: str) -> Path:
    path = tmp_path / "anzeige.toml"
    path.write_text(Path(config.source).read_text() + f'[display]\non = "{on}"\n', "utf-8")
    return path


def test_update_window_follows_the_display_schedule(make_config, tmp_path):
    # Where the screen has a schedule, updates run while it is off – on holidays too:
    # the Ft hours count as on, whatever the day.
    base = make_config()
    config = load_config(_with_display(base, tmp_path, "Mo-Fr 08:00-18:00, Sa 09:00-13:00, "
                                                       "Ft 10:00-12:00"),
                         {"update": {"root": base.update.root}})
    on = [datetime(2026, 12, 1, 8, 0, tzinfo=TZ), datetime(2026, 12, 1, 17, 59, tzinfo=TZ),
          datetime(2026, 12, 5, 12, 0, tzinfo=TZ),      # Saturday
          datetime(2026, 12, 6, 10, 30, tzinfo=TZ),     # Sunday, in the holidays' hours
          datetime(2026, 3, 29, 11, 0, tzinfo=TZ)]      # the Sunday of the DST change
    off = [datetime(2026, 12, 1, 18, 0, tzinfo=TZ), datetime(2026, 12, 1, 7, 59, tzinfo=TZ),
           datetime(2026, 12, 6, 14, 0, tzinfo=TZ),      # Sunday afternoon
           datetime(2026, 12, 5, 13, 0, tzinfo=TZ), NIGHT,
           datetime(2026, 3, 29, 3, 30, tzinfo=TZ), datetime(2026, 10, 25, 2, 30, tzinfo=TZ)]
    assert not any(in_window(config, t) for t in on)
    assert all(in_window(config, t) for t in off)


def test_update_window_of_its_own_when_the_screen_is_never_off(make_config, tmp_path):
    base = make_config()
    config = load_config(_with_display(base, tmp_path, "täglich 00:00-24:00"),
                         {"update": {"root": base.update.root}})
    assert in_window(config, NIGHT) and not in_window(config, AFTERNOON)
    assert "Zeitfenster:       02:00–05:00 Uhr" in _status(config)


def test_update_outside_the_display_schedules_window_asks_nothing(make_config, server,
                                                                    tmp_path):
    base = make_config()
    config = load_config(_with_display(base, tmp_path, "Mo-Fr 08:00-18:00"),
                         {"update": {"root": base.update.root,
                                     "release_keys": base.update.release_keys}})
    outcome = _run(config, now=AFTERNOON)
    assert outcome.result == "outside_window" and outcome.german == (
        "Der Bildschirm ist an (Zeitplan „Mo-Fr 08:00-18:00“); Updates nur, wenn er aus ist "
        "– nichts getan.")
    assert server.gets() == []
    assert ("Zeitfenster:       wenn der Bildschirm aus ist (Zeitplan „Mo-Fr 08:00-18:00“)"
            in _status(config))


def test_update_refuses_a_display_schedule_it_cannot_read(make_config, tmp_path):
    path = _with_display(make_config(), tmp_path, "Mo-Fr 8-18")
    result = subprocess.run([str(BIN / "quartier-update"), "check", "--config", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "[display] on: „Mo-Fr 8-18“ – „8-18“ ist keine Zeitspanne" in result.stderr


def test_update_refuses_a_window_it_cannot_read(make_config, tmp_path):
    config = make_config()
    path = tmp_path / "kaputt.toml"
    path.write_text(Path(config.source).read_text().replace(
        "[update]\n", '[update]\nwindow = "nachts"\n'))
    result = subprocess.run([str(BIN / "quartier-update"), "check", "--config", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert 'window = "nachts": bitte ein Zeitfenster wie "02:00-05:00"' in result.stderr


def test_update_check_verifies_and_installs_nothing(make_config):
    config = make_config()
    outcome = Updater(config, units=Units(), now=lambda: AFTERNOON).check()
    assert outcome.result == "available" and outcome.exit_code == 0
    assert outcome.german.startswith("Release 1.0.0 steht bereit")
    _nothing_installed(config)


def test_update_without_a_release_for_the_ring_does_nothing(make_config, hub):
    (hub[0] / "ring-alle.json").unlink()
    outcome = _run(make_config())
    assert outcome.result == "no_release" and outcome.exit_code == 0


def test_update_does_not_install_a_release_it_switched_back_from(make_config, hub,
                                                                 key_dir):
    config = make_config()
    root = Path(config.update.root)
    root.mkdir()
    state = states.load(root)
    states.refuse(state, "1.0.0", "Mit 1.0.0 innerhalb von 300 s: …", serial=100)
    states.save(root, state)
    outcome = _run(config)
    assert outcome.result == "held" and outcome.exit_code == 0
    assert outcome.german.startswith("1.0.0: Mit 1.0.0 innerhalb von 300 s")
    _nothing_installed(config)
    assert "Nicht wieder:      1.0.0 – Mit 1.0.0 innerhalb von 300 s" in _status(config)
    # the hub gives the ring the same release again (a new ring file): it is tried again
    put_ring(hub[0], key_dir / "signing.key", "alle", "1.0.0", 101)
    assert _run(config).result == "failed"   # (the small release does not start, below)


def test_update_a_release_that_does_not_start_is_not_switched_to(make_config):
    """The small release lacks the packages its commands import: the smoke test after
    installing catches it, the folder goes, `current` stays as it was."""
    config = make_config()
    units = Units()
    outcome = Updater(config, units=units, now=lambda: NIGHT).apply()
    assert outcome.result == "failed" and units.restarts == []
    assert outcome.german == ("Das Release 1.0.0 startet nach der Installation nicht "
                              "(Selbsttest fehlgeschlagen); es wird nicht verwendet.")
    _nothing_installed(config)


def test_update_does_not_install_onto_a_read_only_root(make_config, monkeypatch, tmp_path):
    """With overlayroot on (quartier-readonly), /opt lives in RAM: an update would vanish
    at the next restart, and the terminal would run the old software again."""
    cmdline = tmp_path / "cmdline"
    cmdline.write_text("console=tty3 root=PARTUUID=4e639091-02 overlayroot=tmpfs:recurse=0 "
                       "quiet\n")
    monkeypatch.setattr("sync.update.CMDLINE", cmdline)
    config = make_config()
    outcome = _run(config)
    assert outcome.result == "failed"
    assert "der Schreibschutz ist an (quartier-readonly)" in outcome.german
    _nothing_installed(config)
