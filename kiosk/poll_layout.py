"""Where the poll screens put things, in pixels for one window and text size (no Kivy).

Coordinates are Kivy's (origin bottom left), as in kiosk.frames. The question is the
screen's title (kiosk.paging.title_fit); below it the answers are large buttons – at
least 20 mm high with 6 mm between them, one column, two when one does not fit –, the
confirmation has its sentence and two buttons, and the results are one bar per answer
with its numbers in words. The hub's preview draws the same boxes.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk import layout, paging
from kiosk.frames import Box, Frame
from kiosk.polls import AnswerButton, ResultBar


@dataclass(frozen=True)
class Header:
    size: int       # font size of the question
    lines: int
    height: int     # the header band


@dataclass(frozen=True)
class AnswerBox:
    answer: AnswerButton
    box: Box
    size: int       # font size of the answer's words (bold)
    lines: list[str]
    icon_w: int     # room for the icon at the left (0: none)


@dataclass(frozen=True)
class ConfirmBoxes:
    text: Box       # "Sie wählen: …" (bold, wrapped)
    lines: list[str]
    no: Box         # "Nein, zurück" left, "Ja, abschicken" right: the safe one first
    yes: Box
    size: int


@dataclass(frozen=True)
class BarRow:
    bar: ResultBar
    label: Box      # the answer's words
    track: Box      # the whole bar's room
    fill_w: int     # the filled part
    words: Box      # "23 Stimmen von 61", right of the fill (or inside when long)


def header(frame: Frame, question: str) -> Header:
    fit = paging.title_fit(question, frame, frame.width - 2 * frame.m.pad)
    return Header(fit.size, fit.lines, fit.header)


def _inner(frame: Frame) -> int:
    """Padding inside a button."""
    return frame.m.mm(3)


def answer_boxes(frame: Frame, answers: list[AnswerButton], head: Header) -> list[AnswerBox]:
    """One button per answer, top to bottom (left column first)."""
    m = frame.m
    area = frame.content(head.height)
    area = Box(area.x, area.y + m.gap, area.w, area.h - m.gap)
    for columns in (1, 2):
        width = (area.w - (columns - 1) * m.gap) // columns
        sized = [_answer_size(frame, a, width) for a in answers]
        per_column = -(-len(answers) // columns)
        heights = [h for _, _, h, _ in sized]
        needed = max(sum(heights[c * per_column:(c + 1) * per_column])
                     + (per_column - 1) * m.gap for c in range(columns))
        if needed <= area.h or columns == 2:
            break
    # Room to spare: taller buttons (up to 32 mm), easier to hit with a shaking hand.
    spare = (area.h - needed) // max(1, per_column)
    if spare > 0:
        heights = [max(h, min(m.mm(32), h + spare)) for h in heights]
        sized = [(size, lines, height, icon_w)
                 for (size, lines, _, icon_w), height in zip(sized, heights, strict=True)]
    boxes = []
    for i, (answer, (size, lines, height, icon_w)) in enumerate(zip(answers, sized,
                                                                   strict=True)):
        column, row = divmod(i, per_column)
        above = sum(heights[column * per_column:i]) + row * m.gap
        x = area.x + column * (width + m.gap)
        boxes.append(AnswerBox(answer, Box(x, area.top - above - height, width, height),
                               size, lines, icon_w))
    return boxes


def answers_fit(frame: Frame, answers: list[AnswerButton], head: Header) -> bool:
    """Whether every answer's button lies inside the content area (true on the 21.5"
    panels and steles at every text size for five answers; a small panel at the largest
    text may need a smaller text size)."""
    area = frame.content(head.height)
    return all(b.box.y >= area.y and b.box.top <= area.top
               for b in answer_boxes(frame, answers, head))


def _answer_size(frame: Frame, answer: AnswerButton, width: int
                 ) -> tuple[int, list[str], int, int]:
    m = frame.m
    icon_w = paging.icon_column(frame) if answer.icon else 0
    room = width - 2 * _inner(frame) - icon_w
    size = layout.fit_size(answer.text, m.body, m.base_body, room, bold=True)
    lines = layout.wrap(answer.text, size, room, bold=True)
    height = max(m.button, len(lines) * layout.line_height(size) + 2 * _inner(frame))
    return size, lines, height, icon_w


def confirm_boxes(frame: Frame, choice: str, head: Header, yes: str, no: str
                  ) -> ConfirmBoxes:
    """The chosen answer in words, then "Nein, zurück" and "Ja, abschicken"."""
    m = frame.m
    area = frame.content(head.height)
    lines = layout.wrap(choice, m.body, area.w, bold=True)
    text_h = len(lines) * m.line
    text = Box(area.x, area.top - m.gap - text_h, area.w, text_h)
    size = min(layout.fit_size(w, m.body, m.base_body, area.w // 2 - m.gap - 2 * _inner(frame),
                               True) for w in (yes, no))
    button_h = max(m.button, layout.line_height(size) + 2 * _inner(frame), m.mm(24))
    width = min(m.mm(120), (area.w - m.gap) // 2)
    y = text.y - 2 * m.gap - button_h
    no_box = Box(area.x, y, width, button_h)
    yes_box = Box(area.x + area.w - width, y, width, button_h)
    return ConfirmBoxes(text, lines, no_box, yes_box, m.body)


def result_rows(frame: Frame, bars: list[ResultBar], head: Header) -> list[BarRow]:
    """One row per answer: its words, the bar below with the numbers in words. One column
    when the rows fit, else two (bars are not buttons: 3 mm between rows suffice)."""
    m = frame.m
    area = frame.content(head.height)
    area = Box(area.x, area.y, area.w, area.h - m.mm(3))
    for columns in (1, 2):
        width = (area.w - (columns - 1) * m.gap) // columns
        heights = [_row_height(frame, bar, width) for bar in bars]
        per_column = -(-len(bars) // columns)
        needed = max((sum(heights[c * per_column:(c + 1) * per_column])
                      for c in range(columns)), default=0)
        if needed <= area.h or columns == 2:
            break
    words_w = max((layout.text_width(b.words, m.body, bold=True) / layout.WIDTH_SLACK
                   for b in bars), default=0)
    rows = []
    for i, bar in enumerate(bars):
        column, row = divmod(i, per_column)
        x = area.x + column * (width + m.gap)
        top = area.top - sum(heights[column * per_column:i])
        label_h = layout.line_count(bar.text, m.body, width) * m.line
        label = Box(x, top - label_h, width, label_h)
        track_h = m.line + m.mm(2)
        track = Box(x, label.y - m.mm(1) - track_h, width, track_h)
        room = max(0, int(width - words_w - m.mm(4)))
        fill = round(room * max(0.0, min(1.0, bar.share)))
        words = Box(x + fill + m.mm(2), track.y, int(words_w) + 1, track_h)
        rows.append(BarRow(bar, label, track, fill, words))
    return rows


def _row_height(frame: Frame, bar: ResultBar, width: int) -> int:
    m = frame.m
    return (layout.line_count(bar.text, m.body, width) * m.line + m.mm(1) + m.line + m.mm(2)
            + m.mm(3))
