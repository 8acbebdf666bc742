"""The parts every screen shares: the bottom bar, the header band and the pager.

The bar is one widget for all screens, so Start, Zurück and Vorlesen are always in the
same place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kivy.uix.widget import Widget

from kiosk import layout
from kiosk.frames import BAR_ICONS, BAR_WORDS, Box, Frame
from kiosk.session import STATE_WORDS, Face
from screens.widgets import (
    BigButton,
    Panel,
    SettingButton,
    SwitchableButton,
    Text,
    add_button,
    add_text,
    place,
)

# target, icon; the words are kiosk.frames.BAR_WORDS (their widths decide the bar's rows)
BAR_TARGETS = ("home", "back", "read", "textsize", "contrast", "speed", "volume")
BAR = list(zip(BAR_TARGETS, BAR_WORDS, BAR_ICONS, strict=True))


# What the Vorlesen button says: before reading, while reading, after reading.
READ_STATES = {"Vorlesen": ("speaker", False), "Stopp": ("stop", True),
               "Nochmal": ("again", True)}


class BottomBar(Panel):
    """Start · Zurück · Vorlesen · Schrift · Kontrast · Tempo · Lauter, always in the same
    place."""

    def build(self, frame: Frame, on_tap: Callable[[str], None]) -> None:
        self.clear_widgets()
        self.pos = (0, 0)
        self.size = (frame.width, frame.bar_h)
        self.buttons = {}
        self.read_variants = {}
        for (target, word, icon_name), box in zip(BAR, frame.bar_buttons(), strict=True):
            size = frame.bar_text_size(word, box)
            if target in STATE_WORDS:
                button = self._setting(frame, box, target, word, size, on_tap)
            else:
                button = add_button(self, box, word, icon_name, f"bar:{target}", size,
                                    lambda _w, t=target: on_tap(t), vertical=True,
                                    kind=SwitchableButton if target == "back" else BigButton)
            self.buttons[target] = button
            if target == "read":
                self._read_variants(button, box, size, on_tap)

    def _setting(self, frame: Frame, box: Box, target: str, word: str, size: int,
                 on_tap: Callable[[str], None]) -> SettingButton:
        """A setting button: its word over its current step ("Schrift" over "groß")."""
        size, state_px = frame.bar_setting_sizes(word, STATE_WORDS[target], box)
        button = place(SettingButton(text=word, target=f"bar:{target}", label=word,
                                     font_px=size, state_px=state_px), box)
        button.bind(on_tap=lambda _w: on_tap(target))
        self.add_widget(button)
        return button

    def show_settings(self, faces: dict[str, Face]) -> None:
        """Show each setting's word and current step."""
        for target, face in faces.items():
            button = self.buttons[target]
            button.text, button.label, button.state_text = face.word, face.word, face.state

    def words(self) -> list[str]:
        """The bar's buttons as said aloud: a switched-off one left out, a setting with
        its step ("Schrift, jetzt groß")."""
        return [f"{b.text}, jetzt {b.state_text}" if getattr(b, "state_text", "") else b.text
                for b in self.buttons.values() if b.enabled]

    def _read_variants(self, first: Widget, box: Box, size: int,
                       on_tap: Callable[[str], None]) -> None:
        # All three faces of the button are built (and their words rendered) once;
        # switching is then one redraw, not new textures while speech starts.
        self.read_variants["Vorlesen"] = first
        for word, (icon_name, active) in READ_STATES.items():
            if word in self.read_variants:
                continue
            variant = add_button(self, box, word, icon_name, "bar:read", size,
                                 lambda _w: on_tap("read"), vertical=True)
            variant.active = active
            self.remove_widget(variant)
            self.read_variants[word] = variant

    def show_back(self, possible: bool) -> None:
        """Zurück where there is somewhere to go back to; on Start it stays in its place,
        switched off and greyed (it does not react), so the bar never changes shape."""
        back = self.buttons["back"]
        back.enabled = possible
        back.off = not possible

    def show_read(self, word: str) -> None:
        """Show the Vorlesen button's face for `word` (Vorlesen, Stopp or Nochmal)."""
        current = self.buttons["read"]
        wanted = self.read_variants[word]
        if wanted is current:
            return
        self.remove_widget(current)
        self.add_widget(wanted)
        self.buttons["read"] = wanted


