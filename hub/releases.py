"""Terminal software on the hub: the releases in <data>/releases/, checked with the keys
of `[releases] public_keys`, and the ring files the terminals read (sync/release.py).

    <data>/releases/<version>/              copied here after `quartier-release build`
    <data>/releases/ring-<ring>.json (.sig) written here, signed with the hub's own key

Served beside the published tree: by nginx at /releases/ (deploy/hub/nginx), or by the
hub itself when it serves the tree (hub/views/published.py). The page "Software"
(hub/views/software.py) lists the releases, sets the release of each ring and rolls a
ring back; the terminals install it in their night window (sync/update.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from hub.config import Paths
from hub.queries import releases as release_q
from sync import release
from sync.errors import ReleaseError
from sync.files import write_atomic
from sync.signing import load_signing_key, sign

MAX_LISTED = 100


@dataclass(frozen=True)
class Offered:
    """A release folder on the hub, with the German reason when it cannot be offered."""

    version: str
    built_at: str = ""
    commit: str = ""
    bytes: int = 0
    files: int = 0
    problem: str | None = None


def _keys(settings: dict) -> dict:
    return release.release_keys(settings["releases"]["public_keys"], "[releases] public_keys")


def available(paths: Paths, settings: dict) -> list[Offered]:
    """The release folders (at most MAX_LISTED), newest first; each signature checked
    (the files' hashes are checked when a release is given to a ring)."""
    if not paths.releases.is_dir():
        return []
    keys = _keys(settings)
    found = []
    folders = sorted(p for p in paths.releases.iterdir()
                     if p.is_dir() and release.VERSION.match(p.name))[:MAX_LISTED]
    for folder in folders:
        sig = folder / release.SIGNATURE
        try:
            raw = release.read_head(folder / release.MANIFEST, release.MAX_MANIFEST_BYTES + 1)
            manifest = release.verify_manifest(
                raw, release.read_head(sig, release.MAX_SIG_BYTES) if sig.is_file() else None,
                keys, folder.name)
        except OSError:
            found.append(Offered(folder.name, problem=f"{release.MANIFEST} fehlt"))
            continue
        except ReleaseError as exc:
            found.append(Offered(folder.name, problem=exc.german))
            continue
        found.append(Offered(manifest.version, manifest.built_at, manifest.commit,
                             manifest.bytes, len(manifest.files)))
    return sorted(found, key=lambda o: (o.problem is None, o.built_at), reverse=True)


def assign(db: sqlite_utils.Database, paths: Paths, settings: dict, ring: str,
           version: str | None, now: datetime, user: str | None, *,
           rolling_back: bool = False) -> None:
    """Give `ring` the release `version` (None: none); raise ReleaseError (German) when
    the release does not pass every check."""
    if version is not None:
        if not release.VERSION.match(version):
            raise ReleaseError(f"{version!r}", german="Dieses Release gibt es nicht.")
        release.verify_folder(paths.releases / version, _keys(settings))
    row = release_q.get(db, ring)
    serial = max((row["serial"] if row else 0) + 1, int(now.timestamp()))
    previous = None if rolling_back else (row["release"] if row else None)
    if previous == version:
        previous = row["previous"] if row else None
    write_ring(paths, ring, version, serial, now)
    release_q.put(db, ring, version, previous, serial, now, user)


def roll_back(db: sqlite_utils.Database, paths: Paths, settings: dict, ring: str,
              now: datetime, user: str | None) -> str | None:
    """Give `ring` its previous release again; return it (None: there is none)."""
    row = release_q.get(db, ring)
    if not row or not row["previous"]:
        return None
    assign(db, paths, settings, ring, row["previous"], now, user, rolling_back=True)
    return row["previous"]


def write_ring(paths: Paths, ring: str, version: str | None, serial: int,
               now: datetime) -> None:
    """The ring file and its signature (the hub's key), readable by the web server."""
    raw = release.dumps(release.ring_doc(ring, version, serial, now))
    sig = sign(raw, load_signing_key(paths.signing_key))
    paths.releases.mkdir(mode=0o755, exist_ok=True)
    name = release.ring_name(ring)
    write_atomic(paths.releases / name, raw, mode=0o644)
    write_atomic(paths.releases / f"{name}.sig", sig, mode=0o644)


def releases_url(settings: dict, base: str) -> str:
    """Where terminals find releases (`[update] url` of their kiosk.toml)."""
    hub = settings["hub"]
    if settings["releases"]["url"]:
        return settings["releases"]["url"].rstrip("/")
    if hub["published_url"] and not hub["serve_published"]:
        return hub["published_url"].rstrip("/").rsplit("/", 1)[0] + "/releases"
    return base.rstrip("/") + "/releases"
