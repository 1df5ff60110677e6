"""Typed keys of what the app factory puts into the application (``web.AppKey``)."""
from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import async_sessionmaker

from handoff.config import Settings
from handoff.deps import Deps

SETTINGS = web.AppKey("settings", Settings)
SESSIONS = web.AppKey("sessions", async_sessionmaker)
DEPS = web.AppKey("deps", Deps)
