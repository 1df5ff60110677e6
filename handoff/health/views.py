"""``GET /health/live`` and ``GET /health/ready``; ``setup(app)`` adds both routes.

- ``/health/live`` answers 200 ``{"status": "ok"}`` whenever the process serves HTTP (for a
  supervisor's liveness probe: it does not depend on Rasa, the action server or the database).
- ``/health/ready`` answers 200 when the database, every Rasa process (model loaded) and the action
  server are reachable, else 503; the JSON body says which check failed (``handoff.health.service``).
  A Rasa process that is loading another model (out of rotation, ``handoff.activation``) counts as ready.
  Open without login, so it carries no URL, token or message text.
"""
from __future__ import annotations

from typing import AsyncIterator

import aiohttp
from aiohttp import web

from handoff import keys
from handoff.health import service

HTTP = web.AppKey("health_http", aiohttp.ClientSession)


async def live(_request: web.Request) -> web.Response:
    """200 while the process serves requests."""
    return web.json_response({"status": "ok"})


async def ready(request: web.Request) -> web.Response:
    """200 with the checks when everything the front door needs is there, else 503 with them."""
    app = request.app
    settings = app[keys.SETTINGS]
    deps = app.get(keys.DEPS)
    result = await service.readiness(
        sessions=app.get(keys.SESSIONS), http=app[HTTP], rasa_urls=settings.rasa_urls,
        rasa_token=settings.rasa_token, action_server_url=settings.action_server_url,
        reloading=deps.rasa.draining if deps is not None else ())
    return web.json_response(result, status=200 if result["ready"] else 503)


def setup(app: web.Application) -> None:
    """Add the health routes to ``app`` and an HTTP client session for the checks."""
    async def http_session(app: web.Application) -> AsyncIterator[None]:
        async with aiohttp.ClientSession() as session:
            app[HTTP] = session
            yield

    app.cleanup_ctx.append(http_session)
    app.router.add_get("/health/live", live)
    app.router.add_get("/health/ready", ready)
