"""Navigation history: Start and Zurück always work; Zurück means "where I came from",
so a page turn is not a step of the history."""

from kiosk.nav import ATTRACT, HOME, MAX_HISTORY, Navigator, Route


def test_navigator_starts_in_attract_mode():
    nav = Navigator()
    assert nav.current == ATTRACT and not nav.can_go_back


def test_navigator_back_skips_the_pages_turned_inside_a_screen():
    nav = Navigator()
    nav.home()
    nav.go(Route("list", "week"))
    nav.turn_page(1)
    nav.turn_page(2)
    nav.go(Route("detail", "a"))
    nav.turn_page(1)
    nav.turn_page(2)
    assert nav.current == Route("detail", "a", 2)
    # One tap from page 3 of the detail: the list, at the page the resident left.
    assert nav.back() == Route("list", "week", 2)
    assert nav.back() == HOME
    assert nav.back() == HOME  # Zurück on Start stays on Start


def test_navigator_cannot_go_back_on_start():
    nav = Navigator()
    nav.home()
    assert not nav.can_go_back
    nav.go(Route("list", "today"))
    nav.turn_page(1)
    assert nav.can_go_back
    nav.back()
    assert nav.current == HOME and not nav.can_go_back


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
