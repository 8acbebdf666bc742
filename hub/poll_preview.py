"""How a poll will look on the terminal: the question with its answers as large buttons,
the confirmation, and the results as bars – laid out by the terminal's own code
(kiosk.polls for the words, kiosk.poll_layout for the boxes) on a 1920 × 1080 panel of
476 mm, and only converted to boxes for HTML here, as hub.preview does for entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from hub.preview import HEIGHT_PX, WIDTH_MM, WIDTH_PX, Item
from hub.preview import _bar as bar_items
from kiosk import layout, poll_layout, polls
from kiosk.frames import Box, Frame
from kiosk.icons import ICONS
from kiosk.theme import PALETTES, metrics
from sync.model import Answer, Poll


@dataclass
class PollPreview:
    pages: list[list[Item]] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    palette: dict = field(default_factory=dict)


def poll_object(poll: dict, votes: dict[str, int] | None = None) -> Poll:
    """The poll as the terminal reads it from its feed, with these results (or none)."""
    total = sum(votes.values()) if votes else 0
    shown = votes is not None and total >= poll["min_votes"] and total > 0
    return Poll(poll["id"], poll["question"],
                [Answer(a["id"], a["text"], a.get("icon")) for a in poll["answers"]],
                datetime.min, datetime.max, poll["min_votes"],
                dict(votes) if shown else None, total if shown else None)


def example_votes(poll: dict) -> dict[str, int]:
    """Invented numbers over the minimum, clearly labelled where they are shown."""
    total = max(poll["min_votes"], 20) + 10
    weights = list(range(len(poll["answers"]), 0, -1))
    counts = [total * w // sum(weights) for w in weights]
    counts[0] += total - sum(counts)
    return {a["id"]: n for a, n in zip(poll["answers"], counts, strict=True)}


def preview(poll: dict, votes: dict[str, int]) -> PollPreview:
    """The three screens, with the current results of all the poll's sites; below the
    minimum, a fourth with invented numbers shows how the bars will look."""
    frame = Frame(WIDTH_PX, HEIGHT_PX, metrics(WIDTH_PX / WIDTH_MM))
    current = poll_object(poll, votes)
    out = PollPreview(palette=PALETTES["normal"].__dict__)
    out.pages.append(_question(frame, polls.poll_view(current)))
    out.captions.append("Terminal: die Frage")
    first = current.answers[0].id
    confirm = polls.confirm_view(current, first)
    if confirm is not None:
        out.pages.append(_confirm(frame, confirm))
        out.captions.append("Terminal: nach dem Tippen auf die erste Antwort")
    out.pages.append(_results(frame, polls.results_view(current)))
    out.captions.append("Terminal: die Ergebnisse mit den Stimmen bis jetzt"
                        if current.results is not None else
                        "Terminal: die Ergebnisse – noch zu wenige Stimmen")
    if current.results is None:
        example = poll_object(poll, example_votes(poll))
        out.pages.append(_results(frame, polls.results_view(example)))
        out.captions.append("Terminal: so sehen die Ergebnisse aus (Beispielzahlen)")
    return out


def _top(frame: Frame, box: Box) -> int:
    return int(frame.height - box.top)


def _title(frame: Frame, text: str, head: poll_layout.Header) -> Item:
    m = frame.m
    line = layout.line_height(head.size)
    return Item("title", text, m.pad, m.mm(2), frame.width - 2 * m.pad, head.lines * line,
                head.size, True, line=line)


def _question(frame: Frame, view: polls.PollView) -> list[Item]:
    head = poll_layout.header(frame, view.question)
    m = frame.m
    found = poll_layout.question_layout(frame, view.answers, head, view.hint,
                                        poll_layout.ACTIONS)
    items = [_title(frame, view.question, head)]
    if found.hint is not None:
        hint = found.hint
        items.append(Item("text", "\n".join(found.hint_lines), hint.x, _top(frame, hint),
                          hint.w, hint.h, m.body, line=m.line))
    for answer in found.answers:
        b = answer.box
        items.append(Item("button", "\n".join(answer.lines), b.x, _top(frame, b), b.w, b.h,
                          answer.size, True, "answer",
                          ICONS.get(answer.answer.icon, "") if answer.answer.icon else "",
                          line=layout.line_height(answer.size)))
    items += [Item("button", word, box.x, _top(frame, box), box.w, box.h, found.action_size,
                   True, icon=ICONS[polls.ICONS[word]])
              for word, box in zip(found.actions, found.action_boxes, strict=True)]
    return items + bar_items(frame)


def _confirm(frame: Frame, view: polls.ConfirmView) -> list[Item]:
    head = poll_layout.header(frame, view.question)
    boxes = poll_layout.confirm_boxes(frame, view.choice, head, view.yes, view.no)
    m = frame.m
    items = [_title(frame, view.question, head),
             Item("text", view.choice, boxes.text.x, _top(frame, boxes.text), boxes.text.w,
                  boxes.text.h, m.body, True, line=m.line)]
    for word, box, icon in ((view.no, boxes.no, "back"), (view.yes, boxes.yes, "check")):
        items.append(Item("button", word, box.x, _top(frame, box), box.w, box.h, boxes.size,
                          True, icon=ICONS[icon]))
    return items + bar_items(frame)


def _results(frame: Frame, view: polls.ResultsView) -> list[Item]:
    head = poll_layout.header(frame, view.question)
    m = frame.m
    items = [_title(frame, view.question, head)]
    if not view.bars:
        area = frame.content(head.height)
        items.append(Item("text", view.note, area.x, _top(frame, area) + m.gap, area.w,
                          m.line, m.body, True, line=m.line))
        return items + bar_items(frame)
    for row in poll_layout.result_rows(frame, view.bars, head):
        items.append(Item("text", row.bar.text, row.label.x, _top(frame, row.label),
                          row.label.w, row.label.h, m.body, False, line=m.line))
        items.append(Item("track", "", row.track.x, _top(frame, row.track), row.track.w,
                          row.track.h))
        if row.fill_w:
            items.append(Item("fill", "", row.track.x, _top(frame, row.track), row.fill_w,
                              row.track.h))
        items.append(Item("text", row.bar.words, row.words.x, _top(frame, row.words),
                          row.words.w, row.words.h, m.body, True, line=row.words.h))
    return items + bar_items(frame)
