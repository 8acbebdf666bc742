"""Importing a municipal iCalendar: recurring events with exceptions, a moved and a
cancelled instance, all-day, UTC times, folded lines, the DST change; idempotent by UID;
a broken event names its line (tests/hub/test_ical_events.py)."""

from __future__ import annotations

import http.server
import threading
from datetime import timedelta
from functools import partial
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from hub import context
from hub.errors import CalendarError
from hub.ical_import import import_calendar
from hub.publishing import publish_sites
from hub.queries import entries as entry_q
from sync.recurrence import expand
from sync.rhythm import rhythm_words
from tests.hub.conftest import NOW
from tests.hub.ical_cases import VTIMEZONE

BERLIN = ZoneInfo("Europe/Berlin")
EVENTS = {
    "skat": """BEGIN:VEVENT
UID:skat@adorf.example
DTSTAMP:20261120T080000Z
DTSTART;TZID=Europe/Berlin:20261201T143000
DTEND;TZID=Europe/Berlin:20261201T170000
RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270427T123000Z
EXDATE;TZID=Europe/Berlin:20261222T143000,20261229T143000
SUMMARY:Skat und Rommé
DESCRIPTION:Karten\\, Kaffee und Kuchen. Neue Mitspieler sind willkommen – ei
 nfach vorbeikommen.
LOCATION:Saal A\\, Weg 1\\, Adorf
CATEGORIES:Treffen & Bewegung
END:VEVENT""",
    "cafe": """BEGIN:VEVENT
UID:cafe@adorf.example
DTSTAMP:20261120T080000Z
DTSTART;TZID=Europe/Berlin:20261210T150000
DTEND;TZID=Europe/Berlin:20261210T163000
RRULE:FREQ=MONTHLY;BYDAY=2TH;COUNT=6
SUMMARY:Erzählcafé
DESCRIPTION:Bei Kaffee erzählen wir von früher. Anmeldung: 069 / 90009-110.
URL:https://adorf.example/erzaehlcafe
END:VEVENT
BEGIN:VEVENT
UID:cafe@adorf.example
RECURRENCE-ID;TZID=Europe/Berlin:20270114T150000
DTSTAMP:20261120T080000Z
DTSTART;TZID=Europe/Berlin:20270115T160000
DTEND;TZID=Europe/Berlin:20270115T173000
SUMMARY:Erzählcafé – diesmal am Freitag
END:VEVENT
BEGIN:VEVENT
UID:cafe@adorf.example
RECURRENCE-ID;TZID=Europe/Berlin:20270211T150000
DTSTAMP:20261120T080000Z
DTSTART;TZID=Europe/Berlin:20270211T150000
DTEND;TZID=Europe/Berlin:20270211T163000
STATUS:CANCELLED
SUMMARY:Erzählcafé
END:VEVENT""",
    "markt": """BEGIN:VEVENT
UID:markt@adorf.example
DTSTAMP:20261120T080000Z
DTSTART;VALUE=DATE:20261205
DTEND;VALUE=DATE:20261207
SUMMARY:Weihnachtsmarkt
DESCRIPTION:Samstag und Sonntag auf dem Marktplatz.
END:VEVENT""",
    "vortrag": """BEGIN:VEVENT
UID:vortrag@adorf.example
DTSTAMP:20261120T080000Z
DTSTART:20270121T140000Z
DTEND:20270121T153000Z
SUMMARY:Vortrag: Vorsorgevollmacht
END:VEVENT""",
    "kino": """BEGIN:VEVENT
UID:kino@adorf.example
DTSTAMP:20261120T080000Z
DTSTART;TZID=Europe/Berlin:20261218T190000
DTEND;TZID=Europe/Berlin:20261218T210000
STATUS:CANCELLED
SUMMARY:Kinoabend
END:VEVENT""",
    "vorbei": """BEGIN:VEVENT
UID:vorbei@adorf.example
DTSTAMP:20261020T080000Z
DTSTART;TZID=Europe/Berlin:20261020T100000
DTEND;TZID=Europe/Berlin:20261020T110000
SUMMARY:Herbstfest
END:VEVENT""",
    "chor": """BEGIN:VEVENT
UID:chor@adorf.example
DTSTAMP:20261120T080000Z
DTSTART;TZID=Europe/Berlin:20270316T190000
DTEND;TZID=Europe/Berlin:20270316T203000
RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4
SUMMARY:Chorprobe über die Zeitumstellung
END:VEVENT""",
    "utc": """BEGIN:VEVENT
UID:utc@adorf.example
DTSTAMP:20261120T080000Z
DTSTART:20261203T090000Z
DTEND:20261203T100000Z
RRULE:FREQ=WEEKLY;COUNT=3
SUMMARY:Sprechstunde (Zeit in UTC)
END:VEVENT""",
}


