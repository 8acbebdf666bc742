"""Building one screen: view objects from the store, cut into pages, laid out by a screen
widget; and the speech text of what is shown. The app decides *which* screen; this module
knows *how* each one is made."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kivy.uix.widget import Widget

from kiosk import paging, speech_text, text, views
from kiosk.frames import Frame
from kiosk.nav import HOME, Route
from kiosk.poll_builder import build_poll, build_privacy
from kiosk.poll_flow import ROUTES as POLL_ROUTES
from screens.attract import AttractScreen
from screens.detail import DetailScreen
from screens.home import HomeScreen
from screens.listing import ListScreen
from screens.poll import PollConfirmScreen, PollResultsScreen, PollScreen, PollThanksScreen

SCREEN_TYPES = {"home": HomeScreen, "list": ListScreen, "detail": DetailScreen,
                "attract": AttractScreen, "privacy": DetailScreen, "polls": PollScreen,
                "poll": PollScreen, "poll_confirm": PollConfirmScreen,
                "poll_thanks": PollThanksScreen, "poll_results": PollResultsScreen}


@dataclass
class Shown:
    """What is on screen now (for speech, tests and the tour)."""

    route: Route
    view: Any = None
    pages: list = field(default_factory=list)
    page: int = 0
    code: Any = None          # the QR code on show (the detail's "Aufs Handy" page)
    extra: list = field(default_factory=list)   # a poll screen's further buttons


# Built screens are kept for a while: going back or home then costs one frame. The key
# holds the feed version, the minute and the visit's settings (and, for a poll's question,
# whether this visit has voted), so nothing stale is shown. Texture memory is the limit
# (on a Pi it is the GPU's share of RAM), so only a few.
SCREEN_CACHE = 5


class ScreenBuilder:
    """Makes the screen for a route with the app's store, config and callbacks."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._cache: OrderedDict[tuple, tuple[Widget, Shown]] = OrderedDict()

    def get(self, route: Route, frame: Frame, now: datetime) -> tuple[Widget, Shown]:
        """The screen for `route`: from the cache when nothing it shows can have changed,
        else built with fresh content from the store."""
        app = self.app
        key = (route, app.store.version(), app.prefs.text_size, app.prefs.theme,
               frame.width, frame.height, now.strftime("%Y%m%d%H%M"))
        if route.screen == "poll":
            key += (app.usage.voted(route.key),)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        built = self._cache[key] = self.build(route, frame, now)
        while len(self._cache) > SCREEN_CACHE:
            self._cache.popitem(last=False)
        return built

    def build(self, route: Route, frame: Frame, now: datetime) -> tuple[Widget, Shown]:
        app = self.app
        shown = Shown(route)
        screen = SCREEN_TYPES[route.screen]()
        if route.screen == "detail" and not self._detail(screen, shown, frame, now):
            return self.build(HOME, frame, now)  # the entry vanished with new content
        if route.screen in POLL_ROUTES and not build_poll(app, screen, shown, frame, now):
            return self.build(HOME, frame, now)  # the poll is over
        if route.screen == "privacy":
            build_privacy(app, screen, shown, frame)
        if route.screen == "home":
            view = views.home_view(app.store, now)
            rows = screen.show(view, frame, app.polls.open_tile, app.open_entry,
                               app.open_privacy)
            shown.view, shown.pages = view, rows
        elif route.screen == "list":
            self._list(screen, shown, frame, now)
        elif route.screen == "attract":
            view = views.attract_view(app.store, now)
            screen.show(view, frame, text.time_text(now), lambda: app.show(app.nav.home()))
            shown.view = view
        return screen, shown

    def _list(self, screen: ListScreen, shown: Shown, frame: Frame, now: datetime) -> None:
        view = views.list_view(self.app.store, shown.route.key, now)
        fit = paging.title_fit(view.title, frame, frame.width - 2 * frame.m.pad)
        pages = paging.list_pages(view.rows, frame, fit.header)
        page = min(shown.route.page, len(pages) - 1)
        screen.show(view, fit, pages, page, frame, self.app.open_entry, self.app.turn_page)
        shown.view, shown.pages, shown.page = view, pages, page

    def _detail(self, screen: DetailScreen, shown: Shown, frame: Frame,
                now: datetime) -> bool:
        app = self.app
        page_base = app.kiosk_config.sync.feed_url or None
        view = views.detail_view(app.store, shown.route.key, now, page_base,
                                 app.kiosk_config.asset_dir)
        if view is None:
            return False
        fit, pages = paging.detail_layout(view, frame)
        page = min(shown.route.page, len(pages) - (0 if view.codes else 1))
        shown.code = screen.show(view, fit, pages, page, frame, app.turn_page,
                                 on_poll=app.polls.open_poll)

        def select(code: Any) -> None:
            shown.code = code
            app.usage.qr(code.kind)

        screen.on_select = select
        shown.view, shown.pages, shown.page = view, pages, page
        return True


def screen_speech(shown: Shown, screen: Widget, frame: Frame, now: datetime,
                  bar: list[str] | None) -> str:
    """The speech text of the screen on show (the overlay is the app's business)."""
    name = shown.route.screen
    if name == "home":
        return speech_text.home_speech(shown.view, shown.pages, bar)
    if name == "list":
        return speech_text.list_speech(shown.view, shown.pages, shown.page, bar)
    if name == "detail" and shown.code is not None:
        return speech_text.qr_speech(shown.view, shown.code, len(shown.pages) + 1,
                                     frame.landscape, bar)
    if name in ("detail", "privacy"):
        return speech_text.detail_speech(shown.view, shown.pages, shown.page, bar=bar)
    if name in POLL_ROUTES:
        return speech_text.poll_speech(shown.view.speech, shown.extra, bar)
    return speech_text.attract_speech(shown.view, text.time_text(now), screen.slide_index)
