"""Releases (sync.release, sync.release_build, quartier-release): the builder signs a
manifest of every wheel with the release key and the project's own version; a folder or
a ring file that was changed, not signed, signed by another key or replayed is refused
with a German reason."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, datetime

import pytest

from sync import release
from sync.config import CONFIG_VERSION
from sync.errors import BuildError, ReleaseError
from sync.release_build import build, describe
from sync.signing import keygen, public_keys
from tests.sync.releases import (
    CACHE,
    ROOT,
    build_release,
    put_ring,
    release_keys,
    resign,
    small_lock,
)

BIN = sys.executable.rsplit("/", 1)[0]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """One small release 1.0.0 of this checkout, and its key."""
    tmp = tmp_path_factory.mktemp("release")
    key, public = release_keys(tmp / "keys")
    folder = build_release(tmp / "out", key, "1.0.0", lock=small_lock(tmp))
    return folder, key, public


@pytest.fixture
def copy(small, tmp_path):
    folder, key, public = small
    target = tmp_path / "1.0.0"
    shutil.copytree(folder, target)
    return target, key, release.release_keys([public])


def test_release_build_signs_a_manifest_of_every_wheel(small):
    folder, _key, public = small
    manifest = release.verify_folder(folder, release.release_keys([public]))
    names = sorted(p.name for p in (folder / "wheels").iterdir())
    assert [f.path for f in manifest.files] == [f"wheels/{n}" for n in names]
    assert names[0].startswith("pip-") and names[1] == "quartier_kiosk-1.0.0-py3-none-any.whl"
    assert (manifest.version, manifest.profile, manifest.arch) == \
        ("1.0.0", "terminal", release.machine_arch())
    assert manifest.min_config_version == CONFIG_VERSION
    assert manifest.bytes == sum((folder / f.path).stat().st_size for f in manifest.files)
    # the installed package names the release: quartier-sync status and the heartbeat
    with zipfile.ZipFile(folder / "wheels" / names[1]) as wheel:
        meta = wheel.read("quartier_kiosk-1.0.0.dist-info/METADATA").decode()
    assert "\nVersion: 1.0.0\n" in meta
    # nginx (another user) may read everything
    assert all(p.stat().st_mode & 0o004 for p in folder.rglob("*"))


def test_release_build_never_overwrites_a_release(small):
    folder, key, _public = small
    with pytest.raises(BuildError) as caught:
        build(checkout=ROOT, out=folder.parent, key=key, arch=release.machine_arch(),
              version="1.0.0", source=ROOT, requirements=small_lock(folder.parent.parent),
              cache=CACHE)
    assert caught.value.bad_input and "wird nie überschrieben" in caught.value.german
    # also when only pip's spelling of the version is the existing one ("v1.0.0" → 1.0.0)
    with pytest.raises(BuildError) as caught:
        build(checkout=ROOT, out=folder.parent, key=key, arch=release.machine_arch(),
              version="v1.0.0", source=ROOT, requirements=small_lock(folder.parent.parent),
              cache=CACHE)
    assert caught.value.bad_input and "wird nie überschrieben" in caught.value.german


def test_release_build_refuses_a_source_that_cannot_update_itself(small, tmp_path):
    """A state of the code from before quartier-update (no CONFIG_VERSION): a terminal
    that installed it could never update again, so it never becomes a release."""
    _folder, key, _public = small
    source = tmp_path / "alt"
    (source / "sync").mkdir(parents=True)
    (source / "pyproject.toml").write_text('[project]\nname = "quartier-kiosk"\n'
                                          'version = "0.0.9"\n')
    (source / "sync" / "config.py").write_text("DEFAULTS = {}\n")
    with pytest.raises(BuildError) as caught:
        build(checkout=ROOT, out=tmp_path / "out", key=key, version="0.0.9", source=source,
              cache=CACHE)
    assert caught.value.bad_input and "kennt noch keine Updates" in caught.value.german
    assert not (tmp_path / "out").exists()


def test_release_describe_names_versions_like_pep440(tmp_path):
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(tmp_path), *args], check=True,
                              capture_output=True, text=True).stdout.strip()

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q",
        "--allow-empty", "-m", "eins")
    sha = git("rev-parse", "--short", "HEAD")
    assert describe(tmp_path, "HEAD", "0.1.0") == f"0.1.0+g{sha}"
    git("tag", "v1.2.0")
    assert describe(tmp_path, "HEAD", "0.1.0") == "1.2.0"
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q",
        "--allow-empty", "-m", "zwei")
    sha = git("rev-parse", "--short", "HEAD")
    assert describe(tmp_path, "HEAD", "0.1.0") == f"1.2.0.post1+g{sha}"
    assert describe(tmp_path, "HEAD", "0.1.0", dirty=True) == f"1.2.0.post1+g{sha}.dirty"
    assert release.VERSION.match(describe(tmp_path, "HEAD", "0.1.0", dirty=True))


def test_release_verify_refuses_a_changed_wheel(copy):
    folder, _key, keys = copy
    wheel = next((folder / "wheels").glob("quartier_kiosk-*.whl"))
    data = bytearray(wheel.read_bytes())
    data[100] ^= 1
    wheel.write_bytes(bytes(data))
    with pytest.raises(ReleaseError) as caught:
        release.verify_folder(folder, keys)
    assert "stimmt nicht mit der Prüfsumme" in caught.value.german
    assert wheel.name in caught.value.german


def test_release_verify_refuses_an_unsigned_release(copy):
    folder, _key, keys = copy
    (folder / release.SIGNATURE).unlink()
    with pytest.raises(ReleaseError) as caught:
        release.verify_folder(folder, keys)
    assert caught.value.german == ("Das Release 1.0.0 ist nicht signiert (manifest.json.sig "
                                   "fehlt); es wird nicht installiert.")


def test_release_verify_refuses_a_key_that_is_not_listed(copy, tmp_path):
    folder, _key, keys = copy
    keygen(tmp_path / "other", "release.key", "release.pub")
    resign(folder, tmp_path / "other" / "release.key")
    with pytest.raises(ReleaseError) as caught:
        release.verify_folder(folder, keys)
    assert "nicht in [update] release_keys" in caught.value.german
    with pytest.raises(ReleaseError) as caught:
        release.verify_folder(folder, {})
    assert "kein Release-Schlüssel eingetragen" in caught.value.german


def test_release_verify_refuses_a_manifest_changed_after_signing(copy):
    folder, _key, keys = copy
    doc = json.loads((folder / release.MANIFEST).read_text())
    doc["min_config_version"] = 0
    (folder / release.MANIFEST).write_bytes(release.dumps(doc))
    with pytest.raises(ReleaseError) as caught:
        release.verify_folder(folder, keys)
    assert "passt nicht zu seinem Inhalt" in caught.value.german


def test_release_verify_refuses_a_file_the_manifest_does_not_name(copy):
    folder, _key, keys = copy
    (folder / "wheels" / "extra-1.0-py3-none-any.whl").write_bytes(b"PK")
    with pytest.raises(ReleaseError) as caught:
        release.verify_folder(folder, keys)
    assert "extra-1.0-py3-none-any.whl steht nicht im signierten Verzeichnis" in \
        caught.value.german


@pytest.mark.parametrize("path", ["wheels/../../etc/cron.d/x.whl", "/etc/passwd",
                                  "wheels/a/b.whl", "wheels/.versteckt.whl", "x.whl",
                                  "wheels/x.whl/"])
def test_release_manifest_refuses_a_path_outside_wheels(path):
    doc = release.manifest_doc(
        version="1.0.0", profile="terminal", arch="aarch64", python="3.11", commit="",
        built_at=datetime(2026, 12, 1, tzinfo=UTC), min_config_version=1,
        files=[release.File(path, "0" * 64, 10)])
    with pytest.raises(ReleaseError) as caught:
        release.parse_manifest(release.dumps(doc))
    assert "files[0]" in caught.value.german


def test_release_fits_refuses_another_machine_a_newer_config_and_too_many_bytes(small):
    folder, _key, public = small
    manifest = release.verify_folder(folder, release.release_keys([public]))
    other = "aarch64" if manifest.arch == "x86_64" else "x86_64"
    cases = [({"arch": other, "config_version": 9, "max_bytes": 10**9},
              f"ist für {manifest.arch} gebaut, dieses Gerät ist {other}"),
             ({"arch": manifest.arch, "config_version": 0, "max_bytes": 10**9},
              "braucht Einstellungen der Version 1, die kiosk.toml hat Version 0"),
             ({"arch": manifest.arch, "config_version": 1, "max_bytes": 1000},
              "größer als erlaubt ([update] max_release_mb)")]
    for kwargs, words in cases:
        with pytest.raises(ReleaseError) as caught:
            release.check_fits(manifest, **kwargs)
        assert words in caught.value.german
    release.check_fits(manifest, arch=manifest.arch, config_version=1, max_bytes=10**9)


def test_release_ring_file_is_refused_replayed_unsigned_or_for_another_ring(tmp_path):
    keygen(tmp_path / "hub")
    keys = public_keys([(tmp_path / "hub" / "signing.pub").read_text().strip()])
    put_ring(tmp_path, tmp_path / "hub" / "signing.key", "pilot", "1.0.0", 50)
    raw = (tmp_path / "ring-pilot.json").read_bytes()
    sig = (tmp_path / "ring-pilot.json.sig").read_bytes()
    ring = release.verify_ring(raw, sig, keys, "pilot", 50)
    assert (ring.release, ring.serial) == ("1.0.0", 50)
    for args, words in (((raw, sig, keys, "pilot", 51), "älter als die zuletzt gesehene"),
                        ((raw, None, keys, "pilot", 0), "nicht gültig signiert"),
                        ((raw, sig, keys, "alle", 0), "für einen anderen Ring"),
                        ((raw.replace(b"1.0.0", b"6.6.6"), sig, keys, "pilot", 0),
                         "nicht gültig signiert")):
        with pytest.raises(ReleaseError) as caught:
            release.verify_ring(*args)
        assert words in caught.value.german, args[3:]


def test_release_cli_keygen_verify_and_a_refused_build(small, tmp_path):
    folder, _key, public = small
    result = subprocess.run([f"{BIN}/quartier-release", "keygen", "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "release_keys = [" in result.stdout
    result = subprocess.run([f"{BIN}/quartier-release", "verify", "--public-key", public,
                             str(folder)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Release 1.0.0 in Ordnung: Signatur und 2 Dateien")
    result = subprocess.run([f"{BIN}/quartier-release", "verify", "--public-key",
                             str(tmp_path / "release.pub"), str(folder)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "nicht in [update] release_keys" in result.stderr
    result = subprocess.run([f"{BIN}/quartier-release", "build", "--key",
                             str(tmp_path / "release.key"), "--out", str(folder.parent),
                             "--version", "1.0.0", "--source", str(ROOT)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "gibt es schon" in result.stderr