def calendar(*names: str, extra: str = "") -> str:
    body = "\n".join(EVENTS[n] for n in names)
    text = (f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Adorf//Kalender//DE\n{VTIMEZONE}\n"
            f"{body}\n{extra}END:VCALENDAR\n")
    return text.replace("\n", "\r\n")


ALL = tuple(EVENTS)


def _import(text: str, source: str = "kalender.ics", now=NOW):
    return import_calendar(context.db(), context.settings(), "ort-a", text, source=source,
                           category=None, now=now, user="test")


def _by_uid(uid: str) -> dict:
    return entry_q.by_uid(context.db(), "ort-a", uid)


def test_ical_import_maps_every_kind_of_event(app):
    with app.app_context():
        report = _import(calendar(*ALL))
        assert sorted(report.new) == sorted(["Skat und Rommé", "Erzählcafé", "Weihnachtsmarkt",
                                             "Vortrag: Vorsorgevollmacht", "Kinoabend",
                                             "Chorprobe über die Zeitumstellung",
                                             "Sprechstunde (Zeit in UTC)"])
        assert report.skipped == ["Herbstfest"]
        skat = _by_uid("skat@adorf.example")
        assert skat["origin"] == "ics" and skat["ics_source"] == "kalender.ics"
        data = skat["data"]
        assert data["schedule"] == {
            "start": "2026-12-01T14:30", "end": "2026-12-01T17:00",
            "rrule": "FREQ=WEEKLY;UNTIL=20270427T143000;BYDAY=TU",      # UNTIL in local time
            "exdates": ["2026-12-22T14:30", "2026-12-29T14:30"]}
        assert data["summary"] == ("Karten, Kaffee und Kuchen. Neue Mitspieler sind willkommen"
                                   " – einfach vorbeikommen.")               # folded line
        assert data["place_id"] == "saal-a" and data["category"] == "treffen"
        # The rhythm in words is the publisher's, from this rule.
        assert "rhythm" not in data and rhythm_words(data["schedule"]) == (
            "jeden Dienstag, 14:30 bis 17:00 Uhr (bis 27. April 2027, nicht am 22. Dezember "
            "und 29. Dezember)")
        cafe = _by_uid("cafe@adorf.example")["data"]
        assert cafe["schedule"]["changes"] == [
            {"date": "2027-01-14", "status": "moved", "start": "2027-01-15T16:00",
             "end": "2027-01-15T17:30", "note": "diesmal am Freitag"},
            {"date": "2027-02-11", "status": "cancelled"}]
        assert cafe["contact"] == {"web": "https://adorf.example/erzaehlcafe",
                                   "phone": "069 90009110"}
        markt = _by_uid("markt@adorf.example")["data"]
        assert markt["schedule"] == {"start": "2026-12-05T00:00", "end": "2026-12-07T00:00"}
        vortrag = _by_uid("vortrag@adorf.example")["data"]
        assert vortrag["schedule"] == {"start": "2027-01-21T15:00", "end": "2027-01-21T16:30"}
        assert _by_uid("kino@adorf.example")["status"] == "cancelled"
        chor = _by_uid("chor@adorf.example")["data"]["schedule"]
        dates = expand(chor, BERLIN, NOW, NOW + timedelta(days=200))
        assert [d.start.strftime("%d.%m. %H:%M %z") for d in dates] == [
            "16.03. 19:00 +0100", "23.03. 19:00 +0100", "30.03. 19:00 +0200",
            "06.04. 19:00 +0200"]                                    # 19:00 across the DST change
        utc = _by_uid("utc@adorf.example")["data"]
        assert "schedule" not in utc
        assert [o["start"] for o in utc["occurrences"]] == [
            "2026-12-03T10:00:00+01:00", "2026-12-10T10:00:00+01:00",
            "2026-12-17T10:00:00+01:00"]
        assert sorted(report.without_contact) == sorted(set(report.new) - {"Erzählcafé"})
        assert "6 Einträge ohne Kontakt – bitte wählen Sie" in report.words()


