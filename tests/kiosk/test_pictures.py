"""An entry's picture on the detail screen: from the asset cache into the view, cut into
pages as a block of its own, and read aloud with its alt text."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from PIL import Image

from kiosk import paging, speech_text, views
from kiosk.demo import load_demo
from kiosk.frames import frame
from kiosk.pictures import load_picture, pixels
from kiosk.store import Store
from kiosk.text.keep import plain_spaces
from kiosk.theme import metrics
from sync.demo import PICTURES
from tests.helpers import berlin

NOW = berlin(2026, 12, 1, 10, 0)
CAFE = "lb-sonntagscafe"
LANDSCAPE, PORTRAIT = (1920, 1080), (1080, 1920)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo as `quartier-kiosk --demo` prepares it: database and scaled pictures."""
    data = tmp_path_factory.mktemp("demo")
    db_path = load_demo(data, NOW)
    store = Store(db_path)
    yield store, data / "assets"
    store.close()


def _frame(size: tuple[int, int], text_size: int = 0):
    return frame(*size, metrics(1920 / 476, text_size))


def _pages(view: views.DetailView, size: tuple[int, int], text_size: int = 0):
    """The frame and the detail's pages, as the app cuts them."""
    f = _frame(size, text_size)
    return f, paging.detail_layout(view, f)[1]


def _column(view: views.DetailView, f):
    return paging.detail_columns(f, paging.title_fit(view.title, f, f.width - 2 * f.m.pad)
                                 .header)[0]


def _facts_first(view: views.DetailView, pages) -> bool:
    """Every key fact of the entry is on the first page."""
    texts = {line.text for line in view.facts}
    shown = {plain_spaces(b.text) for b in pages[0].blocks}
    return texts <= shown


def test_load_demo_puts_the_scaled_pictures_into_the_asset_dir(demo):
    _store, assets = demo
    files = sorted(assets.iterdir())
    assert len(files) == len(PICTURES) >= 3
    for path in files:
        with Image.open(path) as img:
            assert img.format == "JPEG" and max(img.size) <= 1280


def test_detail_view_carries_the_cached_picture_with_alt_text_and_size(demo):
    store, assets = demo
    view = views.detail_view(store, CAFE, NOW, asset_dir=assets)
    assert view.picture is not None and view.picture.path.parent == assets
    assert view.picture.alt == PICTURES[CAFE][1]
    assert view.picture.width * 2 == view.picture.height * 3   # the 3:2 drawing
    without = views.detail_view(store, "lb-konzert", NOW, asset_dir=assets)
    assert without is not None and without.picture is None


def test_detail_view_without_the_file_has_no_picture(demo, tmp_path):
    store, assets = demo
    assert views.detail_view(store, CAFE, NOW).picture is None       # no asset dir given
    empty = tmp_path / "assets"
    empty.mkdir()
    view = views.detail_view(store, CAFE, NOW, asset_dir=empty)      # not downloaded (yet)
    assert view is not None and view.picture is None and view.sections
    for page in _pages(view, LANDSCAPE)[1]:
        assert all(b.kind != "image" for b in page.blocks)


def test_detail_view_with_a_broken_file_has_no_picture(demo, tmp_path):
    store, assets = demo
    broken = tmp_path / "assets"
    shutil.copytree(assets, broken)
    for path in broken.iterdir():
        path.write_bytes(b"not a picture")
    assert views.detail_view(store, CAFE, NOW, asset_dir=broken).picture is None
    assert load_picture(broken, "0" * 64, "image/gif", "x") is None  # unknown type


