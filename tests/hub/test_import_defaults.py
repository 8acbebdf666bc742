"""Imported entries get the import's defaults (the calendar's contact person and place), so
saving one again in the form works; what an imported entry still lacks is named."""

from __future__ import annotations

import re

from hub import context
from hub.forms.entry_form import values_from_entry
from hub.import_defaults import ImportDefaults, gaps
from hub.queries import contacts as contact_q
from hub.queries import entries as entry_q
from tests.hub.conftest import EDITOR_A, NOW, login
from tests.hub.ical_cases import import_text, vcalendar, vevent

OFFICE = {"role": "Büro der Begegnungsstätte", "phone": "069 90009100",
          "phone_hours": "Mo–Fr 9–12 Uhr"}
# A bare event (no DESCRIPTION, URL or LOCATION), a weekly one in UTC (its dates are
# expanded into a list) and one at a place the hub does not know.
BARE = vevent("kurz@adorf.example", "DTSTART;TZID=Europe/Berlin:20261210T150000",
              "DTEND;TZID=Europe/Berlin:20261210T160000", summary="Adventssingen")
UTC_RULE = vevent("utc@adorf.example", "DTSTART:20261203T090000Z", "DTEND:20261203T100000Z",
                  "RRULE:FREQ=WEEKLY;COUNT=3", summary="Sprechstunde")
ELSEWHERE = vevent("woanders@adorf.example", "DTSTART;TZID=Europe/Berlin:20261211T100000",
                   "LOCATION:Turnhalle Bedorf", summary="Seniorensport")


def _resave(client, entry_id: str):
    """Save the entry's edit form as the browser sends it, unchanged."""
    with client.application.app_context():
        entry = entry_q.get(context.db(), entry_id)
    values = values_from_entry(entry["data"], {"site": entry["site_id"]})
    values.update(sharing=entry["sharing"], action="save")
    data = {k: v for k, v in values.items() if v not in (None, [])}
    return client.post(f"/eintraege/{entry_id}/bearbeiten", data=data)


def test_import_defaults_make_imported_entries_saveable_again(app, client):
    with app.app_context():
        contact_q.save(context.db(), "a-buero", "ort-a", OFFICE, NOW, "test")
        defaults = ImportDefaults(contact=OFFICE, place_id="saal-a")
        from hub.ical_import import import_calendar
        import_calendar(context.db(), context.settings(), "ort-a",
                        vcalendar(BARE, UTC_RULE, ELSEWHERE), source="kalender.ics",
                        category=None, now=NOW, user="test", defaults=defaults)
        rows = {r["ics_uid"]: r["id"] for r in
                entry_q.from_calendar(context.db(), "ort-a", "kalender.ics")}
        bare = entry_q.get(context.db(), rows["kurz@adorf.example"])
        elsewhere = entry_q.get(context.db(), rows["woanders@adorf.example"])
    assert bare["data"]["contact"] == OFFICE and bare["data"]["place_id"] == "saal-a"
    assert "place_id" not in elsewhere["data"]            # it is somewhere else
    assert gaps(bare) == ["summary"] and gaps(elsewhere) == ["place", "summary"]
    login(client, EDITOR_A)
    for uid, entry_id in rows.items():
        answer = _resave(client, entry_id)
        errors = re.findall(r'-fehler">.*?</span>(.*?)</p>', answer.get_data(as_text=True))
        assert answer.status_code == 302, (uid, errors)
    with app.app_context():          # the dates the import expanded stay as they were
        utc = entry_q.get(context.db(), rows["utc@adorf.example"])["data"]
    assert [o["start"] for o in utc["occurrences"]] == [
        "2026-12-03T10:00:00+01:00", "2026-12-10T10:00:00+01:00", "2026-12-17T10:00:00+01:00"]


def test_import_defaults_gaps_of_an_entry_imported_without_defaults(app):
    with app.app_context():
        import_text(vcalendar(BARE))
        entry = entry_q.by_uid(context.db(), "ort-a", "kurz@adorf.example")
        hub_entry = entry_q.get(context.db(), "a-treff")
    assert gaps(entry) == ["contact", "place", "summary"]
    assert gaps(hub_entry) == []          # written in the hub: the form asked for both
