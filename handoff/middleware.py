"""Errors mapped to HTTP once, with a request id in the log and never any message text; and the
security headers of every response (this is the one place for them)."""
from __future__ import annotations

import logging
import secrets

from aiohttp import web

from handoff.console.access import BadSequence, Forbidden
from handoff.console.service import Unanswered
from handoff.conversation.service import Conflict, NotFound
from handoff.intake.limits import InputRejected
from handoff.keys import SETTINGS
from handoff.queue.query import BadQuery
from handoff.queue.routing import Offered

logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024
SERVER = "handoff"  # no product versions for scanners (aiohttp would send "Python/3.11 aiohttp/3.14.5")
HSTS = "max-age=31536000; includeSubDomains"


def secure_headers(request: web.Request, response: web.StreamResponse) -> None:
    """``Server`` without versions; ``nosniff`` everywhere (static files included); transcripts
    and other console API answers never cached; HSTS in production."""
    if response.prepared:  # a socket upgrade answered already
        return
    response.headers["Server"] = SERVER
    response.headers["X-Content-Type-Options"] = "nosniff"
    if request.path.startswith(("/console/api/", "/studio/api/")):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    settings = request.app.get(SETTINGS)
    if settings is not None and settings.production:
        response.headers["Strict-Transport-Security"] = HSTS


def _json_error(status: int, body: dict) -> web.Response:
    return web.json_response(body, status=status)


@web.middleware
async def errors(request: web.Request, handler):  # noqa: ANN001, ANN201 - aiohttp middleware signature
    """Map domain errors to JSON responses: 404 unknown, 409 conflict (also ``offered`` to another
    agent first, ``unanswered`` last customer message), 400 rejected input or queue parameters, 403
    forbidden, 500 else; then add the security headers (to error responses too)."""
    request_id = secrets.token_hex(6)
    try:
        response = await handler(request)
    except web.HTTPException as error:
        if error.status >= 500:
            logger.error("request %s %s %s failed with %s", request_id, request.method, request.path, error.status)
        secure_headers(request, error)
        raise
    except NotFound:
        response = _json_error(404, {"error": "no such conversation"})
    except Conflict as conflict:
        response = _json_error(409, {"error": "conflict", "state": conflict.current})
    except InputRejected as rejected:
        response = _json_error(400, {"error": rejected.phrase})
    except BadSequence as bad:
        response = _json_error(400, {"error": f"after / last_seen_id {bad}"})
    except BadQuery as bad:
        response = _json_error(400, {"error": str(bad)})
    except Offered as offered:
        response = _json_error(409, {"error": "offered", "agent": offered.agent_name,
                                     "seconds_left": round(offered.seconds_left)})
    except Unanswered:
        response = _json_error(409, {"error": "unanswered"})
    except Forbidden:
        response = _json_error(403, {"error": "forbidden"})
    except Exception:  # noqa: BLE001 - the one place where unknown errors become a 500
        logger.exception("request %s %s %s failed", request_id, request.method, request.path)
        response = _json_error(500, {"error": "internal error", "request_id": request_id})
    response.headers["X-Request-Id"] = request_id
    secure_headers(request, response)
    return response
