"""Places with measured accessibility facts: list, new, edit, delete."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from hub import auth, context
from hub.forms import place_form
from hub.forms.fields import FormState, from_request, unique_slug
from hub.plain_hints import PLACE_FIELDS, hints
from hub.queries import places as place_q
from hub.queries import sites as site_q
from hub.views.entry_support import editable_sites
from hub.wording import ago_days

bp = Blueprint("places", __name__, url_prefix="/orte")


def _may_edit(place: dict) -> bool:
    return auth.is_admin(g.user) if place["site_id"] is None else \
        auth.may_edit_site(g.user, place["site_id"])


def _place_or_404(place_id: str) -> dict:
    place = place_q.get(context.db(), place_id)
    if place is None:
        abort(404)
    if not _may_edit(place):
        abort(403)
    return place


@bp.route("", endpoint="index")
def index() -> str:
    db = context.db()
    places = place_q.visible(db, auth.own_sites(g.user))
    today = context.today()
    for place in places:
        place["checked_words"] = ago_days(place["checked_on"], today)
        place["editable"] = _may_edit(place)
    return render_template("places/list.html", places=places, names=site_q.names(db),
                           nav="places")


def _owner_options() -> list[tuple[str, str]]:
    options = [(s["id"], s["name"]) for s in editable_sites()]
    if auth.is_admin(g.user):
        options.insert(0, ("", "alle Begegnungsstätten (gemeinsamer Ort)"))
    return options


@bp.route("/neu", methods=["GET", "POST"], endpoint="new")
def new() -> str | Response:
    options = _owner_options()
    if not options:
        abort(403)
    if request.method == "GET":
        return _form(FormState({"site": request.args.get("site", options[0][0])}), None)
    return _save(from_request(request.form, multiline=place_form.MULTILINE), None)


@bp.route("/<place_id>/bearbeiten", methods=["GET", "POST"], endpoint="edit")
def edit(place_id: str) -> str | Response:
    place = _place_or_404(place_id)
    if request.method == "GET":
        values = place_form.values_from_place(place["data"])
        values["site"] = place["site_id"] or ""
        return _form(FormState(values), place)
    return _save(from_request(request.form, multiline=place_form.MULTILINE), place)


def _save(state: FormState, place: dict | None) -> str | Response:
    owner = state.get("site")
    if owner not in {value for value, _ in _owner_options()}:
        state.error("site", "Bitte wählen Sie eine Begegnungsstätte, die Sie betreuen.")
    data = place_form.parse(state, context.today())
    if data is None or not state.ok:
        return _form(state, place), 422  # type: ignore[return-value]
    db = context.db()
    place_id = place["id"] if place else \
        unique_slug(data["name"], lambda candidate: place_q.exists(db, candidate), 40)
    place_q.save(db, {"id": place_id, **data}, owner or None, context.now(),
                 context.user_label())
    flash(f"Der Ort „{data['name']}“ ist gespeichert. Einträge an diesem Ort zeigen die "
          "neuen Angaben nach dem nächsten Veröffentlichen.", "ok")
    found = hints(state.values, PLACE_FIELDS)
    if found:
        flash("Abkürzungen: " + "; ".join(h.words for h in found) + ". Schreiben Sie sie "
              "am besten gleich aus (Glossar: unten auf jeder Seite).", "note")
    return redirect(url_for("places.index"))


def _form(state: FormState, place: dict | None) -> str:
    return render_template("places/form.html", form=state, place=place,
                           owners=_owner_options(), facts=place_form.FACTS,
                           yes_no=place_form.YES_NO,
                           plain_hints=hints(state.values, PLACE_FIELDS), nav="places")


@bp.route("/<place_id>/loeschen", methods=["GET", "POST"], endpoint="delete")
def delete(place_id: str) -> str | Response:
    place = _place_or_404(place_id)
    db = context.db()
    used = place_q.used_by(db, place_id)
    if request.method == "POST" and not used:
        place_q.delete(db, place_id)
        flash(f"Der Ort „{place['name']}“ ist gelöscht.", "ok")
        return redirect(url_for("places.index"))
    return render_template("places/delete.html", place=place, used=used, nav="places")
