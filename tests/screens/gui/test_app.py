"""The real app under Xvfb, driven with simulated touches (the touchscreen is faked)."""

from __future__ import annotations

import pytest
from kivy.core.window import Window
from kivy.tests.common import UnitTestTouch

from kiosk import views
from kiosk.nav import Route
from screens.widgets import Tappable
from tests.screens.gui.conftest import NOW, frames, tap


def find(app, target: str) -> Tappable:
    """The visible tap target with this id (bar, screen or overlay)."""
    root = app.overlay if app.overlay is not None else app.root_layout
    for widget in root.walk():
        if isinstance(widget, Tappable) and widget.target == target and widget.enabled:
            return widget
    raise LookupError(target)


def targets(app, prefix: str) -> list[Tappable]:
    return [w for w in app.root_layout.walk()
            if isinstance(w, Tappable) and w.target.startswith(prefix) and w.enabled]


def test_tiles_lead_where_they_say(app):
    keys = [t.key for t in views.home_view(app.store, NOW).tiles]
    assert keys[:2] == ["today", "week"] and len(keys) >= 4
    for key in keys:
        app.show(app.nav.home())
        frames()
        tap(find(app, f"tile:{key}"), clock=app.fake_clock)
        if key == "category:mitmachen":   # the open poll first (tests/screens/gui/test_poll.py)
            assert app.nav.current == Route("poll", "lindenplatz")
            tap(find(app, "poll:more"), clock=app.fake_clock)
        assert app.nav.current == Route("list", key)
        assert app.sm.current == "list"
        expected = views.list_view(app.store, key, NOW).title
        assert app.shown.view.title == expected


def _open_each_screen(app):
    yield "list", lambda: tap(find(app, "tile:week"), clock=app.fake_clock)
    yield "detail", lambda: (tap(find(app, "tile:week"), clock=app.fake_clock),
                             tap(targets(app, "row:")[0], clock=app.fake_clock))
    yield "list-page-2", lambda: (tap(find(app, "tile:week"), clock=app.fake_clock),
                                  tap(find(app, "pager:next"), clock=app.fake_clock))


@pytest.mark.parametrize("which", ["list", "detail", "list-page-2"])
def test_start_and_back_work_from_every_screen(app, which):
    opener = dict(_open_each_screen(app))[which]
    opener()
    route_before_last = app.nav._stack[-2]
    start, back = find(app, "bar:home"), find(app, "bar:back")
    tap(back, clock=app.fake_clock)
    assert app.nav.current == route_before_last
    opener_again = dict(_open_each_screen(app))[which]
    app.show(app.nav.home())
    frames()
    opener_again()
    assert app.nav.current.screen != "home"
    tap(find(app, "bar:home"), clock=app.fake_clock)
    assert app.nav.current == Route("home") and app.sm.current == "home"
    # The bar's buttons stay where they were (on Start, Zurück is there switched off).
    assert (start.pos, back.pos) == (find(app, "bar:home").pos, app.bar.buttons["back"].pos)


def test_back_on_start_is_shown_switched_off_and_does_nothing(app):
    back = app.bar.buttons["back"]
    assert not back.enabled and back.off and back.opacity == 1   # in its place, greyed
    assert back.bg_color[3] == 0 and back.edge_px > 0            # a frame, no fill
    assert "Zurück" not in app.speech_text()                      # not offered aloud
    tap(back, clock=app.fake_clock)
    assert app.nav.current == Route("home") and app.sm.current == "home"
    tap(find(app, "tile:week"), clock=app.fake_clock)
    assert find(app, "bar:back") is back and back.enabled and not back.off


def test_back_from_page_3_of_a_detail_returns_to_the_list_in_one_tap(app):
    """Issue 12: six "Weiter" taps needed six "Zurück" taps to return to the list."""
    tap(find(app, "tile:week"), clock=app.fake_clock)
    tap(find(app, "pager:next"), clock=app.fake_clock)
    list_route = app.nav.current
    assert list_route == Route("list", "week", 1)
    for row in targets(app, "row:"):
        tap(row, clock=app.fake_clock)
        if len(app.shown.pages) >= 3:
            break
        tap(find(app, "bar:back"), clock=app.fake_clock)
    else:
        raise AssertionError("no detail with three text pages on page 2 of the week")
    tap(find(app, "pager:next"), clock=app.fake_clock)
    tap(find(app, "pager:next"), clock=app.fake_clock)
    assert app.nav.current.screen == "detail" and app.shown.page == 2
    tap(find(app, "bar:back"), clock=app.fake_clock)
    assert app.nav.current == list_route and app.sm.current == "list"
    assert app.shown.page == 1   # the list page the resident left
    tap(find(app, "bar:back"), clock=app.fake_clock)
    assert app.nav.current == Route("home")


