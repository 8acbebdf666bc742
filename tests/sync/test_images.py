"""Source pictures → screen-sized, metadata-free assets; bombs and non-images refused."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from sync.errors import SourceError, TooManyPixelsError
from sync.images import MAX_FULL_DECODE_PIXELS, MAX_SIZE, MAX_SOURCE_PIXELS, scale_image
from tests.sync.conftest import picture


def _open(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def _jpeg_with_exif(size=(3000, 2000), orientation: int = 1) -> bytes:
    img = Image.new("RGB", size, (120, 80, 40))
    exif = Image.Exif()
    exif[0x0112] = orientation                  # Orientation
    exif[0x010F] = "Kamera Hersteller"          # Make
    exif[0x8825] = {1: "N", 2: (48.0, 42.0, 0.0)}  # GPS position
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif, comment=b"privat")
    return buf.getvalue()


def test_scale_image_fits_the_screen_box_and_keeps_the_aspect():
    scaled = scale_image(picture((200, 60, 40), (4000, 3000)))
    assert (scaled.width, scaled.height) == (MAX_SIZE[0], 960)
    assert _open(scaled.data).size == (1280, 960) and scaled.type == "image/jpeg"


def test_scale_image_never_enlarges_a_small_picture():
    scaled = scale_image(picture((1, 2, 3), (300, 200)))
    assert (scaled.width, scaled.height) == (300, 200)


def test_scale_image_strips_exif_gps_and_comments():
    scaled = scale_image(_jpeg_with_exif())
    img = _open(scaled.data)
    assert not img.getexif() and "exif" not in img.info and "comment" not in img.info
    assert b"Kamera" not in scaled.data and b"privat" not in scaled.data


def test_scale_image_turns_the_picture_upright_first():
    scaled = scale_image(_jpeg_with_exif((3000, 2000), orientation=6))  # rotated 90°
    assert scaled.height > scaled.width


def test_scale_image_keeps_transparency_as_png():
    img = Image.new("RGBA", (400, 300), (255, 0, 0, 0))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    scaled = scale_image(buf.getvalue())
    assert scaled.type == "image/png" and scaled.name.endswith(".png")
    assert _open(scaled.data).mode == "RGBA"


def test_scale_image_is_deterministic():
    raw = picture((9, 9, 9))
    assert scale_image(raw).sha256 == scale_image(raw).sha256


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a huge size: a decompression bomb in its smallest form."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("size", [(9000, 8000), (50_000, 50_000)])
def test_scale_image_refuses_a_decompression_bomb_before_decoding(size):
    with pytest.raises(SourceError, match="too many pixels") as info:
        scale_image(_png_header_only(*size), "quelle.json", "entries[3].image.file")
    assert info.value.file == "quelle.json" and info.value.path == "entries[3].image.file"


@pytest.mark.parametrize("data", [b"", b"GIF89a...", b"<svg xmlns='x'/>", b"\xff\xd8\xff\xe0"])
def test_scale_image_refuses_what_is_not_a_usable_picture(data):
    with pytest.raises(SourceError, match="image"):
        scale_image(data)


def _jpeg_claiming(width: int, height: int, progressive: bool) -> bytes:
    """A small JPEG whose frame header (SOF0 or SOF2) claims another size."""
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (9, 9, 9)).save(buf, "JPEG", progressive=progressive)
    data = bytearray(buf.getvalue())
    at = data.index(b"\xff\xc2" if progressive else b"\xff\xc0")
    data[at + 5:at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def test_scale_image_refuses_a_59_megapixel_png_from_its_header():
    # Under the general limit, but a PNG is decoded whole: it took the hub to 816 MB.
    with pytest.raises(TooManyPixelsError) as info:
        scale_image(_png_header_only(7680, 7680))
    assert (info.value.width, info.value.height) == (7680, 7680)
    assert info.value.limit == MAX_FULL_DECODE_PIXELS < 7680 * 7680 < MAX_SOURCE_PIXELS


def test_scale_image_a_progressive_jpeg_is_decoded_whole_so_it_has_the_lower_limit():
    with pytest.raises(TooManyPixelsError):
        scale_image(_jpeg_claiming(6000, 5000, progressive=True))
    # A baseline JPEG of that size is decoded at a quarter of it (1500 × 1250).
    assert scale_image(_jpeg_claiming(6000, 5000, progressive=False)).width == MAX_SIZE[0]
    with pytest.raises(TooManyPixelsError):
        scale_image(_jpeg_claiming(9000, 7000, progressive=False))


def test_scale_image_decodes_a_large_jpeg_at_a_reduced_scale():
    raw = picture((200, 60, 40), (5200, 3900))
    with Image.open(io.BytesIO(raw)) as img:
        img.draft(img.mode, MAX_SIZE)
        assert img.size == (2600, 1950)         # what the decoder is asked to produce
    scaled = scale_image(raw)
    assert (scaled.width, scaled.height) == (1280, 960)
