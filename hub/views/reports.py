"""The "Auswertung" (one site, one week: table, chart, explanation), its CSV export for
programme reports, and the privacy notice the terminals show ("Datenschutz am Terminal")."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, g, render_template, request
from werkzeug.wrappers import Response

from hub import auth, context
from hub import reports as rep
from hub.exports import csv_response
from hub.views.entry_support import editable_sites
from kiosk.text import privacy

bp = Blueprint("reports", __name__)


def _site(value: str | None, sites: list[dict]) -> dict:
    if not sites:
        abort(403)
    if not value:
        return sites[0]
    found = next((s for s in sites if s["id"] == value), None)
    if found is None:
        abort(403)
    return found


def _week(value: str | None, field: str, errors: list[str]) -> rep.date:
    """The Monday of the week in `value` ("2026-W49"), this week's when it is empty; a
    week that cannot be read adds a German message naming the field."""
    monday = rep.parse_week(value) if value else None
    if value and monday is None:
        errors.append(f"{field}: „{value[:20]}“ ist keine Kalenderwoche. Bitte so angeben: "
                      f"{rep.week_name(rep.monday_of(context.today()))} (Jahr-W Woche).")
    return monday or rep.monday_of(context.today())


@bp.route("/auswertung", endpoint="index")
def index() -> str:
    sites = editable_sites()
    site = _site(request.args.get("site"), sites)
    errors: list[str] = []
    monday = _week(request.args.get("woche"), "Woche", errors)
    report = rep.week_report(context.db(), site["id"], monday)
    return render_template(
        "reports/index.html", report=report, site=site, sites=sites,
        chart=rep.visits_chart(report), week=rep.week_name(monday),
        previous=rep.week_name(monday - timedelta(days=7)),
        next=rep.week_name(monday + timedelta(days=7))
        if monday + timedelta(days=7) <= context.today() else None,
        first=rep.week_name(monday - timedelta(weeks=11)), errors=errors, nav="reports")


@bp.route("/auswertung/bericht.csv", endpoint="csv")
def csv_export() -> Response:
    """Weekly figures of one site (or all of one's sites) from `von` to `bis`."""
    sites = editable_sites()
    chosen = sites if request.args.get("site") in (None, "", "alle") else \
        [_site(request.args.get("site"), sites)]
    errors: list[str] = []
    last = _week(request.args.get("bis"), "bis", errors)
    first = _week(request.args.get("von"), "von", errors) if request.args.get("von") \
        else last - timedelta(weeks=11)
    if errors:
        return Response("\n".join(errors) + "\n", status=400,
                        mimetype="text/plain; charset=utf-8")
    first = max(min(first, last), last - timedelta(weeks=rep.MAX_WEEKS - 1))
    rows: list[list[object]] = []
    db = context.db()
    for site in chosen:
        monday = first
        while monday <= last:
            rows += rep.csv_rows(rep.week_report(db, site["id"], monday), site["name"])
            monday += timedelta(days=7)
    name = f"auswertung-{rep.week_name(first)}-bis-{rep.week_name(last)}.csv"
    return csv_response(rep.CSV_HEADER, rows, name)


@bp.route("/datenschutz-terminal", endpoint="privacy")
def privacy_page() -> str:
    return render_template("reports/privacy.html", title=privacy.TITLE,
                           sections=privacy.SECTIONS, nav="reports",
                           admin=auth.is_admin(g.user))
