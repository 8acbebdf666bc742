"""Images of the content source → screen-sized, metadata-free, content-addressed assets.

A source entry names its image relative to the source file:

    "image": {"file": "bilder/mittagstisch.jpg", "alt": "Gedeckter Tisch mit Suppe"}

The publisher reads the file (JPEG, PNG or WebP), refuses anything too big to decode
safely (decompression bombs), turns it upright (EXIF orientation), scales it down to fit
MAX_SIZE, and encodes it again without any metadata (no EXIF, GPS, ICC, text chunks):
JPEG, or PNG when the picture has transparency. The feed names the result by the SHA-256
of its bytes: assets/<sha256>.<ext>. The hub processes uploads with the same code.

Memory is bounded before a pixel is decoded: the size comes from the header. A baseline
JPEG is decoded at 1/2 to 1/8 of its size (libjpeg's scaled decoding, Image.draft), so
camera pictures up to MAX_SOURCE_PIXELS cost little. PNG, WebP and progressive JPEG are
decoded whole (a progressive JPEG keeps all its coefficients): they may have at most
MAX_FULL_DECODE_PIXELS (a 59-megapixel PNG of 230 kB took the hub to 816 MB). A large
decoded picture is reduced by an integer factor at once, before anything copies it.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from sync.errors import SourceError, TooManyPixelsError
from sync.files import write_atomic

MAX_SIZE = (1280, 1280)          # fits the detail screen of a 1920×1080 terminal
MAX_SOURCE_BYTES = 40_000_000    # a camera JPEG is 5–15 MB
MAX_SOURCE_PIXELS = 60_000_000   # a baseline JPEG, decoded at most at half its size
MAX_FULL_DECODE_PIXELS = 25_000_000   # decoded whole: 100 MB (Pillow keeps 4 bytes a pixel)
JPEG_QUALITY = 84
# Part of the cache key of processed images: change it when the processing changes.
PROCESSING = f"v1-{MAX_SIZE[0]}x{MAX_SIZE[1]}-q{JPEG_QUALITY}"
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
_FORMATS = ["JPEG", "PNG", "WEBP"]


@dataclass(frozen=True)
class ScaledImage:
    data: bytes
    sha256: str
    type: str
    width: int
    height: int

    @property
    def ext(self) -> str:
        return EXTENSIONS[self.type]

    @property
    def name(self) -> str:
        """File name in assets/: <sha256>.<ext>."""
        return f"{self.sha256}.{self.ext}"


def asset_name(sha256: str, mime: str) -> str:
    """Return the file name of an asset: <sha256>.<ext>."""
    return f"{sha256}.{EXTENSIONS[mime]}"


def scale_image(raw: bytes, where: str = "", path: str = "") -> ScaledImage:
    """Decode, check, scale and re-encode one image; raise SourceError naming the file."""
    if len(raw) > MAX_SOURCE_BYTES:
        raise SourceError(f"image larger than {MAX_SOURCE_BYTES // 1_000_000} MB", path, where)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(raw), formats=_FORMATS)
            # The size comes from the header: check it before decoding a single pixel.
            limit = pixel_limit(img)
            if img.width * img.height > limit:
                raise TooManyPixelsError(img.width, img.height, limit, path, where)
            if limit == MAX_SOURCE_PIXELS:
                img.draft(img.mode, MAX_SIZE)   # decode at the smallest scale ≥ MAX_SIZE
            img.load()
            img = _reduced(img)
            img = ImageOps.exif_transpose(img)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise SourceError(f"image has too many pixels ({exc})", path, where) from exc
        except UnidentifiedImageError as exc:
            raise SourceError("not a usable JPEG, PNG or WebP image", path, where) from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise SourceError(f"image cannot be decoded ({exc})", path, where) from exc
    return _encode(_prepare(img))


def pixel_limit(img: Image.Image) -> int:
    """How many pixels this (opened, not yet decoded) picture may have."""
    scalable = img.format == "JPEG" and not img.info.get("progressive")
    return MAX_SOURCE_PIXELS if scalable else MAX_FULL_DECODE_PIXELS


def _reduced(img: Image.Image) -> Image.Image:
    # Box-average by an integer factor while the result stays at least twice MAX_SIZE
    # (what Image.thumbnail's reducing_gap does), so the copies that follow are small.
    factor = int(max(img.width / MAX_SIZE[0], img.height / MAX_SIZE[1]) / 2)
    return img.reduce(factor) if factor > 1 else img


def _prepare(img: Image.Image) -> Image.Image:
    transparent = _has_transparency(img)
    img = img.convert("RGBA" if transparent else "RGB")
    img.thumbnail(MAX_SIZE, Image.Resampling.LANCZOS)
    # A fresh image carries nothing of the original's info (EXIF, ICC, XMP, text chunks).
    clean = Image.new(img.mode, img.size)
    clean.paste(img)
    return clean


def _has_transparency(img: Image.Image) -> bool:
    if img.mode == "P":
        return "transparency" in img.info
    if img.mode in ("RGBA", "LA", "PA"):
        alpha = img.getchannel("A")
        return alpha.getextrema()[0] < 255
    return False


def _encode(img: Image.Image) -> ScaledImage:
    buf = io.BytesIO()
    if img.mode == "RGBA":
        img.save(buf, "PNG", optimize=True)
        mime = "image/png"
    else:
        img.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        mime = "image/jpeg"
    data = buf.getvalue()
    return ScaledImage(data, hashlib.sha256(data).hexdigest(), mime, img.width, img.height)


class ImageResolver:
    """Turn source image references into feed images and files in assets/.

    `cache` maps "<sha256 of the source file>/<PROCESSING>" to the processed asset, so
    publishing again does not scale every picture again (it is kept in publisher state).
    """

    def __init__(self, assets_dir: Path, cache: dict[str, dict]) -> None:
        self.assets_dir = assets_dir
        self.cache = cache
        self.written = 0

    def resolve(self, image: object, base_dir: Path | None, file: str,
                path: str) -> tuple[dict, str, dict]:
        """Return (feed image, sha256, assets entry) for one source `image` object."""
        if not isinstance(image, dict) or not isinstance(image.get("file"), str):
            raise SourceError('write {"file": "bilder/name.jpg", "alt": "what it shows"}',
                              path, file)
        alt = image.get("alt")
        if not isinstance(alt, str) or not alt.strip():
            raise SourceError("describe the picture in 'alt' (it is read aloud)",
                              f"{path}.alt", file)
        raw = self._read(image["file"], base_dir, file, f"{path}.file")
        key = f"{hashlib.sha256(raw).hexdigest()}/{PROCESSING}"
        done = self.cache.get(key)
        if done is None or not (self.assets_dir / asset_name(done["sha256"],
                                                             done["type"])).exists():
            scaled = scale_image(raw, file, f"{path}.file")
            target = self.assets_dir / scaled.name
            if not target.exists():  # content-addressed: an existing file is this file
                write_atomic(target, scaled.data)
                self.written += 1
            done = {"sha256": scaled.sha256, "type": scaled.type, "bytes": len(scaled.data)}
            self.cache[key] = done
        return ({"sha256": done["sha256"], "alt": alt.strip()}, done["sha256"],
                {"bytes": done["bytes"], "type": done["type"]})

    def resolve_source(self, doc: dict, base_dir: Path | None, file: str,
                       skipped: list | None = None) -> tuple[dict, dict[str, dict]]:
        """Return a copy of source `doc` whose entries name their images by sha256, with
        the feed's `assets` table filled, and the assets used (sha256 → assets entry).

        With a `skipped` list (sync.source.Skipped), an entry whose picture cannot be used
        is left out and recorded there instead of refusing the whole source."""
        from sync.source import Skipped

        assets: dict[str, dict] = {}
        entries = []
        for i, entry in enumerate(doc.get("entries") or []):
            if isinstance(entry, dict) and entry.get("image") is not None:
                entry = dict(entry)
                try:
                    image, sha, info = self.resolve(entry["image"], base_dir, file,
                                                    f"entries[{i}].image")
                except SourceError as exc:
                    if skipped is None:
                        raise
                    skipped.append(Skipped.of(entry, exc.path.partition(".")[2], exc.reason))
                    continue
                entry["image"], assets[sha] = image, info
            entries.append(entry)
        return {**doc, "entries": entries, "assets": assets}, assets

    @staticmethod
    def _read(name: str, base_dir: Path | None, file: str, path: str) -> bytes:
        if base_dir is None:
            raise SourceError("image files need a source file or folder", path, file)
        target = (base_dir / name).resolve()
        if Path(name).is_absolute() or not target.is_relative_to(base_dir):
            raise SourceError(f"{name!r} must be a path inside {base_dir}", path, file)
        try:
            return target.read_bytes()
        except FileNotFoundError as exc:
            raise SourceError(f"image file {name!r} not found", path, file) from exc
        except OSError as exc:
            raise SourceError(f"cannot read image file {name!r} ({exc.strerror})", path,
                              file) from exc
