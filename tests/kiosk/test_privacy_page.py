"""The Datenschutz page shows the whole notice, paged like a detail at every text size and
in both orientations, its speech reads it, and no page ends inside a sentence's fact."""

from __future__ import annotations

import pytest

from kiosk import paging, speech_text
from kiosk.frames import Frame
from kiosk.privacy_page import privacy_view
from kiosk.text import privacy
from kiosk.text.keep import plain_spaces
from kiosk.theme import metrics


@pytest.mark.parametrize("size", [0, 1, 2])
@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
def test_privacy_page_holds_the_whole_notice(width, height, size):
    frame = Frame(width, height, metrics(1920 / 476, size))
    view = privacy_view()
    fit, pages = paging.detail_layout(view, frame)
    assert view.title == privacy.TITLE and not view.codes
    shown = " ".join(plain_spaces(b.text) for p in pages for b in p.blocks
                     if "(Fortsetzung)" not in b.text)
    expected = " ".join(x for s in privacy.SECTIONS for x in (s.heading, *s.paragraphs))
    assert shown.split() == expected.split()
    room = paging.detail_columns(frame, fit.header)[0].h
    for page in pages:
        for column in page.columns:
            assert sum(b.height + frame.m.mm(1) for b in column) <= room + 1
            assert not column or column[-1].kind != "heading"
    spoken = " ".join(speech_text.detail_speech(view, pages, n) for n in range(len(pages)))
    assert "Kurz gesagt" in spoken and "Mikrofon" in spoken
