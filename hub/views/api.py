"""The terminals' heartbeat (DESIGN.md section 4): token per terminal, JSON in, JSON out.

    POST /api/v1/heartbeat   Authorization: Bearer <terminal token>
    → 200 {"ok": true, "confirmed": ["<counter hour or day>", ...], "refused": [...],
           "dropped": ["<hour> entries.<id>", ...]}   (counts of unknown entries, polls …)
      401 wrong token, 400 bad body (too large, too deep, not the contract),
      429 more than one heartbeat per [fleet] heartbeat_min_interval_s (Retry-After)

The limits are in hub.heartbeat, what counts may name in hub.usage.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, current_app, jsonify, request

from hub import context, heartbeat, usage
from hub.queries import terminals as terminal_q

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _error(status: int, message: str) -> tuple[Response, int]:
    response = jsonify({"ok": False, "error": message})
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="quartier-hub"'
    return response, status


def _body(limit: int) -> bytes:
    """At most limit + 1 bytes of the request body, also when it comes chunked."""
    if (request.content_length or 0) > limit:
        return b" " * (limit + 1)  # refused without reading a byte
    parts, size = [], 0
    while size <= limit:
        part = request.stream.read(limit + 1 - size)
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


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
    now = context.now()
    limit = current_app.extensions.setdefault("heartbeat_rate", heartbeat.RateLimit())
    wait = limit.wait_s(terminal["id"], now,
                        context.settings()["fleet"]["heartbeat_min_interval_s"])
    if wait:
        response, status = _error(429, f"one heartbeat per terminal at a time; retry in "
                                       f"{wait} s")
        response.headers["Retry-After"] = str(wait)
        return response, status
    raw = _body(heartbeat.MAX_BODY_BYTES)
    if len(raw) > heartbeat.MAX_BODY_BYTES:
        return _error(400, f"body too large (more than {heartbeat.MAX_BODY_BYTES} bytes)")
    body, problem = heartbeat.parse(raw)
    problem = problem or heartbeat.problem(body, terminal["id"])
    if problem:
        return _error(400, problem)
    beat = heartbeat.known(body)
    kept, refused = heartbeat.split_counters(beat["counters"], now)
    beat["counters"], dropped = usage.clean(db, terminal, kept)
    confirmed = terminal_q.record_heartbeat(
        db, terminal, beat, now, context.settings()["fleet"]["history_every_s"])
    return jsonify({"ok": True, "confirmed": confirmed, "refused": refused,
                    "dropped": dropped})
