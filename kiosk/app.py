"""The Kivy application: screens, navigation, the visit's preferences and the idle reset.

Import only after kiosk.kivy_setup.configure(): importing Kivy's window creates it.
"""

from __future__ import annotations

import logging
import signal
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import LabelBase
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.uix.widget import Widget

from kiosk import service, speech_text
from kiosk.audio import Player, write_chime
from kiosk.audio_stream import StreamPlayer
from kiosk.builder import ScreenBuilder, Shown, screen_speech
from kiosk.clock import Clock as ClockFn
from kiosk.clock import system_clock
from kiosk.counters import Counters
from kiosk.frames import Frame
from kiosk.nav import ATTRACT, Navigator, Route
from kiosk.poll_flow import PollFlow
from kiosk.privacy_page import ROUTE_KEY as PRIVACY
from kiosk.session import SETTING_TARGETS, IdleClock, Phase, Preferences, TapGuard, faces
from kiosk.store import Store
from kiosk.theme import font_files, icon_font, metrics
from kiosk.upkeep import Upkeep
from kiosk.usage import Usage
from screens.chrome import BottomBar
from screens.stage import RootLayout, Stage
from screens.still_there import QUESTION, StillThere
from sync.config import Config

if TYPE_CHECKING:
    from kiosk.speech import Speaker

log = logging.getLogger(__name__)
SCREENS_DIR = Path(__file__).resolve().parent.parent / "screens"
KV_FILES = ["widgets.kv", "home.kv", "listing.kv", "detail.kv", "attract.kv",
            "still_there.kv", "poll.kv"]


PRERENDER_DELAY_S = 20
PREFETCH_S = 0.25   # after a screen is drawn, the next one may be built


