"""Freshness: entries past valid_until or not checked for 90 days (the setting)."""

from __future__ import annotations

from flask import Blueprint, g, render_template

from hub import auth, context
from hub.queries import entries as entry_q
from hub.queries import sites as site_q
from hub.wording import ago_days, as_date

bp = Blueprint("freshness", __name__, url_prefix="/aktualitaet")


@bp.route("", endpoint="index")
def index() -> str:
    db = context.db()
    today = context.today()
    days = context.settings()["freshness"]["check_days"]
    rows = entry_q.stale(db, auth.own_sites(g.user), today, days)
    for row in rows:
        reasons = []
        until = row["valid_until"]
        if until and until < today.isoformat():
            reasons.append(f"„Gültig bis“ ist abgelaufen ({ago_days(until, today)}); "
                           "die Terminals zeigen ihn nicht mehr")
        checked = row["last_checked"] or row["created_at"][:10]
        if (today - as_date(checked)).days > days:
            word = "geprüft" if row["last_checked"] else "angelegt und nie geprüft"
            reasons.append(f"zuletzt {word} {ago_days(checked, today)}")
        row["reasons"] = reasons
    return render_template("freshness.html", rows=rows, days=days, names=site_q.names(db),
                           nav="freshness")
