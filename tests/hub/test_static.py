"""The staff pages' own look: every text colour pair of hub.css reaches 7:1 (WCAG AAA),
focus is visible, and the layout has a skip link, landmarks and labelled navigation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.theme import contrast

CSS = (Path(__file__).resolve().parents[2] / "hub" / "static" / "hub.css").read_text()
VARS = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", CSS))

# (text, background) of every place the stylesheet puts text on a colour.
PAIRS = [("fg", "bg"), ("muted", "bg"), ("muted", "warn-bg"), ("muted", "soft"),
         ("link", "bg"), ("link", "warn-bg"), ("link", "#f5f8fd"), ("error", "bg"),
         ("red", "bg"), ("red", "#f5f8fd"), ("#6b4500", "bg"), ("#6b4500", "#f5f8fd"),
         ("primary-fg", "primary"), ("primary", "bg"), ("primary", "#e6f0ea"),
         ("#ffffff", "danger"), ("danger", "bg"), ("danger", "#efe9dc"), ("fg", "#efe9dc"),
         ("#ffffff", "#10243f"), ("#10243f", "#ffffff"), ("fg", "#e9f5ec"), ("fg", "#fde8e8"),
         ("error", "#fde8e8"), ("#595959", "bg"), ("fg", "warn-bg")]


def _colour(name: str) -> str:
    return name if name.startswith("#") else VARS[name]


@pytest.mark.parametrize(("fg", "bg"), PAIRS, ids=[f"{f} on {b}" for f, b in PAIRS])
def test_static_text_contrast_at_least_7_to_1(fg, bg):
    assert contrast(_colour(fg), _colour(bg)) >= 7.0


def test_static_focus_is_visible():
    assert re.search(r":focus-visible\s*{[^}]*outline:\s*4px solid", CSS)


def test_static_layout_landmarks(client):
    page = client.get("/anmelden").get_data(as_text=True)
    assert '<html lang="de">' in page
    assert '<a class="skip" href="#inhalt">Zum Inhalt springen</a>' in page
    assert '<main id="inhalt"' in page and "<header" in page and "<footer" in page


def test_static_navigation_is_labelled_and_marks_the_page(as_a):
    page = as_a.get("/orte").get_data(as_text=True)
    assert '<nav aria-label="Hauptmenü">' in page
    assert '<a href="/orte" aria-current="page">Orte</a>' in page
    assert "Benutzer" not in page.split("</nav>")[0]   # an editor sees no admin pages
