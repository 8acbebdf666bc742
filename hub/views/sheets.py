"""Spreadsheets: the template to download, a table uploaded on a site's page, the preview
of what it changes, and "Übernehmen" (hub.sheet_import)."""

from __future__ import annotations

import secrets

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for

from hub import auth, context
from hub.errors import SheetError
from hub.forms.fields import one_line
from hub.queries import sheets as sheet_q
from hub.queries import sites as site_q
from hub.sheet_columns import BY_SLUG, TABLES, template_csv, template_xlsx
from hub.sheet_import import ACTIONS, Plan, apply_plan, plan_sheet
from hub.sheet_read import MAX_BYTES

bp = Blueprint("sheets", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(body: bytes, mimetype: str, name: str) -> Response:
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@bp.route("/tabellen/vorlage.xlsx", endpoint="template_xlsx")
def template() -> Response:
    return _download(template_xlsx(), XLSX, "quartier-vorlage.xlsx")


@bp.route("/tabellen/vorlage-<slug>.csv", endpoint="template_csv")
def template_table(slug: str) -> Response:
    if slug not in BY_SLUG:
        abort(404)
    return _download(template_csv(BY_SLUG[slug]), "text/csv; charset=utf-8",
                     f"vorlage-{slug}.csv")


def _back(site_id: str) -> Response:
    return redirect(url_for("sites.show", site_id=site_id) + "#tabellen")


@bp.route("/standorte/<site_id>/tabelle", methods=["POST"], endpoint="upload")
def upload(site_id: str) -> Response:
    auth.require_known_site(context.db(), site_id)
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        flash("Bitte wählen Sie eine Tabelle aus (.xlsx oder .csv).", "sheet-error")
        return _back(site_id)
    raw = sent.stream.read(MAX_BYTES + 1)
    try:
        plan_sheet(context.db(), context.settings(), site_id, raw, context.now())
    except SheetError as exc:
        flash(f"Nichts übernommen – {exc}", "sheet-error")
        return _back(site_id)
    upload_id = secrets.token_urlsafe(18)
    name = one_line(sent.filename.replace("\\", "/").rsplit("/", 1)[-1])[:80] or "tabelle"
    sheet_q.add(context.db(), upload_id, site_id, g.user["id"], name, raw, context.now())
    return redirect(url_for("sheets.preview", upload_id=upload_id))


def _pending(upload_id: str) -> tuple[dict, Plan]:
    pending = sheet_q.get(context.db(), upload_id)
    if pending is None:
        abort(404)
    auth.require_site(pending["site_id"])
    try:
        plan = plan_sheet(context.db(), context.settings(), pending["site_id"],
                          pending["content"], context.now())
    except SheetError:      # it was read at the upload; the template cannot have changed
        abort(404)
    return pending, plan


@bp.route("/tabellen/<upload_id>", endpoint="preview")
def preview(upload_id: str) -> str:
    pending, plan = _pending(upload_id)
    site = site_q.get(context.db(), pending["site_id"])
    groups = [(t, [r for r in plan.rows if r.table.kind == t.kind]) for t in TABLES]
    return render_template("sheets/preview.html", pending=pending, plan=plan, site=site,
                           groups=[(t, rows) for t, rows in groups if rows],
                           actions=ACTIONS, nav="sites")


@bp.route("/tabellen/<upload_id>/uebernehmen", methods=["POST"], endpoint="apply")
def apply(upload_id: str) -> Response:
    pending, plan = _pending(upload_id)
    apply_plan(context.db(), plan, pending["site_id"], context.now(), context.user_label())
    sheet_q.remove(context.db(), upload_id)
    flash(f"Tabelle {pending['file_name']} übernommen: {plan.words()}", "sheet-ok")
    return _back(pending["site_id"])
