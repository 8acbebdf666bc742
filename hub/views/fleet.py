"""The fleet: every terminal with its traffic light, one terminal's heartbeats, and the
hourly usage counters as CSV for programme reporting."""

from __future__ import annotations

from flask import Blueprint, Response, abort, g, render_template

from hub import arrival, auth, context, fleet
from hub.exports import csv_response
from hub.queries import publications as pub_q
from hub.queries import sites as site_q
from hub.queries import terminals as terminal_q

bp = Blueprint("fleet", __name__, url_prefix="/geraete")


def lights(terminals: list[dict]) -> list[dict]:
    """The terminals, each with its `light` (hub.fleet.Light) and what it shows
    (`arrival`, hub.arrival.Arrival), worst first."""
    db = context.db()
    now = context.now()
    rules = context.settings()["fleet"]
    sites = {s["id"]: s for s in site_q.all_sites(db)}
    for terminal in terminals:
        site = sites.get(terminal["site_id"]) or {}
        version = site.get("published_version")
        beat = terminal.get("last_heartbeat") or {}
        has = beat.get("feed_version")
        published = fleet.Published(version)
        shows = arrival.of_terminal(db, terminal, version, now)
        if version is not None and isinstance(has, int) and has < version:
            published = fleet.Published(
                version, pub_q.first_newer(db, terminal["site_id"], has),
                pub_q.versions_after(db, terminal["site_id"], has), shows.label)
        terminal["light"] = fleet.evaluate(terminal, published, now, rules)
        terminal["arrival"] = shows
        terminal["site_name"] = site.get("name", terminal["site_id"])
    order = {"red": 0, "yellow": 1, "green": 2}
    return sorted(terminals, key=lambda t: (order[t["light"].color], t["site_id"], t["id"]))


@bp.route("", endpoint="index")
def index() -> str:
    terminals = lights(terminal_q.of_sites(context.db(), auth.own_sites(g.user)))
    counts = {c: sum(1 for t in terminals if t["light"].color == c)
              for c in ("red", "yellow", "green")}
    return render_template("fleet/index.html", terminals=terminals, counts=counts,
                           nav="fleet")


@bp.route("/<terminal_id>", endpoint="terminal")
def terminal(terminal_id: str) -> str:
    db = context.db()
    found = terminal_q.get(db, terminal_id)
    if found is None:
        abort(404)
    auth.require_site(found["site_id"])
    row = lights([found])[0]
    return render_template("fleet/terminal.html", terminal=row,
                           beats=terminal_q.heartbeats(db, terminal_id, 30), nav="fleet")


@bp.route("/zaehler.csv", endpoint="counters")
def counters() -> Response:
    """Hourly usage counters of the terminals this user sees, one row per terminal hour."""
    rows = terminal_q.counters(context.db(), auth.own_sites(g.user))
    keys = sorted({k for r in rows for k in r["data"]})
    return csv_response(["standort", "terminal", "stunde", *keys],
                        ([row["site_id"], row["terminal_id"], row["hour"],
                          *[row["data"].get(k, "") for k in keys]] for row in rows),
                        "zaehler.csv")
