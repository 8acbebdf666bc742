"""An entry's history – every saved version with who and when, what changed between them in
staff words, restoring an older version (a new draft version, checked like a save) – and
the bin ("Papierkorb"): deleted entries, restorable until the daily run purges them."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from werkzeug.wrappers import Response

from hub import auth, context, entry_diff, review
from hub.forms.fields import FormState
from hub.queries import entries as entry_q
from hub.queries import places as place_q
from hub.queries import sites as site_q
from hub.queries import versions as version_q
from hub.views import entry_support as support

bp = Blueprint("history", __name__)
SHOWN_VERSIONS = 50   # the page shows this many of the newest versions


def _words() -> tuple[dict[str, str], dict[str, str]]:
    places = {p["id"]: p["name"] for p in place_q.visible(context.db(), None)}
    categories = {c["id"]: c["label"] for c in context.settings()["categories"]}
    return places, categories


@bp.route("/eintraege/<entry_id>/verlauf", endpoint="index")
def index(entry_id: str) -> str:
    entry = support.entry_or_404(entry_id, edit=True)
    found = version_q.of_entry(context.db(), entry_id)
    places, categories = _words()
    shown = found[:SHOWN_VERSIONS]
    for i, version in enumerate(shown):
        older = found[i + 1]["data"] if i + 1 < len(found) else None
        version["changes"] = entry_diff.compare(older, version["data"], places, categories)
        version["restored_from"] = version["action"].partition(":")[2]
    released = next((v for v in found if v["rev"] == entry["released_rev"]), None)
    unreleased = []
    if review.changed_since_release(entry) and released is not None:
        unreleased = entry_diff.compare(released["data"], entry["data"], places, categories)
    return render_template("entries/history.html", entry=entry, versions=shown,
                           more=len(found) - len(shown), released=released,
                           unreleased=unreleased, state=review.state(entry), nav="entries")


@bp.route("/eintraege/<entry_id>/verlauf/<int:rev>/wiederherstellen", methods=["POST"],
          endpoint="restore")
def restore(entry_id: str, rev: int) -> Response:
    entry = support.entry_or_404(entry_id, edit=True)
    version = version_q.get(context.db(), entry_id, rev)
    if version is None:
        abort(404)
    data = dict(version["data"])
    problem = _problem(entry, data)
    if problem:
        flash(f"Fassung {rev} lässt sich so nicht wiederherstellen: {problem} Übernehmen Sie "
              "die Angaben bitte unter „Bearbeiten“.", "error")
        return redirect(url_for("history.index", entry_id=entry_id))
    new_rev = support.save(entry_id, entry["site_id"], data, entry["sharing"],
                           entry["share_sites"], entry, action=f"restore:{rev}")
    flash(f"Fassung {rev} ist wiederhergestellt – als neue Fassung {new_rev}, ein Entwurf. "
          "Geben Sie ihn frei, damit die Terminals ihn zeigen.", "ok")
    return redirect(url_for("entries.show", entry_id=entry_id))


def _problem(entry: dict, data: dict) -> str | None:
    """What a save of this data would refuse today (the place, the picture, the
    publisher's check), as the message of the first field."""
    if data.get("place_id") and data["place_id"] not in {
            p["id"] for p in support.choices(entry["site_id"]).places}:
        return "Den Ort dieser Fassung gibt es hier nicht mehr."
    state = FormState({})
    support.check_entry(state, data, entry)
    return next(iter(state.errors.values()), None)


@bp.route("/papierkorb", endpoint="bin")
def bin_page() -> str:
    db = context.db()
    days = context.settings()["content"]["bin_days"]
    rows = version_q.in_bin(db, auth.own_sites(g.user))
    for row in rows:
        row["purge_on"] = datetime.fromisoformat(row["deleted_at"]) + timedelta(days=days)
    return render_template("entries/bin.html", rows=rows, days=days, names=site_q.names(db),
                           nav="entries")


@bp.route("/papierkorb/<entry_id>/wiederherstellen", methods=["POST"], endpoint="unbin")
def unbin(entry_id: str) -> Response:
    db = context.db()
    row = version_q.from_bin(db, entry_id)
    if row is None:
        abort(404)
    auth.require_site(row["site_id"])
    if row.get("ics_uid") and entry_q.by_uid(db, row["site_id"], row["ics_uid"]):
        flash(f"„{row['title']}“ ist inzwischen wieder aus dem Kalender übernommen worden "
              "und steht bei den Einträgen. Der gelöschte bleibt im Papierkorb.", "error")
        return redirect(url_for("history.bin"))
    if row.get("place_id") and place_q.get(db, row["place_id"]) is None:
        row["place_id"] = None   # the place was deleted meanwhile
        row["data"].pop("place_id", None)
    entry_q.restore_from_bin(db, row)
    flash(f"„{row['title']}“ ist wiederhergestellt. Nach dem nächsten Veröffentlichen zeigen "
          "die Terminals ihn wieder, wenn er freigegeben ist.", "ok")
    return redirect(url_for("entries.show", entry_id=entry_id))
