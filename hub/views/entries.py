"""Entries: the list (filters, states, bulk selection), a new entry, editing one, and its
page with its state, the previews and what needs a look."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from hub import auth, context, images, preview, review, wording
from hub.forms import entry_form, schedule_form
from hub.forms.fields import FormState
from hub.messages import msg
from hub.plain_hints import ENTRY_FIELDS, hints
from hub.queries import entries as entry_q
from hub.queries import offers as offer_q
from hub.queries import places as place_q
from hub.queries import publications as pub_q
from hub.queries import sites as site_q
from hub.queries import versions as version_q
from hub.views import entry_support as support
from kiosk import text
from sync.model import Hours

bp = Blueprint("entries", __name__, url_prefix="/eintraege")


@bp.route("", endpoint="index")
def index() -> str:
    db = context.db()
    mine = auth.own_sites(g.user)
    site = request.args.get("site", "")
    if site and mine is not None and site not in mine:
        abort(403)
    scope = [site] if site else mine
    rows = entry_q.listing(db, scope, request.args.get("kind", ""),
                           request.args.get("q", "").strip(), request.args.get("state", ""))
    now = context.now()
    flags = pub_q.current_problems(db, [r["id"] for r in rows])
    for row in rows:
        row["next"] = _when(row["data"], now)
        row["mine"] = auth.may_edit_entry(g.user, row)
        row["left_out"] = flags.get(row["id"], [])
        row["state"] = review.state(row)
        row["changed"] = review.changed_since_release(row)
        row["gaps"] = support.import_gaps(row)
    sites = support.editable_sites()
    return render_template("entries/list.html", rows=rows, sites=sites,
                           names=site_q.names(db), kinds=entry_form.KIND_LABELS,
                           states=review.STATE_LABELS, filters=request.args,
                           today=context.today().isoformat(), nav="entries")


def _when(data: dict, now: datetime) -> str:
    """The list's "Wann": the next date, the opening hours, or how long a call runs."""
    upcoming = schedule_form.next_dates(data.get("schedule"), now, count=1)
    if upcoming:
        return "nächster Termin: " + upcoming[0]["text"]
    if data.get("hours"):
        hours = [Hours(h["day"], h["from"], h["to"]) for h in data["hours"]]
        return "; ".join(text.hours_lines(hours))
    if data.get("valid_until"):
        return f"gesucht bis {wording.short_date_words(data['valid_until'])}"
    return ""


@bp.route("/neu", methods=["GET", "POST"], endpoint="new")
def new() -> str | Response:
    sites = support.editable_sites()
    if not sites:
        abort(403)
    if request.method == "GET":
        site = request.args.get("site") or sites[0]["id"]
        auth.require_site(site)
        defaults = {"site": site, "kind": request.args.get("kind", "event"),
                    "category": context.settings()["categories"][0]["id"], "sharing": "site"}
        state = FormState(entry_form.values_from_entry(None, defaults))
        return _form(state, None, site)
    site = request.form.get("site", "")
    allowed = site in {s["id"] for s in sites}
    if not allowed:
        site = sites[0]["id"]
    state = support.read_form(site)
    if not allowed:
        state.error("site", msg("site_forbidden"))
    return _submit(state, None, site)


@bp.route("/<entry_id>/bearbeiten", methods=["GET", "POST"], endpoint="edit")
def edit(entry_id: str) -> str | Response:
    entry = support.entry_or_404(entry_id, edit=True)
    if request.method == "GET":
        values = entry_form.values_from_entry(entry["data"], {"site": entry["site_id"]})
        values.update(sharing=entry["sharing"], share_sites=entry["share_sites"])
        return _form(FormState(values), entry, entry["site_id"])
    return _submit(support.read_form(entry["site_id"]), entry, entry["site_id"])


