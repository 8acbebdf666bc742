"""The terminals' heartbeat (DESIGN.md section 4): token per terminal, JSON in, JSON out.

    POST /api/v1/heartbeat   Authorization: Bearer <terminal token>
    → 200 {"ok": true, "confirmed": ["<counter hour>", ...]}   401 wrong token, 400 bad body
"""

from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Response, jsonify, request

from hub import context, heartbeat
from hub.queries import terminals as terminal_q

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _error(status: int, message: str) -> tuple[Response, int]:
    response = jsonify({"ok": False, "error": message})
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="quartier-hub"'
    return response, status


@bp.route("/heartbeat", methods=["POST"], endpoint="heartbeat")
def post_heartbeat() -> tuple[Response, int] | Response:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _error(401, "missing bearer token")
    digest = hashlib.sha256(token.strip().encode("utf-8")).hexdigest()
    db = context.db()
    terminal = terminal_q.by_token(db, digest)
    if terminal is None:
        return _error(401, "unknown terminal token")
    if (request.content_length or 0) > heartbeat.MAX_BODY_BYTES:
        return _error(400, "body too large")
    try:
        body = json.loads(request.get_data(cache=False) or b"null")
    except (ValueError, UnicodeDecodeError):
        return _error(400, "body is not JSON")
    problem = heartbeat.problem(body, terminal["id"])
    if problem:
        return _error(400, problem)
    confirmed = terminal_q.record_heartbeat(db, terminal, body, context.now())
    return jsonify({"ok": True, "confirmed": confirmed})
