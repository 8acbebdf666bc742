"""The poll screens and the Datenschutz page in the real app under Xvfb, driven by
simulated touches: the ways to the poll, the confirmation, one vote per poll and visit
(the idle reset starts a new visit), the thank-you, the results as bars or the minimum in
words, and the privacy notice paged and read aloud."""

from __future__ import annotations

from contextlib import contextmanager

from kiosk import polls
from kiosk.nav import Route
from kiosk.text import privacy
from kiosk.text.keep import plain_spaces
from screens.widgets import Text
from tests.screens.gui.conftest import NOW, frames, tap
from tests.screens.gui.test_app import find, targets
from tests.screens.gui.test_speech_gui import wait_until

POLL = "lindenplatz"


def texts(app) -> list[str]:
    return [plain_spaces(w.text) for w in app.root_layout.walk() if isinstance(w, Text)]


def votes(app) -> dict[str, int]:
    return {key: n for (_hour, kind, key), n in app.usage.counters.pending_counts().items()
            if kind == "vote"}


def idle_reset(app) -> None:
    app.fake_clock.advance(app.idle.idle_s + 1)
    app.tick()
    app.fake_clock.advance(app.idle.grace_s + 1)
    app.tick()
    frames()
    assert app.nav.current == Route("attract")
    tap(find(app, "attract"), clock=app.fake_clock)


def test_poll_the_mitmachen_tile_and_the_linked_entry_lead_to_the_question(app):
    tap(find(app, "tile:category:mitmachen"), clock=app.fake_clock)
    assert app.nav.current == Route("poll", POLL) and app.sm.current == "poll"
    shown = texts(app)
    assert "Was wünschen Sie sich am Lindenplatz am meisten?" in shown
    assert polls.CHOOSE in shown
    assert [w.target for w in targets(app, "answer:")] == [
        "answer:baenke", "answer:schatten", "answer:brunnen", "answer:treffpunkt"]
    assert "Antwort vier: Einen überdachten Treffpunkt." in app.speech_text()
    tap(find(app, "bar:home"), clock=app.fake_clock)
    app.go(Route("detail", "lb-quartiersgespraech"))
    frames()
    tap(find(app, "detail:poll"), clock=app.fake_clock)
    assert app.nav.current == Route("poll", POLL)
    tap(find(app, "bar:back"), clock=app.fake_clock)
    assert app.nav.current == Route("detail", "lb-quartiersgespraech")


def test_poll_no_returns_to_the_question_without_a_vote(app):
    before = votes(app)
    tap(find(app, "tile:category:mitmachen"), clock=app.fake_clock)
    tap(find(app, "answer:schatten"), clock=app.fake_clock)
    assert app.nav.current == Route("poll_confirm", f"{POLL}/schatten")
    assert "Sie wählen: Bäume und Schatten" in texts(app)
    assert "Sie wählen: Bäume und Schatten. Möchten Sie das abschicken?" in app.speech_text()
    tap(find(app, "poll:no"), clock=app.fake_clock)
    assert app.nav.current == Route("poll", POLL) and targets(app, "answer:")
    assert votes(app) == before


def test_poll_one_vote_per_visit_and_a_new_one_after_the_idle_reset(app):
    before = votes(app)
    tap(find(app, "tile:category:mitmachen"), clock=app.fake_clock)
    tap(find(app, "answer:baenke"), clock=app.fake_clock)
    tap(find(app, "poll:yes"), clock=app.fake_clock)
    assert app.sm.current == "poll_thanks" and polls.THANKS in texts(app)
    assert app.speech_text().startswith("Danke! Ihre Stimme ist gezählt.")
    key = f"{POLL}/baenke"
    assert votes(app).get(key, 0) == before.get(key, 0) + 1
    # Zurück leads to the question, which now has no answers to tap, only the note.
    tap(find(app, "bar:back"), clock=app.fake_clock)
    assert app.nav.current == Route("poll", POLL)
    assert polls.ALREADY in texts(app) and not targets(app, "answer:")
    # The other way in is the same visit too.
    tap(find(app, "bar:home"), clock=app.fake_clock)
    app.go(Route("detail", "lb-quartiersgespraech"))
    frames()
    tap(find(app, "detail:poll"), clock=app.fake_clock)
    assert polls.ALREADY in texts(app) and not targets(app, "answer:")
    # A confirmation still on its way (the route) is refused too, and says so.
    app.go(Route("poll_confirm", f"{POLL}/brunnen"))
    frames()
    tap(find(app, "poll:yes"), clock=app.fake_clock)
    assert app.nav.current == Route("poll", POLL) and polls.ALREADY in texts(app)
    assert votes(app).get(f"{POLL}/brunnen", 0) == before.get(f"{POLL}/brunnen", 0)
    idle_reset(app)                   # the next person
    tap(find(app, "tile:category:mitmachen"), clock=app.fake_clock)
    tap(find(app, "answer:brunnen"), clock=app.fake_clock)
    tap(find(app, "poll:yes"), clock=app.fake_clock)
    assert app.sm.current == "poll_thanks"
    assert votes(app).get(f"{POLL}/brunnen", 0) == before.get(f"{POLL}/brunnen", 0) + 1