def _submit(state: FormState, entry: dict | None, site: str) -> str | Response:
    action = request.form.get("action", "save")
    choices = support.choices(site)
    choices.dates_listed = support.dates_listed(entry)
    if action in ("add_change", "add_hexc"):
        support.grow_rows(state, action)
        state.errors = {k: v for k, v in state.errors.items() if k == "image"}
        return _form(state, entry, site)
    if action == "dates":
        return _form(state, entry, site, show_dates=True)
    data = entry_form.parse(state, choices)
    sharing, share_sites = entry_form.sharing(state, choices, site)
    if data is not None and state.ok:
        support.check_entry(state, data, entry)
    if data is None or not state.ok:
        return _form(state, entry, site), 422  # type: ignore[return-value]
    entry_id = entry["id"] if entry else support.new_id(data["title"])
    support.save(entry_id, site, data, sharing, share_sites, entry)
    flash("Als Entwurf gespeichert. Hier sehen Sie, wie der Eintrag am Terminal und auf dem "
          "Handy aussieht. Geben Sie ihn frei und veröffentlichen Sie, damit die Terminals ihn "
          "zeigen.", "ok")
    return redirect(url_for("entries.show", entry_id=entry_id))


def _form(state: FormState, entry: dict | None, site: str, show_dates: bool = False) -> str:
    choices = support.choices(site)
    dates = support.dates_preview(state, state.get("status") or "scheduled")
    if show_dates:
        for name, message in dates["errors"].items():
            state.error(name, message)
    sha = state.get("image_sha256")
    return render_template(
        "entries/form.html", form=state, entry=entry, site=site, choices=choices,
        site_options=[(s["id"], s["name"]) for s in choices.sites],
        category_options=[(c["id"], c["label"]) for c in choices.categories],
        place_options=[("", "kein fester Ort (z. B. Fahrdienst, Telefon)")]
        + [(p["id"], p["name"]) for p in choices.places],
        share_options=[(s["id"], s["name"]) for s in choices.other_sites],
        image_name=images.file_name(context.db(), sha) if sha else None,
        dates=dates, kinds=entry_form.KIND_LABELS, statuses=entry_form.STATUS_LABELS,
        costs=entry_form.COST_LABELS, regs=entry_form.REG_LABELS,
        sharings=entry_form.SHARING_LABELS, weekdays=schedule_form.DAY_NAMES,
        nths=schedule_form.NTH_NAMES, change_statuses=schedule_form.CHANGE_STATUS,
        change_rows=schedule_form.change_rows(state), hexc_rows=entry_form.hexc_rows(state),
        plain_hints=hints(state.values, ENTRY_FIELDS), nav="entries")


@bp.route("/<entry_id>", endpoint="show")
def show(entry_id: str) -> str:
    db = context.db()
    entry = support.entry_or_404(entry_id)
    data = entry["data"]
    place = place_q.get(db, data["place_id"]) if data.get("place_id") else None
    now = context.now()
    name = images.file_name(db, data["image"]["sha256"]) if data.get("image") else None
    terminal = preview.terminal(entry_id, data, place["data"] if place else None,
                                context.settings()["categories"], now,
                                context.paths().images / name if name else None,
                                url_for("entry_actions.image", name=name) if name else "")
    mine = set(g.user["sites"])
    offers = offer_q.of_entry(db, entry_id)
    site = site_q.get(db, entry["site_id"])
    released = version_q.get(db, entry_id, entry["released_rev"]) \
        if entry["released_rev"] is not None else None
    return render_template(
        "entries/show.html", entry=entry, data=data, place=place, terminal=terminal,
        state=review.state(entry), released=released,
        admin_must_release=review.admin_must_release(site, g.user),
        duplicates=entry_q.same_title(db, entry["site_id"], entry["title"], entry_id),
        gaps=support.import_gaps(entry), gap_source=support.SOURCE_WORDS.get(entry["origin"]),
        today=context.today().isoformat(),
        dates=schedule_form.next_dates(data.get("schedule"), now,
                                       entry_status=data.get("status", "scheduled")),
        can_edit=auth.may_edit_entry(g.user, entry), names=site_q.names(db),
        showing=sorted(entry_q.sites_showing(db, entry_id)), offers=offers,
        left_out=pub_q.current_problems(db, [entry_id]).get(entry_id, []),
        my_offers=[o for o in offers if o["site_id"] in mine and o["state"] == "offered"],
        kinds=entry_form.KIND_LABELS, statuses=entry_form.STATUS_LABELS,
        sharings=entry_form.SHARING_LABELS,
        plain_hints=hints(entry_form.values_from_entry(data), ENTRY_FIELDS), nav="entries")
