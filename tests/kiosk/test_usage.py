"""What the app reports to the usage counters (kiosk.usage): a screen once each time it
comes up (not for a page turn or a new text size), a detail per entry, a QR code when its
kind changes, a poll shown, the settings chosen, and a new visit after the idle reset."""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk.counters import Counters
from kiosk.nav import Route
from kiosk.usage import Usage, screen_name

NOW = datetime(2026, 12, 1, 14, 20, tzinfo=UTC)
HOUR = "2026-12-01T14"


def _usage(tmp_path) -> Usage:
    return Usage(Counters(tmp_path, lambda: NOW))


def test_usage_counts_each_arrival_not_page_turns_or_restyles(tmp_path):
    usage = _usage(tmp_path)
    usage.shown(Route("attract"))                      # nobody there: nothing
    usage.shown(Route("home"))
    usage.shown(Route("list", "week"))
    usage.shown(Route("list", "week", page=1))         # a page turn
    usage.shown(Route("list", "week", page=1))         # "Schrift": laid out again
    usage.shown(Route("detail", "lb-chor"))
    usage.shown(Route("detail", "lb-chor", page=2), "termin")    # its QR page
    usage.qr("kontakt")
    usage.qr("kontakt")                                # the same code still on show
    usage.shown(Route("list", "week"))                 # Zurück: the list again
    usage.shown(Route("poll", "lindenplatz"))
    assert usage.counters.pending_counts() == {
        (HOUR, "visit", ""): 1, (HOUR, "screen", "home"): 1,
        (HOUR, "screen", "list:week"): 2, (HOUR, "screen", "detail"): 1,
        (HOUR, "entry", "lb-chor"): 1, (HOUR, "qr", "termin"): 1, (HOUR, "qr", "kontakt"): 1,
        (HOUR, "screen", "poll"): 1, (HOUR, "poll_shown", "lindenplatz"): 1}


def test_usage_settings_speech_and_votes_once_per_visit(tmp_path):
    usage = _usage(tmp_path)
    usage.shown(Route("home"))
    usage.settings(1, "normal")
    usage.settings(2, "normal")
    usage.settings(0, "normal")        # back to the default: not counted
    usage.settings(0, "high")
    usage.settings(0, "high")
    usage.speech()
    usage.speech()
    assert usage.vote("lindenplatz", "baenke") and usage.voted("lindenplatz")
    assert not usage.vote("lindenplatz", "brunnen")
    usage.visit_over()                 # the idle reset
    assert not usage.voted("lindenplatz")
    usage.shown(Route("home"))         # the next person: a new visit, Start counts again
    usage.settings(0, "high")
    assert usage.counters.pending_counts() == {
        (HOUR, "visit", ""): 2, (HOUR, "screen", "home"): 2,
        (HOUR, "text_size", "1"): 1, (HOUR, "text_size", "2"): 1,
        (HOUR, "contrast", "high"): 2, (HOUR, "speech", ""): 1,
        (HOUR, "vote", "lindenplatz/baenke"): 1}


def test_usage_names_screens_by_route_without_entry_or_page():
    assert screen_name(Route("list", "category:mitmachen", 3)) == "list:category:mitmachen"
    assert screen_name(Route("detail", "lb-chor", 1)) == "detail"
    assert screen_name(Route("poll_confirm", "lindenplatz/baenke")) == "poll_confirm"


def test_usage_of_the_tour_is_counted_and_forgotten(tmp_path):
    counters = Counters(tmp_path, lambda: NOW, keep=False)
    Usage(counters).shown(Route("home"))
    counters.flush()
    assert counters.pending_counts() == {} and not (tmp_path / "counters.sqlite").exists()
