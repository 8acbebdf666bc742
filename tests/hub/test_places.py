"""Places with measured accessibility facts and the day they were checked."""

from __future__ import annotations

import pytest

from hub import context
from hub.messages import M
from hub.queries import places as place_q
from tests.hub.conftest import ADMIN, error_of, login, unescape

VALID = {"site": "ort-a", "name": "Gemeindehaus", "address": "Kirchgasse 12",
         "room": "Saal", "floor": "1. OG", "stop": "Haltestelle Kirche, 120 m",
         "lat": "48,7044", "lon": "9,2151", "step_free": "ja", "elevator": "ja",
         "accessible_wc": "nein", "hearing_loop": "", "parking": "",
         "ramp_percent": "6", "door_width_cm": "90 cm", "surface": "Pflaster",
         "access_note": "Klingel am Seiteneingang", "checked_on": "20.11.2026"}


def _place(app, place_id: str) -> dict | None:
    with app.app_context():
        return place_q.get(context.db(), place_id)


def test_places_new_with_measured_facts(app, as_a):
    response = as_a.post("/orte/neu", data=VALID)
    assert response.headers["Location"] == "/orte"
    place = _place(app, "gemeindehaus")
    assert place["site_id"] == "ort-a"
    assert place["data"] == {
        "id": "gemeindehaus", "name": "Gemeindehaus", "address": "Kirchgasse 12",
        "room": "Saal", "floor": "1. OG", "stop": "Haltestelle Kirche, 120 m",
        "geo": {"lat": 48.7044, "lon": 9.2151},
        "access": {"step_free": True, "elevator": True, "accessible_wc": False,
                   "ramp_percent": 6.0, "door_width_cm": 90, "surface": "Pflaster",
                   "note": "Klingel am Seiteneingang", "checked_on": "2026-11-20"}}
    page = unescape(as_a.get("/orte").get_data(as_text=True))
    assert "Gemeindehaus" in page and "vor 11 Tagen" in page


def test_places_edit_form_shows_the_facts(as_a):
    page = as_a.get("/orte/saal-a/bearbeiten").get_data(as_text=True)
    assert 'id="step_free-ja" name="step_free" value="ja" checked' in page
    assert 'id="door_width_cm" name="door_width_cm" value="90"' in page


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"name": ""}, "name", M["name_missing"]),
    ({"lat": "Norden"}, "lat", M["geo_invalid"]),
    ({"door_width_cm": "5"}, "door_width_cm", M["door_invalid"]),
    ({"ramp_percent": "150"}, "ramp_percent", M["ramp_invalid"]),
    ({"checked_on": ""}, "checked_on", M["checked_missing"]),
    ({"checked_on": "24.12.2026"}, "checked_on", M["checked_future"]),
    ({"checked_on": "gestern"}, "checked_on", M["date_invalid"]),
])
def test_places_validation_messages(app, as_a, change, field, message):
    response = as_a.post("/orte/neu", data={**VALID, **change})
    assert response.status_code == 422
    assert error_of(unescape(response.get_data(as_text=True)), field) == message
    assert _place(app, "gemeindehaus") is None


def test_places_shared_places_are_for_admins(app, client):
    login(client, "a@test.example")
    assert client.post("/orte/neu", data={**VALID, "site": ""}).status_code == 422
    assert client.get("/orte/rathaus/bearbeiten").status_code == 403
    login(client, ADMIN)
    assert client.post("/orte/neu", data={**VALID, "site": ""}).status_code == 302
    assert _place(app, "gemeindehaus")["site_id"] is None


def test_places_in_use_cannot_be_deleted(app, as_a):
    page = unescape(as_a.get("/orte/saal-a/loeschen").get_data(as_text=True))
    assert "noch von 1 Eintrag genutzt" in page and "Treff in A" in page
    as_a.post("/orte/saal-a/loeschen")
    assert _place(app, "saal-a") is not None
    as_a.post("/orte/neu", data=VALID)
    assert as_a.post("/orte/gemeindehaus/loeschen").headers["Location"] == "/orte"
    assert _place(app, "gemeindehaus") is None
