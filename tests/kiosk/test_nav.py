"""Navigation history: Start and Zurück always work; page turns are steps back too."""

from kiosk.nav import ATTRACT, HOME, MAX_HISTORY, Navigator, Route


def test_navigator_starts_in_attract_mode():
    nav = Navigator()
    assert nav.current == ATTRACT and not nav.can_go_back


def test_navigator_back_returns_through_pages_and_screens():
    nav = Navigator()
    nav.home()
    nav.go(Route("list", "week"))
    nav.turn_page(1)
    nav.turn_page(2)
    nav.go(Route("detail", "a"))
    assert nav.back() == Route("list", "week", 2)
    assert nav.back() == Route("list", "week", 1)
    assert nav.back() == Route("list", "week", 0)
    assert nav.back() == HOME
    assert nav.back() == HOME  # Zurück on Start stays on Start


def test_navigator_home_forgets_history():
    nav = Navigator()
    nav.home()
    nav.go(Route("list", "today"))
    nav.go(Route("detail", "x"))
    assert nav.home() == HOME and not nav.can_go_back


def test_navigator_same_route_twice_is_one_step():
    nav = Navigator()
    nav.home()
    nav.go(Route("list", "today"))
    nav.go(Route("list", "today"))
    assert nav.back() == HOME


def test_navigator_history_is_bounded_and_keeps_start():
    nav = Navigator()
    nav.home()
    for i in range(MAX_HISTORY * 3):
        nav.go(Route("detail", f"e{i}"))
    assert len(nav._stack) == MAX_HISTORY
    assert nav._stack[0] == HOME


def test_navigator_attract_ends_the_visit():
    nav = Navigator()
    nav.home()
    nav.go(Route("list", "week"))
    assert nav.attract() == ATTRACT and not nav.can_go_back
