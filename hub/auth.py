"""Accounts: argon2 password hashes, the login requirement, access rules. Checking a login
is hub.logins, the sessions hub.sessions, the rules for new passwords hub.passwords.

Rules (tests/hub/test_access.py checks every route against them):
- anonymous visitors see only the login page (everything else redirects there); the
  published files and the heartbeat API have their own rules;
- an admin may do everything;
- an editor reads and changes the entries, places and terminals of the sites given to
  them; entries of other sites only when those are shown at one of their sites (shared,
  accepted offers) or offered to one of them – and then only to read, copy or accept.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import sqlite_utils
from argon2 import PasswordHasher
from flask import abort, current_app, g, redirect, request, url_for

from hub.queries import entries as entry_q
from hub.queries import offers as offer_q
from hub.queries import sites as site_q

F = TypeVar("F", bound=Callable[..., Any])
# Endpoints anyone may reach; every other endpoint needs a login.
PUBLIC_ENDPOINTS = {"account.login", "static", "api.heartbeat", "published.site_file",
                    "published.asset", "published.page", "published.health",
                    "published.ring_file", "published.release_file", "published.release_wheel"}


def password_hasher(fast: bool = False) -> PasswordHasher:
    """The argon2id hasher; `fast` only for tests (a hash in a millisecond)."""
    if fast:
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


def hasher() -> PasswordHasher:
    return password_hasher(bool(current_app.config.get("HUB_FAST_HASH")))


def require_login() -> Any:
    """before_request: anonymous visitors go to the login page."""
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    if g.get("user") is None:
        target = request.full_path if request.method == "GET" else None
        return redirect(url_for("account.login", next=target))
    return None


def admin_required(view: F) -> F:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not is_admin(g.user):
            abort(403)
        return view(*args, **kwargs)
    return wrapped  # type: ignore[return-value]


# -- rules ----------------------------------------------------------------------------------

def is_admin(user: dict | None) -> bool:
    return bool(user and user["role"] == "admin")


def own_sites(user: dict) -> list[str] | None:
    """Sites the user edits; None means all (admin)."""
    return None if is_admin(user) else list(user["sites"])


def may_edit_site(user: dict, site_id: str) -> bool:
    return is_admin(user) or site_id in user["sites"]


def require_site(site_id: str) -> None:
    if not may_edit_site(g.user, site_id):
        abort(403)


def require_known_site(db: sqlite_utils.Database, site_id: str) -> None:
    """A site that exists (else 404) and that the user edits (else 403)."""
    if site_q.get(db, site_id) is None:
        abort(404)
    require_site(site_id)


def may_edit_entry(user: dict, entry: dict) -> bool:
    return may_edit_site(user, entry["site_id"])


def may_read_entry(db: sqlite_utils.Database, user: dict, entry: dict) -> bool:
    if may_edit_entry(user, entry):
        return True
    mine = set(user["sites"])
    if entry_q.sites_showing(db, entry["id"]) & mine:
        return True
    return any(o["site_id"] in mine for o in offer_q.of_entry(db, entry["id"]))
