"""The privacy notice is written once (kiosk.text.privacy): docs/datenschutz.md and the
hub's page show the same words."""

from __future__ import annotations

from pathlib import Path

from kiosk.text import privacy

DOC = Path(__file__).resolve().parents[2] / "docs" / "datenschutz.md"


def test_privacy_the_document_is_the_notice():
    text = DOC.read_text("utf-8")
    assert text.endswith(privacy.markdown())
    assert text.startswith("<!--")        # only the note on where it comes from before it


def test_privacy_says_what_is_counted_and_what_not():
    words = privacy.plain_text()
    for phrase in ("volle Stunde", "Reihenfolge", "nicht mit Ihrem Besuch verbunden",
                   "eine Stimme je Frage", "keine Kamera"):
        assert phrase in words
    assert all(len(p) <= 300 for s in privacy.SECTIONS for p in s.paragraphs)   # short
