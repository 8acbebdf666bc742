"""Publishing: per site what will change (pending changes), which state each terminal shows
("Angekommen?") and the button; for admins one for all sites; the result with what changed;
the history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from hub import arrival, auth, context
from hub.errors import PublishFailed
from hub.publishing import pending, publish_sites, summary_words
from hub.queries import entries as entry_q
from hub.queries import publications as pub_q
from hub.queries import sites as site_q
from hub.queries import terminals as terminal_q

bp = Blueprint("publish", __name__, url_prefix="/veroeffentlichen")


@bp.route("", endpoint="index")
def index() -> str:
    db = context.db()
    mine = auth.own_sites(g.user)
    sites = site_q.all_sites(db) if mine is None else site_q.some(db, mine)
    now, today, settings = context.now(), context.today(), context.settings()
    for site in sites:
        site["pending"] = pending(db, site, settings, today)
        site["unreleased"] = entry_q.state_counts(db, site["id"])
        site["label"] = arrival.version_label(db, site["id"], site["published_version"], now)
        site["terminals"] = [
            {"name": t["name"], "id": t["id"],
             "arrival": arrival.of_terminal(db, t, site["published_version"], now)}
            for t in terminal_q.of_sites(db, [site["id"]])]
    history = pub_q.recent(db, mine, limit=30, skip_quiet_daily=True)
    for pub in history:
        pub["words"] = summary_words(pub["summary"])
        pub["label"] = arrival.version_label(db, pub["site_id"], pub["version"], now)
    return render_template("publish/index.html", sites=sites, history=history,
                           names=site_q.names(db),
                           publish_time=context.settings()["hub"]["publish_time"],
                           nav="publish")


@bp.route("", methods=["POST"], endpoint="run")
def run() -> Response:
    site = request.form.get("site", "")
    if site == "alle":
        if not auth.is_admin(g.user):
            abort(403)
        targets = None
    else:
        if site_q.get(context.db(), site) is None:
            abort(404)
        auth.require_site(site)
        targets = [site]
    try:
        outcome = publish_sites(context.db(), context.paths(), context.settings(), targets,
                                now=context.now(), user=context.user_label(), trigger="button")
    except PublishFailed as exc:
        flash(str(exc), "error")
        return redirect(url_for("publish.index"))
    return redirect(url_for("publish.result", run_id=outcome.run_id,
                            fuer=",".join(outcome.requested) if targets else None))


@bp.route("/ergebnis/<run_id>", endpoint="result")
def result(run_id: str) -> str:
    db = context.db()
    rows = pub_q.of_run(db, run_id)
    left_out = pub_q.problems_of_run(db, run_id)
    if not rows and not left_out:
        abort(404)
    if not any(auth.may_edit_site(g.user, r["site_id"]) for r in rows + left_out):
        abort(403)
    requested = [s for s in request.args.get("fuer", "").split(",") if s]
    for row in rows:
        row["words"] = summary_words(row["summary"])
        row["label"] = arrival.version_label(db, row["site_id"], row["version"], context.now())
        row["mine"] = auth.may_edit_site(g.user, row["site_id"])
        row["also"] = bool(requested) and row["site_id"] not in requested
    rows.sort(key=lambda r: (r["also"], r["site_id"]))
    mine = [p for p in left_out if auth.may_edit_site(g.user, p["site_id"])]
    return render_template(
        "publish/result.html", rows=rows, names=site_q.names(db), nav="publish",
        failed=[p for p in mine if p["entry_id"] is None],
        skipped={site: [p for p in mine if p["site_id"] == site and p["entry_id"]]
                 for site in {p["site_id"] for p in mine}})
