"""A site's feed.json and feed.json.sig change together, in one rename.

    sites/<site>                 -> .v/<site>/<version>     a relative symbolic link
    sites/.v/<site>/<version>/   feed.json + feed.json.sig of one published version

The addresses terminals use stay `sites/<site>/feed.json` and `feed.json.sig`. A new
version is written into its own folder first; then a new link is made under a temporary
name and renamed over `sites/<site>` – one atomic step, so a publish killed at any moment
leaves the old pair or the new pair, never a feed with another version's signature.
The newest few folders are kept (a terminal may be reading one right now), never the
live one. A tree written before this layout (a real `sites/<site>/` folder) is moved
into `.v/` on its site's next publish.

`check` verifies every live pair with the publisher's public key and `repair` points a
site whose pair does not verify back at its newest folder that does.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from nacl.signing import VerifyKey

from sync.errors import SignatureError
from sync.files import TEMP_PREFIX, fsync_dir, write_atomic
from sync.signing import key_id, verify

log = logging.getLogger(__name__)
FEED, SIG = "feed.json", "feed.json.sig"
VERSIONS = ".v"
KEEP_VERSIONS = 3


@dataclass(frozen=True)
class Problem:
    """A site whose live pair does not verify, and what `repair` did about it."""

    site: str
    reason: str
    repaired_to: int | None = None   # the version the site points at now


def site_dir(out_dir: Path, site: str) -> Path:
    return out_dir / "sites" / site


def install(out_dir: Path, site: str, version: int, body: bytes, sig: bytes) -> None:
    """Make `body` + `sig` the live pair of `site` in one step, then prune old versions."""
    versions = out_dir / "sites" / VERSIONS / site
    versions.mkdir(parents=True, exist_ok=True)
    staging = versions / f"{TEMP_PREFIX}{version}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    write_atomic(staging / FEED, body)
    write_atomic(staging / SIG, sig)
    final = versions / str(version)
    if final.exists():  # left by a run killed before its switch: never the live one
        shutil.rmtree(final)
    os.rename(staging, final)
    fsync_dir(versions)
    _switch(out_dir, site, version)
    prune(out_dir, site)


def live_version(out_dir: Path, site: str) -> int | None:
    """The version folder `sites/<site>` points at (None: no link, or an old real folder)."""
    link = site_dir(out_dir, site)
    if not link.is_symlink():
        return None
    name = Path(os.readlink(link)).name
    return int(name) if name.isdigit() else None


def _numbered(out_dir: Path, site: str) -> list[int]:
    """The site's version folders, newest first."""
    versions = out_dir / "sites" / VERSIONS / site
    if not versions.is_dir():
        return []
    return sorted((int(p.name) for p in versions.iterdir() if p.name.isdigit()),
                  reverse=True)


def newest_folder(out_dir: Path, site: str) -> int:
    """The highest version among the site's folders (0: none)."""
    numbered = _numbered(out_dir, site)
    return numbered[0] if numbered else 0


def prune(out_dir: Path, site: str, keep: int = KEEP_VERSIONS) -> None:
    """Delete all but the newest `keep` version folders, never the live one, and leftovers
    of killed runs."""
    versions = out_dir / "sites" / VERSIONS / site
    if not versions.is_dir():
        return
    live = live_version(out_dir, site)
    doomed = [versions / str(v) for v in _numbered(out_dir, site)[keep:] if v != live]
    doomed += [p for p in versions.iterdir() if not p.name.isdigit()]
    for path in doomed:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    for leftover in (out_dir / "sites").glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def sites_in(out_dir: Path) -> list[str]:
    """Every site the tree has: live names and sites that only have version folders."""
    root = out_dir / "sites"
    names = {p.name for p in root.iterdir() if not p.name.startswith(".")} \
        if root.is_dir() else set()
    versions = root / VERSIONS
    if versions.is_dir():
        names |= {p.name for p in versions.iterdir() if not p.name.startswith(".")}
    return sorted(names)


def check(out_dir: Path, public: VerifyKey) -> list[Problem]:
    """Every site whose live feed.json and feed.json.sig do not verify with `public`."""
    keys = {key_id(public): public}
    problems = []
    for site in sites_in(out_dir):
        reason = _pair_problem(site_dir(out_dir, site), site, keys)
        if reason:
            problems.append(Problem(site, reason))
    return problems


def repair(out_dir: Path, public: VerifyKey) -> list[Problem]:
    """Point each site whose live pair does not verify at its newest version that does.

    Returns the problems found; `repaired_to` is None where no good version exists (the
    site must be published again)."""
    keys = {key_id(public): public}
    found = []
    for problem in check(out_dir, public):
        good = _newest_good(out_dir, problem.site, keys)
        if good is not None:
            _switch(out_dir, problem.site, good)
            log.warning("published tree: %s: %s; now pointing at version %d",
                        problem.site, problem.reason, good)
        else:
            log.error("published tree: %s: %s; no good version to point at",
                      problem.site, problem.reason)
        found.append(Problem(problem.site, problem.reason, good))
    return found


def _pair_problem(folder: Path, site: str, keys: dict[str, VerifyKey]) -> str | None:
    try:
        body, sig = (folder / FEED).read_bytes(), (folder / SIG).read_bytes()
    except FileNotFoundError:
        return "feed.json or feed.json.sig is missing"
    except OSError as exc:
        return f"cannot read the feed ({exc.strerror})"
    try:
        verify(body, sig, keys)
        doc = json.loads(body)
    except SignatureError as exc:
        return str(exc)
    except ValueError:
        return "feed.json is not JSON"
    if not isinstance(doc, dict) or doc.get("site") != site:
        return "feed.json belongs to another site"
    return None


def _newest_good(out_dir: Path, site: str, keys: dict[str, VerifyKey]) -> int | None:
    versions = out_dir / "sites" / VERSIONS / site
    return next((v for v in _numbered(out_dir, site)
                 if _pair_problem(versions / str(v), site, keys) is None), None)


def _switch(out_dir: Path, site: str, version: int) -> None:
    """Point `sites/<site>` at version folder `version` with one rename."""
    root = out_dir / "sites"
    link = root / site
    if link.is_dir() and not link.is_symlink():
        _move_old_folder(out_dir, site)
    temp = root / f"{TEMP_PREFIX}{site}-{uuid.uuid4().hex[:8]}"
    os.symlink(f"{VERSIONS}/{site}/{version}", temp)
    try:
        os.replace(temp, link)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_dir(root)


def _move_old_folder(out_dir: Path, site: str) -> None:
    """Move a real `sites/<site>/` folder of the former layout among the version folders.

    Until the link replaces it a moment later, the site has no feed: a terminal that asks
    just then fails once and tries again at its next sync. Killed in between, `repair`
    points the site at the newest good version."""
    folder = site_dir(out_dir, site)
    try:
        version = int(json.loads((folder / FEED).read_bytes())["version"])
    except (OSError, ValueError, KeyError, TypeError):
        version = 0
    versions = out_dir / "sites" / VERSIONS / site
    versions.mkdir(parents=True, exist_ok=True)
    target = versions / str(version)
    if target.exists():
        target = versions / f"{TEMP_PREFIX}old-{uuid.uuid4().hex[:8]}"
    os.rename(folder, target)
    fsync_dir(folder.parent)
