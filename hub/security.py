"""What every response of the hub carries, and where a redirect may go.

Headers (set after every request, error pages and files included):

    Content-Security-Policy   scripts only from the hub's own files (hub/static), styles
                              from its files plus the one <style> of a page that carries
                              this request's nonce, no plugins, no <base>, forms only to
                              the hub, framed only by the hub
    X-Content-Type-Options    nosniff: a file is never run as something it is not
    Referrer-Policy           same-origin: addresses of the hub never leave it

Phone pages (the preview and the published e/<id>.html) get the publisher's own, stricter
policy (sync.phonepage.POLICY): nothing but their style and pictures.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import Flask, g
from werkzeug.wrappers import Response

from sync import phonepage

HUB_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'{nonce}; "
              "img-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
              "frame-ancestors 'self'; form-action 'self'")
PHONE_POLICY = f"{phonepage.POLICY}; {phonepage.FRAME_POLICY}"
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


def csp_nonce() -> str:
    """This response's nonce for a <style> element (templates: csp_nonce())."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def phone_page(response: Response) -> Response:
    """Mark a response as a phone page: it gets the phone pages' policy."""
    response.headers["Content-Security-Policy"] = PHONE_POLICY
    return response


def _add_headers(response: Response) -> Response:
    nonce = g.get("csp_nonce")
    response.headers.setdefault(
        "Content-Security-Policy",
        HUB_POLICY.format(nonce=f" 'nonce-{nonce}'" if nonce else ""))
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    app.after_request(_add_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce


def safe_next(target: str | None, fallback: str) -> str:
    """`target` if it is a path on this hub, else `fallback` (a URL of the hub).

    Read as a browser reads it: tabs and line breaks are dropped and a backslash counts as
    a slash, so "/\\t/evil.example" and "/\\\\evil.example" are other sites."""
    seen = "".join(c for c in (target or "") if c not in "\t\n\r").replace("\\", "/")
    if seen == target and seen.startswith("/") and not seen.startswith("//") \
            and not urlsplit(seen).netloc and seen.isprintable():
        return seen
    return fallback
