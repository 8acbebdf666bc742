"""The glossary page: how we write for the terminal, and the table of abbreviations the
terminal writes out (the same table docs/glossar.md has)."""

from __future__ import annotations

from flask import Blueprint, render_template

from sync.glossary import ABBREVIATIONS, WEEKDAY_ABBREVIATIONS

bp = Blueprint("glossary", __name__)


@bp.route("/glossar", endpoint="index")
def index() -> str:
    return render_template("glossary.html", abbreviations=ABBREVIATIONS,
                           weekdays=WEEKDAY_ABBREVIATIONS, nav="")
