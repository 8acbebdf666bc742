"""Sharing: entries for all sites, for chosen sites, and offers to neighbouring sites,
which accept or decline them."""

from __future__ import annotations

from hub import context
from hub.messages import M
from hub.queries import entries as entry_q
from hub.queries import offers as offer_q
from tests.hub.conftest import ADMIN, EDITOR_A, EDITOR_B, error_of, login, unescape
from tests.hub.test_entries import VALID


def _shown_at(app, site: str) -> list[str]:
    with app.app_context():
        return [e["id"] for e in entry_q.shown_at(context.db(), [site])]


def test_offers_offer_accept_and_the_entry_appears(app, client):
    login(client, EDITOR_A)
    page = client.get("/eintraege/a-treff/anbieten").get_data(as_text=True)
    assert 'value="ort-b"' in page
    response = client.post("/eintraege/a-treff/anbieten", data={"offer_sites": "ort-b"})
    assert response.headers["Location"] == "/eintraege/a-treff"
    assert "a-treff" not in _shown_at(app, "ort-b")     # offered is not yet shown
    login(client, EDITOR_B)
    waiting = unescape(client.get("/angebote").get_data(as_text=True))
    assert "Treff in A" in waiting and "von Treff A für Treff B" in waiting
    assert client.get("/eintraege/a-treff").status_code == 200  # may read what is offered
    assert client.get("/eintraege/a-treff/bearbeiten").status_code == 403
    with app.app_context():
        offer_id = offer_q.of_entry(context.db(), "a-treff")[0]["id"]
    assert client.post(f"/angebote/{offer_id}/annehmen").status_code == 302
    assert "a-treff" in _shown_at(app, "ort-b")
    assert "Treff in A" in client.get("/eintraege").get_data(as_text=True)
    client.post(f"/angebote/{offer_id}/ablehnen")              # "nicht mehr zeigen"
    assert "a-treff" not in _shown_at(app, "ort-b")


def test_offers_only_the_receiving_site_decides(app, client):
    with app.app_context():
        offer_q.offer(context.db(), "a-treff", "ort-b", context.now(), "t")
        offer_id = offer_q.of_entry(context.db(), "a-treff")[0]["id"]
    login(client, EDITOR_A)
    assert client.post(f"/angebote/{offer_id}/annehmen").status_code == 403
    assert client.post("/angebote/999/annehmen").status_code == 404
    login(client, ADMIN)
    assert client.post(f"/angebote/{offer_id}/ablehnen").status_code == 302
    with app.app_context():
        assert offer_q.get(context.db(), offer_id)["state"] == "declined"


def test_offers_withdraw_and_nothing_chosen(app, as_a):
    page = unescape(as_a.post("/eintraege/a-treff/anbieten", data={}).get_data(as_text=True))
    assert error_of(page, "offer_sites") == M["offer_sites_missing"]
    as_a.post("/eintraege/a-treff/anbieten", data={"offer_sites": "ort-b"})
    as_a.post("/eintraege/a-treff/anbieten", data={"withdraw": "ort-b"})
    with app.app_context():
        assert offer_q.of_entry(context.db(), "a-treff") == []


def test_offers_admin_shares_with_all_or_some_sites(app, client):
    login(client, ADMIN)
    client.post("/eintraege/neu", data={**VALID, "sharing": "all"})
    assert "spielenachmittag" in _shown_at(app, "ort-b")
    client.post("/eintraege/spielenachmittag/bearbeiten",
                data={**VALID, "sharing": "some", "share_sites": "ort-b"})
    assert "spielenachmittag" in _shown_at(app, "ort-b")
    client.post("/eintraege/spielenachmittag/bearbeiten", data={**VALID, "sharing": "site"})
    assert "spielenachmittag" not in _shown_at(app, "ort-b")
    login(client, EDITOR_B)
    assert client.get("/eintraege/spielenachmittag").status_code == 403


def test_offers_shared_entry_is_read_only_for_the_others(app, client):
    login(client, ADMIN)
    client.post("/eintraege/neu", data={**VALID, "sharing": "all"})
    login(client, EDITOR_B)
    page = client.get("/eintraege/spielenachmittag").get_data(as_text=True)
    assert 'id="copy"' in page and 'id="edit"' not in page and 'id="delete"' not in page
    assert client.post("/eintraege/spielenachmittag/loeschen").status_code == 403


def test_offers_editor_cannot_share_with_all(as_a):
    page = unescape(as_a.post("/eintraege/neu", data={**VALID, "sharing": "all"}).get_data(
        as_text=True))
    assert error_of(page, "sharing") == M["share_all_admin"]
