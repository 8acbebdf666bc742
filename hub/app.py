"""The Flask application of the hub (`hub.create_app` calls `create_app` here).

`create_app(test_config)` builds the Flask app for one data folder (docs/hub.md). Keys of
`test_config` besides Flask's own: DATA_DIR (the data folder), SETTINGS (overrides of the
defaults table in hub.config), HUB_CLOCK (a function returning the current UTC moment),
HUB_FAST_HASH (cheap argon2 parameters for tests).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask, g, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from hub import auth, context, logins, security, sessions, wording
from hub.config import Paths, default_data_dir, ensure_secret, ensure_signing_key, load_settings
from hub.db import open_db
from hub.filemodes import private_dir, secure_data_folder

csrf = CSRFProtect()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the hub for a data folder (created and migrated on first start)."""
    config = dict(test_config or {})
    data_dir = Path(config.pop("DATA_DIR", None) or default_data_dir()).expanduser().resolve()
    settings = load_settings(data_dir, config.pop("SETTINGS", None))
    paths = Paths(data_dir)
    paths.data.mkdir(parents=True, exist_ok=True)
    private_dir(paths.images)
    paths.published.mkdir(exist_ok=True)
    ensure_signing_key(paths)
    open_db(paths.db).conn.close()  # create and migrate once, before any request
    secret = ensure_secret(paths)
    secure_data_folder(paths.data)

    app = Flask(__name__)
    hub = settings["hub"]
    secure = hub["secure_cookies"]
    if secure == "auto":
        secure = str(hub["base_url"]).startswith("https://")
    app.config.update(
        SECRET_KEY=secret,
        SESSION_COOKIE_NAME="quartier_hub",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(secure),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=hub["session_hours"]),
        MAX_CONTENT_LENGTH=int(hub["max_upload_mb"]) * 1_000_000,
        WTF_CSRF_TIME_LIMIT=int(hub["session_hours"]) * 3600,
        HUB_SETTINGS=settings,
        HUB_PATHS=paths,
        HUB_CLOCK=lambda: datetime.now(UTC),
    )
    app.config.update(config)
    if hub["behind_proxy"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1,  # type: ignore
                                x_prefix=1)

    logins.init_app(app)
    app.teardown_appcontext(context.close_db)
    app.before_request(_load_user)
    # The login check runs before the CSRF check: an anonymous POST goes to the login page.
    app.before_request(auth.require_login)
    csrf.init_app(app)
    security.init_app(app)
    _register(app)
    _template_helpers(app)
    return app


def _load_user() -> None:
    # The published files and /healthz need no user, and must not need the database.
    if request.blueprint == "published":
        g.user = None
        return
    g.user = sessions.current_user(context.db(), context.now())


def _register(app: Flask) -> None:
    from hub.views import (
        account,
        api,
        calendars,
        contacts,
        entries,
        entry_actions,
        entry_bulk,
        errors,
        fleet,
        freshness,
        glossary,
        history,
        home,
        offers,
        places,
        polls,
        publish,
        published,
        reports,
        sheets,
        sites,
        software,
        terminals,
        users,
    )

    for module in (account, home, entries, entry_actions, entry_bulk, history, freshness,
                   glossary, offers, places, sites, terminals, calendars, contacts, sheets,
                   publish, fleet, users, software, api, published, polls, reports):
        app.register_blueprint(module.bp)
    csrf.exempt(api.bp)
    errors.register(app)


def _template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(
        datum=wording.date_words, kurzdatum=wording.short_date_words,
        zeitpunkt=wording.moment_words, tag=wording.numeric_date, uhr=wording.skew_words,
        extract=lambda key, mapping: mapping.get(key, key))
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {"hub_name": context.settings()["hub"]["name"], "is_admin": auth.is_admin,
                "vor": lambda moment: wording.ago_words(moment, context.now())}
