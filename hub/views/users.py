"""Accounts (admin only): list, new, edit, delete."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from hub import auth, context, logins, passwords, sessions
from hub.forms import user_form
from hub.forms.fields import FormState, from_request
from hub.messages import msg
from hub.queries import sites as site_q
from hub.queries import users as user_q

bp = Blueprint("users", __name__, url_prefix="/benutzer")


@bp.before_request
@auth.admin_required
def _admins_only() -> None:
    return None


@bp.route("", endpoint="index")
def index() -> str:
    db = context.db()
    return render_template("users/list.html", users=user_q.all_users(db),
                           names=site_q.names(db), roles=user_form.ROLES, nav="users")


def _form(state: FormState, user: dict | None) -> str:
    sites = site_q.all_sites(context.db())
    return render_template("users/form.html", form=state, user=user, roles=user_form.ROLES,
                           site_options=[(s["id"], s["name"]) for s in sites], nav="users",
                           password_help=passwords.HELP)


@bp.route("/neu", methods=["GET", "POST"], endpoint="new")
def new() -> str | Response:
    if request.method == "GET":
        return _form(FormState({"role": "editor", "sites": []}), None)
    state = from_request(request.form, {"sites"})
    db = context.db()
    checked = user_form.check(state, db, new=True)
    if checked is None:
        state.values["password"] = ""
        return _form(state, None), 422  # type: ignore[return-value]
    email, role, sites = checked
    user_q.create(db, email, logins.hash_password(state.get("password")), role, sites,
                  context.now())
    flash(f"Das Konto für {email} ist angelegt. Geben Sie das Passwort persönlich oder "
          "telefonisch weiter, nicht per E-Mail.", "ok")
    return redirect(url_for("users.index"))


@bp.route("/<int:user_id>/bearbeiten", methods=["GET", "POST"], endpoint="edit")
def edit(user_id: int) -> str | Response:
    db = context.db()
    user = user_q.get(db, user_id)
    if user is None:
        abort(404)
    if request.method == "GET":
        return _form(FormState({"email": user["email"], "role": user["role"],
                                "sites": user["sites"]}), user)
    state = from_request(request.form, {"sites"})
    state.values["email"] = user["email"]
    checked = user_form.check(state, db, new=False, user_id=user_id)
    if checked and user["role"] == "admin" and checked[1] != "admin" \
            and user_q.count_admins(db) <= 1:
        state.error("role", msg("last_admin"))
        checked = None
    if checked is None:
        state.values["password"] = ""
        return _form(state, user), 422  # type: ignore[return-value]
    _, role, sites = checked
    password = state.get("password")
    user_q.update(db, user_id, role, sites,
                  logins.hash_password(password) if password else None)
    note = ""
    if password or role != user["role"] or sorted(set(sites)) != user["sites"]:
        # The person logs in again with the new rights (or password): other sessions end.
        sessions.end_all(db, user_id, keep_this=user_id == g.user["id"])
        note = " Wer damit angemeldet war, muss sich neu anmelden."
    if password:
        user_q.clear_failures(db, user["email"])  # a new password also lifts a lock
    flash(f"Das Konto {user['email']} ist gespeichert.{note}", "ok")
    return redirect(url_for("users.index"))


@bp.route("/<int:user_id>/loeschen", methods=["GET", "POST"], endpoint="delete")
def delete(user_id: int) -> str | Response:
    db = context.db()
    user = user_q.get(db, user_id)
    if user is None:
        abort(404)
    last = user["role"] == "admin" and user_q.count_admins(db) <= 1
    if request.method == "POST" and not last and user["id"] != g.user["id"]:
        user_q.delete(db, user_id)
        flash(f"Das Konto {user['email']} ist gelöscht.", "ok")
        return redirect(url_for("users.index"))
    return render_template("users/delete.html", user=user, last=last,
                           own=user["id"] == g.user["id"], nav="users")
