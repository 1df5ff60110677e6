"""Typed keys of what the app factory puts into the application (``web.AppKey``)."""
from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import async_sessionmaker

from handoff.config import Settings
from handoff.deps import Deps
from handoff.studio.checks import FieldChecker
from handoff.studio.store import PublishedCache

SETTINGS = web.AppKey("settings", Settings)
SESSIONS = web.AppKey("sessions", async_sessionmaker)
DEPS = web.AppKey("deps", Deps)
PUBLISHED = web.AppKey("published", PublishedCache)  # the studio's published content, kept fresh
FIELD_CHECKS = web.AppKey("field_checks", FieldChecker)  # the studio's checks, run by the action server
