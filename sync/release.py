"""Software releases: the signed manifest of a wheelhouse, and the hub's signed ring files.

    <releases>/<version>/manifest.json       {"format": "quartier-release/1", "version",
                                             "profile", "arch", "python", "commit",
                                             "built_at", "min_config_version", "bytes",
                                             "files": [{"path", "sha256", "bytes"}, ...]}
    <releases>/<version>/manifest.json.sig   Ed25519 over its exact bytes, by a release key
    <releases>/<version>/wheels/<name>.whl   every file the manifest names, nothing else
    <releases>/ring-<ring>.json (+ .sig)     {"format": "quartier-ring/1", "ring",
                                             "release": version|null, "serial", "issued_at"}

Two keys answer two questions. The release key (`quartier-release keygen`, kept by whoever
builds releases; terminals list it in `[update] release_keys`) vouches for *what* a
release contains. The hub's own key – the one terminals already trust for the feed,
`[sync] public_keys` – says *which* release a ring gets (the page "Software"). A hub in
the wrong hands can point a ring at another signed release, never at code of its own; a
ring file's serial never goes back on a terminal, so an old one cannot be replayed.

Written by `quartier-release build` (sync.release_build) and the hub (hub.releases), read
by the hub and by `quartier-update` (sync.update). Messages: English for logs, German
(`german`) for `quartier-update status` and the hub's page.
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nacl.signing import VerifyKey

from sync.errors import KeyFileError, ReleaseError, SignatureError
from sync.signing import key_id, load_public_key, verify

RELEASE_FORMAT = "quartier-release/1"
RING_FORMAT = "quartier-ring/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.sig"
RINGS = ("pilot", "alle")
PROFILES = ("terminal", "hub")
ARCHES = ("aarch64", "x86_64")
# A version is a folder name on the hub and on the terminal: no slashes, no leading dot.
VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$")
FILE_PATH = re.compile(r"^wheels/[A-Za-z0-9][A-Za-z0-9._+-]{0,199}\.whl$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_FILES = 400
MAX_MANIFEST_BYTES = 1_000_000
MAX_RING_BYTES = 8_000
MAX_SIG_BYTES = 4_096


@dataclass(frozen=True)
class File:
    path: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class Manifest:
    version: str
    profile: str
    arch: str
    python: str
    commit: str
    built_at: str
    min_config_version: int
    bytes: int
    files: tuple[File, ...]
    raw: bytes

    @property
    def project_wheel(self) -> File | None:
        return next((f for f in self.files
                     if f.path.startswith("wheels/quartier_kiosk-")), None)


@dataclass(frozen=True)
class Ring:
    ring: str
    release: str | None
    serial: int
    issued_at: str


def machine_arch() -> str:
    """This machine's architecture in the words of wheel tags (aarch64, x86_64)."""
    name = platform.machine().lower()
    return {"arm64": "aarch64", "amd64": "x86_64"}.get(name, name)


def release_keys(texts: Iterable[str], setting: str = "[update] release_keys") -> dict:
    """Decode configured release public keys into {key_id: key}."""
    keys: dict[str, VerifyKey] = {}
    for i, text in enumerate(texts):
        try:
            key = load_public_key(text, f"{setting}[{i}]")
        except KeyFileError as exc:
            raise ReleaseError(str(exc), german=(
                f"{setting}[{i}] ist kein öffentlicher Schlüssel (eine Zeile aus "
                "release.pub); kein Update.")) from exc
        keys[key_id(key)] = key
    return keys


def dumps(doc: dict[str, Any]) -> bytes:
    """The bytes of a manifest or ring file (what is signed)."""
    return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


# -- manifests -------------------------------------------------------------------------------

def manifest_doc(*, version: str, profile: str, arch: str, python: str, commit: str,
                 built_at: datetime, min_config_version: int,
                 files: list[File]) -> dict[str, Any]:
    return {"format": RELEASE_FORMAT, "version": version, "profile": profile, "arch": arch,
            "python": python, "commit": commit,
            "built_at": built_at.astimezone(UTC).isoformat(timespec="seconds"),
            "min_config_version": min_config_version,
            "bytes": sum(f.bytes for f in files),
            "files": [{"path": f.path, "sha256": f.sha256, "bytes": f.bytes}
                      for f in sorted(files, key=lambda f: f.path)]}


