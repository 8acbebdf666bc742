"""Enrolling terminals: a new terminal gets its id and token, and staff see the lines for
its kiosk.toml once (only the token's hash is stored); a new token; removing one."""

from __future__ import annotations

import hashlib
import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from hub import auth, config, context
from hub.forms.fields import FormState, check_new_id_and_name, from_request
from hub.queries import sites as site_q
from hub.queries import terminals as terminal_q
from hub.releases import releases_url
from hub.views.sites import public_urls

bp = Blueprint("terminals", __name__)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _terminal_or_404(terminal_id: str) -> dict:
    terminal = terminal_q.get(context.db(), terminal_id)
    if terminal is None:
        abort(404)
    auth.require_site(terminal["site_id"])
    return terminal


def kiosk_lines(terminal: dict, token: str) -> str:
    """The lines a technician puts into the terminal's kiosk.toml."""
    hub_url, published = public_urls()
    settings = context.settings()
    public = config.public_key_text(context.paths())
    release_keys = ", ".join(f'"{k}"' for k in settings["releases"]["public_keys"])
    return (f'[terminal]\nsite = "{terminal["site_id"]}"\nid = "{terminal["id"]}"\n'
            f'token = "{token}"\n[sync]\n'
            f'feed_url = "{published}/sites/{terminal["site_id"]}/feed.json"\n'
            f'public_keys = ["{public}"]\n[hub]\nurl = "{hub_url}"\n'
            f'[update]\nurl = "{releases_url(settings, hub_url)}"\n'
            + (f"release_keys = [{release_keys}]\n" if release_keys else ""))


def _show_token(terminal: dict, token: str, fresh: bool) -> str:
    return render_template("sites/enrolled.html", terminal=terminal,
                           lines=kiosk_lines(terminal, token), fresh=fresh, nav="sites")


@bp.route("/standorte/<site_id>/terminals/neu", methods=["GET", "POST"], endpoint="new")
def new(site_id: str) -> str | Response:
    db = context.db()
    site = site_q.get(db, site_id)
    if site is None:
        abort(404)
    auth.require_site(site_id)
    existing = len(terminal_q.of_sites(db, [site_id]))
    state = FormState({"id": f"{site_id}-{existing + 1}"[:80], "name": ""})
    if request.method == "POST":
        state = from_request(request.form)
        check_new_id_and_name(state, lambda terminal_id: terminal_q.exists(db, terminal_id))
        if state.ok:
            token = secrets.token_urlsafe(24)
            terminal_q.create(db, state.get("id").strip(), site_id,
                              state.get("name").strip()[:120], token_hash(token),
                              context.now())
            terminal = terminal_q.get(db, state.get("id").strip())
            assert terminal is not None
            return _show_token(terminal, token, fresh=True)
    return render_template("sites/terminal_form.html", form=state, site=site, nav="sites")


@bp.route("/terminals/<terminal_id>/neuer-schluessel", methods=["GET", "POST"],
          endpoint="rekey")
def rekey(terminal_id: str) -> str:
    terminal = _terminal_or_404(terminal_id)
    if request.method == "GET":
        return render_template("sites/terminal_rekey.html", terminal=terminal, nav="sites")
    token = secrets.token_urlsafe(24)
    terminal_q.set_token(context.db(), terminal_id, token_hash(token))
    return _show_token(terminal, token, fresh=False)


@bp.route("/terminals/<terminal_id>/loeschen", methods=["GET", "POST"], endpoint="delete")
def delete(terminal_id: str) -> str | Response:
    terminal = _terminal_or_404(terminal_id)
    if request.method == "POST":
        terminal_q.delete(context.db(), terminal_id)
        flash(f"Das Terminal „{terminal['name']}“ ist entfernt. Sein Schlüssel gilt nicht "
              "mehr.", "ok")
        return redirect(url_for("sites.show", site_id=terminal["site_id"]))
    return render_template("sites/terminal_delete.html", terminal=terminal, nav="sites")
