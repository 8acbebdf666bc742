"""`quartier-kiosk tour`: render every screen to PNG and describe it in tour.json.

Every screen (attract, start, each list page, every entry's detail page, the Datenschutz
page, each open poll's question, confirmation, thank-you and results, the overlay) in
both themes and all three text sizes, for each run: a window size (landscape, portrait)
at a clock time (a morning, an afternoon). Frames are read in the window's on_flip
handler, after drawing and before the buffer swap.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels
from PIL import Image

from kiosk.meaning.record import detail_record, list_record
from kiosk.nav import Route
from kiosk.privacy_page import ROUTE_KEY as PRIVACY
from kiosk.theme import THEMES
from screens import audit

log = logging.getLogger(__name__)
# The app swaps screens without a ScreenManager, and Kivy renders label textures before
# the frame is drawn, so the first frame after a change is final (checked: identical to
# the third frame for every shot of a tour).
SETTLE_FRAMES = 1
SETTLE_RESIZE_S = 5.0   # how long a window may take to get a run's size
Step = tuple[str, str, Callable[[], None]]
PAGED = ("list", "detail", "privacy")


@dataclass(frozen=True)
class Run:
    """One pass of the tour: a window size at a clock time."""

    size: tuple[int, int]
    now: datetime

    def tag(self) -> str:
        width, height = self.size
        return f"{'quer' if width >= height else 'hoch'}-{self.now:%H%M}"


class Tour:
    def __init__(self, app: Any, out: Path, scale: float = 1.0,
                 themes: tuple[str, ...] = THEMES, sizes: tuple[int, ...] = (0, 1, 2),
                 runs: list[Run] | None = None,
                 at: Callable[[datetime], None] | None = None) -> None:
        self.app, self.out, self.scale = app, out, scale
        self.themes, self.sizes = themes, sizes
        self.runs = runs or []
        self.at = at or (lambda _now: None)   # sets the app's clock for a run
        self.tag = ""
        self.wanted_size: tuple[int, int] = (0, 0)
        self.shots: list[dict] = []
        self.pool = ThreadPoolExecutor(1)
        self.pending: tuple[str, str, dict] | None = None
        self.frames = 0
        self.status = 1
        self.steps = self._plan()

    # -- what to render ------------------------------------------------------------------

    def _plan(self) -> Iterator[Step]:
        if not self.runs:
            yield from self._screens()
            return
        for run in self.runs:
            yield ("setup", "", lambda r=run: self._setup(r))
            yield from self._screens()

    def _setup(self, run: Run) -> None:
        """Size the window and set the clock for the next run; the screens are built anew
        (the app's cache key holds the window size and the minute)."""
        self.at(run.now)
        self.tag = run.tag() if len(self.runs) > 1 else ""
        self.wanted_size = run.size
        if tuple(int(v) for v in Window.size) != run.size:
            Window.size = run.size

    def _screens(self) -> Iterator[Step]:
        app = self.app
        for theme in self.themes:
            for size in self.sizes:
                meta = {"theme": theme, "text_size": size}
                yield ("attract", "", lambda t=theme, s=size: (app.set_prefs(t, s),
                                                              app.show(app.nav.attract())))
                yield ("home", "", lambda: app.show(app.nav.home()))
                for key in self._list_keys():
                    yield from self._pages("list", key, meta)
                for entry_id in app.store.entry_ids(app.clock()):
                    yield from self._pages("detail", entry_id, meta)
                yield from self._pages("privacy", PRIVACY, meta)
                yield from self._polls()
                yield ("overlay", "", lambda: (app.show(app.nav.home()),
                                               app.ask_still_there()))
                yield ("overlay-closed", "", app.keep_going)

    def _polls(self) -> Iterator[Step]:
        """Each open poll: the question, the confirmation of its first answer, the
        thank-you and the results (the tour votes nowhere: it shows the routes)."""
        app = self.app
        found = app.store.open_polls(app.clock())
        if len(found) > 1:
            yield ("polls", "", lambda: app.go(Route("polls")))
        for poll in found:
            keys = {"poll": poll.id, "poll_confirm": f"{poll.id}/{poll.answers[0].id}",
                    "poll_thanks": poll.id, "poll_results": poll.id}
            for screen, key in keys.items():
                yield (screen, "", lambda s=screen, k=key: app.go(Route(s, k)))

    def _list_keys(self) -> list[str]:
        info = self.app.store.info()
        keys = ["today", "week"]
        return keys + [f"category:{c.id}" for c in (info.categories if info else [])]

    def _pages(self, screen: str, key: str, meta: dict) -> Iterator[Step]:
        app = self.app
        entry_id = key if screen == "detail" else ""
        yield (screen, entry_id, lambda: app.go(Route(screen, key)))
        page = 1
        while page < _page_count(app.shown):
            yield (screen, entry_id, lambda p=page: app.turn_page(p))
            page += 1
        if screen == "detail" and app.shown.code is not None:
            # The QR page: one shot per kind of code the entry has.
            for code in app.shown.view.codes[1:]:
                yield (screen, entry_id, lambda k=code.kind: app.screen.select(k))

    # -- driving the frames --------------------------------------------------------------

    def start(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        Window.bind(on_flip=self._on_flip)
        Clock.schedule_once(lambda _dt: self._next(), 0)

    def _next(self) -> None:
        try:
            screen, entry_id, action = next(self.steps)
        except StopIteration:
            self._finish()
            return
        action()
        if screen == "overlay-closed":
            Clock.schedule_once(lambda _dt: self._next(), 0)
            return
        if screen == "setup":
            self._await_size(SETTLE_RESIZE_S)
            return
        self.pending = (screen, entry_id, {"theme": self.app.prefs.theme,
                                           "text_size": self.app.prefs.text_size})
        self.frames = 0
        Window.canvas.ask_update()

    def _await_size(self, left: float) -> None:
        """Go on when the window has its run's size (the X server resizes it
        asynchronously); a tour that cannot get it fails rather than render a wrong one."""
        wanted = self.wanted_size
        if tuple(int(v) for v in Window.size) == wanted:
            Clock.schedule_once(lambda _dt: self._next(), 0.1)
        elif left <= 0:
            log.error("tour: the window did not get the size %s", wanted)
            self._finish(status=1)
        else:
            Clock.schedule_once(lambda _dt: self._await_size(left - 0.1), 0.1)

    def _on_flip(self, window: Any) -> None:
        if self.pending is None:
            return
        self.frames += 1
        if self.frames < SETTLE_FRAMES:
            window.canvas.ask_update()
            return
        screen, entry_id, meta = self.pending
        self.pending = None
        self._capture(window, screen, entry_id, meta)
        Clock.schedule_once(lambda _dt: self._next(), 0)

    def _capture(self, window: Any, screen: str, entry_id: str, meta: dict) -> None:
        width, height = (int(v) for v in window.size)
        # RGBA: about ten times faster to read back than RGB with Mesa.
        data = glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE)
        app = self.app
        shown = app.shown
        qr_kind = shown.code.kind if shown.code is not None else ""
        name = _file_name(len(self.shots) + 1, screen, shown.route, shown.page,
                          {**meta, "qr": qr_kind, "run": self.tag})
        self.pool.submit(self._save, data, (width, height), self.out / name)
        root = app.overlay if app.overlay is not None else app.root_layout
        self.shots.append({
            "file": name,
            "screen": screen,
            "entry_id": entry_id or None,
            "route": shown.route.key,
            "page": shown.page,
            "pages": _page_count(shown) if screen in PAGED else 1,
            **meta,
            "speech_text": app.speech_text(),
            "qr": [{"kind": shown.code.kind, "payload": shown.code.payload,
                    "module_px": app.screen.panel.image.module_px,
                    **_qr_box(app.screen.panel.image)}] if shown.code is not None else [],
            "targets": audit.targets(root, app.style.hex("bg")),
            "bg": app.style.hex("bg"),
            "button_bg": app.style.hex("button_bg"),
            "texts": audit.texts(root, app.style.hex("bg")),
            "pictures": audit.pictures(root),
            "size": [width, height],
            "now": app.clock().isoformat(),
            **self._record(screen, shown),
        })

    def _record(self, screen: str, shown: Any) -> dict:
        """What the meaning audit needs from the view objects (kiosk.meaning.record)."""
        if screen in ("detail", "privacy") and shown.code is None:
            return detail_record(shown.view, shown.pages, shown.page, self.app.frame())
        if screen == "list":
            return list_record(shown.view, shown.pages, shown.page, self.app.frame())
        return {}

    def _save(self, data: bytes, size: tuple[int, int], path: Path) -> None:
        image = Image.frombytes("RGBA", size, data).convert("RGB")
        image = image.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
        if self.scale != 1:
            image = image.resize((round(size[0] * self.scale), round(size[1] * self.scale)),
                                 Image.Resampling.LANCZOS)
        image.save(path, compress_level=1)

    def _finish(self, status: int = 0) -> None:
        Window.unbind(on_flip=self._on_flip)
        self.pool.shutdown(wait=True)
        first = self.shots[0] if self.shots else {}
        size = first.get("size") or [int(v) for v in Window.size]
        doc = {"size": size, "now": first.get("now") or self.app.clock().isoformat(),
               "runs": [{"size": list(r.size), "now": r.now.isoformat()} for r in self.runs],
               "mm_per_px": self.app.kiosk_config.mm_per_px,
               "png_scale": self.scale, "shots": self.shots}
        (self.out / "tour.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1),
                                            "utf-8")
        log.info("tour: %d shots in %s", len(self.shots), self.out)
        self.status = status
        self.app.stop()


def _page_count(shown: Any) -> int:
    codes = getattr(shown.view, "codes", None)
    return max(1, len(shown.pages) + (1 if codes else 0))


def _qr_box(image: Any) -> dict:
    x, y = image.to_window(image.x, image.y)
    return {"x": int(x), "y": int(Window.size[1] - y - image.height), "w": int(image.width),
            "h": int(image.height)}


def _file_name(number: int, screen: str, route: Route, page: int, meta: dict) -> str:
    parts = [f"{number:03d}", screen]
    if route.key and screen in ("list", "detail"):
        parts.append(route.key.replace("category:", "").replace(":", "-"))
    if screen in PAGED:
        parts.append(f"s{page + 1}")
    if meta.get("qr"):
        parts.append(f"qr-{meta['qr']}")
    parts.append(meta["theme"])
    parts.append(f"g{meta['text_size']}")
    if meta.get("run"):
        parts.append(meta["run"])
    return "-".join(parts) + ".png"

