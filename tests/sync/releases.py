"""Releases for tests, made by the real builder (sync.release_build) from this checkout.

A *small* release has the project's wheel and pip from the lock and nothing else: enough
for everything before installing (signatures, hashes, sizes, rings, windows, deadlines).
The whole terminal release (tests/deploy/test_release_update.py) uses the whole lock.
Wheels come through ROOT/.cache/release-wheels (offline once filled).
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import UTC, datetime
from pathlib import Path

from sync import release
from sync.release_build import build
from sync.signing import keygen, load_signing_key, sign

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "release-wheels"
RELEASE_KEY, RELEASE_PUB = "release.key", "release.pub"


def small_lock(folder: Path) -> Path:
    """A lock with only pip (its lines from requirements/terminal.txt, hashes included)."""
    lines, keep = [], False
    for line in (ROOT / "requirements" / "terminal.txt").read_text().splitlines():
        if line and not line[0].isspace():
            keep = line.startswith("pip==")
        if keep:
            lines.append(line)
    assert lines, "pip is no longer in requirements/terminal.txt"
    path = folder / "small.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


def release_keys(folder: Path) -> tuple[Path, str]:
    """A release key pair in `folder`: (private key file, public key text)."""
    keygen(folder, RELEASE_KEY, RELEASE_PUB)
    return folder / RELEASE_KEY, (folder / RELEASE_PUB).read_text().strip()


def build_release(out: Path, key: Path, version: str, *, lock: Path | None = None,
                  source: Path = ROOT) -> Path:
    """A release of this checkout's working tree (for this machine) into `out`."""
    built = build(checkout=ROOT, out=out, key=key, arch=release.machine_arch(),
                  version=version, source=source, requirements=lock, cache=CACHE)
    return built.folder


def copy_release(folder: Path, releases: Path, version: str | None = None) -> Path:
    target = releases / (version or folder.name)
    shutil.copytree(folder, target)
    return target


def resign(folder: Path, key: Path) -> None:
    """Sign a release folder's manifest again with `key` (as a thief would, or after a
    deliberate change)."""
    raw = (folder / release.MANIFEST).read_bytes()
    (folder / release.SIGNATURE).write_bytes(sign(raw, load_signing_key(key)))


def put_ring(releases: Path, feed_key: Path, ring: str, version: str | None,
             serial: int, now: datetime | None = None) -> None:
    """The hub's ring file for `ring`, signed with the feed key."""
    raw = release.dumps(release.ring_doc(ring, version, serial, now or datetime.now(UTC)))
    releases.mkdir(parents=True, exist_ok=True)
    (releases / release.ring_name(ring)).write_bytes(raw)
    (releases / f"{release.ring_name(ring)}.sig").write_bytes(
        sign(raw, load_signing_key(feed_key)))


def fake_release(releases: Path, version: str, key: Path, *, arch: str = "aarch64",
                 built_at: datetime | None = None) -> Path:
    """A release folder written with the format's own functions and two small files that
    only look like wheels: for the hub, which checks signatures and hashes and offers a
    release, but never installs one."""
    folder = releases / version
    (folder / "wheels").mkdir(parents=True)
    files = []
    for name in (f"quartier_kiosk-{version}-py3-none-any.whl", "pip-26.3-py3-none-any.whl"):
        data = f"{name} {version}".encode() * 100
        (folder / "wheels" / name).write_bytes(data)
        files.append(release.File(f"wheels/{name}", hashlib.sha256(data).hexdigest(),
                                  len(data)))
    raw = release.dumps(release.manifest_doc(
        version=version, profile="terminal", arch=arch, python="3.11", commit="abc123",
        built_at=built_at or datetime(2026, 11, 30, 12, tzinfo=UTC), min_config_version=1,
        files=files))
    (folder / release.MANIFEST).write_bytes(raw)
    (folder / release.SIGNATURE).write_bytes(sign(raw, load_signing_key(key)))
    return folder
