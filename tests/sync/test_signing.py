"""Ed25519 keys and signatures over the exact bytes of feed.json."""

from __future__ import annotations

import json
import stat

import pytest

from sync.errors import KeyFileError, SignatureError
from sync.signing import key_id, keygen, load_signing_key, public_keys, sign, verify

BODY = b'{"format":"quartier-feed/1","version":1}'


def test_keygen_writes_private_key_readable_only_by_its_owner(tmp_path):
    private, public = keygen(tmp_path / "keys")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    key = load_signing_key(private)
    assert list(public_keys([public.read_text()])) == [key_id(key.verify_key)]
    assert public.read_text().strip() != private.read_text().strip()


def test_keygen_refuses_to_overwrite_an_existing_key(tmp_path):
    private, _ = keygen(tmp_path)
    before = private.read_bytes()
    with pytest.raises(KeyFileError, match="exists already"):
        keygen(tmp_path)
    assert private.read_bytes() == before


def test_verify_accepts_the_signed_bytes_and_names_the_key(tmp_path):
    private, public = keygen(tmp_path)
    key = load_signing_key(private)
    keys = public_keys([public.read_text()])
    assert verify(BODY, sign(BODY, key), keys) == key_id(key.verify_key)


def test_verify_rejects_a_flipped_byte(tmp_path):
    private, public = keygen(tmp_path)
    sig = sign(BODY, load_signing_key(private))
    forged = BODY.replace(b"1}", b"2}")
    with pytest.raises(SignatureError, match="does not match"):
        verify(forged, sig, public_keys([public.read_text()]))


def test_verify_rejects_a_signature_by_an_unknown_key(tmp_path):
    keygen(tmp_path / "a")
    keygen(tmp_path / "b")
    sig = sign(BODY, load_signing_key(tmp_path / "b" / "signing.key"))
    with pytest.raises(SignatureError, match="unknown key"):
        verify(BODY, sig, public_keys([(tmp_path / "a" / "signing.pub").read_text()]))


def test_verify_with_several_keys_accepts_each_for_rotation(tmp_path):
    keygen(tmp_path / "old")
    keygen(tmp_path / "new")
    keys = public_keys([(tmp_path / n / "signing.pub").read_text() for n in ("old", "new")])
    for name in ("old", "new"):
        verify(BODY, sign(BODY, load_signing_key(tmp_path / name / "signing.key")), keys)


def test_verify_rejects_a_key_id_pointing_at_another_trusted_key(tmp_path):
    keygen(tmp_path / "a")
    keygen(tmp_path / "b")
    keys = public_keys([(tmp_path / n / "signing.pub").read_text() for n in ("a", "b")])
    sig = json.loads(sign(BODY, load_signing_key(tmp_path / "b" / "signing.key")))
    sig["key_id"] = next(k for k in keys if k != sig["key_id"])
    with pytest.raises(SignatureError, match="does not match"):
        verify(BODY, json.dumps(sig).encode(), keys)


@pytest.mark.parametrize("sig", [b"", b"not json", b"[]", b'{"key_id": "x"}',
                                 b'{"key_id": "x", "sig": "AAAA"}'])
def test_verify_rejects_malformed_signature_files(tmp_path, sig):
    _, public = keygen(tmp_path)
    with pytest.raises(SignatureError, match="not a signature file|unknown key"):
        verify(BODY, sig, public_keys([public.read_text()]))


def test_verify_without_configured_keys_refuses(tmp_path):
    private, _ = keygen(tmp_path)
    with pytest.raises(SignatureError, match="no public key configured"):
        verify(BODY, sign(BODY, load_signing_key(private)), {})


@pytest.mark.parametrize(("text", "words"), [("not base64!", "not base64"),
                                             ("AAAA", "32 bytes, not 3")])
def test_public_keys_name_the_bad_config_entry(text, words):
    with pytest.raises(KeyFileError, match=rf"public_keys\[0\]: .*{words}"):
        public_keys([text])


def test_load_signing_key_rejects_other_files(tmp_path):
    path = tmp_path / "signing.key"
    path.write_text("hello\n")
    with pytest.raises(KeyFileError, match="not a key file"):
        load_signing_key(path)
    with pytest.raises(KeyFileError, match="file not found"):
        load_signing_key(tmp_path / "missing.key")