def verify_manifest(raw: bytes, sig: bytes | None, keys: dict[str, VerifyKey],
                    version: str) -> Manifest:
    """Check the signature of a release's manifest, then its form; raise ReleaseError
    (with the German reason) or return it."""
    if sig is None:
        raise ReleaseError(f"release {version}: {SIGNATURE} is missing (unsigned)", german=(
            f"Das Release {version} ist nicht signiert ({SIGNATURE} fehlt); es wird nicht "
            "installiert."))
    try:
        verify(raw, sig, keys, what=MANIFEST, setting="[update] release_keys")
    except SignatureError as exc:
        raise ReleaseError(f"release {version}: {exc}",
                           german=_signature_words(exc.problem, version)) from exc
    manifest = parse_manifest(raw)
    if manifest.version != version:
        raise ReleaseError(f"release {version}: the manifest is of version "
                           f"{manifest.version}", german=(
                               f"Das Verzeichnis {version} enthält das Release "
                               f"{manifest.version}; es wird nicht installiert."))
    return manifest


def _signature_words(problem: str, version: str) -> str:
    return {
        "no_keys": ("Auf diesem Gerät ist kein Release-Schlüssel eingetragen ([update] "
                    "release_keys); ohne ihn wird kein Release installiert."),
        "malformed": (f"Die Signatur des Releases {version} ist unlesbar; es wird nicht "
                      "installiert."),
        "unknown_key": (f"Das Release {version} ist mit einem Schlüssel signiert, der nicht "
                        "in [update] release_keys steht; es wird nicht installiert."),
    }.get(problem, f"Die Signatur des Releases {version} passt nicht zu seinem Inhalt "
                   "(nach dem Signieren verändert?); es wird nicht installiert.")


def parse_manifest(raw: bytes) -> Manifest:
    """A manifest's fields, checked; ReleaseError names the first bad field."""
    def bad(field: str, why: str) -> ReleaseError:
        return ReleaseError(f"manifest.json: {field}: {why}", german=(
            f"Das Verzeichnis des Releases ist fehlerhaft (Feld „{field}“: {why}); es wird "
            "nicht installiert."))

    if len(raw) > MAX_MANIFEST_BYTES:
        raise bad("(Datei)", f"größer als {MAX_MANIFEST_BYTES} Bytes")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise bad("(Datei)", "kein JSON") from exc
    if not isinstance(doc, dict) or doc.get("format") != RELEASE_FORMAT:
        raise bad("format", f"nicht {RELEASE_FORMAT}")
    for name in ("version", "profile", "arch", "python", "commit", "built_at"):
        if not isinstance(doc.get(name), str):
            raise bad(name, "fehlt oder ist kein Text")
    if not VERSION.match(doc["version"]):
        raise bad("version", "keine gültige Versionsbezeichnung")
    if doc["profile"] not in PROFILES:
        raise bad("profile", f"nicht {' oder '.join(PROFILES)}")
    for name in ("min_config_version", "bytes"):
        if not isinstance(doc.get(name), int) or isinstance(doc[name], bool) or doc[name] < 0:
            raise bad(name, "keine Zahl")
    listed = doc.get("files")
    if not isinstance(listed, list) or not 0 < len(listed) <= MAX_FILES:
        raise bad("files", f"keine Liste von 1 bis {MAX_FILES} Dateien")
    files = []
    for i, item in enumerate(listed):
        where = f"files[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("path"), str) \
                or not FILE_PATH.match(item["path"]):
            raise bad(where, "kein Pfad wheels/<Name>.whl")
        if not isinstance(item.get("sha256"), str) or not SHA256.match(item["sha256"]):
            raise bad(where, "keine SHA-256-Prüfsumme")
        size = item.get("bytes")
        if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
            raise bad(where, "keine Größe in Bytes")
        files.append(File(item["path"], item["sha256"], size))
    if len({f.path for f in files}) != len(files):
        raise bad("files", "ein Pfad kommt doppelt vor")
    if sum(f.bytes for f in files) != doc["bytes"]:
        raise bad("bytes", "nicht die Summe der Dateigrößen")
    return Manifest(doc["version"], doc["profile"], doc["arch"], doc["python"],
                    doc["commit"], doc["built_at"], doc["min_config_version"],
                    doc["bytes"], tuple(files), raw)