def test_ical_import_dates_agree_with_recurring_ical_events(app):
    text = calendar("skat", "cafe", "chor")
    with app.app_context():
        _import(text)
        ours = {}
        for uid in ("skat@adorf.example", "cafe@adorf.example", "chor@adorf.example"):
            schedule = _by_uid(uid)["data"]["schedule"]
            ours[uid] = [(o.start, o.status) for o in expand(
                schedule, BERLIN, NOW, NOW + timedelta(days=200))]
    theirs: dict[str, list] = {}
    for occ in recurring_ical_events.of(icalendar.Calendar.from_ical(text)).between(
            NOW, NOW + timedelta(days=200)):
        status = "cancelled" if str(occ.get("STATUS", "")) == "CANCELLED" else None
        theirs.setdefault(str(occ["UID"]), []).append(
            (occ.decoded("DTSTART").astimezone(BERLIN), status))
    for uid, dates in ours.items():
        expected = sorted(theirs[uid])
        assert [d for d, _ in dates] == [d for d, _ in expected], uid
        assert [s == "cancelled" for _, s in dates] == [s == "cancelled" for _, s in expected]


def test_ical_import_again_changes_nothing(app):
    with app.app_context():
        _import(calendar(*ALL))
        before = entry_q.listing(context.db(), None)
        report = _import(calendar(*ALL))
        assert report.new == [] and report.changed == [] and report.removed == []
        assert len(report.unchanged) == 7
        assert entry_q.listing(context.db(), None) == before


def test_ical_import_updates_changed_events_and_keeps_what_staff_added(app):
    with app.app_context():
        _import(calendar("skat", "markt"))
        entry = _by_uid("markt@adorf.example")
        data = {**entry["data"], "place_id": "rathaus",
                "contact": {"role": "Marktamt", "phone": "069 90009150"}}
        entry_q.save(context.db(), entry["id"], "ort-a", data, sharing="all", share_sites=[],
                     now=NOW, user="staff")
        changed = calendar("skat").replace("SUMMARY:Skat und Rommé", "SUMMARY:Skatabend") \
            .replace("END:VCALENDAR", EVENTS["markt"].replace("\n", "\r\n").replace(
                "Weihnachtsmarkt", "Adventsmarkt") + "\r\nEND:VCALENDAR")
        report = _import(changed)
        assert sorted(report.changed) == ["Adventsmarkt", "Skatabend"]
        markt = _by_uid("markt@adorf.example")
        assert markt["id"] == entry["id"] and markt["title"] == "Adventsmarkt"
        assert markt["data"]["place_id"] == "rathaus" and markt["sharing"] == "all"
        assert markt["data"]["contact"]["role"] == "Marktamt"


def test_ical_import_removes_events_that_left_the_calendar(app):
    with app.app_context():
        _import(calendar("skat", "markt"))
        _import(calendar("vortrag"), source="anderer.ics")  # another calendar of the site
        report = _import(calendar("skat"))
        assert report.removed == ["Weihnachtsmarkt"]
        assert _by_uid("markt@adorf.example") is None
        assert _by_uid("vortrag@adorf.example") is not None  # not this calendar's event
        assert len(entry_q.from_calendar(context.db(), "ort-a", "kalender.ics")) == 1