def test_paging_reaches_every_item_of_the_week(app):
    tap(find(app, "tile:week"), clock=app.fake_clock)
    expected = [r.entry_id + r.headline for r in views.list_view(app.store, "week", NOW).rows]
    seen = []
    while True:
        seen += [w.target.removeprefix("row:") + w.headline for w in targets(app, "row:")]
        try:
            tap(find(app, "pager:next"), clock=app.fake_clock)
        except LookupError:
            break
    assert sorted(seen) == sorted(expected)
    assert len(expected) > 5


def test_press_drag_out_release_does_nothing(app):
    tile = find(app, "tile:week")
    touch = UnitTestTouch(*tile.to_window(*tile.center))
    touch.touch_down()
    touch.touch_move(tile.right + 400, tile.top + 300)
    touch.touch_up()
    frames()
    assert app.nav.current == Route("home")


def test_tap_acts_on_release_not_on_press(app):
    tile = find(app, "tile:week")
    touch = UnitTestTouch(*tile.to_window(*tile.center))
    touch.touch_down()
    frames()
    assert app.nav.current == Route("home")
    touch.touch_up()
    frames()
    assert app.nav.current == Route("list", "week")


def test_double_tap_acts_once(app):
    tap(find(app, "tile:week"), clock=app.fake_clock)
    nxt = find(app, "pager:next")
    pos = nxt.to_window(*nxt.center)
    tap(pos, settle=0.2, clock=app.fake_clock)
    tap(pos, settle=0.6, clock=app.fake_clock)  # within 0.5 s: a trembling finger
    assert app.nav.current.page == 1
    tap(pos, clock=app.fake_clock)  # later: a real second tap
    assert app.nav.current.page == 2


def test_double_tap_does_not_hit_the_next_screen(app):
    tile = find(app, "tile:today")
    pos = tile.to_window(*tile.center)
    tap(pos, settle=0.15, clock=app.fake_clock)
    assert app.nav.current == Route("list", "today")
    tap(pos, settle=0.15, clock=app.fake_clock)  # lands on whatever is there now
    assert app.nav.current == Route("list", "today")


def test_text_size_and_contrast_change_and_stay_in_place(app):
    bar_before = {k: tuple(b.pos) for k, b in app.bar.buttons.items()}
    body_before = app.style.body
    tap(find(app, "bar:textsize"), clock=app.fake_clock)
    assert app.prefs.text_size == 1 and app.style.body > body_before
    tap(find(app, "bar:contrast"), clock=app.fake_clock)
    assert app.prefs.theme == "high" and tuple(Window.clearcolor[:3]) == (0, 0, 0)
    assert {k: tuple(b.pos) for k, b in app.bar.buttons.items()}.keys() == bar_before.keys()
    assert tuple(find(app, "bar:home").pos) == bar_before["home"]


def test_idle_overlay_then_continue_keeps_the_state(app):
    tap(find(app, "tile:week"), clock=app.fake_clock)
    tap(find(app, "bar:textsize"), clock=app.fake_clock)
    route = app.nav.current
    played = len(app.fake_player.played)
    app.fake_clock.advance(119)
    app.tick()
    assert app.overlay is None
    app.fake_clock.advance(2)
    app.tick()
    frames()
    assert app.overlay is not None
    assert len(app.fake_player.played) == played + 1  # the short chime
    app.fake_clock.advance(29)
    app.tick()
    assert app.overlay is not None  # still asking after 29 s: at least 30 s to answer
    tap(find(app, "overlay:continue"), clock=app.fake_clock)
    assert app.overlay is None
    assert app.nav.current == route and app.prefs.text_size == 1


