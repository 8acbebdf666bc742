"""Login, logout and changing one's own password."""

from __future__ import annotations

import math

from flask import Blueprint, flash, g, make_response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from hub import context, logins, passwords, sessions
from hub.forms.fields import FormState, from_request
from hub.messages import msg
from hub.queries import users as user_q
from hub.security import safe_next

bp = Blueprint("account", __name__)


@bp.route("/anmelden", methods=["GET", "POST"], endpoint="login")
def login() -> str | Response | tuple[str, int]:
    if g.user is not None and request.method == "GET":
        return redirect(url_for("home.index"))
    form = FormState({"email": request.values.get("email", "")})
    if request.method == "GET":
        return render_template("account/login.html", form=form,
                               next=request.args.get("next", ""))
    db, now = context.db(), context.now()
    outcome = logins.attempt(db, request.form.get("email", ""),
                             request.form.get("password", ""), _remote(), now)
    if outcome.user is not None:
        user_q.logged_in(db, outcome.user["id"], now)
        sessions.start(db, outcome.user, now)
        return redirect(safe_next(request.form.get("next"), url_for("home.index")))
    message, code = _refused(outcome, msg("login_wrong"))
    form.error("email", message)
    response = make_response(render_template("account/login.html", form=form,
                                             next=request.form.get("next", "")), code)
    if outcome.busy:
        response.headers["Retry-After"] = str(math.ceil(context.settings()["login"]["wait_s"]))
    return response


def _remote() -> str:
    return request.remote_addr or "-"


def _refused(outcome: logins.Outcome, wrong: str) -> tuple[str, int]:
    """The German message for an attempt that did not log in, and the status code."""
    if outcome.busy:
        return msg("login_busy"), 503
    window = context.settings()["login"]["window_min"]
    if outcome.locked:
        wait = "1 Minute" if outcome.wait_min == 1 else f"{outcome.wait_min} Minuten"
        key = "login_locked" if outcome.locked == "account" else "login_locked_computer"
        return msg(key, wait=wait), 429
    left = outcome.left
    if left is None or left > 2:
        return wrong, 200
    if left <= 0:
        return f"{wrong} {msg('login_now_locked', window=window)}", 200
    if left == 1:
        return f"{wrong} {msg('login_left_one', window=window)}", 200
    return f"{wrong} {msg('login_left', n=left, window=window)}", 200


@bp.route("/abmelden", methods=["POST"], endpoint="logout")
def logout() -> Response:
    sessions.end(context.db())
    flash("Sie sind abgemeldet.", "ok")
    return redirect(url_for("account.login"))


@bp.route("/konto/passwort", methods=["GET", "POST"], endpoint="password")
def password() -> str | Response | tuple[str, int]:
    form, code = FormState(), 200
    if request.method == "POST":
        form = from_request(request.form)
        db, now = context.db(), context.now()
        new = form.get("new_password")
        outcome = logins.attempt(db, g.user["email"], form.get("old_password"), _remote(), now)
        if outcome.user is None:
            message, code = _refused(outcome, msg("password_wrong"))
            form.error("old_password", message)
        problem = passwords.password_problem(new, g.user["email"])
        if problem:
            form.error("new_password", problem)
        elif new != form.get("new_password2"):
            form.error("new_password2", msg("password_mismatch"))
        if form.ok and outcome.user is not None:
            user_q.set_password(db, outcome.user["id"], logins.hash_password(new))
            sessions.end_all(db, outcome.user["id"])
            sessions.start(db, outcome.user, now)
            flash("Ihr Passwort ist geändert. Auf anderen Geräten sind Sie jetzt abgemeldet.",
                  "ok")
            return redirect(url_for("home.index"))
        form.values = {}
    return render_template("account/password.html", form=form,
                           password_help=passwords.HELP), code
