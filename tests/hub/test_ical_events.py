"""Events of a calendar are read one by one: a broken event is refused with its UID and
line and the others are imported (and publish); events without UID keep a stable
identity; only a file that is no calendar, is cut off or is not UTF-8 imports nothing."""

from __future__ import annotations

import pytest

from hub import context
from hub.errors import CalendarError
from hub.ical_import import read_source
from hub.publishing import publish_sites
from hub.queries import entries as entry_q
from tests.hub.ical_cases import dates, import_text, vcalendar, vevent

GOOD = vevent("skat@adorf.example", "DTSTART;TZID=Europe/Berlin:20261201T143000",
              "DTEND;TZID=Europe/Berlin:20261201T170000", "RRULE:FREQ=WEEKLY;BYDAY=TU",
              summary="Skat und Rommé")
MARKT = vevent("markt@adorf.example", "DTSTART;VALUE=DATE:20261205",
               "DTEND;VALUE=DATE:20261207", summary="Weihnachtsmarkt")
BROKEN = {
    "ohne-beginn": vevent("ohne-beginn@adorf.example", "DTEND;TZID=Europe/Berlin:20261203T110000"),
    "untl": vevent("untl@adorf.example", "DTSTART;TZID=Europe/London:20261203T140000",
                   "DTEND;TZID=Europe/London:20261203T150000",
                   "RRULE:FREQ=WEEKLY;UNTL=20270123;BYDAY=TH;WKST=SU"),
    "zeile": vevent("zeile@adorf.example", "DTSTART;TZID=Europe/Berlin:20261204T100000",
                    "ORGANIZER;CN=Frau Mus", "ter:mailto:muster@adorf.example"),
    "datum": vevent("datum@adorf.example", "DTSTART:2026-13-45"),
    "offen": vevent("offen@adorf.example", "DTSTART;TZID=Europe/Berlin:20261206T100000"
                    ).removesuffix("END:VEVENT"),
    "setpos": vevent("setpos@adorf.example", "DTSTART;TZID=Europe/Berlin:20261207T100000",
                     "RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=400"),
    "dauer": vevent("dauer@adorf.example", "DTSTART;TZID=Europe/Berlin:20261208T100000",
                    "DURATION:P1X"),
}
REASONS = {
    "ohne-beginn": ("BEGIN:VEVENT", "dem Termin fehlt der Beginn (DTSTART)"),
    "untl": ("RRULE:", "die Regel „RRULE:FREQ=WEEKLY;UNTL=20270123"),
    "zeile": ("ORGANIZER;", "ist unlesbar: „ORGANIZER;CN=Frau Mus“"),   # folded wrongly
    "datum": ("DTSTART:", "DTSTART ist ungültig"),
    "offen": ("BEGIN:VEVENT", "wird nicht mit END:VEVENT abgeschlossen"),
    "setpos": ("RRULE:", "die Regel „RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=400“ ist nicht"),
    "dauer": ("DURATION:", "DURATION ist ungültig"),
}


def _line(text: str, uid: str, start: str) -> int:
    """The number of the first line of event `uid` that starts with `start`."""
    lines = text.split("\r\n")
    first = next(i for i, line in enumerate(lines) if line == f"UID:{uid}") - 1
    return next(i for i in range(first, len(lines)) if lines[i].startswith(start)) + 1


def test_ical_events_broken_events_are_refused_alone_and_the_rest_publishes(app):
    text = vcalendar(GOOD, *BROKEN.values(), MARKT)
    with app.app_context():
        report = import_text(text)
        assert sorted(report.new) == ["Skat und Rommé", "Weihnachtsmarkt"]
        assert len(report.refused) == len(BROKEN)
        for (name, (start, reason)), message in zip(REASONS.items(), report.refused,
                                                    strict=True):
            uid = f"{name}@adorf.example"
            assert f"Termin „{uid}“ (Zeile {_line(text, uid, start)}) nicht übernommen: " \
                in message, message
            assert reason in message, message
            assert entry_q.by_uid(context.db(), "ort-a", uid) is None
        # The good events around the broken ones: exactly their dates, released as imported.
        assert dates("skat@adorf.example")[:3] == [
            "2026-12-01 14:30 +0100 – 2026-12-01 17:00 +0100",
            "2026-12-08 14:30 +0100 – 2026-12-08 17:00 +0100",
            "2026-12-15 14:30 +0100 – 2026-12-15 17:00 +0100"]
        assert dates("markt@adorf.example") == [
            "2026-12-05 00:00 +0100 – 2026-12-07 00:00 +0100"]
        for uid in ("skat@adorf.example", "markt@adorf.example"):
            row = entry_q.by_uid(context.db(), "ort-a", uid)
            assert row["released_rev"] == row["rev"]
        outcome = publish_sites(context.db(), context.paths(), context.settings(), ["ort-a"],
                                now=context.now(), user="t", trigger="test")
    assert outcome.failed == [] and outcome.sites[0].skipped == []
    assert outcome.sites[0].entries == 3        # the seed's entry and the two events


