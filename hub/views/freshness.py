"""Freshness: entries whose last date is over ("vorbei"), past valid_until, or not checked
for 90 days (the setting)."""

from __future__ import annotations

from datetime import date

import sqlite_utils
from flask import Blueprint, g, render_template

from hub import auth, context
from hub.context import BERLIN
from hub.queries import entries as entry_q
from hub.queries import sites as site_q
from hub.wording import ago_days, as_date, date_words
from sync.lifecycle import finished_on

bp = Blueprint("freshness", __name__, url_prefix="/aktualitaet")


@bp.route("", endpoint="index")
def index() -> str:
    db = context.db()
    days = context.settings()["freshness"]["check_days"]
    rows = attention(db, auth.own_sites(g.user), context.today(), days)
    return render_template("freshness.html", rows=rows, days=days, names=site_q.names(db),
                           nav="freshness")


def attention(db: sqlite_utils.Database, sites: list[str] | None, today: date,
              days: int) -> list[dict]:
    """The entries of these sites that need a look, each with its reasons in words."""
    rows = []
    # Over first: nothing staff can check there, only delete or give new dates.
    for row in entry_q.with_dates(db, sites):
        over = finished_on(row["data"], BERLIN, today)
        if over is not None:
            row["over"] = True
            row["reasons"] = [f"vorbei: Der letzte Termin war am {date_words(over)}. Die "
                              "Terminals und Handy-Seiten zeigen den Eintrag nicht mehr."]
            rows.append(row)
    seen = {row["id"] for row in rows}
    for row in entry_q.stale(db, sites, today, days):
        if row["id"] in seen:
            continue
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
        rows.append(row)
    return rows