def test_idle_timeout_resets_everything(app):
    tap(find(app, "tile:week"), clock=app.fake_clock)
    tap(find(app, "bar:contrast"), clock=app.fake_clock)
    tap(find(app, "bar:textsize"), clock=app.fake_clock)
    app.prefs.speech = True
    app.prefs.speed = 2
    app.fake_clock.advance(121)
    app.tick()
    app.fake_clock.advance(31)
    app.tick()
    frames()
    assert app.overlay is None
    assert app.nav.current == Route("attract") and app.sm.current == "attract"
    assert (app.prefs.theme, app.prefs.text_size, app.prefs.speech, app.prefs.speed,
            app.prefs.language) == ("normal", 0, False, 1, "de")
    assert app.style.body == app.style.metrics.base_body
    tap(find(app, "attract"), clock=app.fake_clock)
    assert app.nav.current == Route("home")


@pytest.mark.parametrize("key", [27, 282, 292])  # Escape, F1, F11
def test_escape_and_function_keys_do_nothing(app, key):
    route = app.nav.current
    handled = Window.dispatch("on_keyboard", key, 0, "", [])
    frames()
    assert handled
    assert app.nav.current == route
    assert not any(type(w).__name__.startswith("Settings") for w in Window.children)


def test_window_close_is_refused(app):
    assert Window.dispatch("on_request_close") is True


def test_detail_of_every_entry_opens(app):
    for entry_id in app.store.entry_ids(NOW):
        app.go(Route("detail", entry_id))
        frames()
        assert app.sm.current == "detail" and app.shown.view.entry_id == entry_id


def test_new_content_appears_on_the_next_screen_change(app):
    from sync.apply import apply_feed
    from sync.demo import demo_source
    from sync.source import build_feed

    tap(find(app, "tile:week"), clock=app.fake_clock)
    doc = build_feed(demo_source(NOW.date()), version=int(NOW.timestamp()) + 50, now=NOW)
    entry = next(e for e in doc["entries"] if e["id"] == "lb-spielenachmittag")
    entry["title"] = "Spielenachmittag mit Bingo"
    apply_feed(app.store.db_path, doc, now=NOW)  # as the sync process would, meanwhile
    tap(find(app, "bar:home"), clock=app.fake_clock)
    tap(find(app, "tile:week"), clock=app.fake_clock)
    titles = [w.title_text for w in app.root_layout.walk() if hasattr(w, "title_text")]
    assert "Spielenachmittag mit Bingo" in titles


def test_a_finished_one_off_event_is_gone_the_next_day(app):
    """A feed published on Monday holds Monday's one-off fair; on Tuesday (the app's
    clock) the terminal shows it nowhere, even though no newer feed dropped it."""
    from datetime import timedelta

    from sync.apply import apply_feed
    from sync.demo import demo_source
    from sync.source import build_feed

    monday = NOW - timedelta(days=1)
    source = demo_source(monday.date())
    source["entries"].append({
        "id": "lb-basar", "kind": "event", "category": "treffen", "title": "Adventsbasar",
        "summary": "Selbstgemachtes für einen guten Zweck.", "place_id": "alte-schule",
        "schedule": {"start": f"{monday.date()}T14:00", "end": f"{monday.date()}T17:00"}})
    doc = build_feed(source, version=int(NOW.timestamp()) + 60, now=monday.replace(hour=8))
    assert "lb-basar" in {e["id"] for e in doc["entries"]}
    apply_feed(app.store.db_path, doc, now=NOW)     # the last feed this terminal got
    try:
        tap(find(app, "tile:category:treffen"), clock=app.fake_clock)
        titles = [w.title_text for w in app.root_layout.walk() if hasattr(w, "title_text")]
        assert titles and "Adventsbasar" not in titles
        app.go(Route("detail", "lb-basar"))
        frames()
        # Nothing to open (no page without a date): the app goes to Start instead.
        assert app.sm.current == "home" and app.shown.view.__class__ is views.HomeView
        assert "lb-basar" not in app.store.entry_ids(NOW)
    finally:
        apply_feed(app.store.db_path, build_feed(demo_source(NOW.date()), now=NOW,
                                                 version=int(NOW.timestamp()) + 70), now=NOW)