def add_header(parent: Widget, frame: Frame, title: str, size: int, lines: int,
               header_h: int, subtitle: str = "") -> list[Text]:
    """The title band at the top of a screen."""
    m = frame.m
    top = frame.height - m.mm(2)
    width = frame.width - 2 * m.pad
    out = [add_text(parent, title, m.pad, top, width, size, lines, bold=True, role="title")]
    if subtitle:
        sub_top = top - lines * layout.line_height(size)
        out.append(add_text(parent, subtitle, m.pad, sub_top, width, m.body, 1, role="body"))
    return out


@dataclass(frozen=True)
class Extra:
    """One more button in the pager row (the detail's "Aufs Handy")."""

    word: str
    icon: str
    target: str
    on_tap: Callable[[], None]


def add_pager(parent: Widget, area: Box, frame: Frame, page: int, pages: int,
              on_turn: Callable[[int], None], extra: Extra | None = None) -> None:
    """Zurück · "Seite 2 von 3" · [extra] · Weiter; nothing when there is one page and no
    extra. Weiter is always at the bottom right, above the bar, on every paged screen.
    In portrait the page label stands on its own line above the buttons."""
    if pages <= 1 and extra is None:
        return
    m = frame.m
    row_h = m.mm(24)
    count = 3 if extra else 2
    side_by_side = frame.landscape
    label_w_min = m.mm(60) if side_by_side else 0
    button_w = min(m.mm(85), int((area.w - count * m.gap - label_w_min) / count))
    size = layout.fit_size("Zurück", m.body, m.base_body, button_w - m.body * 1.6, True)
    extra_w = button_w
    if extra is not None and side_by_side:
        extra_w = min(m.mm(120), max(button_w, int(layout.text_width(
            extra.word, size, bold=True) / layout.WIDTH_SLACK + m.body * 2)))
    elif extra is not None and pages > 1:
        # Portrait: three buttons share the row, each as wide as its word needs.
        size, (button_w, extra_w) = _portrait_pager(area.w, frame, extra.word)
    prev_box = Box(area.x, area.y, button_w, row_h)
    next_box = Box(area.x + area.w - button_w, area.y, button_w, row_h)
    right = next_box.x
    if extra is not None:
        extra_box = Box(next_box.x - m.gap - extra_w, area.y, extra_w, row_h)
        add_button(parent, extra_box, extra.word, extra.icon, extra.target, size,
                   lambda _w: extra.on_tap())
        right = extra_box.x
    if pages > 1:
        prev = add_button(parent, prev_box, "Zurück", "prev", "pager:prev", size,
                          lambda _w: on_turn(page - 1), label="Zurück (vorige Seite)")
        prev.enabled = page > 0
        nxt = add_button(parent, next_box, "Weiter", "next", "pager:next", size,
                         lambda _w: on_turn(page + 1), label="Weiter (nächste Seite)")
        nxt.enabled = page + 1 < pages
        label = f"Seite {page + 1} von {pages}"
        if side_by_side:
            label_x, label_w = prev_box.x + prev_box.w + m.gap, 0
            label_w = right - m.gap - label_x
            label_y = area.y
        else:
            label_x, label_w, label_y = area.x, area.w, area.y + row_h + m.mm(1)
        label_size = layout.fit_size(label, m.body, m.base_body, label_w)
        lines = layout.line_count(label, label_size, label_w)
        label_h = lines * layout.line_height(label_size)
        top = label_y + (row_h + label_h) / 2 if side_by_side else label_y + label_h
        add_text(parent, label, label_x, top, label_w, label_size, lines, halign="center",
                 role="page")


def _portrait_pager(width: int, frame: Frame, extra_word: str) -> tuple[int, tuple[int, int]]:
    """Zurück · extra · Weiter in one portrait row: the largest size (down to the body size
    of the default text size) at which all three words fit, and the widths of the Zurück/
    Weiter buttons and of the extra one, the room left over shared out."""
    m = frame.m
    room = width - 2 * m.gap
    size = m.body
    while True:
        side = max(frame.button_width(w, size) for w in ("Zurück", "Weiter"))
        middle = frame.button_width(extra_word, size)
        if 2 * side + middle <= room or size <= m.base_body:
            break
        size -= 1
    spare = max(0, room - 2 * side - middle) // 3
    return size, (side + spare, room - 2 * (side + spare))
