"""The poll screens without a window: wording, results only over the minimum, and the
geometry's rules (buttons at least 20 mm with 6 mm between, nothing outside the content
area) at every text size, in landscape and portrait."""

from __future__ import annotations

import pytest

from kiosk import poll_layout, polls
from kiosk.frames import Box, Frame
from kiosk.theme import MIN_BUTTON_MM, MIN_GAP_MM, metrics
from sync.feed import from_dict
from sync.model import Poll

POLL = {"id": "lindenplatz", "question": "Was wünschen Sie sich am Lindenplatz am meisten?",
        "from": "2026-11-24T00:00:00+01:00", "until": "2027-01-10T00:00:00+01:00",
        "min_votes_to_show": 20,
        "answers": [{"id": "baenke", "text": "Mehr Bänke", "icon": "people"},
                    {"id": "schatten", "text": "Bäume und Schatten"},
                    {"id": "brunnen", "text": "Einen Trinkbrunnen", "icon": "unbekannt"},
                    {"id": "treffpunkt", "text": "Einen überdachten Treffpunkt"},
                    {"id": "sonst", "text": "Etwas ganz anderes, das hier nicht steht"}]}
RESULTS = {"results": {"baenke": 23, "schatten": 17, "brunnen": 9, "treffpunkt": 12},
           "votes": 61}


def _poll(**extra: object) -> Poll:
    return from_dict(Poll, {**POLL, **extra}, "polls[]")


@pytest.mark.parametrize(("count", "total", "words"), [
    (23, 61, "23 Stimmen von 61"), (1, 61, "1 Stimme von 61"), (0, 5, "keine Stimme von 5"),
    (20, None, "20 Stimmen")])
def test_polls_votes_in_words(count, total, words):
    assert polls.votes_words(count, total) == words


def test_polls_below_the_minimum_no_results_but_the_minimum_in_words():
    view = polls.poll_view(_poll())
    assert view.results is None and view.note == "Ergebnisse ab 20 Stimmen"
    assert [a.icon for a in view.answers] == ["people", "", "", "", ""]  # unknown icon: none
    assert "Antwort 1: Mehr Bänke." in view.speech and "Ergebnisse ab 20 Stimmen" in view.speech
    results = polls.results_view(_poll())
    assert results.bars == [] and results.speech.endswith("Ergebnisse ab 20 Stimmen.")


def test_polls_results_as_bars_with_numbers_in_words():
    view = polls.results_view(_poll(**RESULTS))
    assert [(b.text, b.words) for b in view.bars] == [
        ("Mehr Bänke", "23 Stimmen von 61"), ("Bäume und Schatten", "17 Stimmen von 61"),
        ("Einen Trinkbrunnen", "9 Stimmen von 61"),
        ("Einen überdachten Treffpunkt", "12 Stimmen von 61"),
        ("Etwas ganz anderes, das hier nicht steht", "keine Stimme von 61")]
    assert view.bars[0].share == pytest.approx(23 / 61)
    assert "Mehr Bänke: 23 Stimmen von 61." in view.speech


def test_polls_confirmation_and_a_visit_that_has_voted():
    confirm = polls.confirm_view(_poll(), "schatten")
    assert confirm.choice == "Sie wählen: Bäume und Schatten"
    assert (confirm.yes, confirm.no) == ("Ja, abschicken", "Nein, zurück")
    assert polls.confirm_view(_poll(), "gibt-es-nicht") is None
    assert polls.poll_view(_poll(), voted=True).hint == polls.ALREADY


def _frames() -> list[Frame]:
    out = []
    # The 21.5" panel, a 21.5" stele, a 1280 × 800 panel of the same width.
    for width, height, width_mm in ((1920, 1080, 476), (1080, 1920, 268), (1280, 800, 476)):
        for size in (0, 1, 2):
            out.append(Frame(width, height, metrics(width / width_mm, size)))
    return out


