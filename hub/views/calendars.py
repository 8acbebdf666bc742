"""A site's calendars: subscribe to an address, upload a file, fetch now, change the
defaults for their entries (contact person, place), end."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from hub import auth, context, subscriptions
from hub.errors import CalendarError
from hub.queries import calendars as calendar_q
from hub.queries import contacts as contact_q
from hub.queries import places as place_q

bp = Blueprint("calendars", __name__)


def _calendar_or_404(calendar_id: int) -> dict:
    calendar = calendar_q.get(context.db(), calendar_id)
    if calendar is None:
        abort(404)
    auth.require_site(calendar["site_id"])
    return calendar


def _back(site_id: str) -> Response:
    return redirect(url_for("sites.show", site_id=site_id) + "#kalender")


def _defaults(site_id: str) -> tuple[str | None, str | None, str | None]:
    """The form's contact person and place for the entries, and what is wrong with them."""
    db = context.db()
    contact_id = request.form.get("contact_id") or None
    place_id = request.form.get("place_id") or None
    problem = None
    if contact_id and contact_id not in {c["id"] for c in contact_q.of_sites(db, [site_id])}:
        problem = "Bitte eine Ansprechperson dieser Begegnungsstätte wählen."
    elif place_id and place_id not in {p["id"] for p in place_q.visible(db, [site_id])}:
        problem = "Bitte einen Ort wählen, den diese Begegnungsstätte verwendet."
    return contact_id, place_id, problem


def _choices(site_id: str) -> tuple[str, str | None, str | None, str | None]:
    """The form's category, contact person and place, and what is wrong with them."""
    category = request.form.get("category", "")
    contact_id, place_id, problem = _defaults(site_id)
    if category not in {c["id"] for c in context.settings()["categories"]}:
        problem = "Bitte einen Bereich wählen."
    return category, contact_id, place_id, problem


@bp.route("/standorte/<site_id>/kalender", methods=["POST"], endpoint="add")
def add(site_id: str) -> Response:
    auth.require_known_site(context.db(), site_id)
    url = request.form.get("url", "").strip()
    category, contact_id, place_id, problem = _choices(site_id)
    if not url.startswith(("http://", "https://")):
        flash("Bitte die Adresse des Kalenders angeben, sie beginnt mit https://.",
              "calendar-error")
    elif problem:
        flash(problem, "calendar-error")
    elif not calendar_q.add(context.db(), site_id, url, category, context.now(), contact_id,
                            place_id):
        flash("Diesen Kalender hat die Begegnungsstätte schon abonniert.", "calendar-error")
    else:
        flash("Der Kalender ist abonniert. Er wird jeden Tag vor dem Veröffentlichen "
              "abgerufen; mit „Jetzt abrufen“ sofort.", "calendar-ok")
    return _back(site_id)


@bp.route("/standorte/<site_id>/kalender/datei", methods=["POST"], endpoint="upload")
def upload(site_id: str) -> Response:
    auth.require_known_site(context.db(), site_id)
    category, contact_id, place_id, problem = _choices(site_id)
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        flash("Bitte wählen Sie eine Kalender-Datei aus (sie endet meist auf .ics).",
              "calendar-error")
        return _back(site_id)
    if problem:
        flash(problem, "calendar-error")
        return _back(site_id)
    cap = int(context.settings()["calendars"]["max_mb"] * 1_000_000)
    raw = sent.stream.read(cap + 1)
    try:
        report = subscriptions.upload(
            context.db(), context.settings(), site_id, sent.filename, raw, category=category,
            contact_id=contact_id, place_id=place_id, now=context.now(),
            user=context.user_label())
    except CalendarError as exc:
        where = f"Zeile {exc.line}: " if exc.line else ""
        flash(f"Nicht übernommen – {where}{exc.reason} Es wurde nichts geändert.",
              "calendar-error")
        return _back(site_id)
    more = " Was nicht übernommen wurde, steht unten bei der Datei." if report.problems() \
        else ""
    flash(report.head() + more, "calendar-ok")
    return _back(site_id)


@bp.route("/kalender/<int:calendar_id>/abrufen", methods=["POST"], endpoint="fetch")
def fetch(calendar_id: int) -> Response:
    calendar = _calendar_or_404(calendar_id)
    ok, words = subscriptions.refresh(context.db(), context.settings(), calendar,
                                      context.now(), context.user_label())
    flash(words.splitlines()[0], "calendar-ok" if ok else "calendar-error")
    return _back(calendar["site_id"])


@bp.route("/kalender/<int:calendar_id>/vorgaben", methods=["POST"], endpoint="defaults")
def defaults(calendar_id: int) -> Response:
    """New defaults for the calendar's entries; the calendar is imported again at once, so
    entries lacking a contact or a place get them."""
    calendar = _calendar_or_404(calendar_id)
    contact_id, place_id, problem = _defaults(calendar["site_id"])
    if problem:
        flash(problem, "calendar-error")
        return _back(calendar["site_id"])
    calendar_q.set_defaults(context.db(), calendar_id, contact_id, place_id)
    calendar = {**calendar, "contact_id": contact_id, "place_id": place_id}
    ok, words = subscriptions.refresh(context.db(), context.settings(), calendar,
                                      context.now(), context.user_label())
    flash("Gespeichert. " + words.splitlines()[0], "calendar-ok" if ok else "calendar-error")
    return _back(calendar["site_id"])


@bp.route("/kalender/<int:calendar_id>/entfernen", methods=["POST"], endpoint="remove")
def remove(calendar_id: int) -> Response:
    calendar = _calendar_or_404(calendar_id)
    calendar_q.remove(context.db(), calendar_id)
    what = "Die Datei ist entfernt" if subscriptions.is_file(calendar) else "Das Abo ist beendet"
    flash(f"{what}. Schon übernommene Einträge bleiben; löschen Sie sie bei Bedarf einzeln.",
          "calendar-ok")
    return _back(calendar["site_id"])
