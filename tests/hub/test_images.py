"""Uploaded pictures: a hash from the form is only accepted for pictures this site uploaded
or the user may read (never a 500, never another site's picture), and a decompression bomb
is refused from its header with the limit named."""

from __future__ import annotations

import io
import struct
import zlib

import pytest

from hub import context
from hub.messages import M, msg
from hub.queries import entries as entry_q
from sync.images import MAX_FULL_DECODE_PIXELS
from tests.hub.conftest import ADMIN, EDITOR_A, EDITOR_B, error_of, login, unescape
from tests.hub.test_entries import VALID, _photo

VALID_B = {**VALID, "site": "ort-b", "place_id": "saal-b", "title": "Bildklau"}


def png_bomb(width: int = 7680, height: int = 7680, level: int = 1) -> bytes:
    """A real PNG of one colour: 59 megapixels in well under a megabyte (level 9: 170 kB)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    packer = zlib.compressobj(level)
    row = b"\x00" * (1 + 3 * width)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data)
            + chunk(b"IEND", b""))


def _upload(client, form: dict, picture: bytes, name: str = "foto.jpg"):
    return client.post("/eintraege/neu", data={**form, "image": (io.BytesIO(picture), name)},
                       content_type="multipart/form-data")


def _sha_of(app, entry_id: str) -> str:
    with app.app_context():
        return entry_q.get(context.db(), entry_id)["data"]["image"]["sha256"]


def test_images_unknown_hash_is_a_message_next_to_the_field(app, as_a):
    form = {**VALID, "image_sha256": "b" * 64, "image_alt": "Karten"}
    response = as_a.post("/eintraege/neu", data=form)
    assert response.status_code == 422
    assert error_of(unescape(response.get_data(as_text=True)), "image") == M["image_unknown"]


@pytest.mark.parametrize("sha", ["../../hub.sqlite", "B" * 64, "x", "a" * 65])
def test_images_a_hash_that_is_none_is_a_message(app, as_a, sha):
    response = as_a.post("/eintraege/neu", data={**VALID, "image_sha256": sha,
                                                 "image_alt": "Karten"})
    assert response.status_code == 422
    assert error_of(unescape(response.get_data(as_text=True)), "image") == M["image_unknown"]


def test_images_another_sites_picture_cannot_be_taken_over(app, client):
    login(client, EDITOR_A)
    _upload(client, {**VALID, "image_alt": "Karten"}, _photo(False))
    sha = _sha_of(app, "spielenachmittag")
    login(client, EDITOR_B)
    response = client.post("/eintraege/neu", data={**VALID_B, "image_sha256": sha,
                                                   "image_alt": "geklaut"})
    assert response.status_code == 422
    assert error_of(unescape(response.get_data(as_text=True)), "image") == M["image_unknown"]
    with app.app_context():
        assert entry_q.get(context.db(), "bildklau") is None
    assert client.get(f"/eintraege/bilder/{sha}.jpg").status_code == 403


def test_images_an_upload_not_yet_saved_stays_with_its_site(app, client):
    login(client, EDITOR_A)
    response = _upload(client, {**VALID, "title": ""}, _photo(False))   # an error: not saved
    assert response.status_code == 422
    sha = response.get_data(as_text=True).split('name="image_sha256" value="')[1][:64]
    assert client.get(f"/eintraege/bilder/{sha}.jpg").status_code == 200
    login(client, EDITOR_B)
    assert client.get(f"/eintraege/bilder/{sha}.jpg").status_code == 403
    login(client, ADMIN)
    assert client.get(f"/eintraege/bilder/{sha}.jpg").status_code == 200
    login(client, EDITOR_A)
    response = client.post("/eintraege/neu", data={**VALID, "image_sha256": sha,
                                                   "image_alt": "Karten"})
    assert response.status_code == 302                           # the second try keeps it


def test_images_a_shared_entry_keeps_its_picture_in_a_copy(app, client):
    login(client, EDITOR_A)
    _upload(client, {**VALID, "image_alt": "Karten"}, _photo(False))
    sha = _sha_of(app, "spielenachmittag")
    with app.app_context():
        entry = entry_q.get(context.db(), "spielenachmittag")
        entry_q.save(context.db(), entry["id"], "ort-a", entry["data"], sharing="some",
                     share_sites=["ort-b"], now=context.now(), user=EDITOR_A)
    login(client, EDITOR_B)
    assert client.get(f"/eintraege/bilder/{sha}.jpg").status_code == 200
    copy = client.post("/eintraege/spielenachmittag/kopieren")
    edit_url = copy.headers["Location"]
    response = client.post(edit_url, data={**VALID_B, "image_sha256": sha,
                                           "image_alt": "Karten"})
    assert response.status_code == 302, error_of(response.get_data(as_text=True), "image")


def test_images_a_decompression_bomb_is_refused_with_the_limit(app, as_a):
    response = _upload(as_a, {**VALID, "image_alt": "Bombe"}, png_bomb(), "bombe.png")
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert error_of(page, "image") == msg("image_pixels", width=7680, height=7680,
                                          megapixels=59,
                                          limit=MAX_FULL_DECODE_PIXELS // 1_000_000)
    assert "höchstens 25 Megapixel" in error_of(page, "image")
    assert list(app.config["HUB_PATHS"].images.glob("*")) == []        # nothing kept