def check_fits(manifest: Manifest, *, arch: str, config_version: int,
               max_bytes: int) -> None:
    """Refuse a release that is not for this machine, needs a newer kiosk.toml or is
    larger than allowed."""
    v = manifest.version
    if manifest.profile != "terminal":
        raise ReleaseError(f"release {v} is a {manifest.profile} release", german=(
            f"Das Release {v} ist für den Hub gebaut, nicht für ein Terminal."))
    if manifest.arch != arch:
        raise ReleaseError(f"release {v} is built for {manifest.arch}, this is {arch}",
                           german=(f"Das Release {v} ist für {manifest.arch} gebaut, dieses "
                                   f"Gerät ist {arch}; es wird nicht installiert."))
    if manifest.min_config_version > config_version:
        raise ReleaseError(
            f"release {v} needs config_version {manifest.min_config_version}, kiosk.toml "
            f"has {config_version}", german=(
                f"Das Release {v} braucht Einstellungen der Version "
                f"{manifest.min_config_version}, die kiosk.toml hat Version {config_version} "
                "([terminal] config_version): erst das Installationsprogramm laufen lassen."))
    if manifest.bytes > max_bytes:
        raise ReleaseError(f"release {v} has {manifest.bytes} bytes, more than {max_bytes}",
                           german=(f"Das Release {v} ist mit {manifest.bytes // 1_000_000} MB "
                                   "größer als erlaubt ([update] max_release_mb)."))


def verify_folder(folder: Path, keys: dict) -> Manifest:
    """Check a release folder: the signature, the manifest, every file's size and hash,
    nothing extra. Raise ReleaseError."""
    version = folder.name
    sig = folder / SIGNATURE
    try:
        raw = read_head(folder / MANIFEST, MAX_MANIFEST_BYTES + 1)
    except OSError as exc:
        raise ReleaseError(f"{folder}: no manifest", german=(
            f"{folder}: kein {MANIFEST} darin")) from exc
    manifest = verify_manifest(
        raw, read_head(sig, MAX_SIG_BYTES) if sig.is_file() else None, keys, version)
    listed = {f.path for f in manifest.files}
    present = {p.relative_to(folder).as_posix() for p in (folder / "wheels").glob("*")}
    extra = sorted(present - listed)
    if extra:
        raise ReleaseError(f"{extra[0]}: not in the manifest", german=(
            f"{extra[0]} steht nicht im signierten Verzeichnis des Releases {version}."))
    for item in manifest.files:
        path = folder / item.path
        if not path.is_file() or path.stat().st_size != item.bytes \
                or sha256_file(path) != item.sha256:
            raise ReleaseError(f"{item.path}: size or SHA-256 differs", german=(
                f"{item.path} fehlt oder stimmt nicht mit der Prüfsumme im signierten "
                f"Verzeichnis des Releases {version} überein (verändert oder beschädigt)."))
    return manifest


def read_head(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a file (a manifest or signature someone put there)."""
    with path.open("rb") as fh:
        return fh.read(limit)


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in pieces."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# -- ring files --------------------------------------------------------------------------------

def ring_name(ring: str) -> str:
    return f"ring-{ring}.json"


def ring_doc(ring: str, release: str | None, serial: int, now: datetime) -> dict[str, Any]:
    return {"format": RING_FORMAT, "ring": ring, "release": release, "serial": serial,
            "issued_at": now.astimezone(UTC).isoformat(timespec="seconds")}


def verify_ring(raw: bytes, sig: bytes | None, keys: dict[str, VerifyKey], ring: str,
                min_serial: int) -> Ring:
    """Check the hub's ring file for `ring`: signed by a feed key, this ring, a serial not
    below the last one seen."""
    name = ring_name(ring)
    words = (f"Die Datei {name} des Hubs ist nicht gültig signiert (Schlüssel aus [sync] "
             "public_keys); kein Update.")
    if sig is None:
        raise ReleaseError(f"{name}: {name}.sig is missing", german=words)
    try:
        verify(raw, sig, keys, what=name)
    except SignatureError as exc:
        raise ReleaseError(f"{name}: {exc}", german=words) from exc
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ReleaseError(f"{name}: not JSON", german=words) from exc
    release = doc.get("release") if isinstance(doc, dict) else None
    if not isinstance(doc, dict) or doc.get("format") != RING_FORMAT \
            or doc.get("ring") != ring or not isinstance(doc.get("serial"), int) \
            or not (release is None or (isinstance(release, str) and VERSION.match(release))):
        raise ReleaseError(f"{name}: not a {RING_FORMAT} file for ring {ring!r}", german=(
            f"Die Datei {name} des Hubs ist fehlerhaft oder für einen anderen Ring; kein "
            "Update."))
    if doc["serial"] < min_serial:
        raise ReleaseError(f"{name}: serial {doc['serial']} is older than {min_serial}",
                           german=(f"Die Datei {name} ist älter als die zuletzt gesehene "
                                   "(wieder eingespielt?); kein Update."))
    return Ring(ring, release, doc["serial"], str(doc.get("issued_at") or ""))
