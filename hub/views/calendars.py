"""Calendar subscriptions of a site: subscribe, fetch now, unsubscribe."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from hub import auth, context
from hub.queries import calendars as calendar_q
from hub.queries import sites as site_q
from hub.subscriptions import refresh

bp = Blueprint("calendars", __name__)


def _calendar_or_404(calendar_id: int) -> dict:
    calendar = calendar_q.get(context.db(), calendar_id)
    if calendar is None:
        abort(404)
    auth.require_site(calendar["site_id"])
    return calendar


@bp.route("/standorte/<site_id>/kalender", methods=["POST"], endpoint="add")
def add(site_id: str) -> Response:
    if site_q.get(context.db(), site_id) is None:
        abort(404)
    auth.require_site(site_id)
    url = request.form.get("url", "").strip()
    category = request.form.get("category", "")
    if not url.startswith(("http://", "https://")):
        flash("Bitte die Adresse des Kalenders angeben, sie beginnt mit https://.",
              "calendar-error")
    elif category not in {c["id"] for c in context.settings()["categories"]}:
        flash("Bitte einen Bereich wählen.", "calendar-error")
    elif not calendar_q.add(context.db(), site_id, url, category, context.now()):
        flash("Diesen Kalender hat die Begegnungsstätte schon abonniert.", "calendar-error")
    else:
        flash("Der Kalender ist abonniert. Er wird jeden Tag vor dem Veröffentlichen "
              "abgerufen; mit „Jetzt abrufen“ sofort.", "calendar-ok")
    return redirect(url_for("sites.show", site_id=site_id) + "#kalender")


@bp.route("/kalender/<int:calendar_id>/abrufen", methods=["POST"], endpoint="fetch")
def fetch(calendar_id: int) -> Response:
    calendar = _calendar_or_404(calendar_id)
    ok, words = refresh(context.db(), context.settings(), calendar, context.now(),
                        context.user_label())
    flash(words, "calendar-ok" if ok else "calendar-error")
    return redirect(url_for("sites.show", site_id=calendar["site_id"]) + "#kalender")


@bp.route("/kalender/<int:calendar_id>/entfernen", methods=["POST"], endpoint="remove")
def remove(calendar_id: int) -> Response:
    calendar = _calendar_or_404(calendar_id)
    calendar_q.remove(context.db(), calendar_id)
    flash("Das Abo ist beendet. Schon übernommene Einträge bleiben; löschen Sie sie bei "
          "Bedarf einzeln.", "calendar-ok")
    return redirect(url_for("sites.show", site_id=calendar["site_id"]) + "#kalender")
