"""The poll screens: the question with its answers as large buttons (or, with several
polls open, the questions to choose from), the confirmation, the thank-you and the
results as bars with their numbers in words. Words come from kiosk.polls, boxes from
kiosk.poll_layout; these widgets only draw them and forward taps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kivy.app import App
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk import layout, paging, poll_layout, polls
from kiosk.frames import Frame
from kiosk.poll_layout import AnswerBox, Header
from screens.chrome import add_header
from screens.widgets import Panel, Tile, add_button, add_icon, add_text, place


@dataclass(frozen=True)
class Action:
    """A further button of a poll screen ("Ergebnis", "Mehr zum Mitmachen")."""

    word: str
    target: str
    on_tap: Callable[[], None]


def _header(screen: Widget, frame: Frame, title: str) -> Header:
    head = poll_layout.header(frame, title)
    add_header(screen, frame, title, head.size, head.lines, head.height)
    return head


def _actions(screen: Widget, frame: Frame, actions: list[Action]) -> None:
    size, boxes = poll_layout.action_boxes(frame, [a.word for a in actions])
    for action, box in zip(actions, boxes, strict=True):
        add_button(screen, box, action.word, polls.ICONS[action.word], action.target, size,
                   lambda _w, a=action: a.on_tap())


def _question(screen: Widget, frame: Frame, head: Header, hint: str,
              answers: list[polls.AnswerButton], prefix: str, on_tap: Callable[[str], None],
              actions: list[Action]) -> list[str]:
    """The hint, the answers as buttons and the further buttons that have room; returns
    the words of the further buttons drawn."""
    found = poll_layout.question_layout(frame, answers, head, hint, [a.word for a in actions])
    if found.hint is not None:
        box = found.hint
        add_text(screen, hint, box.x, box.top, box.w, frame.m.body, len(found.hint_lines),
                 role="hint")
    for answer in found.answers:
        _answer(screen, frame, answer, f"{prefix}:{answer.answer.id}", on_tap)
    for action, box in zip([a for a in actions if a.word in found.actions],
                           found.action_boxes, strict=True):
        add_button(screen, box, action.word, polls.ICONS[action.word], action.target,
                   found.action_size, lambda _w, a=action: a.on_tap())
    return found.actions


def _answer(screen: Widget, frame: Frame, answer: AnswerBox, target: str,
            on_tap: Callable[[str], None]) -> None:
    """One answer as a large button: its icon (if any) at the left, its words bold."""
    box, item = answer.box, answer.answer
    fg = App.get_running_app().style.button_fg
    button = place(Tile(target=target, label=item.text, text=item.text,
                        icon_name=item.icon or "info"), box)
    button.bind(on_tap=lambda _w: on_tap(item.id))
    screen.add_widget(button)
    inner = frame.m.mm(3)
    line = layout.line_height(answer.size)
    top = box.y + (box.h + len(answer.lines) * line) / 2
    if item.icon:
        add_icon(button, item.icon, box.x + inner, top, paging.icon_size(frame), fg=fg,
                 line=line)
    add_text(button, item.text, box.x + inner + answer.icon_w, top,
             box.w - 2 * inner - answer.icon_w, answer.size, len(answer.lines), bold=True,
             role="answer", fg=fg)


class PollScreen(Screen):
    def show(self, view: polls.PollView, frame: Frame, on_answer: Callable[[str], None],
             actions: list[Action]) -> list[str]:
        """The question; the answers as buttons unless this visit has voted. Returns the
        further buttons drawn."""
        self.clear_widgets()
        head = _header(self, frame, view.question)
        answers = [] if view.voted else view.answers
        return _question(self, frame, head, view.hint, answers, "answer", on_answer, actions)

    def show_choice(self, view: polls.ChoiceView, frame: Frame,
                    on_choose: Callable[[str], None], actions: list[Action]) -> list[str]:
        """Several polls are open: one button per question."""
        self.clear_widgets()
        head = _header(self, frame, view.title)
        return _question(self, frame, head, view.hint, view.answers, "choice", on_choose,
                         actions)


class PollConfirmScreen(Screen):
    def show(self, view: polls.ConfirmView, frame: Frame, on_yes: Callable[[], None],
             on_no: Callable[[], None]) -> None:
        """ "Sie wählen: …" with "Nein, zurück" (left) and "Ja, abschicken" (right)."""
        self.clear_widgets()
        m = frame.m
        head = _header(self, frame, view.question)
        boxes = poll_layout.confirm_boxes(frame, view.choice, head, view.yes, view.no)
        add_text(self, view.choice, boxes.text.x, boxes.text.top, boxes.text.w, m.body,
                 len(boxes.lines), bold=True, role="choice")
        add_button(self, boxes.no, view.no, polls.ICONS[view.no], "poll:no", boxes.size,
                   lambda _w: on_no())
        add_button(self, boxes.yes, view.yes, polls.ICONS[view.yes], "poll:yes", boxes.size,
                   lambda _w: on_yes())


class PollThanksScreen(Screen):
    def show(self, view: polls.ThanksView, frame: Frame, actions: list[Action]) -> None:
        self.clear_widgets()
        head = _header(self, frame, view.question)
        boxes = poll_layout.thanks_boxes(frame, head, view.thanks, view.more)
        add_text(self, view.thanks, boxes.thanks.x, boxes.thanks.top, boxes.thanks.w,
                 boxes.thanks_size, len(boxes.thanks_lines), bold=True, role="thanks")
        add_text(self, view.more, boxes.more.x, boxes.more.top, boxes.more.w, frame.m.body,
                 len(boxes.more_lines))
        _actions(self, frame, actions)


class PollResultsScreen(Screen):
    def show(self, view: polls.ResultsView, frame: Frame) -> None:
        """One bar per answer with its numbers in words, or the minimum in words."""
        self.clear_widgets()
        m = frame.m
        style = App.get_running_app().style
        head = _header(self, frame, view.question)
        if not view.bars:
            box, lines = poll_layout.hint_box(frame, head, view.note)
            add_text(self, view.note, box.x, box.top, box.w, m.body, len(lines), bold=True,
                     role="note")
            return
        for row in poll_layout.result_rows(frame, view.bars, head):
            add_text(self, row.bar.text, row.label.x, row.label.top, row.label.w, m.body,
                     row.label.h // m.line, role="answer")
            track = place(Panel(bg_color=style.muted_bg, radius=m.mm(1)), row.track)
            self.add_widget(track)
            if row.fill_w:
                fill = place(Panel(bg_color=style.button_bg, radius=m.mm(1)), row.track)
                fill.width = row.fill_w
                track.add_widget(fill)
            add_text(track, row.bar.words, row.words.x, row.words.top - (row.words.h - m.line)
                     // 2, row.words.w, m.body, 1, bold=True, role="votes")
