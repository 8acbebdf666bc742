"""Offers from neighbouring sites: the list, accept, decline."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from hub import auth, context
from hub.queries import offers as offer_q
from hub.queries import sites as site_q
from hub.security import safe_next

bp = Blueprint("offers", __name__, url_prefix="/angebote")


@bp.route("", endpoint="index")
def index() -> str:
    db = context.db()
    mine = auth.own_sites(g.user)
    rows = offer_q.for_sites(db, mine)
    return render_template("offers.html", waiting=[o for o in rows if o["state"] == "offered"],
                           decided=[o for o in rows if o["state"] != "offered"][:50],
                           names=site_q.names(db), nav="offers")


def _decide(offer_id: int, state: str) -> Response:
    db = context.db()
    offer = offer_q.get(db, offer_id)
    if offer is None:
        abort(404)
    auth.require_site(offer["site_id"])
    offer_q.decide(db, offer_id, state, context.now(), context.user_label())
    if state == "accepted":
        flash(f"„{offer['title']}“ ist übernommen. Nach dem nächsten Veröffentlichen zeigen "
              "die Terminals den Eintrag.", "ok")
    else:
        flash(f"„{offer['title']}“ ist abgelehnt.", "ok")
    return redirect(safe_next(request.form.get("next"), url_for("offers.index")))


@bp.route("/<int:offer_id>/annehmen", methods=["POST"], endpoint="accept")
def accept(offer_id: int) -> Response:
    return _decide(offer_id, "accepted")


@bp.route("/<int:offer_id>/ablehnen", methods=["POST"], endpoint="decline")
def decline(offer_id: int) -> Response:
    return _decide(offer_id, "declined")
