"""The page "Software" (admins): which release each ring of terminals gets, the releases
on the hub, every terminal's installed version and last update, "zurückrollen" per ring
(hub/releases.py; the terminals' side is sync/update.py)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from hub import auth, context, releases
from hub.queries import releases as release_q
from hub.queries import sites as site_q
from hub.queries import terminals as terminal_q
from sync.errors import ReleaseError
from sync.release import RINGS
from sync.update_state import RESULT_WORDS

bp = Blueprint("software", __name__, url_prefix="/software")
RING_WORDS = {"pilot": "Pilot (einige Terminals zum Ausprobieren)", "alle": "alle übrigen"}


@bp.before_request
@auth.admin_required
def _admins_only() -> None:
    return None


def _terminals(rings: dict[str, dict]) -> list[dict]:
    db = context.db()
    names = site_q.names(db)
    found = []
    for terminal in terminal_q.of_sites(db, None):
        beat = terminal.get("last_heartbeat") or {}
        update = beat.get("update") or {}
        ring = update.get("ring")
        wanted = (rings.get(ring) or {}).get("release") if ring else None
        found.append({**terminal, "site_name": names.get(terminal["site_id"],
                                                          terminal["site_id"]),
                      "software": beat.get("software"), "ring": ring, "wanted": wanted,
                      "behind": bool(wanted and beat.get("software") != wanted),
                      "result": RESULT_WORDS.get(update.get("result") or ""),
                      "reason": update.get("german")})
    return sorted(found, key=lambda t: (t["ring"] or "~", t["site_id"], t["id"]))


@bp.route("", endpoint="index")
def index() -> str:
    rings = release_q.rings(context.db())
    try:
        offered = releases.available(context.paths(), context.settings())
        keys_problem = None
    except ReleaseError as exc:
        offered, keys_problem = [], exc.german
    return render_template(
        "software/index.html", rings=[(r, RING_WORDS[r], rings.get(r)) for r in RINGS],
        offered=offered, usable=[o.version for o in offered if o.problem is None],
        keys=context.settings()["releases"]["public_keys"], keys_problem=keys_problem,
        terminals=_terminals(rings), nav="software")


def _ring_or_404(ring: str) -> str:
    if ring not in RINGS:
        abort(404)
    return ring


@bp.route("/<ring>", methods=["POST"], endpoint="assign")
def assign(ring: str) -> Response:
    _ring_or_404(ring)
    version = request.form.get("release", "").strip() or None
    try:
        releases.assign(context.db(), context.paths(), context.settings(), ring, version,
                        context.now(), context.user_label())
    except ReleaseError as exc:
        flash(f"Ring „{ring}“ unverändert: {exc.german}", "error")
        return redirect(url_for("software.index"))
    flash(f"Ring „{ring}“ bekommt jetzt {version}. Die Terminals installieren es in ihrem "
          "nächsten Zeitfenster." if version else
          f"Ring „{ring}“ bekommt kein Release mehr; die Terminals bleiben, wie sie sind.",
          "ok")
    return redirect(url_for("software.index"))


@bp.route("/<ring>/zurueckrollen", methods=["POST"], endpoint="rollback")
def rollback(ring: str) -> Response:
    _ring_or_404(ring)
    try:
        back = releases.roll_back(context.db(), context.paths(), context.settings(), ring,
                                  context.now(), context.user_label())
    except ReleaseError as exc:
        flash(f"Ring „{ring}“ unverändert: {exc.german}", "error")
        return redirect(url_for("software.index"))
    if back is None:
        flash(f"Ring „{ring}“ hat kein vorheriges Release.", "error")
    else:
        flash(f"Ring „{ring}“ zurückgerollt auf {back}. Die Terminals wechseln in ihrem "
              "nächsten Zeitfenster (ein Terminal, das es noch hat, ohne Download).", "ok")
    return redirect(url_for("software.index"))