def test_picture_pixels_are_decoded_at_the_size_drawn(demo, tmp_path):
    """The screen gets the picture at the size of its box, not the 1280 pixels of the
    file: a smaller texture, no mipmaps, and the same look."""
    store, assets = demo
    picture = views.detail_view(store, CAFE, NOW, asset_dir=assets).picture
    data, width, height = pixels(picture.path, 300, 300)
    assert (width, height) == (300, 200) and len(data) == 300 * 200 * 4   # RGBA, 3:2 kept
    with Image.open(picture.path) as img:
        expected = img.convert("RGBA").resize((300, 200), Image.Resampling.LANCZOS)
    mean = sum(abs(a - b) for a, b in zip(data, expected.tobytes(), strict=True)) / len(data)
    assert mean < 6   # the same picture, only smaller
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a picture")
    with pytest.raises(OSError, match="broken.jpg"):
        pixels(broken, 100, 100)


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT])
@pytest.mark.parametrize("text_size", [0, 1, 2])
def test_picture_block_keeps_the_aspect_ratio_and_is_capped(demo, size, text_size):
    store, assets = demo
    for entry_id in PICTURES:
        view = views.detail_view(store, entry_id, NOW, asset_dir=assets)
        f, pages = _pages(view, size, text_size)
        (block,) = [b for p in pages for b in p.blocks if b.kind == "image"]
        height = paging.picture_height(block, f)
        column = _column(view, f)
        assert block.text == PICTURES[entry_id][1]
        assert 0 < block.width <= column.w
        assert height <= f.m.mm(paging.PICTURE_MAX_MM)
        assert height <= column.h // paging.PICTURE_SHARE
        assert block.width / height == pytest.approx(3 / 2, abs=0.02)


def test_picture_follows_the_description_after_the_key_facts(demo):
    store, assets = demo
    for entry_id in PICTURES:
        view = views.detail_view(store, entry_id, NOW, asset_dir=assets)
        for size in (LANDSCAPE, PORTRAIT):
            _f, pages = _pages(view, size)
            kinds = [b.kind for p in pages for b in p.blocks]
            first_paragraph = kinds.index("paragraph")
            # The description (one paragraph, maybe cut between columns), then the picture.
            after = kinds[first_paragraph:].index("image") + first_paragraph
            assert set(kinds[first_paragraph:after]) == {"paragraph"}, (entry_id, size)
            assert after <= first_paragraph + 2, (entry_id, size)
            assert set(kinds[:first_paragraph]) <= {"status", "line"}
            assert _facts_first(view, pages), (entry_id, size)


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT])
@pytest.mark.parametrize("text_size", [0, 1, 2])
def test_picture_never_pushes_the_key_facts_off_the_first_page(demo, size, text_size):
    """However long the description, the picture comes after it and the key facts stay
    on page 1; with a long description the picture is drawn smaller where that saves a
    page."""
    store, assets = demo
    view = views.detail_view(store, "lb-mittagstisch", NOW, asset_dir=assets)
    words = view.summary.split()
    for count in range(0, len(words) * 3, 7):
        summary = " ".join((words * 3)[:count])
        with_picture = replace(view, summary=summary)
        without = replace(view, summary=summary, picture=None)
        _f, pages = _pages(with_picture, size, text_size)
        assert _facts_first(view, pages), (count, size, text_size)
        assert len(pages) <= len(_pages(without, size, text_size)[1]) + 1
        assert sum(b.kind == "image" for p in pages for b in p.blocks) == 1


def test_picture_choices_are_full_size_then_smaller(demo):
    store, assets = demo
    view = views.detail_view(store, CAFE, NOW, asset_dir=assets)
    f = _frame(PORTRAIT)
    full, small = paging.picture_choices(view, f, 1500)
    assert full == f.m.mm(paging.PICTURE_MAX_MM) and small == f.m.mm(paging.PICTURE_MIN_MM)
    groups = paging.detail_blocks(view, f, 900, small)
    assert [g[0].kind for g in groups[:3]] == ["line", "paragraph", "image"]
    assert paging.picture_choices(views.detail_view(store, CAFE, NOW), f, 1500) == []


def test_detail_speech_describes_the_picture_with_its_alt_text(demo):
    store, assets = demo
    view = views.detail_view(store, CAFE, NOW, asset_dir=assets)
    _f, pages = _pages(view, LANDSCAPE)
    said = speech_text.detail_speech(view, pages, 0)
    assert "Bild: Eine Tasse Kaffee und ein Stück Kirschkuchen auf dem Tisch." in said
    assert said.index("Nächster Termin") < said.index("Bild:")


def test_prerendered_sentences_include_the_picture(demo):
    """The speech cache is filled with what the page will say, the picture included."""
    from kiosk.speech.sentences import split_sentences
    from kiosk.speech.texts import detail_sentences

    store, assets = demo
    sentences = detail_sentences(store, NOW, None, assets)[CAFE]
    view = views.detail_view(store, CAFE, NOW, asset_dir=assets)
    _f, pages = _pages(view, PORTRAIT)
    said = split_sentences(speech_text.detail_speech(view, pages, 0))
    picture = [s for s in said if s.startswith("Bild:")]
    assert picture and set(picture) <= set(sentences)
