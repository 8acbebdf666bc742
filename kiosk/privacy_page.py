"""The "Datenschutz" page: the privacy notice (kiosk.text.privacy) as a detail without an
entry, so it is paged, read aloud and audited like every other text page."""

from __future__ import annotations

from kiosk.text import privacy
from kiosk.views import DetailView, Line, Section

ROUTE_KEY = "datenschutz"


def privacy_view() -> DetailView:
    """The notice: its title, then each section under its heading."""
    sections = [Section(s.heading, "", [Line(p, prose=True) for p in s.paragraphs])
                for s in privacy.SECTIONS]
    return DetailView(ROUTE_KEY, "", privacy.TITLE, "", None, sections)
