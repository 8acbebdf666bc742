"""Sites (Begegnungsstätten): the list, one site's page, and (admin) new and edit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from hub import arrival, auth, context
from hub.forms.contact_form import contact_words
from hub.forms.fields import FormState, check_new_id_and_name, from_request
from hub.messages import msg
from hub.publishing import summary_words
from hub.queries import calendars as calendar_q
from hub.queries import contacts as contact_q
from hub.queries import entries as entry_q
from hub.queries import places as place_q
from hub.queries import publications as pub_q
from hub.queries import sites as site_q
from hub.queries import terminals as terminal_q
from hub.views.fleet import lights

bp = Blueprint("sites", __name__, url_prefix="/standorte")


def public_urls() -> tuple[str, str]:
    """(hub URL for heartbeats, URL of the published tree) as terminals must use them."""
    hub = context.settings()["hub"]
    base = (hub["base_url"] or request.url_root).rstrip("/")
    return base, (hub["published_url"] or base).rstrip("/")


@bp.route("", endpoint="index")
def index() -> str:
    db = context.db()
    mine = auth.own_sites(g.user)
    sites = site_q.all_sites(db) if mine is None else site_q.some(db, mine)
    for site in sites:
        site["entries"] = len(entry_q.shown_at(db, [site["id"]]))
        site["lights"] = lights(terminal_q.of_sites(db, [site["id"]]))
        site["label"] = arrival.version_label(db, site["id"], site["published_version"],
                                              context.now())
    return render_template("sites/list.html", sites=sites, nav="sites")


@bp.route("/<site_id>", endpoint="show")
def show(site_id: str) -> str:
    db = context.db()
    site = site_q.get(db, site_id)
    if site is None:
        abort(404)
    auth.require_site(site_id)
    history = pub_q.recent(db, [site_id], limit=10, skip_quiet_daily=True)
    for pub in history:
        pub["words"] = summary_words(pub["summary"])
    hub_url, published = public_urls()
    return render_template("sites/show.html", site=site,
                           terminals=lights(terminal_q.of_sites(db, [site_id])),
                           history=history, hub_url=hub_url,
                           label=arrival.version_label(db, site_id, site["published_version"],
                                                       context.now()),
                           calendars=calendar_q.of_sites(db, [site_id]),
                           categories=context.settings()["categories"],
                           contacts=[{**c, "words": contact_words(c["data"])}
                                     for c in contact_q.of_sites(db, [site_id])],
                           places=place_q.visible(db, [site_id]),
                           feed_url=f"{published}/sites/{site_id}/feed.json", nav="sites")


@bp.route("/neu", methods=["GET", "POST"], endpoint="new")
@auth.admin_required
def new() -> str | Response:
    state = FormState()
    if request.method == "POST":
        state = from_request(request.form)
        db = context.db()
        check_new_id_and_name(state, lambda site_id: site_q.get(db, site_id) is not None)
        if state.ok:
            site_q.create(db, state.get("id").strip(), state.get("name").strip()[:200],
                          state.get("town").strip()[:120], context.now(),
                          bool(state.get("release_by_admin")))
            flash(f"Die Begegnungsstätte „{state.get('name').strip()}“ ist angelegt.", "ok")
            return redirect(url_for("sites.show", site_id=state.get("id").strip()))
    return render_template("sites/form.html", form=state, site=None, nav="sites")


@bp.route("/<site_id>/bearbeiten", methods=["GET", "POST"], endpoint="edit")
@auth.admin_required
def edit(site_id: str) -> str | Response:
    db = context.db()
    site = site_q.get(db, site_id)
    if site is None:
        abort(404)
    state = FormState({"id": site_id, "name": site["name"], "town": site["town"],
                       "release_by_admin": "1" if site["release_by_admin"] else ""})
    if request.method == "POST":
        state = from_request(request.form)
        state.values["id"] = site_id
        if not state.get("name").strip():
            state.error("name", msg("name_missing"))
        if state.ok:
            site_q.update(db, site_id, state.get("name").strip()[:200],
                          state.get("town").strip()[:120], bool(state.get("release_by_admin")))
            flash("Gespeichert.", "ok")
            return redirect(url_for("sites.show", site_id=site_id))
    return render_template("sites/form.html", form=state, site=site, nav="sites")
