"""The start page: what needs attention today."""

from __future__ import annotations

from flask import Blueprint, g, render_template

from hub import auth, context
from hub.queries import entries as entry_q
from hub.queries import offers as offer_q
from hub.queries import publications as pub_q
from hub.queries import sites as site_q
from hub.queries import terminals as terminal_q
from hub.views.entry_support import editable_sites
from hub.views.fleet import lights
from hub.views.freshness import attention

bp = Blueprint("home", __name__)


@bp.route("/", endpoint="index")
def index() -> str:
    db = context.db()
    mine = auth.own_sites(g.user)
    sites = editable_sites()
    for site in sites:
        site["entries"] = len(entry_q.shown_at(db, [site["id"]]))
        site["last"] = pub_q.latest(db, site["id"])
    terminals = lights(terminal_q.of_sites(db, mine))
    stale = attention(db, mine, context.today(), context.settings()["freshness"]["check_days"])
    waiting = offer_q.for_sites(db, mine, "offered")
    return render_template("home.html", sites=sites, terminals=terminals,
                           unwell=[t for t in terminals if t["light"].color != "green"],
                           stale=stale, waiting=waiting, names=site_q.names(db), nav="home")
