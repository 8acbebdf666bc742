"""Ed25519 signatures over the exact bytes of feed.json (PyNaCl).

Key files are one line of base64 each: `signing.key` holds the 32-byte private seed (mode
0600), `signing.pub` the 32-byte public key, exactly as it goes into `[sync] public_keys`.
A key's id is the first 16 hex digits of the SHA-256 of its public key; feed.json.sig
names it so a terminal with several configured keys (rotation) picks the right one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from sync.errors import KeyFileError, SignatureError

PRIVATE_NAME = "signing.key"
PUBLIC_NAME = "signing.pub"
MAX_SIG_BYTES = 4096


def key_id(public: VerifyKey | bytes) -> str:
    """Return the short id of a public key (16 hex digits)."""
    raw = bytes(public)
    return hashlib.sha256(raw).hexdigest()[:16]


def encode_public(public: VerifyKey) -> str:
    """Return a public key as the base64 text that config files hold."""
    return base64.b64encode(bytes(public)).decode("ascii")


def keygen(out_dir: Path, private_name: str = PRIVATE_NAME,
           public_name: str = PUBLIC_NAME) -> tuple[Path, Path]:
    """Write a new key pair into `out_dir`; never overwrite an existing key."""
    out_dir.mkdir(parents=True, exist_ok=True)
    private_path, public_path = out_dir / private_name, out_dir / public_name
    for path in (private_path, public_path):
        if path.exists():
            raise KeyFileError(f"{path}: exists already; a new key would lock out every "
                               "terminal that trusts the old one")
    key = SigningKey.generate()
    seed = base64.b64encode(bytes(key)).decode("ascii") + "\n"
    # O_EXCL + 0600 from the first byte: the private key is never readable by others,
    # not even for a moment.
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(seed)
    public_path.write_text(encode_public(key.verify_key) + "\n", "ascii")
    return private_path, public_path


def load_signing_key(path: Path) -> SigningKey:
    """Read a private key file written by keygen."""
    raw = _read_key_file(path)
    return SigningKey(raw)


def load_public_key(text: str, where: str = "") -> VerifyKey:
    """Decode one base64 public key (a config value or the text of signing.pub)."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyFileError(f"{where}: not base64 text") from exc
    if len(raw) != 32:
        raise KeyFileError(f"{where}: an Ed25519 public key has 32 bytes, not {len(raw)}")
    return VerifyKey(raw)


def public_keys(texts: Iterable[str]) -> dict[str, VerifyKey]:
    """Decode the configured public keys into {key_id: key}."""
    keys = {}
    for i, text in enumerate(texts):
        key = load_public_key(text, f"[sync] public_keys[{i}]")
        keys[key_id(key)] = key
    return keys


def _read_key_file(path: Path) -> bytes:
    try:
        text = path.read_text("ascii")
    except FileNotFoundError as exc:
        raise KeyFileError(f"{path}: file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(f"{path}: cannot read the key file") from exc
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyFileError(f"{path}: not a key file written by keygen") from exc
    if len(raw) != 32:
        raise KeyFileError(f"{path}: not a key file written by keygen")
    return raw


def sign(body: bytes, key: SigningKey) -> bytes:
    """Return the bytes of feed.json.sig for `body`."""
    signature = key.sign(body).signature
    doc = {"key_id": key_id(key.verify_key),
           "sig": base64.b64encode(signature).decode("ascii")}
    return (json.dumps(doc, indent=1) + "\n").encode("ascii")


def verify(body: bytes, sig_bytes: bytes, keys: dict[str, VerifyKey], *,
           what: str = "feed.json", setting: str = "[sync] public_keys") -> str:
    """Check `sig_bytes` (`what`.sig) over `body`; return the key id or raise
    SignatureError, whose `problem` says which check failed: "no_keys", "malformed",
    "unknown_key" or "mismatch"."""
    if not keys:
        raise _refused("no_keys", f"no public key configured ({setting} is empty)")
    try:
        doc = json.loads(sig_bytes.decode("utf-8"))
        kid, sig_text = doc["key_id"], doc["sig"]
        signature = base64.b64decode(sig_text, validate=True)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise _refused("malformed", f"{what}.sig is not a signature file") from exc
    if not isinstance(kid, str) or len(signature) != 64:
        raise _refused("malformed", f"{what}.sig is not a signature file")
    key = keys.get(kid)
    if key is None:
        raise _refused("unknown_key",
                       f"signed by unknown key {kid!r} (trusted: {', '.join(keys)})")
    try:
        key.verify(body, signature)
    except BadSignatureError as exc:
        raise _refused("mismatch", f"signature by key {kid} does not match {what}") from exc
    return kid


def _refused(problem: str, message: str) -> SignatureError:
    error = SignatureError(message)
    error.problem = problem
    return error
