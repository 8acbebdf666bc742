"""Bulk actions from the entries list: release, set "Gültig bis", delete (into the bin).

The list's form names entries and an action; this page shows what will happen and asks
for confirmation (a second POST with `confirm`). Every entry is checked on its own: only
entries of the user's sites are changed, a new "Gültig bis" goes through the same checks as
a save (and becomes a draft version), a release follows the site's rule.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from hub import auth, context, review
from hub.forms.fields import FieldError, FormState, parse_date
from hub.messages import msg
from hub.queries import entries as entry_q
from hub.queries import sites as site_q
from hub.views import entry_support as support

bp = Blueprint("bulk", __name__, url_prefix="/eintraege")
ACTIONS = {"release": "freigeben", "valid_until": "„Gültig bis“ setzen",
           "delete": "löschen (in den Papierkorb)"}
MAX_SELECTED = 500   # a bound on one request's work


@bp.route("/auswahl", methods=["POST"], endpoint="choose")
def choose() -> str | Response:
    db = context.db()
    action = request.form.get("bulk_action", "")
    ids = list(dict.fromkeys(request.form.getlist("ids")))[:MAX_SELECTED]
    if action not in ACTIONS or not ids:
        flash("Bitte kreuzen Sie mindestens einen Eintrag an und wählen Sie eine Aktion.",
              "error")
        return redirect(url_for("entries.index"))
    found = [e for e in (entry_q.get(db, i) for i in ids) if e is not None]
    chosen = [e for e in found if auth.may_edit_entry(g.user, e)]
    refused = len(ids) - len(chosen)
    state = FormState({"bulk_valid_until": request.form.get("bulk_valid_until", "")})
    day = _date(state) if action == "valid_until" else None
    if chosen and state.ok and request.form.get("confirm"):
        flash(_apply(action, chosen, day), "ok")
        return redirect(url_for("entries.index"))
    code = 200 if state.ok else 422
    return render_template("entries/bulk.html", action=action, label=ACTIONS[action],
                           chosen=chosen, refused=refused, form=state,
                           names=site_q.names(db), nav="entries"), code


def _date(state: FormState) -> str | None:
    try:
        day = parse_date(state.get("bulk_valid_until"))
    except FieldError as exc:
        state.error("bulk_valid_until", str(exc))
        return None
    if day is None:
        state.error("bulk_valid_until", msg("bulk_date_missing"))
        return None
    return day.isoformat()


def _apply(action: str, chosen: list[dict], day: str | None) -> str:
    db, now, user = context.db(), context.now(), context.user_label()
    if action == "delete":
        for entry in chosen:
            entry_q.delete(db, entry["id"], now, user)
        return (f"{len(chosen)} {'Eintrag liegt' if len(chosen) == 1 else 'Einträge liegen'} "
                "jetzt im Papierkorb. Nach dem nächsten Veröffentlichen verschwinden sie von "
                "den Terminals.")
    if action == "release":
        done = {"released": 0, "waiting": 0}
        for entry in chosen:
            if review.state(entry) != "released":
                site = site_q.get(db, entry["site_id"])
                done[review.release(db, entry, site, g.user, now)] += 1
        words = f"{done['released']} freigegeben"
        if done["waiting"]:
            words += f", {done['waiting']} warten auf die Freigabe durch die Verwaltung"
        return f"{words}. Mit dem nächsten Veröffentlichen zeigen die Terminals sie."
    saved, failed = 0, []
    for entry in chosen:
        data = dict(entry["data"], valid_until=day)
        if data.get("valid_from") and data["valid_from"] > day:
            failed.append(entry["title"])
            continue
        state = FormState({})
        support.check_entry(state, data, entry)
        if not state.ok:
            failed.append(entry["title"])
            continue
        support.save(entry["id"], entry["site_id"], data, entry["sharing"],
                     entry["share_sites"], entry, action="bulk")
        saved += 1
    words = (f"„Gültig bis“ ist bei {saved} {'Eintrag' if saved == 1 else 'Einträgen'} "
             "gesetzt – als Entwurf; geben Sie sie frei, damit die Terminals es übernehmen.")
    if failed:
        words += " Nicht geändert (bitte einzeln bearbeiten): " + ", ".join(
            f"„{t}“" for t in failed) + "."
    return words
