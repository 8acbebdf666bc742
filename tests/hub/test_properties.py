"""Property-based: random entries typed into the staff form, random repetition rules and
random calendars go through save → publish → a terminal's pull from a real hub on
127.0.0.1, and nothing along the way answers 500, raises a traceback or stops a publish.

What is random: every text field (control characters, line breaks, markup, very long
words), web addresses (upper-case schemes, `javascript:`, markup), dates and times
(including the spring DST gap and the repeated autumn hour, 29 February), custom RRULEs
built from every part (FREQ down to SECONDLY, BY* lists, COUNT, UNTIL, misspellings),
and whole calendars (missing DTSTART, TZID/UTC/floating/all-day forms, RECURRENCE-ID,
EXDATE, broken lines). What must hold: each save answers a page or a redirect, each
import either imports or refuses with a German message, each publish leaves every site
published (a bad entry is left out and named), and the terminal applies what it pulls.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.serving import make_server

from hub import context
from hub.errors import HubError
from hub.ical_import import import_calendar
from hub.publishing import publish_sites
from kiosk.store import Store
from sync import feed as feedlib
from sync.config import load_config
from sync.pull import pull
from tests.hub.conftest import EDITOR_A, NOW, PASSWORD, TOKENS, Clock, make_app, seed

# -- what staff might type ---------------------------------------------------------------------

_SPECIAL = ["", " ", "\r\n", "Zeile\neins", "\x00", "\x1b[31m", "\u2028", "<script>x</script>",
            "\"'><img src=x onerror=alert(1)>", "{{7*7}}", "=cmd|' /C calc'!A0", "1. OG",
            "Donaudampfschifffahrtsgesellschaftskapitänswitwe" * 3, "ß" * 300, "🙂",
            "\u202eabc", "069 90009 123", "   führende Leerzeichen"]
TEXT = st.one_of(st.sampled_from(_SPECIAL), st.text(max_size=120),
                 st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
URLS = st.one_of(TEXT, st.sampled_from([
    "HTTPS://x.de/<script>alert(1)</script>", "https://x.de", "javascript:alert(1)",
    "www.lindenbach.example", "http://[::1]/", "https://ä.example/ü", "ftp://x.de",
    "https://x.de/" + "a" * 500, "https://user:pw@x.de/", "https://x.de:99999/"]))
DAYS = st.one_of(st.dates(date(2024, 1, 1), date(2029, 12, 31)),
                 st.sampled_from([date(2027, 3, 28), date(2027, 10, 31), date(2028, 2, 29),
                                  date(2026, 12, 31), date(2026, 12, 1)]))
CLOCK = st.one_of(st.sampled_from(["02:30", "02:00", "03:00", "00:00", "23:59", "24:00",
                                   "9:5", "", "14:30", "25:61", "abc"]),
                  st.times().map(lambda t: t.strftime("%H:%M")))
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@st.composite
def rules(draw: st.DrawFn) -> str:
    """An RRULE from random parts, sometimes misspelt, sometimes hostile."""
    hostile = st.sampled_from(["SECONDLY", "MINUTELY", "HOURLY", "UNSINN", ""])
    usual = st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"])
    parts = [f"FREQ={draw(st.one_of(usual, usual, hostile))}"]
    optional = {
        "INTERVAL": st.integers(-1, 1000).map(str),
        "COUNT": st.integers(-1, 100_000).map(str),
        "UNTIL": DAYS.map(lambda d: d.strftime("%Y%m%dT235959Z")),
        "UNTL": DAYS.map(lambda d: d.strftime("%Y%m%d")),
        "BYDAY": st.lists(st.sampled_from(WEEKDAYS + ["1MO", "-1SU", "2TH", "5FR", "53MO"]),
                          min_size=1, max_size=7).map(",".join),
        "BYMONTHDAY": st.lists(st.integers(-32, 32), min_size=1, max_size=4)
        .map(lambda xs: ",".join(map(str, xs))),
        "BYMONTH": st.lists(st.integers(0, 13), min_size=1, max_size=3)
        .map(lambda xs: ",".join(map(str, xs))),
        "BYSETPOS": st.integers(-400, 400).map(str),
        "BYHOUR": st.lists(st.integers(0, 24), min_size=1, max_size=3)
        .map(lambda xs: ",".join(map(str, xs))),
        "BYMINUTE": st.integers(0, 60).map(str),
        "BYYEARDAY": st.integers(-367, 367).map(str),
        "BYWEEKNO": st.integers(-54, 54).map(str),
        "WKST": st.sampled_from(WEEKDAYS + ["XX"]),
    }
    for key in draw(st.lists(st.sampled_from(sorted(optional)), max_size=3, unique=True)):
        parts.append(f"{key}={draw(optional[key])}")
    return ";".join(parts)


VALID = {"action": "save", "site": "ort-a", "kind": "event", "category": "treffen",
         "title": "Spielenachmittag", "summary": "Rommé, Kaffee und Kuchen.",
         "status": "scheduled", "date_start": "2026-12-08", "time_start": "14:30",
         "time_end": "17:00", "repeat": "weekly", "weekly_days": "TU",
         "weekly_interval": "1", "repeat_end": "never", "changes_count": "1",
         "hexc_count": "1", "cost_kind": "free", "reg_kind": "none",
         "contact_role": "Seniorenrat", "contact_phone": "069/90009-203", "sharing": "site",
         "place_id": "saal-a"}


@st.composite
def entry_forms(draw: st.DrawFn) -> dict[str, str]:
    """The staff form as a browser would send it: a valid entry with a few fields typed
    at random (so that most examples are saved and reach the publisher)."""
    start = draw(DAYS)
    fields = {
        "kind": st.sampled_from(["event", "course", "offer", "call", "participation", "x"]),
        "title": TEXT, "summary": TEXT, "body": TEXT, "easy": TEXT, "bring": TEXT,
        "status": st.sampled_from(["scheduled", "cancelled", "full", "moved", "x"]),
        "status_note": TEXT,
        "date_start": st.one_of(st.just(start.isoformat()), st.just(f"{start:%d.%m.%Y}"),
                                st.sampled_from(["", "31.02.2027", "heute"])),
        "time_start": CLOCK, "time_end": CLOCK,
        "repeat": st.sampled_from(["none", "weekly", "monthly", "rule", "x"]),
        "weekly_days": st.sampled_from(WEEKDAYS), "monthly_day": st.sampled_from(
            ["1MO", "-1FR", "5SU", "x"]),
        "repeat_end": st.sampled_from(["never", "until", "count"]),
        "repeat_until": st.integers(-30, 900).map(lambda n: (start + timedelta(days=n))
                                                  .isoformat()),
        "repeat_count": st.sampled_from(["1", "10", "0", "99999", "x"]),
        "exdates": st.sampled_from(["", "15.12.2026", "kaputt", "29.02.2028"]),
        "cost_kind": st.sampled_from(["free", "amount", "donation"]),
        "cost_euro": st.sampled_from(["", "6,50", "-1", "1e9", "abc", "250000"]),
        "reg_kind": st.sampled_from(["none", "requested", "required"]),
        "reg_deadline": st.sampled_from(["", "07.12.2026", "kaputt"]),
        "contact_role": TEXT, "contact_name": TEXT, "contact_phone": TEXT,
        "contact_email": TEXT, "contact_web": URLS, "contact_phone_hours": TEXT,
        "place_id": st.sampled_from(["saal-a", "rathaus", "", "saal-b", "fehlt"]),
        "valid_until": st.sampled_from(["", "2026-11-30", "2027-06-30", "kaputt"]),
    }
    form = dict(VALID)
    for name in draw(st.lists(st.sampled_from(sorted(fields)), max_size=3, unique=True)):
        form[name] = draw(fields[name])
    if draw(st.booleans()):              # a custom rule, the form's most dangerous field
        form.update(repeat="rule", rrule=draw(rules()), date_start=start.isoformat(),
                    time_start=draw(CLOCK), time_end=draw(CLOCK))
    return form


# -- what a calendar might hold ----------------------------------------------------------------

def _stamp(day: date, clock: str, form: str) -> str:
    hh, mm = (clock.split(":") + ["00"])[:2] if ":" in clock else ("10", "00")
    text = f"{day:%Y%m%d}T{hh.zfill(2)[:2]}{mm.zfill(2)[:2]}00"
    return {"tzid": f"DTSTART;TZID=Europe/Berlin:{text}", "utc": f"DTSTART:{text}Z",
            "floating": f"DTSTART:{text}", "date": f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            "none": ""}[form]


@st.composite
def events(draw: st.DrawFn, uid: int) -> str:
    day, clock = draw(DAYS), draw(CLOCK)
    form = draw(st.sampled_from(["tzid", "utc", "floating", "date", "none"]))
    lines = ["BEGIN:VEVENT", f"UID:e{uid}@zufall.example" if draw(st.booleans()) else "",
             "DTSTAMP:20261120T080000Z", _stamp(day, clock, form),
             f"SUMMARY:{draw(TEXT)}".replace("\r", "").replace("\n", "\\n")]
    if draw(st.booleans()):
        lines.append(_stamp(day, draw(CLOCK), form).replace("DTSTART", "DTEND"))
    if draw(st.booleans()):
        lines.append(f"RRULE:{draw(rules())}")
    if draw(st.booleans()):
        lines.append(_stamp(day + timedelta(days=7), clock, form).replace("DTSTART", "EXDATE"))
    if draw(st.booleans()):
        lines.append(f"URL:{draw(URLS)}".replace("\n", ""))
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["STATUS:CANCELLED", "LOCATION:Saal A\\, Weg 1",
                                           "DESCRIPTION:a\\nb", "DURATION:PT1H30M",
                                           "DURATION:P400D", "X-KAPUTT", "DTSTART:kaputt",
                                           " fortgesetzte Zeile"])))
    lines.append("END:VEVENT")
    return "\r\n".join(line for line in lines if line)


@st.composite
def calendars(draw: st.DrawFn) -> str:
    body = [draw(events(uid)) for uid in range(draw(st.integers(1, 4)))]
    if draw(st.booleans()):  # an override of the first event's second date
        body.append("BEGIN:VEVENT\r\nUID:e0@zufall.example\r\n"
                    "RECURRENCE-ID;TZID=Europe/Berlin:20261208T143000\r\n"
                    f"{_stamp(draw(DAYS), draw(CLOCK), 'tzid')}\r\nSUMMARY:verlegt\r\n"
                    "END:VEVENT")
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Zufall//DE\r\n"
            + "\r\n".join(body) + "\r\nEND:VCALENDAR\r\n")


# -- the chain ---------------------------------------------------------------------------------

class Chain:
    """A hub on 127.0.0.1 with the test clock, logged in as editor A, and terminal a-1."""

    def __init__(self, tmp_path: Path) -> None:
        self.clock = Clock()
        self.app = make_app(tmp_path / "hub", self.clock)
        seed(self.app)
        self.client = self.app.test_client()
        response = self.client.post("/anmelden",
                                    data={"email": EDITOR_A, "password": PASSWORD})
        assert response.status_code == 302
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{self.server.server_port}"
        public = self.app.config["HUB_PATHS"].public_key.read_text().strip()
        (tmp_path / "kiosk.toml").write_text(
            f'[terminal]\nsite = "ort-a"\nid = "a-1"\ntoken = "{TOKENS["a-1"]}"\n'
            f'[sync]\nfeed_url = "{url}/sites/ort-a/feed.json"\n'
            f'public_keys = ["{public}"]\n[paths]\ndata = "terminal"\n'
            f'[hub]\nurl = "{url}"\ntimeout_s = 5\n', "utf-8")
        self.config = load_config(tmp_path / "kiosk.toml")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def publish_and_pull(self) -> None:
        """Publish every site (through the page, then checked), pull, read on the terminal."""
        response = self.client.post("/veroeffentlichen", data={"site": "ort-a"})
        assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
        result = self.client.get(response.headers["Location"])
        assert result.status_code == 200
        with self.app.app_context():
            outcome = publish_sites(context.db(), context.paths(), context.settings(), None,
                                    now=context.now(), user="t", trigger="test")
        assert not outcome.failed, [f.message for f in outcome.failed]
        feed = self.app.config["HUB_PATHS"].published / "sites" / "ort-a" / "feed.json"
        doc = feedlib.loads(feed.read_bytes())
        feedlib.validate(doc)
        ids = {e["id"] for e in doc["entries"]}
        assert "a-treff" in ids                  # the good entry is always published
        pulled = pull(self.config, clock=self.clock)
        assert pulled.outcome in ("updated", "unchanged", "not_modified")
        store = Store(self.config.db_path)
        try:
            assert store.version() == doc["version"]
            for entry_id in store.entry_ids(NOW):
                store.detail(entry_id, NOW)
            store.today(NOW), store.week(NOW), store.offers(NOW)
        finally:
            store.close()


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chain]:
    running = Chain(tmp_path_factory.mktemp("kette"))
    yield running
    running.close()


def _no_traceback(page: str) -> None:
    assert "Traceback" not in page and "Internal Server Error" not in page


@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(form=entry_forms())
def test_properties_random_entries_from_the_form_reach_the_terminal(chain, form):
    response = chain.client.post("/eintraege/neu", data=form)
    assert response.status_code in (200, 302, 422), response.status_code
    _no_traceback(response.get_data(as_text=True))
    if response.status_code == 302:
        page = chain.client.get(response.headers["Location"])
        assert page.status_code == 200
        _no_traceback(page.get_data(as_text=True))
        phone = chain.client.get(response.headers["Location"] + "/handy")
        assert phone.status_code == 200
        # Released, so that the publisher gets it (a saved form is a draft).
        assert chain.client.post(response.headers["Location"] + "/freigeben").status_code == 302
    chain.publish_and_pull()


@settings(max_examples=20, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=calendars())
def test_properties_random_calendars_import_or_are_refused_and_publish(chain, text):
    with chain.app.app_context():
        try:
            report = import_calendar(context.db(), context.settings(), "ort-a", text,
                                     source="zufall.ics", category=None, now=NOW, user="t")
        except HubError as exc:       # refused whole: a German message, nothing written
            assert str(exc) and "Traceback" not in str(exc)
        else:
            assert report.words()
    listing = chain.client.get("/eintraege")
    assert listing.status_code == 200
    chain.publish_and_pull()
