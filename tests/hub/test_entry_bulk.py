"""Bulk actions from the entries list: a confirmation page first, then release, "Gültig bis"
(checked like a save, as draft versions) or delete into the bin – each entry checked on its
own against the user's sites."""

from __future__ import annotations

from hub import context
from hub.messages import msg
from hub.queries import entries as entry_q
from hub.queries import sites as site_q
from hub.queries import versions as version_q
from tests.hub.conftest import NOW, entry_data, error_of, unescape
from tests.hub.test_entries import VALID


def _drafts(as_a) -> None:
    as_a.post("/eintraege/neu", data=VALID)
    as_a.post("/eintraege/neu", data={**VALID, "title": "Kinonachmittag"})


def _entry(app, entry_id: str) -> dict | None:
    with app.app_context():
        return entry_q.get(context.db(), entry_id)


def test_bulk_release_asks_first_then_releases(app, as_a):
    _drafts(as_a)
    ids = ["spielenachmittag", "kinonachmittag"]
    page = as_a.post("/eintraege/auswahl", data={"bulk_action": "release", "ids": ids})
    assert page.status_code == 200
    text = unescape(page.get_data(as_text=True))
    assert "2 Einträge freigeben?" in text and "„Kinonachmittag“" in text
    assert _entry(app, "kinonachmittag")["released_rev"] is None   # nothing happened yet
    done = as_a.post("/eintraege/auswahl", data={"bulk_action": "release", "ids": ids,
                                                 "confirm": "1"})
    assert done.status_code == 302
    assert all(_entry(app, i)["released_rev"] == 1 for i in ids)
    listed = unescape(as_a.get("/eintraege").get_data(as_text=True))
    assert "2 freigegeben." in listed


def test_bulk_release_follows_the_site_rule(app, as_a):
    _drafts(as_a)
    with app.app_context():
        site_q.update(context.db(), "ort-a", "Treff A", "Adorf", True)
    as_a.post("/eintraege/auswahl", data={"bulk_action": "release", "confirm": "1",
                                          "ids": ["spielenachmittag", "kinonachmittag"]})
    assert _entry(app, "spielenachmittag")["review"] == "requested"
    assert _entry(app, "spielenachmittag")["released_rev"] is None


def test_bulk_valid_until_needs_a_date_and_makes_drafts(app, as_a):
    missing = as_a.post("/eintraege/auswahl", data={"bulk_action": "valid_until",
                                                    "ids": "a-treff", "confirm": "1"})
    assert missing.status_code == 422
    assert unescape(error_of(missing.get_data(as_text=True), "bulk_valid_until")) == \
        msg("bulk_date_missing")
    assert _entry(app, "a-treff")["rev"] == 1
    done = as_a.post("/eintraege/auswahl", data={"bulk_action": "valid_until", "confirm": "1",
                                                 "ids": "a-treff",
                                                 "bulk_valid_until": "31.03.2027"})
    assert done.status_code == 302
    entry = _entry(app, "a-treff")
    assert entry["data"]["valid_until"] == "2027-03-31" and entry["valid_until"] == "2027-03-31"
    assert (entry["rev"], entry["released_rev"]) == (2, 1)   # a draft until released


def test_bulk_valid_until_skips_an_entry_the_check_refuses(app, as_a):
    with app.app_context():
        entry_q.save(context.db(), "a-ab", "ort-a", entry_data("Ab Februar",
                     valid_from="2027-02-01"), sharing="site", share_sites=[], now=NOW,
                     user="t")
    as_a.post("/eintraege/auswahl", data={"bulk_action": "valid_until", "confirm": "1",
                                          "ids": ["a-treff", "a-ab"],
                                          "bulk_valid_until": "2027-01-31"})
    assert _entry(app, "a-ab")["rev"] == 1 and _entry(app, "a-treff")["rev"] == 2
    listed = unescape(as_a.get("/eintraege").get_data(as_text=True))
    assert "Nicht geändert (bitte einzeln bearbeiten): „Ab Februar“." in listed


def test_bulk_delete_moves_to_the_bin(app, as_a):
    _drafts(as_a)
    as_a.post("/eintraege/auswahl", data={"bulk_action": "delete", "confirm": "1",
                                          "ids": ["spielenachmittag", "kinonachmittag"]})
    assert _entry(app, "kinonachmittag") is None
    with app.app_context():
        assert version_q.from_bin(context.db(), "kinonachmittag")["title"] == "Kinonachmittag"


def test_bulk_changes_only_entries_of_ones_own_sites(app, as_a):
    page = as_a.post("/eintraege/auswahl", data={"bulk_action": "delete",
                                                 "ids": ["a-treff", "b-treff", "gibt-es-nicht"]})
    text = unescape(page.get_data(as_text=True))
    assert "1 Eintrag löschen (in den Papierkorb)?" in text
    assert "2 ausgewählte Einträge gehören nicht zu Ihren Begegnungsstätten" in text
    assert "Treff in B" not in text
    as_a.post("/eintraege/auswahl", data={"bulk_action": "delete", "confirm": "1",
                                          "ids": ["a-treff", "b-treff"]})
    assert _entry(app, "a-treff") is None and _entry(app, "b-treff") is not None


def test_bulk_without_a_choice_says_so(as_a):
    response = as_a.post("/eintraege/auswahl", data={"bulk_action": "release"})
    assert response.status_code == 302
    page = unescape(as_a.get("/eintraege").get_data(as_text=True))
    assert "Bitte kreuzen Sie mindestens einen Eintrag an" in page
