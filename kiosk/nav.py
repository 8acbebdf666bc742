"""Where the resident is: a history of routes, with Start and Zurück that always work.

"Zurück" in the bottom bar means "where I came from": a page turn inside a list or a
detail is not a step in the history, so Zurück from page 3 of a detail returns to the
list in one tap (at the list page the resident left). On Start there is nowhere to go
back to (`can_go_back` is false): the bar shows Zurück there as switched off.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

MAX_HISTORY = 40


@dataclass(frozen=True)
class Route:
    screen: str              # "home", "list", "detail", "attract"
    key: str = ""            # list: "today" | "week" | "category:<id>"; detail: entry id
    page: int = 0

    def with_page(self, page: int) -> Route:
        return replace(self, page=page)


HOME = Route("home")
ATTRACT = Route("attract")


class Navigator:
    """The route history of one resident's visit."""

    def __init__(self) -> None:
        self._stack: list[Route] = [ATTRACT]

    @property
    def current(self) -> Route:
        return self._stack[-1]

    @property
    def can_go_back(self) -> bool:
        return len(self._stack) > 1

    def go(self, route: Route) -> Route:
        """Open `route` on top of the history."""
        if route != self.current:
            self._stack.append(route)
            # A long visit must not grow memory without bound; the oldest steps go first,
            # but Start stays at the bottom.
            if len(self._stack) > MAX_HISTORY:
                del self._stack[1:2]
        return self.current

    def turn_page(self, page: int) -> Route:
        """Show another page of the current screen: the same step of the history."""
        return self.replace_current(self.current.with_page(max(0, page)))

    def back(self) -> Route:
        """Return to the previous route; on Start, stay there."""
        if self.can_go_back:
            self._stack.pop()
        return self.current

    def home(self) -> Route:
        """Forget the history and show Start."""
        self._stack = [HOME]
        return self.current

    def attract(self) -> Route:
        """End the visit: the idle screen with today's highlights."""
        self._stack = [ATTRACT]
        return self.current

    def replace_current(self, route: Route) -> Route:
        """Swap the current route (e.g. a page that no longer exists after new content)."""
        self._stack[-1] = route
        return self.current