def _apart(a: Box, b: Box, gap: float) -> bool:
    return (a.x + a.w + gap <= b.x or b.x + b.w + gap <= a.x
            or a.y + a.h + gap <= b.y or b.y + b.h + gap <= a.y)


def _inside(inner: Box, outer: Box) -> bool:
    return (inner.x >= outer.x and inner.y >= outer.y and inner.x + inner.w <= outer.x + outer.w
            and inner.top <= outer.top)


@pytest.mark.parametrize("frame", _frames(), ids=lambda f: f"{f.width}x{f.height}@{f.m.scale}")
def test_polls_layout_keeps_the_button_rules(frame):
    mm = frame.m.px_per_mm
    view = polls.poll_view(_poll())
    head = poll_layout.header(frame, view.question)
    area = frame.content(head.height)
    boxes = poll_layout.answer_boxes(frame, view.answers, head)
    for i, answer in enumerate(boxes):
        assert answer.box.w >= MIN_BUTTON_MM * mm and answer.box.h >= MIN_BUTTON_MM * mm
        assert _inside(answer.box, area), (answer.answer.text, answer.box, area)
        for other in boxes[i + 1:]:
            assert _apart(answer.box, other.box, MIN_GAP_MM * mm)
    confirm = poll_layout.confirm_boxes(frame, "Sie wählen: Einen überdachten Treffpunkt",
                                        head, polls.YES, polls.NO)
    for box in (confirm.yes, confirm.no):
        assert box.w >= MIN_BUTTON_MM * mm and box.h >= MIN_BUTTON_MM * mm
        assert _inside(box, area)
    assert _apart(confirm.yes, confirm.no, MIN_GAP_MM * mm)
    rows = poll_layout.result_rows(frame, polls.result_bars(_poll(**RESULTS)), head)
    for row in rows:
        assert _inside(row.track, area) and _inside(row.label, area)
        assert row.words.x + row.words.w <= area.x + area.w
    widths = [r.fill_w for r in rows]
    assert widths[0] > widths[1] > widths[3] > widths[2] > widths[4] == 0


def test_polls_layout_uses_two_columns_only_when_one_does_not_fit():
    small = Frame(1920, 1080, metrics(1920 / 476, 0))
    view = polls.poll_view(_poll())
    head = poll_layout.header(small, view.question)
    assert len({b.box.x for b in poll_layout.answer_boxes(small, view.answers, head)}) == 1
    # A 20" panel (450 mm wide) at the largest text: one column is too long for five.
    tight = Frame(1920, 1080, metrics(1920 / 450, 2))
    head = poll_layout.header(tight, view.question)
    assert len({b.box.x for b in poll_layout.answer_boxes(tight, view.answers, head)}) == 2
    assert poll_layout.answers_fit(tight, view.answers, head)
    # A 15.6" panel at the largest text has no room for five answers: the screen can ask.
    small = Frame(1920, 1080, metrics(1920 / 345, 2))
    head = poll_layout.header(small, view.question)
    assert not poll_layout.answers_fit(small, view.answers, head)


@pytest.mark.parametrize("frame", _frames(), ids=lambda f: f"{f.width}x{f.height}@{f.m.scale}")
def test_polls_confirm_buttons_hold_their_words_on_one_line(frame):
    """ "Ja, abschicken" with its icon fits its button at the size it is drawn: at the
    larger text sizes a 120 mm button wrapped it into a second line its height cut off."""
    head = poll_layout.header(frame, POLL["question"])
    boxes = poll_layout.confirm_boxes(frame, "Sie wählen: Mehr Bänke", head, polls.YES,
                                      polls.NO)
    for word, box in ((polls.YES, boxes.yes), (polls.NO, boxes.no)):
        assert box.w >= frame.button_width(word, boxes.size), (word, box, boxes.size)
        assert box.h >= 1.2 * boxes.size   # one line of the word
    assert boxes.size >= frame.m.base_body


