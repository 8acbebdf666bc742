"""Building the poll screens and the Datenschutz page for a route (part of the screen
builder, kiosk.builder): the view objects from kiosk.polls, the taps to kiosk.poll_flow."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kivy.uix.widget import Widget

from kiosk import paging, polls
from kiosk.frames import Frame
from kiosk.nav import Route
from kiosk.privacy_page import privacy_view
from screens.poll import Action

SPEECH_ACTIONS = "actions"   # Shown.extra: the further buttons' words, for the speech


def build_poll(app: Any, screen: Widget, shown: Any, frame: Frame, now: datetime) -> bool:
    """Lay out the poll screen of `shown.route`; False when its poll is no longer open
    (or the answer unknown): then the app shows Start."""
    route, flow, store = shown.route, app.polls, app.store
    info = store.info()
    more = any(c.id == polls.POLL_CATEGORY for c in (info.categories if info else []))
    if route.screen == "polls":
        found = store.open_polls(now)
        if not found:
            return False
        view = polls.choice_view(found)
        words = polls.actions(results=False, more=more)
        words = screen.show_choice(view, frame, flow.open_poll, _actions(flow, words, ""))
        shown.view, shown.extra = view, words
        return True
    poll_id, _, answer_id = route.key.partition("/")
    poll = store.poll(poll_id, now)
    if poll is None:
        return False
    if route.screen == "poll":
        view = polls.poll_view(poll, voted=app.usage.voted(poll.id))
        words = polls.actions(results=True, more=more)
        words = screen.show(view, frame, lambda answer: flow.choose(poll.id, answer),
                            _actions(flow, words, poll.id))
    elif route.screen == "poll_confirm":
        view = polls.confirm_view(poll, answer_id)
        if view is None:
            return False
        words = []
        screen.show(view, frame, lambda: flow.confirm(poll.id, answer_id), flow.decline)
        app.prefetch(Route("poll_thanks", poll.id), route)
    elif route.screen == "poll_thanks":
        view = polls.thanks_view(poll)
        words = polls.actions(results=True, more=False)
        screen.show(view, frame, _actions(flow, words, poll.id))
    else:
        view, words = polls.results_view(poll), []
        screen.show(view, frame)
    shown.view, shown.extra = view, words
    return True


def _actions(flow: Any, words: list[str], poll_id: str) -> list[Action]:
    taps = {polls.RESULTS_BUTTON: ("poll:results", lambda: flow.results(poll_id)),
            polls.MORE_BUTTON: ("poll:more", flow.more)}
    return [Action(word, *taps[word]) for word in words]


def build_privacy(app: Any, screen: Widget, shown: Any, frame: Frame) -> None:
    """The privacy notice, paged like a detail."""
    view = privacy_view()
    fit, pages = paging.detail_layout(view, frame)
    page = min(shown.route.page, len(pages) - 1)
    screen.show(view, fit, pages, page, frame, app.turn_page)
    shown.view, shown.pages, shown.page = view, pages, page
