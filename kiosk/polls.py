"""What the poll screens show and say, as plain data (no window): the question with its
answers as large buttons, the confirmation, the thank-you, and the results as bars with
their numbers in words. The terminal's screens and the hub's preview both build on it.

Results are those the hub published in the feed (sync.model.Poll.results), over the
site's terminals, once the poll has `min_votes_to_show` votes; below that the screen says
"Ergebnisse ab 20 Stimmen". A terminal's own votes since the last publication are not
added: every terminal of a site shows the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync.model import Poll

# Icons an answer may carry: names of kiosk.icons (the terminal's icon font) with the words
# the hub's form shows for them.
ANSWER_ICONS = {
    "treffen": "Menschengruppe", "people": "Menschen", "hilfe": "Hand mit Herz",
    "mitmachen": "Hand", "bus": "Bus", "wheelchair": "Rollstuhl", "calendar": "Kalender",
    "clock": "Uhr", "location": "Ortsmarke", "map": "Karte", "phone": "Telefon",
    "euro": "Euro", "bag": "Einkaufstasche", "organizer": "Gebäude", "open": "Offene Tür",
    "surface": "Weg", "parking": "Parkplatz", "wc": "WC", "elevator": "Aufzug",
    "web": "Internet", "check": "Haken", "question": "Fragezeichen", "category": "Stern",
}

YES = "Ja, abschicken"
NO = "Nein, zurück"
THANKS = "Danke! Ihre Stimme ist gezählt."
ALREADY = "Sie haben bei dieser Frage schon abgestimmt. Danke!"
CHOOSE = "Tippen Sie auf Ihre Antwort."
RESULTS_HEADING = "So haben die Besucherinnen und Besucher abgestimmt"
# The start screen's tile of this category leads to the open polls (the hub's and the
# demo's "Mitmachen"); its list stays one tap away ("Mehr zum Mitmachen").
POLL_CATEGORY = "mitmachen"
POLL_BUTTON = "Zur Umfrage"          # on the detail of the entry linked to a poll
RESULTS_BUTTON = "Ergebnis"
MORE_BUTTON = "Mehr zum Mitmachen"
ICONS = {RESULTS_BUTTON: "poll", MORE_BUTTON: "mitmachen", YES: "check", NO: "back"}
CHOICE_TITLE = "Umfragen: Ihre Meinung zählt"
CHOOSE_POLL = "Tippen Sie auf eine Frage."


def votes_words(count: int, total: int | None = None) -> str:
    """ "23 Stimmen von 61", "1 Stimme von 61", "keine Stimme"; without `total`: "23 Stimmen"."""
    words = "keine Stimme" if count == 0 else f"{count} Stimme" if count == 1 \
        else f"{count} Stimmen"
    return words if total is None else f"{words} von {total}"


def minimum_words(minimum: int) -> str:
    return f"Ergebnisse ab {votes_words(minimum)}"


@dataclass(frozen=True)
class AnswerButton:
    id: str
    text: str
    icon: str = ""          # a name of kiosk.icons, or ""


@dataclass(frozen=True)
class ResultBar:
    answer_id: str
    text: str
    icon: str
    count: int
    share: float            # 0 … 1 of all votes (the bar's length)
    words: str              # "23 Stimmen von 61"


@dataclass(frozen=True)
class PollView:
    poll_id: str
    question: str
    answers: list[AnswerButton]
    hint: str               # CHOOSE, or ALREADY when this visit has voted
    voted: bool
    results: list[ResultBar] | None   # None below the minimum
    total: int
    note: str               # "Ergebnisse ab 20 Stimmen" while there are no results

    @property
    def speech(self) -> str:
        """What Vorlesen says on the question screen."""
        parts = [self.question, self.hint]
        if not self.voted:   # the answers are not on screen once this visit has voted
            parts += [f"Antwort {i}: {a.text}." for i, a in enumerate(self.answers, 1)]
        if self.note:
            parts.append(f"{self.note}.")
        return " ".join(parts)


@dataclass(frozen=True)
class ConfirmView:
    poll_id: str
    answer_id: str
    question: str
    choice: str             # "Sie wählen: Mehr Bänke"
    yes: str = YES
    no: str = NO

    @property
    def speech(self) -> str:
        return f"{self.choice}. Möchten Sie das abschicken? {self.yes} oder {self.no}."


@dataclass(frozen=True)
class ResultsView:
    poll_id: str
    question: str
    heading: str
    bars: list[ResultBar]
    total: int
    note: str               # "" when there are results

    @property
    def speech(self) -> str:
        if not self.bars:
            return f"{self.question} {self.note}."
        parts = [self.question, f"{self.heading}:"]
        parts += [f"{b.text}: {b.words}." for b in self.bars]
        return " ".join(parts)


@dataclass(frozen=True)
class ChoiceView:
    """Several polls are open: one large button per question."""

    title: str
    hint: str
    answers: list[AnswerButton]   # one per poll: its id and question

    @property
    def speech(self) -> str:
        parts = [f"{self.title}.", self.hint]
        parts += [f"Frage {i}: {a.text}" for i, a in enumerate(self.answers, 1)]
        return " ".join(parts)


@dataclass(frozen=True)
class ThanksView:
    poll_id: str
    question: str
    thanks: str             # THANKS
    more: str               # where the results are, or from how many votes on

    @property
    def speech(self) -> str:
        return f"{self.thanks} {self.more}"


def actions(results: bool, more: bool) -> list[str]:
    """The further buttons of a poll screen: the list of the "Mitmachen" category (when
    the feed has it) and the poll's results."""
    return ([MORE_BUTTON] if more else []) + ([RESULTS_BUTTON] if results else [])


