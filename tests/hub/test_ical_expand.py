"""Every RFC 5545 form of a calendar's dates and their exceptions, imported and expanded
as the publisher does it: the exact local start and end (with the UTC offset) of every
occurrence. EXDATE and RDATE in every time form, moved and cancelled instances whatever
form their RECURRENCE-ID takes, RANGE=THISANDFUTURE (time, duration, later single
changes, across the DST change), several RRULEs, DURATION, all-day and multi-day events,
floating times with and without X-WR-TIMEZONE, both DST changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.hub.ical_cases import dates, import_text, vcalendar, vevent

BERLIN_TIMES = "DTSTART;TZID=Europe/Berlin:{s}\nDTEND;TZID=Europe/Berlin:{e}"
# Tuesday 15 February 2027, 9:00 in Lindenbach: four weeks before the spring DST change.
FEBRUARY = datetime(2027, 2, 15, 8, 0, tzinfo=UTC)
OCTOBER = datetime(2027, 10, 1, 7, 0, tzinfo=UTC)
XWR_BERLIN = "X-WR-TIMEZONE:Europe/Berlin"
# Outlook's and Exchange's name for Berlin's zone, defined in the calendar itself.
OUTLOOK_ZONE = """BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE"""
OUTLOOK_TIMES = ("DTSTART;TZID=W. Europe Standard Time:{s}\n"
                 "DTEND;TZID=W. Europe Standard Time:{e}")


def at(day: str, start: str, end: str, offset: str = "+0100", end_day: str = "",
       end_offset: str = "", status: str = "") -> str:
    """One expected occurrence in the words of tests.hub.ical_cases.dates."""
    return (f"{day} {start} {offset} – {end_day or day} {end} {end_offset or offset}"
            + (f" {status}" if status else ""))


def _imported(text: str, uid: str, now: datetime = datetime(2026, 12, 1, 8, tzinfo=UTC)
              ) -> list[str]:
    report = import_text(text, now=now)
    assert report.refused == [], report.refused
    return dates(uid, now)


# -- EXDATE -------------------------------------------------------------------------------------

TUESDAYS = BERLIN_TIMES.format(s="20261208T143000", e="20261208T160000")


def test_ical_expand_exdate_in_every_time_form(app):
    event = vevent("ex", TUESDAYS, "RRULE:FREQ=WEEKLY;COUNT=10",
                   "EXDATE;TZID=Europe/Berlin:20261215T143000",
                   "EXDATE:20261222T133000Z",                           # UTC
                   "EXDATE:20261229T143000",                            # floating: Berlin
                   "EXDATE;VALUE=DATE:20270105",                        # the whole day
                   "EXDATE;TZID=Europe/Berlin:20270112T143000,20270119T143000",   # a list
                   "EXDATE;TZID=America/New_York:20270202T083000")      # another zone
    with app.app_context():
        assert _imported(vcalendar(event), "ex") == [
            at("2026-12-08", "14:30", "16:00"), at("2027-01-26", "14:30", "16:00"),
            at("2027-02-09", "14:30", "16:00")]


@pytest.mark.parametrize("head, master, exdates", [
    (XWR_BERLIN, "DTSTART:20261208T143000\nDTEND:20261208T160000",
     "EXDATE:20261215T133000Z\nEXDATE:20261222T143000"),
    (XWR_BERLIN, "DTSTART:20261208T133000Z\nDTEND:20261208T150000Z",     # Google's export
     "EXDATE:20261215T133000Z\nEXDATE;TZID=Europe/Berlin:20261222T143000"),
    ("", "DTSTART:20261208T143000\nDTEND:20261208T160000",                 # floating: Berlin
     "EXDATE:20261215T133000Z\nEXDATE;VALUE=DATE:20261222"),
], ids=["floating-x-wr", "utc-x-wr", "floating"])
def test_ical_expand_exdate_under_floating_and_x_wr_timezone(app, head, master, exdates):
    event = vevent("ex", master, "RRULE:FREQ=WEEKLY;COUNT=4", exdates)
    with app.app_context():
        assert _imported(vcalendar(event, head=head), "ex") == [
            at("2026-12-08", "14:30", "16:00"), at("2026-12-29", "14:30", "16:00")]


# -- RDATE --------------------------------------------------------------------------------------

def test_ical_expand_rdate_date_time_date_and_period(app):
    event = vevent("rd", BERLIN_TIMES.format(s="20261203T100000", e="20261203T113000"),
                   "RDATE;TZID=Europe/Berlin:20261210T100000",
                   "RDATE:20261217T090000Z",
                   "RDATE;VALUE=DATE:20261224",            # the day, at the event's time
                   "RDATE;VALUE=PERIOD:20261231T090000Z/20261231T120000Z",
                   "RDATE;VALUE=PERIOD;TZID=Europe/Berlin:20270107T100000/PT2H")
    with app.app_context():
        assert _imported(vcalendar(event), "rd") == [
            at("2026-12-03", "10:00", "11:30"), at("2026-12-10", "10:00", "11:30"),
            at("2026-12-17", "10:00", "11:30"), at("2026-12-24", "10:00", "11:30"),
            at("2026-12-31", "10:00", "13:00"), at("2027-01-07", "10:00", "12:00")]


def test_ical_expand_rdate_of_whole_days(app):
    event = vevent("tage", "DTSTART;VALUE=DATE:20261205", "DTEND;VALUE=DATE:20261206",
                   "RDATE;VALUE=DATE:20261212,20261219")
    with app.app_context():
        assert _imported(vcalendar(event), "tage") == [
            at("2026-12-05", "00:00", "00:00", end_day="2026-12-06"),
            at("2026-12-12", "00:00", "00:00", end_day="2026-12-13"),
            at("2026-12-19", "00:00", "00:00", end_day="2026-12-20")]


# -- RECURRENCE-ID: one instance moved or cancelled --------------------------------------------

SINGLE_FORMS = {
    "tzid": ("", TUESDAYS, "RECURRENCE-ID;TZID=Europe/Berlin:20261215T143000"),
    "utc": ("", TUESDAYS, "RECURRENCE-ID:20261215T133000Z"),
    "other-zone": ("", TUESDAYS, "RECURRENCE-ID;TZID=America/New_York:20261215T083000"),
    "date": ("", TUESDAYS, "RECURRENCE-ID;VALUE=DATE:20261215"),
    "floating": ("", "DTSTART:20261208T143000\nDTEND:20261208T160000",
                 "RECURRENCE-ID:20261215T143000"),
    "floating-x-wr": (XWR_BERLIN, "DTSTART:20261208T143000\nDTEND:20261208T160000",
                      "RECURRENCE-ID:20261215T143000"),
    "floating-x-wr-utc": (XWR_BERLIN, "DTSTART:20261208T143000\nDTEND:20261208T160000",
                          "RECURRENCE-ID:20261215T133000Z"),
    "utc-x-wr": (XWR_BERLIN, "DTSTART:20261208T133000Z\nDTEND:20261208T150000Z",
                 "RECURRENCE-ID:20261215T133000Z"),
    "calendar-zone": (OUTLOOK_ZONE, OUTLOOK_TIMES.format(s="20261208T143000",
                                                         e="20261208T160000"),
                      "RECURRENCE-ID;TZID=W. Europe Standard Time:20261215T143000"),
}


@pytest.mark.parametrize("form", list(SINGLE_FORMS))
def test_ical_expand_moved_instance_in_every_recurrence_id_form(app, form):
    head, master, rid = SINGLE_FORMS[form]
    text = vcalendar(vevent("mv", master, "RRULE:FREQ=WEEKLY;COUNT=4"),
                     vevent("mv", rid, BERLIN_TIMES.format(s="20261216T100000",
                                                           e="20261216T113000")), head=head)
    with app.app_context():
        assert _imported(text, "mv") == [
            at("2026-12-08", "14:30", "16:00"),
            at("2026-12-16", "10:00", "11:30", status="verlegt"),
            at("2026-12-22", "14:30", "16:00"), at("2026-12-29", "14:30", "16:00")]


@pytest.mark.parametrize("form", list(SINGLE_FORMS))
def test_ical_expand_cancelled_instance_in_every_recurrence_id_form(app, form):
    head, master, rid = SINGLE_FORMS[form]
    text = vcalendar(vevent("ab", master, "RRULE:FREQ=WEEKLY;COUNT=4"),
                     vevent("ab", rid, BERLIN_TIMES.format(s="20261215T143000",
                                                           e="20261215T160000"),
                            "STATUS:CANCELLED"), head=head)
    with app.app_context():
        assert _imported(text, "ab") == [
            at("2026-12-08", "14:30", "16:00"),
            at("2026-12-15", "14:30", "16:00", status="fällt aus"),
            at("2026-12-22", "14:30", "16:00"), at("2026-12-29", "14:30", "16:00")]


def test_ical_expand_moved_whole_day_and_override_with_duration(app):
    days = vcalendar(
        vevent("sa", "DTSTART;VALUE=DATE:20261205", "DTEND;VALUE=DATE:20261206",
               "RRULE:FREQ=WEEKLY;COUNT=3"),
        vevent("sa", "RECURRENCE-ID;VALUE=DATE:20261212", "DTSTART;VALUE=DATE:20261213",
               "DTEND;VALUE=DATE:20261214"),
        vevent("di", TUESDAYS, "RRULE:FREQ=WEEKLY;COUNT=3"),
        vevent("di", "RECURRENCE-ID;TZID=Europe/Berlin:20261215T143000",
               "DTSTART;TZID=Europe/Berlin:20261215T150000", "DURATION:PT1H"),
        vevent("di", "RECURRENCE-ID;TZID=Europe/Berlin:20261222T143000",      # no end:
               "DTSTART;TZID=Europe/Berlin:20261222T090000"))                # its length
    with app.app_context():
        assert _imported(days, "sa") == [
            at("2026-12-05", "00:00", "00:00", end_day="2026-12-06"),
            at("2026-12-13", "00:00", "00:00", end_day="2026-12-14", status="verlegt"),
            at("2026-12-19", "00:00", "00:00", end_day="2026-12-20")]
        assert dates("di") == [
            at("2026-12-08", "14:30", "16:00"),
            at("2026-12-15", "15:00", "16:00", status="verlegt"),
            at("2026-12-22", "09:00", "10:30", status="verlegt")]


# -- RECURRENCE-ID;RANGE=THISANDFUTURE ---------------------------------------------------------

EVENINGS = BERLIN_TIMES.format(s="20270302T190000", e="20270302T203000")
SHIFTED = BERLIN_TIMES.format(s="20270316T180000", e="20270316T200000")
FUTURE_FORMS = {
    "tzid": ("", EVENINGS, "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:"
             "20270316T190000", SHIFTED),
    "utc": ("", EVENINGS, "RECURRENCE-ID;RANGE=THISANDFUTURE:20270316T180000Z", SHIFTED),
    "utc-times": ("", EVENINGS, "RECURRENCE-ID;RANGE=THISANDFUTURE:20270316T180000Z",
                  "DTSTART:20270316T170000Z\nDTEND:20270316T190000Z"),
    "other-zone": ("", EVENINGS, "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=America/New_York:"
                   "20270316T140000", SHIFTED),
    "floating": ("", "DTSTART:20270302T190000\nDTEND:20270302T203000",
                 "RECURRENCE-ID;RANGE=THISANDFUTURE:20270316T190000",
                 "DTSTART:20270316T180000\nDTEND:20270316T200000"),
    "floating-utc": ("", "DTSTART:20270302T190000\nDTEND:20270302T203000",
                     "RECURRENCE-ID;RANGE=THISANDFUTURE:20270316T180000Z",
                     "DTSTART:20270316T180000\nDTEND:20270316T200000"),
    "floating-x-wr": (XWR_BERLIN, "DTSTART:20270302T190000\nDTEND:20270302T203000",
                      "RECURRENCE-ID;RANGE=THISANDFUTURE:20270316T190000",
                      "DTSTART:20270316T180000\nDTEND:20270316T200000"),
    "floating-x-wr-utc": (XWR_BERLIN, "DTSTART:20270302T190000\nDTEND:20270302T203000",
                          "RECURRENCE-ID;RANGE=THISANDFUTURE:20270316T180000Z",
                          "DTSTART:20270316T180000\nDTEND:20270316T200000"),
    "utc-x-wr": (XWR_BERLIN, "DTSTART:20270302T180000Z\nDTEND:20270302T193000Z",
                 "RECURRENCE-ID;RANGE=THISANDFUTURE:20270316T180000Z",
                 "DTSTART:20270316T170000Z\nDTEND:20270316T190000Z"),
    # A whole day names the instance of a timed series (older Lotus and Kerio exports).
    "date": ("", EVENINGS, "RECURRENCE-ID;RANGE=THISANDFUTURE;VALUE=DATE:20270316", SHIFTED),
    "calendar-zone": (OUTLOOK_ZONE, OUTLOOK_TIMES.format(s="20270302T190000",
                                                         e="20270302T203000"),
                      "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=W. Europe Standard Time:"
                      "20270316T190000",
                      OUTLOOK_TIMES.format(s="20270316T180000", e="20270316T200000")),
    "calendar-zone-utc": (OUTLOOK_ZONE, OUTLOOK_TIMES.format(s="20270302T190000",
                                                             e="20270302T203000"),
                          "RECURRENCE-ID;RANGE=THISANDFUTURE:20270316T180000Z", SHIFTED),
}
# From 16 March on an hour earlier and half an hour longer, also after the DST change.
SHIFTED_DATES = [
    at("2027-03-02", "19:00", "20:30"), at("2027-03-09", "19:00", "20:30"),
    at("2027-03-16", "18:00", "20:00"), at("2027-03-23", "18:00", "20:00"),
    at("2027-03-30", "18:00", "20:00", "+0200"), at("2027-04-06", "18:00", "20:00", "+0200")]


def _future(form: str, *more: str) -> str:
    head, master, rid, times = FUTURE_FORMS[form]
    return vcalendar(vevent("tf", master, "RRULE:FREQ=WEEKLY;COUNT=6"),
                     vevent("tf", rid, times), *more, head=head)


@pytest.mark.parametrize("form", list(FUTURE_FORMS))
def test_ical_expand_this_and_future_in_every_recurrence_id_form(app, form):
    with app.app_context():
        assert _imported(_future(form), "tf", FEBRUARY) == SHIFTED_DATES


@pytest.mark.parametrize("rid", ["RECURRENCE-ID;TZID=Europe/Berlin:20270330T190000",
                                 "RECURRENCE-ID:20270330T170000Z"], ids=["tzid", "utc"])
def test_ical_expand_this_and_future_then_single_changes_and_exdate(app, rid):
    text = _future(
        "tzid",
        vevent("tf", rid, "DTSTART;TZID=Europe/Berlin:20270331T100000",
               "DTEND;TZID=Europe/Berlin:20270331T110000"),
        vevent("tf", "RECURRENCE-ID;TZID=Europe/Berlin:20270406T190000",      # no end: the
               "DTSTART;TZID=Europe/Berlin:20270406T170000"))                # new length
    text = text.replace("RRULE:FREQ=WEEKLY;COUNT=6",
                        "RRULE:FREQ=WEEKLY;COUNT=6\r\nEXDATE;TZID=Europe/Berlin:20270323T190000")
    with app.app_context():
        assert _imported(text, "tf", FEBRUARY) == [
            at("2027-03-02", "19:00", "20:30"), at("2027-03-09", "19:00", "20:30"),
            at("2027-03-16", "18:00", "20:00"),
            at("2027-03-31", "10:00", "11:00", "+0200", status="verlegt"),
            at("2027-04-06", "17:00", "19:00", "+0200", status="verlegt")]


def test_ical_expand_two_this_and_future_changes(app):
    text = _future("utc", vevent(
        "tf", "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20270330T190000",
        BERLIN_TIMES.format(s="20270330T090000", e="20270330T093000")))
    with app.app_context():
        assert _imported(text, "tf", FEBRUARY) == SHIFTED_DATES[:4] + [
            at("2027-03-30", "09:00", "09:30", "+0200"),
            at("2027-04-06", "09:00", "09:30", "+0200")]


def test_ical_expand_this_and_future_length_only_and_cancelled(app):
    longer = vcalendar(
        vevent("lang", EVENINGS, "RRULE:FREQ=WEEKLY;COUNT=4"),
        vevent("lang", "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20270316T190000",
               "DTSTART;TZID=Europe/Berlin:20270316T190000", "DURATION:PT3H"),
        vevent("aus", EVENINGS, "RRULE:FREQ=WEEKLY;COUNT=4"),
        vevent("aus", "RECURRENCE-ID;RANGE=THISANDFUTURE:20270316T180000Z",
               BERLIN_TIMES.format(s="20270316T190000", e="20270316T203000"),
               "STATUS:CANCELLED"))
    with app.app_context():
        assert _imported(longer, "lang", FEBRUARY) == [
            at("2027-03-02", "19:00", "20:30"), at("2027-03-09", "19:00", "20:30"),
            at("2027-03-16", "19:00", "22:00"), at("2027-03-23", "19:00", "22:00")]
        assert dates("aus", FEBRUARY) == [
            at("2027-03-02", "19:00", "20:30"), at("2027-03-09", "19:00", "20:30"),
            at("2027-03-16", "19:00", "20:30", status="fällt aus"),
            at("2027-03-23", "19:00", "20:30", status="fällt aus")]


def test_ical_expand_this_and_future_from_before_the_window(app):
    saturday = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)
    with app.app_context():
        assert _imported(_future("utc"), "tf", saturday) == SHIFTED_DATES[3:]


def test_ical_expand_this_and_future_of_whole_days(app):
    text = vcalendar(
        vevent("wo", "DTSTART;VALUE=DATE:20261205", "DTEND;VALUE=DATE:20261206",
               "RRULE:FREQ=WEEKLY;COUNT=5"),
        vevent("wo", "RECURRENCE-ID;RANGE=THISANDFUTURE;VALUE=DATE:20261219",
               "DTSTART;VALUE=DATE:20261220", "DTEND;VALUE=DATE:20261222"))
    with app.app_context():
        assert _imported(text, "wo") == [
            at("2026-12-05", "00:00", "00:00", end_day="2026-12-06"),
            at("2026-12-12", "00:00", "00:00", end_day="2026-12-13"),
            at("2026-12-20", "00:00", "00:00", end_day="2026-12-22"),
            at("2026-12-27", "00:00", "00:00", end_day="2026-12-29"),
            at("2027-01-03", "00:00", "00:00", end_day="2027-01-05")]


# -- rules, lengths, days, zones ------------------------------------------------------------------

def test_ical_expand_several_rrules_as_their_union(app):
    text = vcalendar(
        vevent("zwei", BERLIN_TIMES.format(s="20261201T100000", e="20261201T110000"),
               "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3", "RRULE:FREQ=MONTHLY;BYDAY=1FR;COUNT=2"),
        vevent("doppelt", BERLIN_TIMES.format(s="20261203T100000", e="20261203T110000"),
               "RRULE:FREQ=WEEKLY;COUNT=2", "RRULE:FREQ=WEEKLY;COUNT=2"))
    with app.app_context():
        assert _imported(text, "zwei") == [
            at("2026-12-01", "10:00", "11:00"), at("2026-12-04", "10:00", "11:00"),
            at("2026-12-08", "10:00", "11:00"), at("2026-12-15", "10:00", "11:00"),
            at("2027-01-01", "10:00", "11:00")]
        assert dates("doppelt") == [at("2026-12-03", "10:00", "11:00"),
                                    at("2026-12-10", "10:00", "11:00")]


def test_ical_expand_duration_all_day_and_multi_day(app):
    text = vcalendar(
        vevent("dauer", "DTSTART;TZID=Europe/Berlin:20261203T100000", "DURATION:PT1H30M",
               "RRULE:FREQ=WEEKLY;COUNT=2"),
        vevent("tag", "DTSTART;VALUE=DATE:20261224"),                  # no end: one day
        vevent("tage", "DTSTART;VALUE=DATE:20261227", "DURATION:P3D"),
        vevent("wochenende", BERLIN_TIMES.format(s="20261204T180000", e="20261206T140000")))
    with app.app_context():
        assert _imported(text, "dauer") == [at("2026-12-03", "10:00", "11:30"),
                                            at("2026-12-10", "10:00", "11:30")]
        assert dates("tag") == [at("2026-12-24", "00:00", "00:00", end_day="2026-12-25")]
        assert dates("tage") == [at("2026-12-27", "00:00", "00:00", end_day="2026-12-30")]
        assert dates("wochenende") == [at("2026-12-04", "18:00", "14:00",
                                          end_day="2026-12-06")]


def test_ical_expand_floating_times_in_berlin_or_x_wr_timezone(app):
    berlin = vcalendar(vevent("hier", "DTSTART:20270316T190000", "DTEND:20270316T200000",
                              "RRULE:FREQ=WEEKLY;COUNT=3"))
    # New York changes to summer time on 14 March, Berlin on 28 March: 8:30 there is
    # 14:30 here, then 13:30 for two weeks, then 14:30 again.
    new_york = vcalendar(vevent("ny", "DTSTART:20270302T083000", "DTEND:20270302T093000",
                                "RRULE:FREQ=WEEKLY;COUNT=5"),
                         head="X-WR-TIMEZONE:America/New_York")
    with app.app_context():
        assert _imported(berlin, "hier", FEBRUARY) == [
            at("2027-03-16", "19:00", "20:00"), at("2027-03-23", "19:00", "20:00"),
            at("2027-03-30", "19:00", "20:00", "+0200")]
        assert _imported(new_york, "ny", FEBRUARY) == [
            at("2027-03-02", "14:30", "15:30"), at("2027-03-09", "14:30", "15:30"),
            at("2027-03-16", "13:30", "14:30"), at("2027-03-23", "13:30", "14:30"),
            at("2027-03-30", "14:30", "15:30", "+0200")]


def test_ical_expand_both_dst_changes(app):
    spring = vcalendar(
        vevent("nacht", BERLIN_TIMES.format(s="20270327T023000", e="20270327T033000"),
               "RRULE:FREQ=DAILY;COUNT=3"),
        vevent("utc", "DTSTART:20270316T180000Z", "DTEND:20270316T190000Z",
               "RRULE:FREQ=WEEKLY;COUNT=3"))
    autumn = vcalendar(vevent(
        "herbst", BERLIN_TIMES.format(s="20271024T023000", e="20271024T033000"),
        "RRULE:FREQ=WEEKLY;COUNT=3"))
    with app.app_context():
        # 2:30 on 28 March does not exist: the publisher moves start and end by the gap.
        assert _imported(spring, "nacht", FEBRUARY) == [
            at("2027-03-27", "02:30", "03:30"), at("2027-03-28", "03:30", "04:30", "+0200"),
            at("2027-03-29", "02:30", "03:30", "+0200")]
        # A rule in UTC keeps its UTC time: an hour later in local time after the change.
        assert dates("utc", FEBRUARY) == [
            at("2027-03-16", "19:00", "20:00"), at("2027-03-23", "19:00", "20:00"),
            at("2027-03-30", "20:00", "21:00", "+0200")]
        # 2:30 on 31 October happens twice: the first pass counts.
        assert _imported(autumn, "herbst", OCTOBER) == [
            at("2027-10-24", "02:30", "03:30", "+0200"),
            at("2027-10-31", "02:30", "03:30", "+0200", end_offset="+0100"),
            at("2027-11-07", "02:30", "03:30")]
