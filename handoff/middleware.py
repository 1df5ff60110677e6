"""Errors mapped to HTTP once, with a request id in the log and never any message text."""
from __future__ import annotations

import logging
import secrets

from aiohttp import web

from handoff.conversation.service import Conflict, NotFound
from handoff.intake.limits import InputRejected

logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024


@web.middleware
async def errors(request: web.Request, handler):  # noqa: ANN001, ANN201 - aiohttp middleware signature
    """Map domain errors to JSON responses: 404 unknown, 409 conflict, 400 rejected input, 500 else."""
    request_id = secrets.token_hex(6)
    try:
        response = await handler(request)
    except web.HTTPException as error:
        if error.status >= 500:
            logger.error("request %s %s %s failed with %s", request_id, request.method, request.path, error.status)
        raise
    except NotFound:
        return web.json_response({"error": "no such conversation"}, status=404)
    except Conflict as conflict:
        return web.json_response({"error": "conflict", "state": conflict.current}, status=409)
    except InputRejected as rejected:
        return web.json_response({"error": rejected.phrase}, status=400)
    except Exception:  # noqa: BLE001 - the one place where unknown errors become a 500
        logger.exception("request %s %s %s failed", request_id, request.method, request.path)
        return web.json_response({"error": "internal error", "request_id": request_id}, status=500)
    response.headers["X-Request-Id"] = request_id
    return response
