"""What held in the attack run stays held: hostile text in every text field of the entry
and place forms is saved as text and never reaches a page as markup – on the lists, the
entry page with both previews, the forms, the freshness page, the publish result and the
published phone page."""

from __future__ import annotations

import html5lib
import pytest

from hub import context
from hub.queries import places as place_q
from tests.hub.test_entries import VALID

# Each payload tries another way out of its context; "xss" marks what must never become
# markup. Titles are at most 60 characters, so every payload is shorter.
PAYLOADS = [
    "<script>xss()</script>",
    '"><img src=x onerror=xss()>',
    "'><svg onload=xss()>",
    "</textarea><b id=xss>x</b>",
    "</title><b id=xss>x</b>",
    '<a href="javascript:xss()">x</a>',
    "<iframe srcdoc='<b id=xss>'></iframe>",
    "&lt;b id=xss&gt; {{ 7*7 }} ${7*7}",
]
ENTRY_TEXTS = ["title", "summary", "body", "speech", "easy", "status_note", "rhythm",
               "bring", "organizer", "audience", "cost_per", "cost_note", "reg_note",
               "contact_role", "contact_name", "contact_phone_hours", "hexc-0-note",
               "change-0-note"]
PLACE_TEXTS = ["name", "address", "room", "floor", "stop", "surface", "access_note"]


def _markup_from(body: str) -> list[str]:
    """Elements or attributes that only a payload can have put into the page."""
    tree = html5lib.parse(body, namespaceHTMLElements=False)
    found = []
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        attrs = {k.lower(): v for k, v in element.attrib.items()}
        if tag in ("script", "style") and "xss" in (element.text or ""):
            found.append(f"<{tag}> with xss")
        if attrs.get("id") == "xss" or any(k.startswith("on") for k in attrs):
            found.append(f"<{tag} {attrs}>")
        if "srcdoc" in attrs or attrs.get("href", "").lower().startswith("javascript:"):
            found.append(f"<{tag} {attrs}>")
    return found


def _clean(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    body = response.get_data(as_text=True)
    assert _markup_from(body) == [], url
    return body


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_escaping_hostile_text_in_every_field_stays_text(app, as_a, payload):
    place = {"site": "ort-a", **{name: payload for name in PLACE_TEXTS},
             "step_free": "ja", "checked_on": "2026-11-30"}
    assert as_a.post("/orte/neu", data=place).status_code == 302
    with app.app_context():
        place_id = next(p["id"] for p in place_q.visible(context.db(), ["ort-a"])
                        if p["name"] == payload)
    form = {**VALID, **{name: payload for name in ENTRY_TEXTS}, "place_id": place_id,
            "hexc-0-from": "2026-12-24", "change-0-date": "2026-12-15",
            "change-0-status": "cancelled"}
    response = as_a.post("/eintraege/neu", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    entry = response.headers["Location"]
    as_a.post("/eintraege/a-treff/bearbeiten", data=form)   # a change to see in the history
    assert as_a.post(f"{entry}/freigeben").status_code == 302
    publish = as_a.post("/veroeffentlichen", data={"site": "ort-a"})
    assert publish.status_code == 302
    as_a.post("/eintraege/a-treff/loeschen")
    for url in ("/eintraege", entry, f"{entry}/handy", f"{entry}/bearbeiten", "/orte",
                "/aktualitaet", "/", publish.headers["Location"], "/veroeffentlichen",
                "/papierkorb", f"{entry}/verlauf",
                f"/e/{entry.rsplit('/', 1)[1]}.html", f"/orte/{place_id}/bearbeiten"):
        _clean(as_a, url)


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_escaping_hostile_text_in_a_refused_form_stays_text(as_a, payload):
    form = {**VALID, **{name: payload for name in ENTRY_TEXTS}, "contact_web": payload,
            "contact_email": payload, "contact_phone": payload, "date_start": payload,
            "rrule": payload, "repeat": "rule"}
    response = as_a.post("/eintraege/neu", data=form)
    assert response.status_code == 422
    assert _markup_from(response.get_data(as_text=True)) == []
    response = as_a.post("/orte/neu", data={name: payload for name in PLACE_TEXTS + ["lat"]})
    assert response.status_code == 422
    assert _markup_from(response.get_data(as_text=True)) == []
