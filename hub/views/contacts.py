"""A site's contact persons (Ansprechpersonen): add one on the site's page, remove one.
Spreadsheets add and change them too (hub.sheet_import)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from hub import auth, context
from hub.forms.contact_form import parse_contact
from hub.forms.fields import from_request, unique_slug
from hub.queries import contacts as contact_q

bp = Blueprint("contacts", __name__)
LABELS = {"contact_role": "Aufgabe oder Stelle", "contact_name": "Name",
          "contact_phone": "Telefon", "contact_phone_hours": "Telefonisch erreichbar",
          "contact_email": "E-Mail", "contact_web": "Webseite"}


def _back(site_id: str) -> Response:
    return redirect(url_for("sites.show", site_id=site_id) + "#kontakte")


@bp.route("/standorte/<site_id>/kontakte", methods=["POST"], endpoint="add")
def add(site_id: str) -> Response:
    auth.require_known_site(context.db(), site_id)
    state = from_request(request.form)
    contact = parse_contact(state)
    if not state.ok or contact is None:
        for field, message in state.errors.items():
            flash(f"{LABELS.get(field, field)}: {message}", "contact-error")
        return _back(site_id)
    db = context.db()
    contact_id = unique_slug(contact.get("name") or contact.get("role") or "kontakt",
                             lambda candidate: contact_q.taken(db, candidate))
    contact_q.save(db, contact_id, site_id, contact, context.now(), context.user_label())
    flash("Die Ansprechperson ist angelegt. Sie können sie jetzt bei den Kalendern wählen.",
          "contact-ok")
    return _back(site_id)


@bp.route("/kontakte/<contact_id>/entfernen", methods=["POST"], endpoint="remove")
def remove(contact_id: str) -> Response:
    contact = contact_q.get(context.db(), contact_id)
    if contact is None:
        abort(404)
    auth.require_site(contact["site_id"])
    contact_q.delete(context.db(), contact_id)
    flash("Die Ansprechperson ist entfernt. Einträge, die sie schon haben, behalten sie.",
          "contact-ok")
    return _back(contact["site_id"])