@pytest.mark.parametrize("frame", _frames(), ids=lambda f: f"{f.width}x{f.height}@{f.m.scale}")
def test_polls_further_buttons_keep_the_button_rules(frame):
    """ "Mehr zum Mitmachen" and "Ergebnis" below the answers: 20 mm, 6 mm from each
    other and from the answers, their words on one line, inside the content area; on the
    21.5" panels and steles the hint and both buttons always have room."""
    mm = frame.m.px_per_mm
    view = polls.poll_view(_poll())
    head = poll_layout.header(frame, view.question)
    found = poll_layout.question_layout(frame, view.answers, head, view.hint,
                                        poll_layout.ACTIONS)
    area = frame.content(head.height)
    assert found.hint is not None and found.actions == ["Mehr zum Mitmachen", "Ergebnis"]
    assert _inside(found.hint, area)
    answers = [a.box for a in found.answers]
    assert all(b.top <= found.hint.y for b in answers)
    for word, box in zip(found.actions, found.action_boxes, strict=True):
        assert box.w >= MIN_BUTTON_MM * mm and box.h >= MIN_BUTTON_MM * mm
        assert box.w >= frame.button_width(word, found.action_size) and _inside(box, area)
        assert all(_apart(box, other, MIN_GAP_MM * mm) for other in answers)
    assert _apart(*found.action_boxes, MIN_GAP_MM * mm)


def test_polls_on_a_small_panel_the_hint_then_the_further_buttons_give_way():
    """Five long answers at the largest text on a 20" panel (450 mm): the answers keep
    their room; what gives way is said aloud (the hint) or on the thank-you (Ergebnis)."""
    view = polls.poll_view(_poll())

    def layout(width_mm: float, size: int) -> poll_layout.Question:
        frame = Frame(1920, 1080, metrics(1920 / width_mm, size))
        head = poll_layout.header(frame, view.question)
        found = poll_layout.question_layout(frame, view.answers, head, view.hint,
                                            poll_layout.ACTIONS)
        assert poll_layout.answers_fit(frame, view.answers, head)
        return found

    roomy, tighter, tightest = layout(476, 2), layout(460, 1), layout(450, 2)
    assert roomy.hint is not None and len(roomy.actions) == 2
    assert tighter.hint is None and len(tighter.actions) == 2
    assert tightest.hint is None and tightest.actions == []
    bottom = min(b.top for b in tighter.action_boxes)
    assert all(a.box.y > bottom for a in tighter.answers)


def test_polls_thanks_say_where_the_results_are():
    below = polls.thanks_view(_poll())
    assert below.thanks == "Danke! Ihre Stimme ist gezählt."
    assert below.more == "Das Ergebnis zeigen wir hier am Bildschirm ab 20 Stimmen."
    above = polls.thanks_view(_poll(**RESULTS))
    assert above.more == "Wie bisher abgestimmt wurde, sehen Sie mit „Ergebnis“."
    assert above.speech.startswith("Danke! Ihre Stimme ist gezählt. Wie bisher")


def test_polls_choice_of_several_and_a_voted_question_without_answers():
    other = _poll(id="ausflug", question="Wohin soll der Ausflug gehen?")
    choice = polls.choice_view([_poll(), other])
    assert [(a.id, a.text, a.icon) for a in choice.answers] == [
        ("lindenplatz", POLL["question"], "poll"),
        ("ausflug", "Wohin soll der Ausflug gehen?", "poll")]
    assert "Frage 2: Wohin soll der Ausflug gehen?" in choice.speech
    voted = polls.poll_view(_poll(), voted=True)
    assert "Antwort 1" not in voted.speech and polls.ALREADY in voted.speech
    assert polls.actions(results=True, more=False) == ["Ergebnis"]
    assert polls.actions(results=False, more=True) == ["Mehr zum Mitmachen"]
