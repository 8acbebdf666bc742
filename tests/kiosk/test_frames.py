"""Screen geometry for several real panels: the numbers of DESIGN.md §6 hold everywhere."""

import itertools

import pytest

from kiosk.frames import BAR_WORDS, Box, frame
from kiosk.layout import WIDTH_SLACK, text_width
from kiosk.theme import metrics

# width px, height px, width mm: 21.5" and 27" landscape, 21.5" portrait, 15.6" landscape
PANELS = [(1920, 1080, 476), (1920, 1080, 598), (1080, 1920, 268), (1366, 768, 344)]


def _mm(box: Box, px_per_mm: float) -> tuple[float, float]:
    return box.w / px_per_mm, box.h / px_per_mm


def _gap(a: Box, b: Box) -> float:
    dx = max(b.x - (a.x + a.w), a.x - (b.x + b.w), 0)
    dy = max(b.y - (a.y + a.h), a.y - (b.y + b.h), 0)
    return (dx * dx + dy * dy) ** 0.5


@pytest.mark.parametrize(("width", "height", "mm"), PANELS)
@pytest.mark.parametrize("size", [0, 1, 2])
def test_frame_bar_buttons_are_big_apart_and_on_screen(width, height, mm, size):
    px_per_mm = width / mm
    f = frame(width, height, metrics(px_per_mm, size))
    boxes = f.bar_buttons()
    assert len(boxes) == len(BAR_WORDS)
    for box, word in zip(boxes, BAR_WORDS, strict=True):
        w_mm, h_mm = _mm(box, px_per_mm)
        assert w_mm >= 20 and h_mm >= 20
        assert box.x >= 0 and box.x + box.w <= width and box.y >= 0 and box.top <= f.bar_h
        assert text_width(word, f.m.base_body, bold=True) / WIDTH_SLACK < box.w
    for a, b in itertools.combinations(boxes, 2):
        assert _gap(a, b) / px_per_mm >= 6


@pytest.mark.parametrize(("width", "height", "mm"), PANELS)
def test_frame_bar_is_the_same_at_every_text_size(width, height, mm):
    bars = {tuple(frame(width, height, metrics(width / mm, s)).bar_buttons()) for s in (0, 1, 2)}
    assert len(bars) == 1


@pytest.mark.parametrize(("width", "height", "mm"), PANELS)
@pytest.mark.parametrize("count", [4, 5, 6])
def test_frame_tiles_are_big_apart_and_above_the_bar(width, height, mm, count):
    px_per_mm = width / mm
    f = frame(width, height, metrics(px_per_mm, 0))
    tiles = f.tiles(count)
    for box in tiles:
        assert min(_mm(box, px_per_mm)) >= 20
        assert box.y >= f.bar_h and box.top <= height
    for a, b in itertools.combinations(tiles, 2):
        assert _gap(a, b) / px_per_mm >= 6


@pytest.mark.parametrize(("width", "height", "mm"), PANELS)
def test_frame_detail_text_and_pager_do_not_overlap(width, height, mm):
    f = frame(width, height, metrics(width / mm, 0))
    text, pager = f.detail_text(), f.pager()
    assert _gap(text, pager) > 0
    assert pager.y >= f.bar_h and min(_mm(pager, width / mm)) >= 20