# A line without a colon in the Skat evening (line 28): that event is refused alone.
BROKEN_SKAT = calendar("skat", "markt").replace("SUMMARY:Skat und Rommé",
                                                "Skat ohne Doppelpunkt")


def test_ical_import_imported_entries_publish(app):
    with app.app_context():
        _import(calendar(*ALL))
        outcome = publish_sites(context.db(), context.paths(), context.settings(), ["ort-a"],
                                now=context.now(), user="t", trigger="test")
    assert outcome.sites[0].entries == 8


@pytest.fixture
def calendar_server(tmp_path):
    (tmp_path / "kalender.ics").write_text(calendar("skat", "markt"), "utf-8")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_ical_import_cli_from_a_url_and_a_file(app, data_dir, runner, calendar_server, tmp_path):
    # The test server is on loopback, which calendar addresses may reach only when
    # allowed (tests/hub/test_calendar_fetch.py).
    (data_dir / "hub.toml").write_text('[calendars]\nallow_networks = ["127.0.0.1"]\n')
    result = runner("import-ics", "--data", str(data_dir), "--site", "ort-a",
                    f"{calendar_server}/kalender.ics")
    assert result.code == 0, result.err
    assert "2 neu, 0 geändert" in result.out and "neu: Weihnachtsmarkt" in result.out
    missing = runner("import-ics", "--data", str(data_dir), "--site", "ort-a",
                     f"{calendar_server}/fehlt.ics")
    assert missing.code == 1 and "(technisch: HTTP 404" in missing.err
    broken = tmp_path / "kaputt.ics"
    broken.write_text(BROKEN_SKAT, "utf-8")
    result = runner("import-ics", "--data", str(data_dir), "--site", "ort-a", str(broken))
    assert result.code == 0 and "abgelehnt: Termin „skat@adorf.example“ (Zeile 28) nicht " \
        "übernommen: Zeile 28 ist unlesbar: „Skat ohne Doppelpunkt“" in result.out
    assert "0 neu" in result.out and "1 unverändert" in result.out     # the market
    broken.write_text("Einkaufsliste\r\n", "utf-8")
    result = runner("import-ics", "--data", str(data_dir), "--site", "ort-a", str(broken))
    assert result.code == 2 and f"{broken}, Zeile 1: Das ist keine iCalendar-Datei" in result.err
    result = runner("import-ics", "--data", str(data_dir), "--site", "ort-x", str(broken))
    assert result.code == 2 and "ort-x" in result.err


