"""Error pages in German: 400 (CSRF), 403, 404, 413, 429, 500, 503 (password checks busy);
and 503 when the hub's storage fails (a full disk, a read-only data folder, a damaged
database – hub.health says which), with the technical detail in the log."""

from __future__ import annotations

import sqlite3

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from hub import health
from hub.logins import Busy
from hub.messages import M

PAGES = {
    400: ("Das Formular ist abgelaufen",
          "Das Formular war zu lange geöffnet oder wurde nicht von dieser Seite gesendet. "
          "Bitte gehen Sie zurück, laden Sie die Seite neu und senden Sie es noch einmal."),
    403: ("Kein Zugriff",
          "Diese Seite gehört zu einer Begegnungsstätte, die Sie nicht betreuen, oder sie "
          "ist der Verwaltung vorbehalten."),
    404: ("Seite nicht gefunden",
          "Diese Seite gibt es nicht (mehr). Vielleicht wurde der Eintrag gelöscht."),
    413: ("Datei zu groß", "Die Datei ist zu groß. Bilder dürfen höchstens 40 MB haben."),
    429: ("Zu viele Versuche", "Bitte warten Sie einige Minuten."),
    503: ("Gerade sehr beschäftigt", M["login_busy"]),
    500: ("Ein Fehler ist aufgetreten",
          "Das hat nicht geklappt. Bitte versuchen Sie es noch einmal; sonst melden Sie sich "
          "bei der Verwaltung."),
}


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_exc: CSRFError) -> tuple[str, int]:
        return _page(400)

    @app.errorhandler(Busy)
    def busy(_exc: Busy) -> tuple[str, int, dict[str, str]]:
        # Every password check slot stayed taken (hub.logins): nothing was changed.
        body, code = _page(503)
        return body, code, {"Retry-After": "5"}

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[str, int] | HTTPException:
        if request.path.startswith("/api/") or exc.code not in PAGES:
            return exc
        return _page(exc.code or 500)

    @app.errorhandler(OSError)
    @app.errorhandler(sqlite3.Error)
    def storage_error(exc: Exception) -> tuple[str | Response, int]:
        paths = current_app.config["HUB_PATHS"]
        if not health.is_storage_error(exc):
            current_app.logger.error("%s %s failed", request.method, request.path,
                                     exc_info=exc)
            return _page(500)
        kind = health.diagnose(exc, paths.data)
        current_app.logger.error(
            "%s %s: storage problem (%s): %s: %s (data folder %s, database %s)",
            request.method, request.path, kind, type(exc).__name__, exc, paths.data,
            paths.db, exc_info=exc)
        if request.path.startswith("/api/"):
            return jsonify({"ok": False, "error": health.ENGLISH[kind]}), 503
        return render_template("errors/error.html", title=health.TITLES[kind],
                               text=health.MESSAGES[kind], code=503), 503


def _page(code: int) -> tuple[str, int]:
    title, text = PAGES[code]
    return render_template("errors/error.html", title=title, text=text, code=code), code
