"""The updater's downloads (network on the terminal stays in sync): the hub's ring file,
a release's manifest and signature, and its wheels – each within a size cap, all of one
run within one total deadline (`[update] total_timeout_s`), every wheel checked against
its size and SHA-256 before it gets its name. A wheel another kept release already has
(same hash) is copied from there, so the next release downloads only what changed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from urllib.parse import urljoin

import requests

from sync import release
from sync.config import Config
from sync.deadline import Deadline
from sync.errors import AssetError, DeadlineError, FetchError, ReleaseError, UpdateError
from sync.net import Limits, download_asset, fetch


def base_url(config: Config) -> str:
    """Where releases are: `[update] url`, else /releases/ on the feed's server (the hub's
    nginx site serves them there, next to /inhalte/)."""
    url = config.update.url or urljoin(config.sync.feed_url, "../../../releases/")
    return url if url.endswith("/") else url + "/"


def limits(config: Config, deadline_s: float) -> Limits:
    return Limits(float(config.sync.connect_timeout_s), float(config.sync.read_timeout_s),
                  deadline_s)


def small(session: requests.Session, url: str, max_bytes: int, lim: Limits,
          deadline: Deadline) -> bytes | None:
    """A small file's body, or None when the server says it is not there (404)."""
    try:
        return fetch(session, url, max_bytes=max_bytes, limits=lim, deadline=deadline).body
    except FetchError as exc:
        if exc.status == 404:
            return None
        raise _network(exc) from exc


def ring(session: requests.Session, config: Config, keys: dict, min_serial: int,
         lim: Limits, deadline: Deadline) -> release.Ring | None:
    """The hub's ring file for this terminal's ring (None: the hub has none yet)."""
    url = base_url(config) + release.ring_name(config.update.ring)
    raw = small(session, url, release.MAX_RING_BYTES, lim, deadline)
    if raw is None:
        return None
    sig = small(session, url + ".sig", release.MAX_SIG_BYTES, lim, deadline)
    return release.verify_ring(raw, sig, keys, config.update.ring, min_serial)


def manifest(session: requests.Session, config: Config, version: str, keys: dict,
             lim: Limits, deadline: Deadline) -> release.Manifest:
    """A release's manifest, its signature checked."""
    url = f"{base_url(config)}{version}/{release.MANIFEST}"
    raw = small(session, url, release.MAX_MANIFEST_BYTES, lim, deadline)
    if raw is None:
        raise UpdateError(f"{url}: not found (404)", german=(
            f"Das Release {version} liegt nicht auf dem Hub ({url})."))
    sig = small(session, url + ".sig", release.MAX_SIG_BYTES, lim, deadline)
    return release.verify_manifest(raw, sig, keys, version)


def wheels(session: requests.Session, config: Config, found: release.Manifest,
           downloads: Path, reuse: list[Path], lim: Limits, deadline: Deadline) -> int:
    """Every file of the release into `downloads` (checked); return the bytes received."""
    received = 0
    base = f"{base_url(config)}{found.version}/"
    for item in found.files:
        target = downloads / item.path
        if _same(target, item) or _copy_from(reuse, item, target):
            continue
        try:
            received += download_asset(session, base + item.path, target, sha256=item.sha256,
                                       size=item.bytes, max_bytes=item.bytes, limits=lim,
                                       deadline=deadline)
        except AssetError as exc:
            raise ReleaseError(f"{item.path}: {exc}", german=(
                f"Die Datei {item.path} des Releases {found.version} stimmt nicht mit ihrer "
                "Prüfsumme im signierten Verzeichnis überein (verändert oder beschädigt); "
                "das Release wird nicht installiert.")) from exc
        except FetchError as exc:
            if exc.status == 404:
                raise ReleaseError(f"{item.path}: not found", german=(
                    f"Die Datei {item.path} des Releases {found.version} fehlt auf dem Hub; "
                    "das Release wird nicht installiert.")) from exc
            raise _network(exc) from exc
    return received


def _network(exc: FetchError) -> UpdateError:
    if isinstance(exc, DeadlineError):
        return UpdateError(str(exc), german=(
            f"Das Herunterladen des Releases dauerte länger als die erlaubten "
            f"{exc.seconds:g} Sekunden ([update] total_timeout_s) und wurde abgebrochen; "
            "das Update wird später erneut versucht."))
    return UpdateError(str(exc), german=f"{exc.german} Das Update wird später erneut "
                                        "versucht.")


def _same(path: Path, item: release.File) -> bool:
    try:
        return path.stat().st_size == item.bytes and release.sha256_file(path) == item.sha256
    except OSError:
        return False


def _copy_from(folders: list[Path], item: release.File, target: Path) -> bool:
    """Take the file from a kept release that has it with the same hash."""
    for folder in folders:
        candidate = folder / item.path
        if candidate != target and _same(candidate, item):
            temporary = target.with_name(f".tmp-{target.name}")
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            try:
                os.link(candidate, temporary)
            except OSError:
                shutil.copy2(candidate, temporary)
            os.replace(temporary, target)
            return True
    return False