class KioskApp(App):
    title = "Quartier-Kiosk"
    use_kivy_settings = False

    def __init__(self, config: Config, store: Store, *, clock: ClockFn = system_clock,
                 player: Player | None = None, lockdown: bool = True,
                 monotonic: Any = time.monotonic, timers: bool = True,
                 speaker: Speaker | None = None, prerender: bool = True,
                 clock_synced: Any = None, display: Any = None,
                 counters: Counters | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kiosk_config = config
        self.store = store
        self.clock = clock
        self.monotonic = monotonic
        self.player = player if player is not None else StreamPlayer(config.speech.device)
        self.lockdown = lockdown
        self.timers = timers  # off for the tour: no idle question while rendering
        self.nav = Navigator()
        self.prefs = Preferences()
        self.idle = IdleClock(config.kiosk.idle_s, config.kiosk.idle_grace_s)
        self.guard = TapGuard()
        self.shown = Shown(ATTRACT)
        self.builder = ScreenBuilder(self)
        # Usage counts (hourly sums, docs/datenschutz.md) and the poll screens' taps.
        self.usage = Usage(counters if counters is not None else Counters(config.data_dir, clock))
        self.polls = PollFlow(self)
        self.screen: Widget | None = None
        self.chime = write_chime(config.data_dir / "sounds" / "chime.wav")
        # The speech service is made after the first frame (or on first use): the screen
        # comes first at startup.
        self._speaker: Speaker | None = None
        if speaker is not None:
            self._adopt(speaker)
        self.prerender = prerender
        self.prerenderer: Any = None
        self.upkeep = Upkeep(self, clock_synced=clock_synced, backend=display)

    @property
    def speaker(self) -> Speaker:
        if self._speaker is None:
            from kiosk.speech import Speaker

            self._adopt(Speaker.from_config(self.kiosk_config, self.player))
        return self._speaker

    def _adopt(self, speaker: Speaker) -> None:
        self._speaker = speaker
        speaker.on_state(lambda _state: Clock.schedule_once(lambda _dt: self._bar_words(), 0))

    def _silence(self) -> None:
        """Stop speech, if there is a speech service yet."""
        if self._speaker is not None:
            self._speaker.stop()

    def _start_background(self) -> None:
        """After the first frames: the speech service, its status, and pre-rendering of
        new content (so a detail speaks at once)."""
        self.upkeep.background()
        if self.prerender:
            from kiosk.speech import PrerenderWorker

            self.prerenderer = PrerenderWorker.from_config(self.kiosk_config, self.store)
            Clock.schedule_once(lambda _dt: self.prerenderer.start(), PRERENDER_DELAY_S)

    # -- building -----------------------------------------------------------------------

    def build(self) -> RootLayout:
        fonts = font_files()
        LabelBase.register("Atkinson", fn_regular=fonts["regular"], fn_bold=fonts["bold"])
        LabelBase.register("Icons", fn_regular=icon_font())
        from screens.style import Style

        self.style = Style(self.kiosk_config.mm_per_px ** -1)
        for name in KV_FILES:
            Builder.load_file(str(SCREENS_DIR / name))
        root = RootLayout()
        self.sm = Stage(size_hint=(1, 1))
        root.add_widget(self.sm)
        self.bar = BottomBar()
        root.add_widget(self.bar)
        self.overlay: StillThere | None = None
        self.root_layout = root
        return root

    def on_start(self) -> None:
        Window.clearcolor = self.style.bg
        if self.lockdown:
            Window.show_cursor = False
            Window.bind(on_request_close=lambda *_a, **_k: True)
            # Refusing the close request also refuses SDL's SIGTERM; systemd must still
            # be able to stop the terminal cleanly.
            signal.signal(signal.SIGTERM, lambda *_a: Clock.schedule_once(lambda _dt: self.stop()))
        Window.bind(on_keyboard=self._on_keyboard)
        self.style.bind(bg=lambda _s, value: setattr(Window, "clearcolor", value))
        Clock.schedule_once(lambda _dt: self._start_background(), 1.0)
        service.announce(Window, Clock)
        self.upkeep.start()
        if self.timers:
            Clock.schedule_interval(lambda _dt: self.tick(), 1.0)
            Clock.schedule_interval(lambda _dt: self._next_slide(),
                                    max(8, self.kiosk_config.kiosk.attract_slide_s))
        self.show(self.nav.current)

    def on_stop(self) -> None:
        # Kivy dispatches on_stop twice when stop() is called; both calls must be harmless.
        self._silence()
        self.usage.counters.flush()
        if self.prerenderer is not None:
            self.prerenderer.stop(timeout=2)
        self.upkeep.stop()

    def open_settings(self, *_args: Any) -> bool:
        return False  # F1 and the menu key must not open Kivy's settings panel

    def _on_keyboard(self, _window: Any, key: int, _scancode: int, _codepoint: str,
                     modifiers: list[str]) -> bool:
        # Service exit for technicians: Ctrl+Alt+Shift+Q. Escape and F1-F12 do nothing.
        if key == 113 and {"ctrl", "alt", "shift"} <= set(modifiers):
            self.stop()
            return True
        return key == 27 or 282 <= key <= 293

    # -- geometry -----------------------------------------------------------------------

    def frame(self) -> Frame:
        width, height = (int(v) for v in Window.size)
        return Frame(width, height, metrics(self.style.px_per_mm, self.prefs.text_size))

    # -- navigation ---------------------------------------------------------------------

    def go(self, route: Route) -> None:
        self.show(self.nav.go(route))

    def open_list(self, key: str) -> None:
        self.go(Route("list", key))

    def open_entry(self, entry_id: str) -> None:
        self.go(Route("detail", entry_id))

    def prefetch(self, route: Route, while_on: Route) -> None:
        """Build `route`'s screen into the cache while the resident reads `while_on` (the
        thank-you while the confirmation is up), so the tap shows it at once."""
        def build(_dt: float) -> None:
            if self.nav.current == while_on:
                self.builder.get(route, self.frame(), self.clock())

        Clock.schedule_once(build, PREFETCH_S)

    def open_privacy(self) -> None:
        self.go(Route("privacy", PRIVACY))

    def turn_page(self, page: int) -> None:
        self.show(self.nav.turn_page(page))

    def bar_tap(self, target: str) -> None:
        if target == "home":
            self.show(self.nav.home())
        elif target == "back":
            self.show(self.nav.back())
        elif target == "read":
            self.read_aloud()
        elif target in SETTING_TARGETS:
            self.change_setting(target)

    def change_setting(self, target: str) -> None:
        """A setting button (Schrift, Kontrast, Tempo, Lauter): the next step, shown on
        the button in words and said aloud at once (at the new speed and volume), also
        when nothing is being read."""
        prefs = self.prefs
        if target == "textsize":
            prefs.next_text_size()
        elif target == "contrast":
            prefs.toggle_theme()
        elif target == "speed":
            prefs.next_speed()
        else:
            prefs.next_volume()
            self.speaker.set_steps(prefs.volume)
        if target in ("textsize", "contrast"):
            self.restyle()
            # Counted once per visit: a larger text size, high contrast.
            self.usage.settings(prefs.text_size if target == "textsize" else 0,
                                prefs.theme if target == "contrast" else "normal")
        self._bar_words()
        self.speaker.speak(faces(prefs)[target].said, prefs.speed)

    # -- reading aloud ------------------------------------------------------------------

    def read_aloud(self) -> None:
        """The Vorlesen button: read this screen; while reading: stop (and leave the
        Vorlese-Modus); after reading: "Nochmal". A setting's short announcement is no
        reading: Vorlesen then starts reading (and cuts the announcement off)."""
        if self.prefs.speech and self.speaker.speaking:
            self.speaker.stop()
            self.prefs.speech = False
        elif self.prefs.speech:
            self.speaker.repeat(self.prefs.speed)
        else:
            self.prefs.speech = True
            self.usage.speech()
            self.speaker.speak(f"Vorlesen ist eingeschaltet. {self.speech_text()}",
                               self.prefs.speed)
        self._bar_words()

    def restyle(self) -> None:
        """Apply the visit's text size and contrast and lay the screen out again."""
        self.style.apply(self.prefs.theme, self.prefs.text_size)
        route = self.nav.current
        if route.page:
            route = self.nav.replace_current(route.with_page(0))
        self.show(route, read=False)

    def show(self, route: Route, read: bool = True) -> None:
        """Show the screen for `route`, built with fresh content from the store (or taken
        from the cache when nothing it shows can have changed). Speech stops first; in the
        Vorlese-Modus the new screen is read on arrival."""
        self._silence()
        now = self.clock()
        frame = self.frame()
        screen, shown = self.builder.get(route, frame, now)
        if shown.route != route:
            self.nav.replace_current(shown.route)
        self.screen, self.shown = screen, shown
        self.sm.present(screen, shown.route.screen)
        self.usage.shown(shown.route, shown.code.kind if shown.code is not None else "")
        self._update_bar(frame, shown.route)
        if read and self.prefs.speech and shown.route.screen != "attract":
            self.speaker.speak(self.speech_text(), self.prefs.speed)

    def _update_bar(self, frame: Frame, route: Route) -> None:
        if route.screen == "attract":
            if self.bar.parent is not None:
                self.root_layout.remove_widget(self.bar)
            return
        if self.bar.parent is None:
            self.root_layout.add_widget(self.bar, index=0 if self.overlay is None else 1)
        # The bar only changes with the window and the text size; rebuilding it on every
        # screen change would cost more than the screen itself.
        key = (frame.width, frame.height, frame.m.scale)
        if getattr(self.bar, "built_for", None) != key:
            self.bar.build(frame, self.bar_tap)
            self.bar.built_for = key
        self.bar.show_back(self.nav.can_go_back)
        self._bar_words()

    def _bar_words(self) -> None:
        """The Vorlesen button shows what a tap will do: Vorlesen, Stopp or Nochmal; the
        setting buttons their current step."""
        if not getattr(self.bar, "buttons", None):
            return
        self.bar.show_settings(faces(self.prefs))
        if self.prefs.speech and self._speaker is not None and self._speaker.speaking:
            self.bar.show_read("Stopp")
        else:
            self.bar.show_read("Nochmal" if self.prefs.speech else "Vorlesen")

    def set_prefs(self, theme: str, text_size: int) -> None:
        self.prefs.theme, self.prefs.text_size = theme, text_size
        self.restyle()

    def speech_text(self) -> str:
        """What "Vorlesen" says for what is on screen now."""
        if self.overlay is not None:
            return speech_text.still_there_speech(QUESTION, self.overlay.countdown.text)
        bar = self.bar.words() if self.bar.parent else None
        return screen_speech(self.shown, self.screen, self.frame(), self.clock(), bar)

    # -- touches and time ---------------------------------------------------------------

    def note_touch(self) -> None:
        self.idle.touch(self.monotonic())

    def accept_tap(self, widget: Any) -> bool:
        """The tap guard: one action per tap, even with a trembling finger. Any tap but
        Vorlesen's own silences the terminal before it acts."""
        pos = tuple(widget.last_touch.pos) if widget.last_touch is not None else None
        accepted = self.guard.accept(widget.target, self.monotonic(), pos)
        if accepted and widget.target != "bar:read":
            self._silence()
        return accepted

    def tick(self) -> None:
        self.upkeep.tick()
        self.usage.counters.tick()
        now = self.monotonic()
        changed = self.idle.tick(now)
        if changed is Phase.ASKING:
            self.ask_still_there()
        elif changed is Phase.ATTRACT:
            self.end_visit()
        elif self.overlay is not None:
            self.overlay.update(self.idle.seconds_left(now))

    def ask_still_there(self) -> None:
        if self.overlay is not None:
            return
        self.overlay = StillThere()
        self.overlay.build(self.frame(), int(self.idle.grace_s), self.keep_going)
        self.root_layout.add_widget(self.overlay)
        self._silence()
        self.player.play(self.chime)

    def keep_going(self) -> None:
        """ "Ja, weiter": close the question; everything stays as it was."""
        self.idle.keep_going(self.monotonic())
        self._close_overlay()

    def end_visit(self) -> None:
        """Back to defaults (text size, contrast, speech, language) and to attract mode."""
        self._close_overlay()
        if self._speaker is not None:
            self._speaker.reset()  # silence, default volume, nothing to repeat for the next
        self.player.stop()         # person
        self.usage.visit_over()
        self.prefs = Preferences()
        self.style.apply(self.prefs.theme, self.prefs.text_size)
        self.show(self.nav.attract())

    def _close_overlay(self) -> None:
        if self.overlay is not None:
            self.root_layout.remove_widget(self.overlay)
            self.overlay = None

    def _next_slide(self) -> None:
        if self.nav.current.screen == "attract" and self.overlay is None:
            self.screen.next_slide()
