"""The freshness list: entries past valid_until or not checked for 90 days."""

from __future__ import annotations

from datetime import timedelta

from hub import context
from hub.queries import entries as entry_q
from tests.hub.conftest import EDITOR_A, NOW, entry_data, login, unescape


def test_freshness_lists_expired_and_unchecked_entries(app, as_a, clock):
    with app.app_context():
        db = context.db()
        for entry_id, data in (
                ("a-aufruf", entry_data("Helfer gesucht", kind="call",
                                        valid_until="2026-11-20", schedule=None)),
                ("a-alt", entry_data("Lange nicht geprüft", last_checked="2026-08-01")),
                ("a-frisch", entry_data("Frisch geprüft", last_checked="2026-11-30"))):
            entry_q.save(db, entry_id, "ort-a", {k: v for k, v in data.items() if v},
                         sharing="site", share_sites=[], now=NOW, user="t")
    page = unescape(as_a.get("/aktualitaet").get_data(as_text=True))
    assert "Helfer gesucht" in page and "„Gültig bis“ ist abgelaufen (vor 11 Tagen)" in page
    assert "Lange nicht geprüft" in page and "zuletzt geprüft vor 122 Tagen" in page
    assert "Frisch geprüft" not in page and "Treff in A" not in page
    as_a.post("/eintraege/a-alt/geprueft", data={"next": "/aktualitaet"})
    page = unescape(as_a.get("/aktualitaet").get_data(as_text=True))
    assert ">Lange nicht geprüft</a>" not in page
    assert "„Lange nicht geprüft“ ist als geprüft vermerkt." in page
    clock.now = NOW + timedelta(days=120)
    login(as_a, EDITOR_A)  # the session of 120 days ago has ended
    page = unescape(as_a.get("/aktualitaet").get_data(as_text=True))
    assert "Treff in A" in page                # checked on 20 November, now 130 days ago
    home = unescape(as_a.get("/").get_data(as_text=True))
    assert "Einträge brauchen" in home


def test_freshness_only_own_sites(app, as_b):
    with app.app_context():
        entry_q.save(context.db(), "a-alt", "ort-a", entry_data("Alt in A",
                     last_checked="2026-01-01"), sharing="site", share_sites=[], now=NOW,
                     user="t")
    assert "Alt in A" not in as_b.get("/aktualitaet").get_data(as_text=True)


def test_freshness_lists_a_finished_one_off_event_as_vorbei(app, as_a, clock):
    with app.app_context():
        db = context.db()
        entry_q.save(db, "a-fest", "ort-a", entry_data(
            "Adventsfest", schedule={"start": "2026-12-08T15:00", "end": "2026-12-08T18:00"},
            last_checked="2026-11-30"), sharing="site", share_sites=[], now=NOW, user="t")
    clock.now = NOW + timedelta(days=7, hours=12)     # Tuesday 8 December, 21:00
    login(as_a, EDITOR_A)                             # a session ends after 12 hours
    page = unescape(as_a.get("/aktualitaet").get_data(as_text=True))
    assert "Adventsfest" not in page                  # still today: shown all day
    clock.now = NOW + timedelta(days=8)               # Wednesday 9 December, 9:00
    login(as_a, EDITOR_A)
    page = unescape(as_a.get("/aktualitaet").get_data(as_text=True))
    assert "Adventsfest" in page
    assert ("vorbei: Der letzte Termin war am Dienstag, 8. Dezember 2026. Die Terminals "
            "und Handy-Seiten zeigen den Eintrag nicht mehr.") in page
    assert "Treff in A" not in page                   # a weekly rule is never over