def choice_view(open_polls: list[Poll]) -> ChoiceView:
    """The polls to choose from (the "Mitmachen" tile when several are open)."""
    return ChoiceView(CHOICE_TITLE, CHOOSE_POLL,
                      [AnswerButton(p.id, p.question, "poll") for p in open_polls])


def thanks_view(poll: Poll) -> ThanksView:
    """After a vote: thanks, and where the results are (or from when on)."""
    if result_bars(poll) is None:
        minimum = votes_words(poll.min_votes_to_show)
        more = f"Das Ergebnis zeigen wir hier am Bildschirm ab {minimum}."
    else:
        more = f"Wie bisher abgestimmt wurde, sehen Sie mit „{RESULTS_BUTTON}“."
    return ThanksView(poll.id, poll.question, THANKS, more)


def poll_view(poll: Poll, voted: bool = False) -> PollView:
    """The question screen: one large button per answer."""
    answers = [AnswerButton(a.id, a.text, a.icon if a.icon in ANSWER_ICONS else "")
               for a in poll.answers]
    bars = result_bars(poll)
    return PollView(poll.id, poll.question, answers, ALREADY if voted else CHOOSE, voted,
                    bars, poll.votes or 0, "" if bars is not None
                    else minimum_words(poll.min_votes_to_show))


def confirm_view(poll: Poll, answer_id: str) -> ConfirmView | None:
    """ "Sie wählen: … – Ja, abschicken / Nein, zurück"; None for an unknown answer."""
    answer = next((a for a in poll.answers if a.id == answer_id), None)
    if answer is None:
        return None
    return ConfirmView(poll.id, answer.id, poll.question, f"Sie wählen: {answer.text}")


def results_view(poll: Poll) -> ResultsView:
    """The results screen: bars with their numbers in words, or the minimum's note."""
    bars = result_bars(poll)
    return ResultsView(poll.id, poll.question, RESULTS_HEADING, bars or [], poll.votes or 0,
                       "" if bars is not None else minimum_words(poll.min_votes_to_show))


def result_bars(poll: Poll) -> list[ResultBar] | None:
    """One bar per answer in the poll's order, or None while the feed has no results
    (fewer votes than the minimum)."""
    if poll.results is None or poll.votes is None:
        return None
    total = poll.votes
    bars = []
    for answer in poll.answers:
        count = int(poll.results.get(answer.id, 0))
        bars.append(ResultBar(answer.id, answer.text,
                              answer.icon if answer.icon in ANSWER_ICONS else "", count,
                              count / total if total else 0.0, votes_words(count, total)))
    return bars