def test_ical_events_misspelled_until_is_refused_at_import_not_at_publish(app):
    text = vcalendar(GOOD, BROKEN["untl"])
    with app.app_context():
        report = import_text(text)
        outcome = publish_sites(context.db(), context.paths(), context.settings(), ["ort-a"],
                                now=context.now(), user="t", trigger="test")
    assert report.new == ["Skat und Rommé"]
    assert "UNTL" in report.refused[0] and "abgelehnt: Termin „untl@adorf.example“" \
        in report.words()
    assert outcome.failed == [] and outcome.sites[0].skipped == []


def test_ical_events_broken_change_leaves_the_series_without_it(app):
    change = vevent("skat@adorf.example", "RECURRENCE-ID;TZID=Europe/Berlin:20261208T143000",
                    "DTSTART;TZID=Europe/Berlin:20261209T143000", "X-KAPUTT")
    text = vcalendar(GOOD, change)
    with app.app_context():
        report = import_text(text)
        assert report.new == ["Skat und Rommé"]
        assert "Änderung eines einzelnen Termins „skat@adorf.example“" in report.refused[0]
        assert dates("skat@adorf.example")[:2] == [
            "2026-12-01 14:30 +0100 – 2026-12-01 17:00 +0100",
            "2026-12-08 14:30 +0100 – 2026-12-08 17:00 +0100"]


def test_ical_events_entry_of_an_event_broken_later_stays(app):
    with app.app_context():
        import_text(vcalendar(GOOD, MARKT))
        before = entry_q.by_uid(context.db(), "ort-a", "markt@adorf.example")
        report = import_text(vcalendar(GOOD, MARKT.replace("DTSTART;VALUE=DATE:20261205",
                                                           "DTSTART;VALUE=DATE:2026-12-05")))
        assert report.removed == [] and len(report.refused) == 1
        assert entry_q.by_uid(context.db(), "ort-a", "markt@adorf.example") == before


def test_ical_events_without_uid_keep_their_identity(app):
    erzaehlcafe = vevent("", "DTSTART;TZID=Europe/Berlin:20261210T150000",
                         "DTEND;TZID=Europe/Berlin:20261210T163000",
                         "DESCRIPTION:Wir erzählen von früher.", summary="Erzählcafé")
    lesung = vevent("", "DTSTART;TZID=Europe/Berlin:20261211T190000", summary="Lesung")
    with app.app_context():
        first = import_text(vcalendar(erzaehlcafe, lesung, lesung))   # a copy falls together
        assert sorted(first.new) == ["Erzählcafé", "Lesung"]
        rows = entry_q.from_calendar(context.db(), "ort-a", "kalender.ics")
        again = import_text(vcalendar(erzaehlcafe.replace("von früher", "von damals"), lesung))
        assert again.new == [] and again.removed == [] and again.changed == ["Erzählcafé"]
        assert entry_q.from_calendar(context.db(), "ort-a", "kalender.ics") == rows
        other = import_text(vcalendar(lesung), source="https://anderer.example/k.ics")
        assert other.new == ["Lesung"]          # another calendar's event is another entry
    assert all(r["ics_uid"].startswith("ohne-uid-") for r in rows)


@pytest.mark.parametrize("text, line, message", [
    ("Das ist eine Einkaufsliste\r\nBrot\r\n", 1, "Das ist keine iCalendar-Datei"),
    (vcalendar(GOOD, MARKT).removesuffix("END:VCALENDAR\r\n"), 1,
     "BEGIN:VCALENDAR wird nicht mit END:VCALENDAR abgeschlossen – die Datei ist "
     "unvollständig."),
], ids=["no-calendar", "cut-off"])
def test_ical_events_file_that_is_no_whole_calendar_imports_nothing(app, text, line, message):
    with app.app_context():
        with pytest.raises(CalendarError) as caught:
            import_text(text)
        assert caught.value.line == line and message in str(caught.value)
        assert f"kalender.ics, Zeile {line}: " in str(caught.value)
        assert entry_q.from_calendar(context.db(), "ort-a", "kalender.ics") == []


def test_ical_events_file_not_in_utf8_imports_nothing(app, tmp_path):
    latin = tmp_path / "kalender.ics"
    latin.write_bytes(vcalendar(GOOD).replace("Rommé", "Romm\u00e9").encode("latin-1"))
    with app.app_context(), pytest.raises(CalendarError) as caught:
        read_source(str(latin), context.settings())
    assert "nicht in UTF-8" in str(caught.value)
    assert caught.value.line == _line(vcalendar(GOOD), "skat@adorf.example", "SUMMARY")
