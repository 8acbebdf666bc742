"""Login, logout and changing one's own password."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from hub import auth, context
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
    email = request.form.get("email", "").strip()
    password = request.form.get("password", "")
    remote = request.remote_addr or "-"
    if auth.login_blocked(db, email, remote, now):
        minutes = context.settings()["login"]["window_min"]
        form.error("email", f"Zu viele Anmeldeversuche. Bitte warten Sie {minutes} Minuten "
                            "und versuchen Sie es dann noch einmal.")
        return render_template("account/login.html", form=form,
                               next=request.form.get("next", "")), 429
    user = user_q.by_email(db, email) if email else None
    if user is None or not auth.check_password(user, password):
        auth.login_failed(db, email, remote, now)
        form.error("email", "E-Mail-Adresse oder Passwort stimmen nicht. Bitte prüfen Sie "
                            "beides.")
        return render_template("account/login.html", form=form,
                               next=request.form.get("next", ""))
    auth.login_succeeded(db, user, now)
    auth.log_in(user)
    # Only paths on this site: never send a freshly logged-in user elsewhere.
    return redirect(safe_next(request.form.get("next"), url_for("home.index")))


@bp.route("/abmelden", methods=["POST"], endpoint="logout")
def logout() -> Response:
    session.clear()
    flash("Sie sind abgemeldet.", "ok")
    return redirect(url_for("account.login"))


@bp.route("/konto/passwort", methods=["GET", "POST"], endpoint="password")
def password() -> str | Response:
    form = FormState()
    if request.method == "POST":
        form = from_request(request.form)
        db = context.db()
        user = user_q.get(db, g.user["id"])
        assert user is not None
        new = form.get("new_password")
        if not auth.check_password(user, form.get("old_password")):
            form.error("old_password", msg("password_wrong"))
        problem = auth.password_problem(new)
        if problem:
            form.error("new_password", problem)
        elif new != form.get("new_password2"):
            form.error("new_password2", msg("password_mismatch"))
        if form.ok:
            user_q.set_password(db, user["id"], auth.hasher().hash(new))
            auth.log_in(user_q.get(db, user["id"]) or user)
            flash("Ihr Passwort ist geändert.", "ok")
            return redirect(url_for("home.index"))
        form.values = {}
    return render_template("account/password.html", form=form)
