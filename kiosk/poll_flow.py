"""Where taps lead around a poll: the "Mitmachen" tile and the entry linked to a poll open
it, an answer asks for confirmation, "Ja, abschicken" counts the vote (one per poll and
visit) and thanks, "Nein, zurück" returns to the question. The app shows the routes."""

from __future__ import annotations

from typing import Any

from kiosk.nav import Route
from kiosk.polls import POLL_CATEGORY

POLL_TILE = f"category:{POLL_CATEGORY}"
ROUTES = ("polls", "poll", "poll_confirm", "poll_thanks", "poll_results")


class PollFlow:
    def __init__(self, app: Any) -> None:
        self.app = app

    def open_tile(self, key: str) -> None:
        """A start screen tile: the "Mitmachen" tile opens the open poll (or the choice of
        several); every other tile, and this one without a poll, its list."""
        app = self.app
        if key == POLL_TILE:
            found = app.store.open_polls(app.clock())
            if found:
                app.go(Route("poll", found[0].id) if len(found) == 1 else Route("polls"))
                return
        app.open_list(key)

    def open_poll(self, poll_id: str) -> None:
        self.app.go(Route("poll", poll_id))

    def choose(self, poll_id: str, answer_id: str) -> None:
        self.app.go(Route("poll_confirm", f"{poll_id}/{answer_id}"))

    def confirm(self, poll_id: str, answer_id: str) -> None:
        """ "Ja, abschicken": the thank-you instead of the confirmation (Zurück then leads
        to the question, which says this visit has voted); a visit that has voted
        already is shown the question again with that note."""
        app = self.app
        if app.usage.vote(poll_id, answer_id):
            app.show(app.nav.replace_current(Route("poll_thanks", poll_id)))
        else:
            app.show(app.nav.back())

    def decline(self) -> None:
        """ "Nein, zurück": the question again."""
        self.app.show(self.app.nav.back())

    def results(self, poll_id: str) -> None:
        self.app.go(Route("poll_results", poll_id))

    def more(self) -> None:
        """The list of the "Mitmachen" category (calls for volunteers, the participation
        events)."""
        self.app.open_list(POLL_TILE)
