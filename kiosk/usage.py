"""What the terminal counts while it is used, decided from what the app shows and what a
resident chooses (kiosk.counters keeps the counts per hour): screens by their route, a
detail view per entry, a QR code per kind, a poll shown, Vorlesen, a larger text size,
high contrast, and the votes. Never coordinates, never the order of screens."""

from __future__ import annotations

from kiosk.counters import Counters
from kiosk.nav import Route


def screen_name(route: Route) -> str:
    """A route as the counters name it: "home", "list:week", "detail", "poll" (the
    entry or poll is counted on its own, the page not at all)."""
    return f"list:{route.key}" if route.screen == "list" else route.screen


class Usage:
    """Reports to the counters; a screen counts once each time it comes up, not again
    for a page turn, a new text size or the Vorlesen button."""

    def __init__(self, counters: Counters) -> None:
        self.counters = counters
        self._here: tuple[str, str] | None = None
        self._code = ""

    def shown(self, route: Route, code_kind: str = "") -> None:
        """A screen is on show, with this QR code (kind) if any."""
        here = (route.screen, route.key)
        if here != self._here:
            self._here, self._code = here, ""
            self.counters.count("screen", screen_name(route))
            if route.screen == "detail":
                self.counters.count("entry", route.key)
            elif route.screen == "poll":
                self.counters.count("poll_shown", route.key)
        self.qr(code_kind)

    def qr(self, kind: str) -> None:
        """A QR code of this kind is on show (counted when it changes)."""
        if kind and kind != self._code:
            self.counters.count("qr", kind)
        self._code = kind

    def speech(self) -> None:
        self.counters.count("speech")

    def settings(self, text_size: int, theme: str) -> None:
        """A resident chose a text size or contrast: the larger ones and high contrast
        are counted (once per visit each)."""
        if text_size:
            self.counters.count("text_size", str(text_size))
        if theme != "normal":
            self.counters.count("contrast", theme)

    def vote(self, poll_id: str, answer_id: str) -> bool:
        """Count a vote; False when this visit has voted on the poll already."""
        return self.counters.vote(poll_id, answer_id)

    def voted(self, poll_id: str) -> bool:
        return self.counters.voted(poll_id)

    def visit_over(self) -> None:
        """The idle reset: the next touch starts a new visit."""
        self.counters.new_visit()
        self._here, self._code = None, ""
