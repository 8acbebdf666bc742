"""Creating and changing accounts: e-mail, role, sites, password (shared by the admin
pages and `quartier-hub add-user`)."""

from __future__ import annotations

import sqlite_utils

from hub.forms.fields import FieldError, FormState, check_email
from hub.messages import msg
from hub.passwords import password_problem
from hub.queries import sites as site_q
from hub.queries import users as user_q

ROLES = {"editor": "Redaktion (nur die gewählten Begegnungsstätten)",
         "admin": "Verwaltung (alles, auch Benutzer und Begegnungsstätten)"}


def check(state: FormState, db: sqlite_utils.Database, *, new: bool,
          user_id: int | None = None) -> tuple[str, str, list[str]] | None:
    """(email, role, sites) of the form, or None with errors in `state`."""
    email = state.get("email").strip()
    try:
        if not check_email(email):
            raise FieldError(msg("email_invalid"))
    except FieldError as exc:
        state.error("email", str(exc))
    else:
        other = user_q.by_email(db, email)
        if other and other["id"] != user_id:
            state.error("email", msg("email_taken"))
    role = state.get("role")
    if role not in ROLES:
        state.error("role", "Bitte wählen Sie eine Rolle.")
    known = {s["id"] for s in site_q.all_sites(db)}
    sites = [s for s in state.getlist("sites") if s in known]
    if role == "editor" and not sites:
        state.error("sites", msg("sites_missing"))
    password = state.get("password")
    if new or password:
        problem = password_problem(password, email)
        if problem:
            state.error("password", problem)
    return (email, role, sites if role == "editor" else []) if state.ok else None
