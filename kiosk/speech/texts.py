"""Every sentence a detail screen can say, without knowing how it will be paged.

The speech of a detail depends on the page (kiosk.speech_text.detail_speech and
qr_speech), and the pages depend on window size and text size. But the cache holds
sentences, not whole texts, and a page's speech is made of the same sentences as the whole
entry read as one page, plus a few that every detail shares ("Seite zwei von drei.", the
hint to "Weiter" and the one about the buttons). Pre-rendering these two sets covers every
page of every layout; tests/kiosk/test_speech_prerender.py checks that for the demo content.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kiosk import speech_text, views
from kiosk.paging import Block, DetailPage, content_groups
from kiosk.speech.sentences import split_sentences
from kiosk.store import Store
from kiosk.views import DetailView

# The Vorlesen button's words as the app shows them (kiosk/app.py: _bar_words; it reads
# "Stopp" while speaking and "Nochmal" in the Vorlese-Modus).
READ_WORDS = ("Vorlesen", "Stopp", "Nochmal")
MAX_PAGES = 12   # "Seite sieben von acht" occurs at the largest text size


def entry_blocks(view: DetailView) -> list[Block]:
    """The detail's text blocks in screen order, unmeasured."""
    return [b for group in content_groups(view) for b in group]


def entry_speech(view: DetailView, bar: list[str] | None = None) -> str:
    """The whole entry read as if it fitted on one page."""
    return speech_text.detail_speech(view, [DetailPage([entry_blocks(view)])], 0, bar=bar)


def entry_sentences(view: DetailView) -> list[str]:
    """Every sentence of the entry's detail: its text pages and its QR page ("Aufs Handy",
    one code shown at a time, the code beside the text in landscape, below in portrait)."""
    texts = [entry_speech(view)]
    compact = views.phone_hours_below(view)   # page 1 too small at the largest text
    if compact is not None:
        texts.append(entry_speech(compact))
    for code in view.codes:
        texts += [speech_text.qr_speech(view, code, 2, landscape) for landscape in (True, False)]
    return _unique(s for text in texts for s in split_sentences(text))


def bar_variants() -> list[list[str]]:
    return [[read if word == "Vorlesen" else word for word in speech_text.BAR_WORDS]
            for read in READ_WORDS]


def shared_sentences(max_pages: int = MAX_PAGES) -> list[str]:
    """What every detail page says around its own blocks, in each form it takes, and
    what the bar's settings say when they change."""
    blank = DetailView("", "", "", "", None)  # empty parts are left out of the speech
    texts = [speech_text.detail_speech(blank, [DetailPage()], 0, bar=bar)
             for bar in bar_variants()]
    texts += speech_text.SETTING_WORDS   # a setting's change is said at once
    for count in range(2, max_pages + 1):
        texts += [speech_text.detail_speech(blank, [DetailPage()] * count, page)
                  for page in range(count)]
    return _unique(s for text in texts for s in split_sentences(text))


def detail_sentences(store: Store, now: datetime, page_base: str | None = None,
                     asset_dir: Path | None = None) -> dict[str, list[str]]:
    """Entry id → the sentences of its detail as of `now`, for every current entry;
    `page_base` and `asset_dir` as the app passes them (the feed URL decides the
    "Details" code; a cached picture adds its alt text)."""
    out = {}
    for entry_id in store.entry_ids(now):
        view = views.detail_view(store, entry_id, now, page_base, asset_dir)
        if view is not None:
            out[entry_id] = entry_sentences(view)
    return out


def _unique(items: object) -> list[str]:
    return list(dict.fromkeys(items))  # type: ignore[arg-type]
