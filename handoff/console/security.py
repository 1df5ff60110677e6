"""Installs the console's session storage and login limiter on the app (one call from the factory)."""
from __future__ import annotations

import datetime as dt

import aiohttp_session
from aiohttp import web

from handoff.config import Settings
from handoff.console.login_limit import LoginLimiter
from handoff.console.session_storage import DatabaseStorage

LOGIN_LIMITER = web.AppKey("login_limiter", LoginLimiter)


def setup(app: web.Application, settings: Settings) -> None:
    """Server-side agent sessions (cookie Secure in production) and the failed-login limiter."""
    aiohttp_session.setup(app, DatabaseStorage(
        secure=settings.production, idle=dt.timedelta(minutes=settings.session_idle_minutes),
        absolute=dt.timedelta(hours=settings.session_max_hours)))
    app[LOGIN_LIMITER] = LoginLimiter(settings)

    async def close(app: web.Application) -> None:
        await app[LOGIN_LIMITER].close()

    app.on_cleanup.append(close)
