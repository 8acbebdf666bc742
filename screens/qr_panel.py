"""The QR panel: one code at a time, big buttons for the kinds the entry has, and in words
which code is chosen, what it does on the phone and how to use it.

The chosen kind's button has a dark frame around it and the words start with "Gewählt:
Termin" – no check mark, which reads as "gebucht". The explanation ("Ihr Handy trägt den
Termin in den Kalender ein: …") is always on screen, at every text size: the words get
the width they need (landscape) or the code moves beside the instruction (portrait), and
shrink to the default size at most. Codes are black on white in every theme, with whole
screen pixels per module (nearest-neighbour, no smoothing) and a quiet zone of four
modules.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from kivy.graphics import Color, Line, Rectangle
from kivy.graphics.texture import Texture
from kivy.uix.widget import Widget

from kiosk import layout
from kiosk.frames import Box, Frame
from kiosk.qr import INSTRUCTION, QrCode
from kiosk.qr_render import MAX_VERSION, MIN_MODULE_PX, QUIET, fit_module_px, render
from screens.widgets import Panel, add_button, add_text, place

# Room for the largest code (version 12: 65 modules + 2 × 4 quiet) at 8 pixels a module.
MIN_CODE_PX = (17 + 4 * MAX_VERSION + 2 * QUIET) * MIN_MODULE_PX
ICONS = {"termin": "calendar_plus", "kontakt": "vcard", "anrufen": "phone", "weg": "map",
         "details": "web"}
WORDS_MIN_MM = 105
FRAME_GAP_MM = 1.5     # between a chosen button and its frame
FRAME_MM = 1.2         # the frame's thickness
Words = list[tuple[str, bool, str]]   # (text, bold, role)


class QrImage(Widget):
    """A QR code drawn 1:1 at whole pixels."""

    def show(self, payload: str, module_px: int, room: Box) -> None:
        """Draw the code centred in `room`, at whole-pixel coordinates."""
        bitmap = render(payload, module_px)
        width = height = bitmap.size
        texture = Texture.create(size=(width, height), colorfmt="rgba")
        texture.mag_filter = texture.min_filter = "nearest"
        texture.blit_buffer(bitmap.rgba, colorfmt="rgba", bufferfmt="ubyte")
        texture.flip_vertical()
        self.size_hint = (None, None)
        self.size = (width, height)
        self.pos = (int(room.x + (room.w - width) / 2), int(room.y + (room.h - height) / 2))
        self.payload, self.module_px = payload, module_px
        self.canvas.clear()
        with self.canvas:
            Color(1, 1, 1, 1)
            Rectangle(texture=texture, pos=self.pos, size=(width, height))


class QrPanel(Panel):
    """Kind buttons and the chosen code; `select` switches the code in place."""

    def build(self, box: Box, frame: Frame, codes: list[QrCode], selected: str,
              on_select: Callable[[str], None]) -> QrCode:
        self.clear_widgets()
        place(self, box)
        self.box, self.frame, self.codes = box, frame, codes
        m = frame.m
        current = next((c for c in codes if c.kind == selected), codes[0])
        words: Words = [(f"Gewählt: {current.label}", True, "qr-chosen"),
                        (current.explanation, False, "qr-explanation"),
                        (INSTRUCTION, True, "qr-instruction")]
        if frame.landscape:
            column = m.mm(95)
            buttons = self._stack(box, column, len(codes))
            code_box = self._landscape_words(words, box, box.x + column + 2 * m.gap)
        else:
            per_row = 3
            rows = math.ceil(len(codes) / per_row)
            w = (box.w - (per_row - 1) * m.gap) // per_row
            buttons = [Box(box.x + (i % per_row) * (w + m.gap),
                           box.top - (i // per_row + 1) * m.mm(24) - (i // per_row) * m.gap,
                           w, m.mm(24)) for i in range(len(codes))]
            used = rows * m.mm(24) + rows * m.gap
            code_box = self._portrait_words(words, Box(box.x, box.y, box.w, box.h - used))
        for code, button_box in zip(codes, buttons, strict=True):
            size = layout.fit_size(code.label, m.body, m.base_body,
                                   button_box.w - m.body * 1.6, bold=True)
            button = add_button(self, button_box, code.label, ICONS[code.kind],
                                f"qr:{code.kind}", size,
                                lambda _w, k=code.kind: on_select(k),
                                label=f"Code: {code.label}")
            button.chosen = code.kind == current.kind
            if button.chosen:
                self._frame(button_box)
        self._code(current, code_box)
        return current

    def _stack(self, box: Box, width: int, count: int) -> list[Box]:
        """The kind buttons one below the other: 24 mm high where there is room, down to
        the 20 mm minimum for five under a two-line title at the largest text size."""
        m = self.frame.m
        h = max(m.mm(20), min(m.mm(24), (box.h - (count - 1) * m.gap) // max(count, 1)))
        return [Box(box.x, box.top - (i + 1) * h - i * m.gap, width, h) for i in range(count)]

    def _frame(self, button: Box) -> None:
        """A dark frame around the chosen button, in the text colour of the theme."""
        m = self.frame.m
        gap, thick = m.mm(FRAME_GAP_MM), max(2, m.mm(FRAME_MM))
        outline = Widget()
        with outline.canvas:
            Color(*self.frame_color)
            # Kivy's Line draws `width` to each side of the path.
            inset = gap + thick / 2
            Line(rounded_rectangle=(button.x - inset, button.y - inset,
                                    button.w + 2 * inset, button.h + 2 * inset,
                                    m.mm(2) + inset), width=thick / 2)
        self.add_widget(outline)

    @property
    def frame_color(self) -> list[float]:
        from kivy.app import App

        app = App.get_running_app()
        return list(app.style.fg) if app is not None else [0, 0, 0, 1]

    def _landscape_words(self, words: Words, box: Box, x: int) -> Box:
        """The words in a column from `x`; the code, a square as high as the panel, at the
        right. The words take the width the code leaves (short lines, few of them) and
        shrink to the default size at most where even that is not enough."""
        m = self.frame.m
        # The code may reach down into the gap above the pager row, which is empty under
        # it (the QR page has no "Weiter"): at the largest text size under a two-line title
        # the panel alone is 16 pixels short of the largest code at 8 pixels a module.
        reach = m.gap - m.mm(1)
        code = Box(0, box.y - reach, max(MIN_CODE_PX, box.h + reach), box.h + reach)
        width = max(m.mm(WORDS_MIN_MM), box.x + box.w - code.w - m.gap - x)
        width = min(width, box.x + box.w - MIN_CODE_PX - m.gap - x)
        size = next((s for s in range(m.body, m.base_body - 1, -1)
                     if _fits(words, s, width, box.h, m.mm(2))), m.base_body)
        self._add_words(words, size, Box(x, box.y, width, box.h))
        code_x = int(x + width + m.gap)
        return Box(code_x, code.y, box.x + box.w - code_x, code.h)

    def _portrait_words(self, words: Words, below: Box) -> Box:
        """Chosen code and explanation across the width; under them the code, with the
        instruction beside it."""
        m = self.frame.m
        top, side = words[:2], words[2:]
        side_w = below.w - MIN_CODE_PX - m.gap
        size = m.base_body
        for candidate in range(m.body, m.base_body - 1, -1):
            top_h = _height(top, candidate, below.w, m.mm(2)) + m.gap
            if _words_whole(side, candidate, side_w) and top_h + max(
                    MIN_CODE_PX, _height(side, candidate, side_w, 0)) <= below.h:
                size = candidate
                break
        used = self._add_words(top, size, below) + m.gap
        row = Box(below.x, below.y, below.w, below.h - used)
        self._add_words(side, size, Box(row.x + row.w - side_w, row.y, side_w, row.h))
        return Box(row.x, row.y, row.w - side_w - m.gap, row.h)

    def _add_words(self, words: Words, size: int, box: Box) -> int:
        """Add `words` from the top of `box`; return the height they take."""
        m = self.frame.m
        top = box.top
        for words_text, bold, role in words:
            lines = layout.line_count(words_text, size, box.w, bold)
            add_text(self, words_text, box.x, top, box.w, size, lines, bold=bold, role=role)
            top -= lines * layout.line_height(size) + m.mm(2)
        return int(box.top - top - m.mm(2))

    def _code(self, code: QrCode, room: Box) -> None:
        module_px = max(MIN_MODULE_PX, fit_module_px(code.payload, min(room.w, room.h)))
        image = QrImage()
        image.show(code.payload, module_px, room)
        self.add_widget(image)
        self.image = image


def _height(words: Words, size: int, width: int, spacing: int) -> int:
    lines = [layout.line_count(t, size, width, bold) for t, bold, _role in words]
    return sum(n * layout.line_height(size) for n in lines) + spacing * (len(words) - 1)


def _words_whole(words: Words, size: int, width: int) -> bool:
    """Every word fits a line of `width`: none is broken between letters."""
    return all(layout.fit_size(t, size, size - 1, width, bold) == size
               for t, bold, _role in words)


def _fits(words: Words, size: int, width: int, room: int, spacing: int) -> bool:
    return _words_whole(words, size, width) and _height(words, size, width, spacing) <= room
