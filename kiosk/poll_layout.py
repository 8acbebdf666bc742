"""Where the poll screens put things, in pixels for one window and text size (no Kivy).

Coordinates are Kivy's (origin bottom left), as in kiosk.frames. The question is the
screen's title (kiosk.paging.title_fit); below it a line says what to do ("Tippen Sie
auf Ihre Antwort."), then the answers are large buttons – at least 20 mm high with 6 mm
between them, one column, two when one does not fit –, and a row of further buttons
("Ergebnis", "Mehr zum Mitmachen") stands where other screens have their pager. The
confirmation has its sentence and two buttons, the thank-you its words, and the results
are one bar per answer with its numbers in words. The hub's preview draws the same boxes.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk import layout, paging
from kiosk.frames import Box, Frame
from kiosk.polls import CHOOSE, AnswerButton, ResultBar, actions

ACTIONS = tuple(actions(results=True, more=True))   # the question screen's further buttons

ACTION_ROW_MM = 24      # the row of further buttons, as high as a pager row


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


def hint_box(frame: Frame, head: Header, hint: str) -> tuple[Box, list[str]]:
    """The line below the question that says what to do."""
    m = frame.m
    area = frame.content(head.height)
    lines = layout.wrap(hint, m.body, area.w)
    height = len(lines) * m.line
    return Box(area.x, area.top - m.mm(1) - height, area.w, height), lines


def action_boxes(frame: Frame, words: list[str]) -> tuple[int, list[Box]]:
    """The row of further buttons at the bottom right of the content area, each as wide
    as its word needs, and their font size (the body size, smaller down to the default
    size's when the row is narrow)."""
    m = frame.m
    area = frame.content()
    size = m.body
    while size > m.base_body and (sum(frame.button_width(w, size) for w in words)
                                  + (len(words) - 1) * m.gap > area.w):
        size -= 1
    boxes, right = [], area.x + area.w
    for word in reversed(words):
        width = min(frame.button_width(word, size), area.w)
        boxes.insert(0, Box(right - width, area.y, width, m.mm(ACTION_ROW_MM)))
        right -= width + m.gap
    return size, boxes


@dataclass(frozen=True)
class Question:
    """The question screen's boxes: the hint, the answers and the further buttons that
    found room (on a small panel at the largest text, five long answers may need it)."""

    hint: Box | None
    hint_lines: list[str]
    answers: list[AnswerBox]
    actions: list[str]
    action_size: int
    action_boxes: list[Box]


def question_layout(frame: Frame, answers: list[AnswerButton], head: Header,
                    hint: str = CHOOSE, further: tuple[str, ...] | list[str] = ()
                    ) -> Question:
    """The hint below the question, the answers, and the further buttons at the bottom.
    Where the answers do not fit, the hint gives way first (it is read aloud all the
    same), then the further buttons; the answers never do."""
    m = frame.m
    content = frame.content(head.height)
    size, row = action_boxes(frame, list(further))
    fallback = None
    for with_hint, with_actions in ((True, True), (False, True), (False, False)):
        top = content.top
        hint_at, lines = hint_box(frame, head, hint) if with_hint else (None, [])
        if hint_at is not None:
            top = hint_at.y - m.gap
        bottom = content.y + (m.mm(ACTION_ROW_MM) + m.gap if with_actions and further
                              else m.gap)
        area = Box(content.x, bottom, content.w, top - bottom)
        boxes = _answers_in(frame, answers, area)
        found = Question(hint_at, lines, boxes, list(further) if with_actions else [],
                         size, row if with_actions else [])
        if all(b.box.y >= area.y for b in boxes):
            return found
        fallback = found
    assert fallback is not None
    return fallback


def answer_boxes(frame: Frame, answers: list[AnswerButton], head: Header,
                 hint: str = CHOOSE) -> list[AnswerBox]:
    """One button per answer, top to bottom (left column first), below the hint and
    above the question screen's further buttons where there is room for them."""
    return question_layout(frame, answers, head, hint, ACTIONS).answers


def _answers_in(frame: Frame, answers: list[AnswerButton], area: Box) -> list[AnswerBox]:
    m = frame.m
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
    """Whether every answer's button lies inside the content area, the hint and the
    further buttons making way if need be (true on the 21.5" panels and steles at every
    text size for five answers; a small panel at the largest text may need a smaller
    text size)."""
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
    # Both words on one line with their icons: the body size, smaller when the halves of
    # a narrow screen need it.
    half = (area.w - m.gap) // 2
    size = m.body
    while size > m.base_body and max(frame.button_width(w, size) for w in (yes, no)) > half:
        size -= 1
    button_h = max(m.button, layout.line_height(size) + 2 * _inner(frame), m.mm(24))
    width = min(max(m.mm(120), *(frame.button_width(w, size) for w in (yes, no))), half)
    y = text.y - 2 * m.gap - button_h
    no_box = Box(area.x, y, width, button_h)
    yes_box = Box(area.x + area.w - width, y, width, button_h)
    return ConfirmBoxes(text, lines, no_box, yes_box, size)


@dataclass(frozen=True)
class ThanksBoxes:
    thanks: Box     # "Danke! Ihre Stimme ist gezählt." (large, bold)
    thanks_lines: list[str]
    thanks_size: int
    more: Box       # where the results are
    more_lines: list[str]


def thanks_boxes(frame: Frame, head: Header, thanks: str, more: str) -> ThanksBoxes:
    m = frame.m
    area = frame.content(head.height)
    size = layout.fit_size(thanks, m.heading, m.base_body, area.w, bold=True)
    lines = layout.wrap(thanks, size, area.w, bold=True)
    top = area.top - m.gap
    big = Box(area.x, top - len(lines) * layout.line_height(size), area.w,
              len(lines) * layout.line_height(size))
    more_lines = layout.wrap(more, m.body, area.w)
    rest = Box(area.x, big.y - m.mm(4) - len(more_lines) * m.line, area.w,
               len(more_lines) * m.line)
    return ThanksBoxes(big, lines, size, rest, more_lines)


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
