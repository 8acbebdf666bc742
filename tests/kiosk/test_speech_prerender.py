"""Pre-rendering (kiosk/speech/prerender.py): every sentence of every detail page of the
demo content cached ahead, a second run synthesizing nothing, pruning, and the command
that runs without a display."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import paging, speech_text, text, views
from kiosk.clock import fixed_clock
from kiosk.frames import frame as make_frame
from kiosk.speech import (
    EspeakEngine,
    SpeechCache,
    prerender,
    split_sentences,
)
from kiosk.speech.texts import entry_blocks
from kiosk.store import Store
from kiosk.theme import metrics
from sync.apply import apply_feed
from tests.helpers import berlin
from tests.kiosk.speech_helpers import NORMAL

NOW = berlin(2026, 12, 1, 10)


# -- pre-rendering -------------------------------------------------------------------------

def _demo_store(db_path: Path, doc: dict) -> Store:
    apply_feed(db_path, doc, now=NOW)
    return Store(db_path, clock=fixed_clock(NOW))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, demo_feed):
    folder = tmp_path_factory.mktemp("prerender")
    store = _demo_store(folder / "kiosk.sqlite", copy.deepcopy(demo_feed))
    cache, engine = SpeechCache(folder / "speech"), EspeakEngine("de", 0.9)
    report = prerender(store, cache, engine, [NORMAL], now=NOW)
    return store, cache, engine, report


def _page_sentences(store: Store, entry_id: str, width: int, height: int, size: int):
    """What the app says on each page of a detail (as kiosk/app.py builds it), and the
    texts of blocks the paging had to cut mid-paragraph."""
    view = views.detail_view(store, entry_id, NOW)
    frame = make_frame(width, height, metrics(width / 476, size))
    pages = paging.detail_layout(view, frame)[1]
    whole = {b.text for b in entry_blocks(view)}
    cut = [text.spoken(b.text.rstrip(" –-")).rstrip(" .,–") for p in pages for b in p.blocks
           if b.text not in whole]
    texts = [speech_text.detail_speech(view, pages, page) for page in range(len(pages))]
    texts += [speech_text.qr_speech(view, code, len(pages) + 1, frame.landscape)
              for code in view.codes]
    return [s for t in texts for s in split_sentences(t)], cut


def test_prerender_caches_every_sentence_of_every_detail_page(rendered):
    store, cache, engine, report = rendered
    assert report.entries == 21 and report.failed == 0 and report.complete
    assert report.synthesized == report.sentences > 300
    missing = []
    for entry_id in store.entry_ids(NOW):
        for width, height in ((1920, 1080), (1080, 1920)):
            for size in (0, 1, 2):
                said, cut = _page_sentences(store, entry_id, width, height, size)
                for sentence in said:
                    key = cache.key(sentence, engine.name, engine.voice, NORMAL, engine.settings)
                    if key in cache or any(c in sentence or sentence.rstrip(" .,–") in c
                                           for c in cut):
                        continue  # cached, or a block the paging cut in two
                    missing.append(sentence)
    assert missing == []
    # What the bar's settings say is cached too (Lauter speaks at once, even unasked).
    for words in speech_text.SETTING_WORDS:
        for sentence in split_sentences(words):
            key = cache.key(sentence, engine.name, engine.voice, NORMAL, engine.settings)
            assert key in cache, sentence


def test_detail_speech_page_number_before_a_weekday_is_read_right():
    view = views.DetailView("x", "Termin", "Kaffee", "", None, [views.Section(
        "Wann", "calendar", [views.Line("Montag, 14. Dezember, 10 bis 11 Uhr")])])
    page = paging.DetailPage([[paging.Block("line", "Montag, 14. Dezember, 10 bis 11 Uhr")]])
    assert "Seite zwei von neun." in speech_text.detail_speech(view, [page] * 9, 1)


def test_prerender_second_run_synthesizes_nothing(rendered):
    store, cache, engine, _report = rendered
    again = prerender(store, cache, engine, [NORMAL], now=NOW)
    assert again.synthesized == 0 and again.cached == again.sentences and again.pruned == 0


def test_prerender_prunes_entries_that_vanished(tmp_path, demo_feed, rendered):
    _store, cache, engine, _report = rendered
    doc = copy.deepcopy(demo_feed)
    doc["version"] += 1
    doc["entries"] = [e for e in doc["entries"] if e["id"] != "lb-konzert"]
    store = _demo_store(tmp_path / "kiosk.sqlite", doc)
    gone = views.detail_view(Store(tmp_path / "kiosk.sqlite"), "lb-konzert", NOW)
    assert gone is None
    folder = tmp_path / "speech"
    folder.mkdir()
    for path in cache.folder.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    copied = SpeechCache(folder)
    report = prerender(store, copied, engine, [NORMAL], now=NOW, keep_recent_s=0)
    assert report.synthesized == 0 and report.pruned > 0
    assert len(copied.keys()) == report.sentences


def test_prerender_without_content_keeps_the_cache(tmp_path, espeak):
    cache = SpeechCache(tmp_path / "speech")
    cache.put("old", lambda tmp: espeak.synthesize("Alt.", NORMAL, tmp))
    report = prerender(Store(tmp_path / "missing.sqlite"), cache, espeak, [NORMAL],
                       now=NOW, keep_recent_s=0)
    assert report.entries == 0 and report.pruned == 0 and "old" in cache


def test_main_prerender_runs_without_a_display(tmp_path, demo_feed):
    apply_feed(tmp_path / "kiosk.sqlite", copy.deepcopy(demo_feed), now=NOW)
    (tmp_path / "kiosk.toml").write_text(
        '[paths]\ndata = "."\n[speech]\nengine = "espeak-ng"\nprerender_speeds = ["normal"]\n')
    script = ("import sys\nfrom kiosk.speech.prerender import main_prerender\n"
              "from sync.config import load_config\n"
              f"code = main_prerender(load_config({str(tmp_path / 'kiosk.toml')!r}))\n"
              "assert 'kivy' not in sys.modules\nsys.exit(code)\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).resolve().parents[2],
                          env={"PATH": "/usr/bin:/bin", "DISPLAY": ""})
    assert proc.returncode == 0, proc.stderr
    assert "synthesized" in proc.stdout and len(list((tmp_path / "speech").iterdir())) > 100
