"""The QR panel: one code at a time, big buttons for the kinds the entry has, one line of
instruction. Codes are black on white in every theme, with whole screen pixels per module
(nearest-neighbour, no smoothing) and a quiet zone of four modules."""

from __future__ import annotations

import math
from collections.abc import Callable

from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.uix.widget import Widget

from kiosk import layout
from kiosk.frames import Box, Frame
from kiosk.qr import INSTRUCTION, QrCode
from kiosk.qr_render import MIN_MODULE_PX, fit_module_px, render
from screens.widgets import Panel, add_button, add_text, place

# Room for the largest code (version 10: 57 modules + 2 × 4 quiet) at 8 pixels a module.
MIN_CODE_PX = 65 * MIN_MODULE_PX
ICONS = {"termin": "calendar_plus", "kontakt": "vcard", "anrufen": "phone", "weg": "map",
         "details": "web"}


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
        if frame.landscape:
            column = m.mm(95)
            buttons = self._stack(box.x, box.top, column, len(codes))
            words_x = box.x + column + 2 * m.gap
            # The words get a fixed column; the code takes the rest, so it grows to more
            # than the minimum 8 pixels per module where the screen allows.
            words_w = max(m.mm(105), m.mm(105) * m.scale)
            words_w = min(words_w, box.x + box.w - MIN_CODE_PX - m.gap - words_x)
            code_x = int(words_x + words_w + m.gap)
            code_box = Box(code_x, box.y, box.x + box.w - code_x, box.h)
            self._words(current, Box(words_x, box.y, words_w, box.h))
        else:
            per_row = 3
            rows = math.ceil(len(codes) / per_row)
            w = (box.w - (per_row - 1) * m.gap) // per_row
            buttons = [Box(box.x + (i % per_row) * (w + m.gap),
                           box.top - (i // per_row + 1) * m.mm(24) - (i // per_row) * m.gap,
                           w, m.mm(24)) for i in range(len(codes))]
            used = rows * m.mm(24) + rows * m.gap
            below = Box(box.x, box.y, box.w, box.h - used)
            code_box = self._words(current, below)
        for code, button_box in zip(codes, buttons, strict=True):
            size = layout.fit_size(code.label, m.body, m.base_body,
                                   button_box.w - m.body * 1.6, bold=True)
            button = add_button(self, button_box, code.label, ICONS[code.kind],
                                f"qr:{code.kind}", size,
                                lambda _w, k=code.kind: on_select(k),
                                label=f"Code: {code.label}")
            button.active = code.kind == current.kind
        self._code(current, code_box)
        return current

    def _stack(self, x: int, top: int, width: int, count: int) -> list[Box]:
        m = self.frame.m
        h = m.mm(24)
        return [Box(x, top - (i + 1) * h - i * m.gap, width, h) for i in range(count)]

    def _words(self, code: QrCode, box: Box) -> Box:
        """The instruction and what the code does, from the top of `box`; returns the rest
        of the box below them."""
        m = self.frame.m
        parts = [(INSTRUCTION, True), (code.speech, False)]
        room = box.h if self.frame.landscape else box.h - MIN_CODE_PX - m.gap
        size = m.body
        # At the largest text sizes the words shrink (not below the default size) and,
        # if they still do not fit, the explanation gives way: Vorlesen says it anyway.
        while size > m.base_body and _height(parts, size, box.w) > room:
            size -= 1
        if _height(parts, size, box.w) > room:
            parts = parts[:1]
        top = box.top
        for words, bold in parts:
            lines = layout.line_count(words, size, box.w, bold)
            add_text(self, words, box.x, top, box.w, size, lines, bold=bold,
                     role="qr-instruction" if bold else "qr-explanation")
            top -= lines * layout.line_height(size) + m.mm(2)
        return Box(box.x, box.y, box.w, int(top - box.y))

    def _code(self, code: QrCode, room: Box) -> None:
        module_px = max(MIN_MODULE_PX, fit_module_px(code.payload, min(room.w, room.h)))
        image = QrImage()
        image.show(code.payload, module_px, room)
        self.add_widget(image)
        self.image = image


def _height(parts: list[tuple[str, bool]], size: int, width: int) -> int:
    return sum(layout.line_count(words, size, width, bold) * layout.line_height(size)
               for words, bold in parts)
