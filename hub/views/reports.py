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


def _week(value: str | None) -> rep.date:
    monday = rep.parse_week(value) if value else None
    return monday or rep.monday_of(context.today())


@bp.route("/auswertung", endpoint="index")
def index() -> str:
    sites = editable_sites()
    site = _site(request.args.get("site"), sites)
    monday = _week(request.args.get("woche"))
    report = rep.week_report(context.db(), site["id"], monday)
    return render_template(
        "reports/index.html", report=report, site=site, sites=sites,
        chart=rep.visits_chart(report), week=rep.week_name(monday),
        previous=rep.week_name(monday - timedelta(days=7)),
        next=rep.week_name(monday + timedelta(days=7))
        if monday + timedelta(days=7) <= context.today() else None,
        first=rep.week_name(monday - timedelta(weeks=11)), nav="reports")


@bp.route("/auswertung/bericht.csv", endpoint="csv")
def csv_export() -> Response:
    """Weekly figures of one site (or all of one's sites) from `von` to `bis`."""
    sites = editable_sites()
    chosen = sites if request.args.get("site") in (None, "", "alle") else \
        [_site(request.args.get("site"), sites)]
    last = _week(request.args.get("bis"))
    first = _week(request.args.get("von")) if request.args.get("von") \
        else last - timedelta(weeks=11)
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
