"""Entry actions besides the form: release, copy (as a draft), delete into the bin (with
confirmation), mark as checked, offer to neighbouring sites, the phone page, the dates
preview for the page's small script, and the files the previews need (uploaded pictures,
the terminal's fonts)."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)

from hub import context, images, preview, review
from hub.forms import entry_form
from hub.forms.fields import FormState, from_request
from hub.messages import msg
from hub.queries import entries as entry_q
from hub.queries import offers as offer_q
from hub.queries import places as place_q
from hub.queries import sites as site_q
from hub.security import phone_page, safe_next
from hub.views import entry_support as support

bp = Blueprint("entry_actions", __name__, url_prefix="/eintraege")
FONT_FILES = {"atkinson-regular.ttf": "regular", "atkinson-bold.ttf": "bold"}


@bp.route("/<entry_id>/freigeben", methods=["POST"], endpoint="release")
def release(entry_id: str) -> Response:
    entry = support.entry_or_404(entry_id, edit=True)
    db = context.db()
    if review.state(entry) == "released":
        flash(f"„{entry['title']}“ ist bereits freigegeben.", "ok")
    elif review.release(db, entry, site_q.get(db, entry["site_id"]), g.user,
                        context.now()) == "waiting":
        flash(f"„{entry['title']}“ wartet jetzt auf die Freigabe durch die Verwaltung. Bis "
              "dahin zeigen die Terminals ihn nicht (oder weiter die frühere Fassung).", "ok")
    else:
        flash(f"„{entry['title']}“ ist freigegeben. Mit dem nächsten Veröffentlichen zeigen "
              "die Terminals ihn.", "ok")
    return redirect(safe_next(request.form.get("next"),
                              url_for("entries.show", entry_id=entry_id)))


@bp.route("/<entry_id>/kopieren", methods=["POST"], endpoint="copy")
def copy(entry_id: str) -> Response:
    entry = support.entry_or_404(entry_id)
    sites = [s["id"] for s in support.editable_sites()]
    if not sites:
        abort(403)
    target = entry["site_id"] if entry["site_id"] in sites else sites[0]
    data = dict(entry["data"])
    data.pop("occurrences", None)
    new_id = support.new_id(data["title"])
    support.save(new_id, target, data, "site", [], None, action="copy")
    flash("Eine Kopie ist als Entwurf angelegt. Passen Sie sie an, speichern Sie und geben "
          "Sie sie frei – erst dann zeigen die Terminals sie.", "ok")
    return redirect(url_for("entries.edit", entry_id=new_id))


@bp.route("/<entry_id>/loeschen", methods=["GET", "POST"], endpoint="delete")
def delete(entry_id: str) -> str | Response:
    entry = support.entry_or_404(entry_id, edit=True)
    db = context.db()
    if request.method == "POST":
        entry_q.delete(db, entry_id, context.now(), context.user_label())
        flash(f"„{entry['title']}“ liegt jetzt im Papierkorb. Nach dem nächsten "
              "Veröffentlichen verschwindet der Eintrag von den Terminals. "
              f"{context.settings()['content']['bin_days']} Tage lang können Sie ihn im "
              "Papierkorb wiederherstellen.", "ok")
        return redirect(url_for("entries.index"))
    showing = sorted(entry_q.sites_showing(db, entry_id) - {entry["site_id"]})
    return render_template("entries/delete.html", entry=entry, others=showing,
                           bin_days=context.settings()["content"]["bin_days"],
                           names=site_q.names(db), nav="entries")


@bp.route("/<entry_id>/geprueft", methods=["POST"], endpoint="checked")
def checked(entry_id: str) -> Response:
    entry = support.entry_or_404(entry_id, edit=True)
    entry_q.mark_checked(context.db(), entry_id, context.today(), context.now(),
                         context.user_label())
    flash(f"„{entry['title']}“ ist als geprüft vermerkt.", "ok")
    return redirect(safe_next(request.form.get("next"),
                              url_for("entries.show", entry_id=entry_id)))


@bp.route("/<entry_id>/anbieten", methods=["GET", "POST"], endpoint="offer")
def offer(entry_id: str) -> str | Response:
    entry = support.entry_or_404(entry_id, edit=True)
    db = context.db()
    showing = entry_q.sites_showing(db, entry_id)
    offered = {o["site_id"]: o for o in offer_q.of_entry(db, entry_id)}
    candidates = [s for s in site_q.all_sites(db)
                  if s["id"] not in showing and s["id"] not in offered]
    state = FormState({"offer_sites": []})
    if request.method == "POST":
        state = from_request(request.form, {"offer_sites"})
        withdraw = request.form.get("withdraw")
        if withdraw:
            offer_q.withdraw(db, entry_id, withdraw)
            flash("Das Angebot ist zurückgezogen.", "ok")
            return redirect(url_for("entry_actions.offer", entry_id=entry_id))
        chosen = [s for s in state.getlist("offer_sites")
                  if s in {c["id"] for c in candidates}]
        if not chosen:
            state.error("offer_sites", msg("offer_sites_missing"))
        else:
            for site in chosen:
                offer_q.offer(db, entry_id, site, context.now(), context.user_label())
            flash("Angeboten. Die Begegnungsstätten sehen das Angebot unter „Angebote“ und "
                  "entscheiden, ob sie es übernehmen.", "ok")
            return redirect(url_for("entries.show", entry_id=entry_id))
    return render_template("entries/offer.html", entry=entry, form=state,
                           candidates=candidates, offered=list(offered.values()),
                           options=[(c["id"], c["name"]) for c in candidates],
                           names=site_q.names(db), nav="entries")


@bp.route("/<entry_id>/handy", endpoint="phone")
def phone(entry_id: str) -> Response:
    entry = support.entry_or_404(entry_id)
    data = entry["data"]
    place = place_q.get(context.db(), data["place_id"]) if data.get("place_id") else None
    image_src = None
    if data.get("image"):
        name = images.file_name(context.db(), data["image"]["sha256"])
        image_src = url_for("entry_actions.image", name=name) if name else None
    html = preview.phone(entry_id, data, place["data"] if place else None,
                         context.settings()["categories"], context.now(), image_src)
    return phone_page(Response(html, mimetype="text/html"))


@bp.route("/termine", methods=["POST"], endpoint="dates")
def dates() -> str:
    state = from_request(request.form, entry_form.LIST_FIELDS, entry_form.MULTILINE)
    return render_template("entries/_dates.html",
                           dates=support.dates_preview(state, state.get("status")))


@bp.route("/bilder/<name>", endpoint="image")
def image(name: str) -> Response:
    sha = Path(name).stem
    if images.file_name(context.db(), sha) != name:
        abort(404)
    if not images.may_read(context.db(), g.user, sha):
        abort(403)
    return send_from_directory(context.paths().images, name, max_age=3600)


@bp.route("/schrift/<name>", endpoint="font")
def font(name: str) -> Response:
    from kiosk.theme import font_files, icon_font

    if name == "icons.ttf":
        path = Path(icon_font())
    elif name in FONT_FILES:
        path = Path(font_files()[FONT_FILES[name]])
    else:
        abort(404)
    return send_from_directory(path.parent, path.name, mimetype="font/ttf", max_age=86400)
