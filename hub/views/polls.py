"""Polls ("Umfragen"): list, new, show with the terminal preview and the results, edit,
delete. Rules in hub.polls."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from hub import auth, context, poll_preview
from hub import polls as rules
from hub.forms import poll_form
from hub.forms.fields import FormState, from_request, unique_slug
from hub.queries import entries as entry_q
from hub.queries import polls as poll_q
from hub.queries import sites as site_q
from hub.views.entry_support import editable_sites

bp = Blueprint("polls", __name__, url_prefix="/umfragen")


def _poll_or_404(poll_id: str, edit: bool = False) -> dict:
    poll = poll_q.get(context.db(), poll_id)
    if poll is None:
        abort(404)
    if not (rules.may_edit(g.user, poll) if edit else rules.may_read(g.user, poll)):
        abort(403)
    return poll


@bp.route("", endpoint="index")
def index() -> str:
    db = context.db()
    today = context.today()
    found = poll_q.of_sites(db, auth.own_sites(g.user))
    names = site_q.names(db)
    for poll in found:
        poll["state"] = rules.state_words(poll, today)
        poll["editable"] = rules.may_edit(g.user, poll)
        poll["votes"] = rules.results(db, poll, names)[1].total
        poll["site_names"] = [names.get(s, s) for s in poll["sites"]]
    return render_template("polls/list.html", polls=found, nav="polls")


def _entry_options() -> list[tuple[str, str]]:
    entries = entry_q.listing(context.db(), auth.own_sites(g.user))
    return [("", "kein Eintrag"), *sorted(((e["id"], e["title"]) for e in entries),
                                          key=lambda kv: kv[1].casefold())]


def _form(state: FormState, poll: dict | None) -> str:
    return render_template("polls/form.html", form=state, poll=poll,
                           sites=[(s["id"], s["name"]) for s in editable_sites()],
                           entries=_entry_options(), icons=poll_form.icon_options(),
                           answers=range(1, poll_form.MAX_ANSWERS + 1), nav="polls")


@bp.route("/neu", methods=["GET", "POST"], endpoint="new")
def new() -> str | Response:
    if not editable_sites():
        abort(403)
    if request.method == "GET":
        values = poll_form.values_from_poll(None)
        values["sites"] = [request.args["site"]] if request.args.get("site") else []
        return _form(FormState(values), None)
    return _save(from_request(request.form, poll_form.LIST_FIELDS), None)


@bp.route("/<poll_id>/bearbeiten", methods=["GET", "POST"], endpoint="edit")
def edit(poll_id: str) -> str | Response:
    poll = _poll_or_404(poll_id, edit=True)
    if request.method == "GET":
        return _form(FormState(poll_form.values_from_poll(poll)), poll)
    return _save(from_request(request.form, poll_form.LIST_FIELDS), poll)


def _save(state: FormState, poll: dict | None) -> str | Response:
    db = context.db()
    data = poll_form.parse(state, sites={s["id"] for s in editable_sites()},
                           entries={value for value, _ in _entry_options() if value},
                           old_answers=poll["answers"] if poll else None)
    if data is None:
        return _form(state, poll), 422  # type: ignore[return-value]
    poll_id = poll["id"] if poll else \
        unique_slug(data["question"], lambda c: poll_q.id_taken(db, c), 40)
    poll_q.save(db, poll_id, data, data["sites"], context.now(), context.user_label())
    flash("Die Umfrage ist gespeichert. Die Terminals zeigen sie nach dem nächsten "
          "Veröffentlichen.", "ok")
    return redirect(url_for("polls.show", poll_id=poll_id))


@bp.route("/<poll_id>", endpoint="show")
def show(poll_id: str) -> str:
    poll = _poll_or_404(poll_id)
    db = context.db()
    names = site_q.names(db)
    only = None if auth.is_admin(g.user) else set(g.user["sites"])
    per_site, overall = rules.results(db, poll, names, only)
    entry = entry_q.get(db, poll["entry_id"]) if poll.get("entry_id") else None
    return render_template(
        "polls/show.html", poll=poll, per_site=per_site, overall=overall, entry=entry,
        state=rules.state_words(poll, context.today()), editable=rules.may_edit(g.user, poll),
        site_names=[names.get(s, s) for s in poll["sites"]],
        terminal=poll_preview.preview(poll, overall.votes), nav="polls")


@bp.route("/<poll_id>/loeschen", methods=["GET", "POST"], endpoint="delete")
def delete(poll_id: str) -> str | Response:
    poll = _poll_or_404(poll_id, edit=True)
    if request.method == "POST":
        poll_q.delete(context.db(), poll_id, context.now())
        flash(f"Die Umfrage „{poll['question']}“ ist gelöscht, mit ihren Stimmen. Die "
              "Terminals zeigen sie nach dem nächsten Veröffentlichen nicht mehr.", "ok")
        return redirect(url_for("polls.index"))
    total = rules.results(context.db(), poll, {})[1].total
    return render_template("polls/delete.html", poll=poll, total=total, nav="polls")
