"""The published tree, served by the hub itself (the embedded default): what terminals
and phones fetch. ETag, Last-Modified and 304 come from Werkzeug's conditional responses;
behind nginx or a CDN set [hub] serve_published = false and serve <data>/published there.
`sites/<site>` is a link to the live version folder; it is followed only inside the tree.

    GET /sites/<site>/feed.json, feed.json.sig   no-cache: caches always revalidate
    GET /assets/<sha256>.<ext>                   immutable: names are content hashes
    GET /e/<entry>.html, .ics                    phone pages and calendar files
    GET /releases/ring-<ring>.json, .sig         which release a ring gets (hub.releases)
    GET /releases/<version>/manifest.json(.sig), /releases/<version>/wheels/<name>.whl
    GET /healthz                                 JSON for monitoring, 200 or 503

None of these opens the database: terminals and phones are served, and /healthz answers,
also when the database is broken.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, jsonify, request, send_from_directory

from hub import context
from hub.forms.fields import SLUG
from hub.health import report
from hub.security import phone_page
from sync import release

bp = Blueprint("published", __name__)
TYPES = {".json": "application/json", ".sig": "application/json",
         ".whl": "application/octet-stream",
         ".html": "text/html; charset=utf-8", ".ics": "text/calendar; charset=utf-8",
         ".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


def _send(folder: str, name: str, cache: str, tree: Path | None = None) -> Response:
    if not context.settings()["hub"]["serve_published"]:
        abort(404)
    suffix = name[name.rfind("."):] if "." in name else ""
    if suffix not in TYPES:
        abort(404)
    published = tree or context.paths().published
    root = published / folder
    # sites/<site> is a link into sites/.v/ (sync.publish_tree); a link that leads out of
    # the published tree (planted by hand, restored from elsewhere) is never followed.
    if not (root / name).resolve().is_relative_to(published.resolve()):
        abort(404)
    response = send_from_directory(root, name, mimetype=TYPES[suffix], conditional=True,
                                   etag=True)
    response.headers["Cache-Control"] = cache
    if suffix == ".html":
        phone_page(response)
    # The HTTP server (Werkzeug, nginx) writes the Date header; a second one from the
    # conditional response would reach the terminal as two dates joined by a comma.
    del response.headers["Date"]
    return response


@bp.route("/sites/<site>/<name>", endpoint="site_file")
def site_file(site: str, name: str) -> Response:
    if not SLUG.match(site) or name not in ("feed.json", "feed.json.sig"):
        abort(404)
    return _send(f"sites/{site}", name, "no-cache")


@bp.route("/assets/<name>", endpoint="asset")
def asset(name: str) -> Response:
    return _send("assets", name, "public, max-age=31536000, immutable")


@bp.route("/e/<name>", endpoint="page")
def page(name: str) -> Response:
    return _send("e", name, "public, max-age=300")


@bp.route("/releases/<name>", endpoint="ring_file")
def ring_file(name: str) -> Response:
    if name not in [release.ring_name(r) + s for r in release.RINGS for s in ("", ".sig")]:
        abort(404)
    return _send("", name, "no-cache", context.paths().releases)


@bp.route("/releases/<version>/<name>", endpoint="release_file")
@bp.route("/releases/<version>/wheels/<name>", endpoint="release_wheel")
def release_file(version: str, name: str) -> Response:
    if not release.VERSION.match(version):
        abort(404)
    if request.endpoint == "published.release_wheel":
        if not release.FILE_PATH.match(f"wheels/{name}"):
            abort(404)
        return _send(f"{version}/wheels", name, "public, max-age=31536000, immutable",
                     context.paths().releases)
    if name not in (release.MANIFEST, release.SIGNATURE):
        abort(404)
    return _send(version, name, "no-cache", context.paths().releases)


@bp.route("/healthz", endpoint="health")
def health() -> tuple[Response, int]:
    """Database, data folder, disk space and the last publish for monitoring (hub.health)."""
    status, body = report(context.paths())
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, status