def test_ical_subscription_fetched_now_and_every_day(app, client, calendar_server):
    from hub.queries import calendars as calendar_q
    from hub.scheduler import DailyPublisher
    from tests.hub.conftest import EDITOR_A, login

    app.config["HUB_SETTINGS"]["calendars"]["allow_networks"] = ["127.0.0.1"]
    login(client, EDITOR_A)
    client.post("/standorte/ort-a/kalender",
                data={"url": f"{calendar_server}/kalender.ics", "category": "hilfe"})
    with app.app_context():
        mine = [c for c in calendar_q.of_sites(context.db(), ["ort-a"])
                if c["url"].startswith(calendar_server)][0]
    page = client.post(f"/kalender/{mine['id']}/abrufen", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "2 neu, 0 geändert" in text
    with app.app_context():
        assert _by_uid("markt@adorf.example")["data"]["category"] == "hilfe"
    broken = client.post("/kalender/1/abrufen", follow_redirects=True).get_data(as_text=True)
    assert ("Nicht übernommen – Der Kalender konnte nicht abgerufen werden. Bitte prüfen "
            "Sie die Adresse.") in broken
    assert DailyPublisher(app).tick(NOW) is not None
    with app.app_context():
        rows = {c["url"]: c for c in calendar_q.of_sites(context.db(), None)}
    first, hint = rows[f"{calendar_server}/kalender.ics"]["last_result"].split("\n")
    assert first.endswith("0 neu, 0 geändert, 2 unverändert, 0 entfernt, 0 übersprungen "
                          "(vorbei).")
    assert hint == ("Hinweis: 2 Einträge ohne Kontakt – bitte wählen Sie für diesen "
                    "Kalender eine Ansprechperson.")
    assert rows["http://127.0.0.1:9/kalender.ics"]["last_ok"] == 0


@pytest.mark.parametrize("data, message", [
    ({"url": "kalender.ics", "category": "hilfe"}, "sie beginnt mit https://"),
    ({"url": "https://x.example/k.ics", "category": "gibt-es-nicht"}, "Bitte einen Bereich"),
    ({"url": "http://127.0.0.1:9/kalender.ics", "category": "hilfe"}, "schon abonniert"),
    ({"url": "https://x.example/k.ics", "category": "hilfe"}, "Der Kalender ist abonniert"),
])
def test_calendar_messages_stand_at_the_calendar_section(client, data, message):
    """The redirect opens the page at #kalender; its message must stand there, not at the
    top of the page where nobody sees it."""
    from tests.hub.conftest import EDITOR_A, login

    login(client, EDITOR_A)
    answer = client.post("/standorte/ort-a/kalender", data=data)
    assert answer.headers["Location"].endswith("#kalender")
    text = client.get(answer.headers["Location"]).get_data(as_text=True)
    top, section = text.split('id="kalender"', 1)
    assert message in section and message not in top


HOSTILE = {
    "sekunde": """BEGIN:VEVENT
UID:sekunde@adorf.example
DTSTAMP:20261120T080000Z
DTSTART;TZID=Europe/Berlin:20261201T100000
DTEND;TZID=Europe/Berlin:20261201T100001
RRULE:FREQ=SECONDLY
SUMMARY:Jede Sekunde
END:VEVENT""",
    "utc-minute": """BEGIN:VEVENT
UID:utc-minute@adorf.example
DTSTAMP:20261120T080000Z
DTSTART:20261201T090000Z
DTEND:20261201T090100Z
RRULE:FREQ=MINUTELY
SUMMARY:Jede Minute (UTC)
END:VEVENT""",
    "stunden": """BEGIN:VEVENT
UID:stunden@adorf.example
DTSTAMP:20261120T080000Z
DTSTART;TZID=Europe/Berlin:20261201T080000
DTEND;TZID=Europe/Berlin:20261201T081500
RRULE:FREQ=DAILY;BYHOUR=8,9,10,11,12,13,14,15,16,17
SUMMARY:Stündlich am Tag
END:VEVENT""",
}


def _hostile(*names: str) -> str:
    body = "\n".join(HOSTILE[n] for n in names)
    return calendar("skat", extra=body + "\n")


@pytest.mark.timeout(10)
@pytest.mark.parametrize("name", list(HOSTILE))
def test_ical_import_refuses_an_event_repeating_more_than_daily_and_imports_the_rest(
        app, name):
    text = _hostile(name)
    lines = text.split("\r\n")
    uid = lines.index(f"UID:{name}@adorf.example")
    line = next(i for i in range(uid, len(lines)) if lines[i].startswith("RRULE:")) + 1
    with app.app_context():
        report = _import(text)
        assert report.new == ["Skat und Rommé"]
        assert _by_uid(f"{name}@adorf.example") is None
    assert len(report.refused) == 1
    assert f"„{name}@adorf.example“ (Zeile {line})" in report.refused[0]
    assert "öfter als einmal am Tag" in report.refused[0]
    assert "abgelehnt: " in report.words()


@pytest.mark.timeout(10)
def test_ical_import_utc_rule_without_any_date_costs_a_bounded_scan(app):
    never = """BEGIN:VEVENT
UID:nie@adorf.example
DTSTAMP:20261120T080000Z
DTSTART:20261203T090000Z
DTEND:20261203T100000Z
RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30
SUMMARY:Am 30. Februar
END:VEVENT"""
    with app.app_context():
        report = _import(calendar("skat", "utc", extra=never + "\n"))
        never = _by_uid("nie@adorf.example")["data"]["occurrences"]
    assert "Skat und Rommé" in report.new and "Sprechstunde (Zeit in UTC)" in report.new
    # recurring-ical-events counts DTSTART as a date even when the rule never meets it.
    assert [o["start"] for o in never] == ["2026-12-03T10:00:00+01:00"]


def test_ical_import_refuses_a_calendar_with_more_dates_than_allowed(app):
    from hub.config import DEFAULTS

    one_offs = "".join(
        f"BEGIN:VEVENT\nUID:termin-{i}@adorf.example\nDTSTAMP:20261120T080000Z\n"
        f"DTSTART;TZID=Europe/Berlin:202612{10 + i}T100000\n"
        f"DTEND;TZID=Europe/Berlin:202612{10 + i}T110000\nSUMMARY:Termin {i}\n"
        f"END:VEVENT\n" for i in range(6))
    with app.app_context():
        settings = {**context.settings(), "content": {"horizon_days": 120,
                                                      "calendar_max_dates": 5}}
        with pytest.raises(CalendarError) as caught:
            import_calendar(context.db(), settings, "ort-a", calendar(extra=one_offs),
                            source="kalender.ics", category=None, now=NOW, user="test")
        assert "6 Veranstaltungen" in str(caught.value) and "höchstens 5" in str(caught.value)
        assert "8 MB" in str(caught.value)
        daily = calendar("skat").replace("FREQ=WEEKLY;BYDAY=TU;UNTIL=20270427T123000Z",
                                         "FREQ=DAILY")
        settings["content"]["calendar_max_dates"] = 100
        # Daily from 1 December to 30 March, less the two EXDATEs of the Skat evening.
        with pytest.raises(CalendarError, match="118 Termine in den nächsten 120 Tagen"):
            import_calendar(context.db(), settings, "ort-a", daily, source="kalender.ics",
                            category=None, now=NOW, user="test")
        assert entry_q.from_calendar(context.db(), "ort-a", "kalender.ics") == []
    assert DEFAULTS["content"]["calendar_max_dates"] == 2000


def test_ical_import_event_in_the_spring_gap_keeps_its_length(app):
    gap = """BEGIN:VEVENT
UID:nacht@adorf.example
DTSTAMP:20261120T080000Z
DTSTART;TZID=Europe/Berlin:20270328T023000
DTEND;TZID=Europe/Berlin:20270328T030000
SUMMARY:Sternwanderung
END:VEVENT
BEGIN:VEVENT
UID:perioden@adorf.example
DTSTAMP:20261120T080000Z
DTSTART;TZID=Europe/Berlin:20270321T100000
DTEND;TZID=Europe/Berlin:20270321T110000
RDATE;VALUE=PERIOD;TZID=Europe/Berlin:20270328T023000/PT1H
SUMMARY:Perioden
END:VEVENT"""
    with app.app_context():
        _import(calendar(extra=gap + "\n"))
        schedule = _by_uid("nacht@adorf.example")["data"]["schedule"]
        periods = _by_uid("perioden@adorf.example")["data"]["occurrences"]
    assert schedule == {"start": "2027-03-28T02:30", "end": "2027-03-28T03:00"}
    occ = expand(schedule, BERLIN, NOW, NOW + timedelta(days=200))
    assert (occ[0].as_json()["start"], occ[0].as_json()["end"]) == (
        "2027-03-28T03:30:00+02:00", "2027-03-28T04:00:00+02:00")
    assert [(o["start"], o["end"]) for o in periods] == [
        ("2027-03-21T10:00:00+01:00", "2027-03-21T11:00:00+01:00"),
        ("2027-03-28T03:30:00+02:00", "2027-03-28T04:30:00+02:00")]
