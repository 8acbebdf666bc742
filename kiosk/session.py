"""One resident's visit: chosen text size, contrast, speech, and when the visit is over.

After `idle_s` without a touch the terminal asks "Sind Sie noch da?" for `grace_s`; then
everything goes back to the defaults and the terminal returns to its attract screen, so the
next person starts fresh. Time is passed in, so tests need no waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from kiosk.theme import TEXT_SCALES, THEMES

SPEEDS = ("langsam", "normal", "schneller")     # also the words of [speech] in kiosk.toml
VOLUMES = ("normal", "laut", "sehr laut")       # steps above the configured volume
DOUBLE_TAP_S = 0.5

# The bar's setting buttons show their current step in words ("Schrift" over "groß").
SETTING_TARGETS = ("textsize", "contrast", "speed", "volume")
TEXT_SIZE_WORDS = ("normal", "groß", "sehr groß")
THEME_WORDS = {"normal": "normal", "high": "hoch"}
SPEED_WORDS = ("langsam", "normal", "schnell")
STATE_WORDS = {"textsize": TEXT_SIZE_WORDS, "contrast": tuple(THEME_WORDS.values()),
               "speed": SPEED_WORDS, "volume": VOLUMES}


@dataclass
class Preferences:
    text_size: int = 0          # index into theme.TEXT_SCALES
    theme: str = "normal"
    speech: bool = False        # "Vorlese-Modus": read each screen on arrival
    speed: int = 1              # index into SPEEDS
    volume: int = 0             # index into VOLUMES: steps above the terminal's volume
    language: str = "de"

    def next_text_size(self) -> int:
        self.text_size = (self.text_size + 1) % len(TEXT_SCALES)
        return self.text_size

    def toggle_theme(self) -> str:
        self.theme = THEMES[(THEMES.index(self.theme) + 1) % len(THEMES)]
        return self.theme

    def next_speed(self) -> int:
        self.speed = (self.speed + 1) % len(SPEEDS)
        return self.speed

    def next_volume(self) -> int:
        self.volume = (self.volume + 1) % len(VOLUMES)
        return self.volume


@dataclass(frozen=True)
class Face:
    """What a setting button shows and says: its word, its current step in words, and
    what is said aloud after each tap (at the new setting)."""

    word: str
    state: str
    said: str


def faces(prefs: Preferences) -> dict[str, Face]:
    """The setting buttons for `prefs`. "Lauter" has three steps; at the loudest its word
    is "Leiser", since the next tap goes back to normal: it never steps down under the
    word "Lauter"."""
    size, theme = TEXT_SIZE_WORDS[prefs.text_size], THEME_WORDS[prefs.theme]
    speed, volume = SPEED_WORDS[prefs.speed], VOLUMES[prefs.volume]
    loudest = prefs.volume + 1 == len(VOLUMES)
    turn = " Der Knopf heißt jetzt „Leiser“: einmal tippen, dann wieder normal." \
        if loudest else ""
    return {
        "textsize": Face("Schrift", size, f"Schrift: {size}."),
        "contrast": Face("Kontrast", theme, f"Kontrast: {theme}."),
        "speed": Face("Tempo", speed, f"Tempo: {speed}. So lese ich jetzt vor."),
        "volume": Face("Leiser" if loudest else "Lauter", volume,
                       f"Lautstärke: {volume}.{turn}"),
    }


def all_said() -> list[str]:
    """Everything a setting button can say (the speech cache renders it ahead)."""
    steps = [Preferences(text_size=i, theme=t, speed=i, volume=i)
             for i, t in zip(range(3), [*THEME_WORDS, *THEME_WORDS], strict=False)]
    return list(dict.fromkeys(f.said for prefs in steps for f in faces(prefs).values()))


class Phase(Enum):
    ATTRACT = "attract"   # nobody is using the terminal
    ACTIVE = "active"     # a resident is using it
    ASKING = "asking"     # "Sind Sie noch da?" is showing


@dataclass
class IdleClock:
    """Decides when to ask "Sind Sie noch da?" and when to end a visit."""

    idle_s: float = 120.0
    grace_s: float = 30.0
    phase: Phase = Phase.ATTRACT
    last_touch: float = 0.0
    asked_at: float = 0.0

    def touch(self, now: float) -> None:
        """A touch anywhere: the visit goes on (or starts)."""
        self.last_touch = now
        if self.phase is not Phase.ASKING:
            self.phase = Phase.ACTIVE

    def keep_going(self, now: float) -> None:
        """ "Ja, weiter": close the question, keep everything as it was."""
        self.phase = Phase.ACTIVE
        self.last_touch = now

    def tick(self, now: float) -> Phase | None:
        """Advance time; return the new phase when it changes, else None."""
        if self.phase is Phase.ACTIVE and now - self.last_touch >= self.idle_s:
            self.phase = Phase.ASKING
            self.asked_at = now
            return Phase.ASKING
        if self.phase is Phase.ASKING and now - self.asked_at >= self.grace_s:
            self.phase = Phase.ATTRACT
            return Phase.ATTRACT
        return None

    def seconds_left(self, now: float) -> int:
        """Seconds until the reset while asking (for the countdown on the overlay)."""
        if self.phase is not Phase.ASKING:
            return int(self.grace_s)
        return max(0, round(self.grace_s - (now - self.asked_at)))


@dataclass
class TapGuard:
    """Ignore a second tap on the same target within half a second (tremor).

    "The same target" also means the same spot: when a tap opens a new screen, a tremor's
    second tap lands on whatever now sits under the finger, so a tap within `radius_px`
    of the previous one counts as a repeat too. Every tap, even an ignored one, restarts
    the window, so a trembling finger acts once.
    """

    window_s: float = DOUBLE_TAP_S
    radius_px: float = 60.0
    _target: str | None = None
    _pos: tuple[float, float] | None = None
    _time: float = float("-inf")

    def accept(self, target: str, now: float, pos: tuple[float, float] | None = None) -> bool:
        repeat = now - self._time < self.window_s and (
            target == self._target or self._near(pos))
        self._target, self._pos, self._time = target, pos, now
        return not repeat

    def _near(self, pos: tuple[float, float] | None) -> bool:
        if pos is None or self._pos is None:
            return False
        return ((pos[0] - self._pos[0]) ** 2 + (pos[1] - self._pos[1]) ** 2) ** 0.5 \
            <= self.radius_px