def test_poll_results_as_bars_with_their_numbers_in_words_and_spoken(app):
    tap(find(app, "tile:category:mitmachen"), clock=app.fake_clock)
    tap(find(app, "poll:results"), clock=app.fake_clock)
    assert app.sm.current == "poll_results"
    shown = texts(app)
    for words in ("23 Stimmen von 61", "17 Stimmen von 61", "9 Stimmen von 61",
                  "12 Stimmen von 61", "Mehr Bänke", "Einen überdachten Treffpunkt"):
        assert words in shown
    bars = [w for w in app.screen.walk(restrict=True) if getattr(w, "bg_color", None) is not None
            and tuple(w.bg_color) == tuple(app.style.button_bg)]
    widths = sorted(round(w.width) for w in bars)
    assert len(widths) == 4 and widths[0] < widths[-1]    # 9 … 23 votes
    speech = app.speech_text()
    assert speech.startswith("Was wünschen Sie sich am Lindenplatz am meisten?")
    assert "Mehr Bänke:" in speech and "Stimmen von" in speech


@contextmanager
def poll_below_the_minimum(app):
    """The sync brings a feed in which the poll has fewer votes than its minimum."""
    from sync.apply import apply_feed
    from sync.demo import demo_source
    from sync.source import build_feed

    source = demo_source(NOW.date())
    for poll in source["polls"]:
        poll.pop("results"), poll.pop("votes")
    apply_feed(app.store.db_path, build_feed(source, version=int(NOW.timestamp()) + 80,
                                             now=NOW), now=NOW)
    try:
        yield
    finally:
        apply_feed(app.store.db_path, build_feed(demo_source(NOW.date()), now=NOW,
                                                 version=int(NOW.timestamp()) + 90), now=NOW)


def test_poll_results_below_the_minimum_say_from_how_many_votes(app):
    with poll_below_the_minimum(app):
        tap(find(app, "tile:category:mitmachen"), clock=app.fake_clock)
        tap(find(app, "poll:results"), clock=app.fake_clock)
        assert "Ergebnisse ab 20 Stimmen" in texts(app)
        assert not [t for t in texts(app) if "Stimmen von" in t]
        assert "Ergebnisse ab zwanzig Stimmen" in app.speech_text() or \
            "Ergebnisse ab 20 Stimmen" in app.speech_text()


def test_poll_datenschutz_opens_the_notice_paged_and_read_aloud(app):
    tap(find(app, "home:privacy"), clock=app.fake_clock)
    assert app.sm.current == "privacy" and privacy.TITLE in texts(app)
    assert "Kurz gesagt" in texts(app)
    seen = set(texts(app))
    while True:
        try:
            tap(find(app, "pager:next"), clock=app.fake_clock)
        except LookupError:
            break
        seen |= set(texts(app))
    words = " ".join(seen)
    for section in privacy.SECTIONS:
        assert section.heading in words
    before = len(app.fake_player.played)
    tap(find(app, "bar:read"), clock=app.fake_clock)
    assert wait_until(lambda: len(app.fake_player.played) > before)
    assert "Fragen" in app.speech_text()            # the last page's section
    tap(find(app, "bar:read"), clock=app.fake_clock)   # stop
    app.prefs.speech = False
