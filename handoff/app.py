"""The app factory: ``create_app(settings) -> web.Application``.

Engines, the Rasa client, the Socket.IO server and the use cases' dependencies (``Deps``) are
created in ``cleanup_ctx`` and stored under typed keys (``handoff.keys``); nothing lives in module
globals. The event listeners are subscribed here, once.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import logging
from datetime import datetime
from typing import AsyncIterator, Callable, Optional

import aiohttp
import socketio
from aiohttp import web

from actions.content import fields as content_fields
from handoff import keys, listeners, routes
from handoff.activation import rotation as model_rotation
from handoff.channels.notifier import SocketNotifier
from handoff.channels.socketio import AgentNamespace, CustomerNamespace
from handoff.config import ROOT, Settings
from handoff.console import security
from handoff.content.store import FrontDoorContent
from handoff.db import make_engine, make_sessionmaker
from handoff.deps import Deps
from handoff.intake.limits import RateLimiter, TypingThrottle
from handoff.intents import store as intents_store
from handoff.language.detect import LanguageDetector
from handoff.middleware import MAX_BODY_BYTES, errors
from handoff.rasa_client.client import RasaClient
from handoff.redaction.redactor import Redactor
from handoff.replies import live_updates
from handoff.retention import scheduler as retention
from handoff.studio import flow as studio_flow
from handoff.studio import store as studio_store
from handoff.studio.checks import FieldChecker

logger = logging.getLogger(__name__)


def create_app(settings: Settings, *, redactor: Optional[Redactor] = None,
               allowed_origins: Optional[list] = None,
               clock: Optional[Callable[[], datetime]] = None) -> web.Application:
    """Build the front door application.

    Args:
        settings: see ``handoff.config``.
        redactor: a ready ``Redactor`` (building one takes seconds; tests share one).
        allowed_origins: origins allowed to open customer sockets from other sites (the company's
            website); None allows only this service's own origin.
        clock: returns the current UTC time (tests pin it to the hotline's hours).
    """
    app = web.Application(middlewares=[errors], client_max_size=MAX_BODY_BYTES)
    app[keys.SETTINGS] = settings
    security.setup(app, settings)  # server-side agent sessions, failed-login limiter
    manager = socketio.AsyncRedisManager(settings.redis_url) if settings.redis_url else None
    # None: only this service's own origin (python-engineio's default); [] would disable the check.
    sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins=allowed_origins or None,
                               client_manager=manager, max_http_buffer_size=MAX_BODY_BYTES)
    sio.attach(app)
    routes.setup(app)

    async def resources(app: web.Application) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url)
        http = aiohttp.ClientSession()  # Rasa and the studio's checks (the action server)
        tasks: list = []
        agents: Optional[AgentNamespace] = None
        deps: Optional[Deps] = None
        try:
            sessions = make_sessionmaker(engine)
            # The repo's content files seed the studio once; then customers read what is published.
            await studio_store.seed(sessions, content_fields.documents(settings.incident_file, ROOT))
            await intents_store.seed(sessions, ROOT)  # the repo's data/nlu, likewise (issue 13)
            published = studio_store.PublishedCache()
            await published.refresh(sessions)
            app[keys.PUBLISHED] = published
            app[keys.FIELD_CHECKS] = FieldChecker(http, settings.action_server_url, settings.action_server_token)
            deps = Deps(
                sessions=sessions, redactor=redactor or Redactor(),
                rasa=RasaClient(http, settings.rasa_urls, settings.rasa_token, settings.rasa_timeout_seconds,
                                concurrency=settings.rasa_concurrency, queue_seconds=settings.rasa_queue_seconds),
                answer_coming_seconds=settings.answer_coming_seconds,
                notifier=SocketNotifier(sio),
                content=FrontDoorContent(settings.incident_file, settings.notice_codes_file,
                                         published=published.versioned),
                incident_id=settings.incident_id, max_message_chars=settings.max_message_chars,
                rate_limiter=RateLimiter(settings.rate_limit_messages, settings.rate_limit_seconds),
                conversation_limiter=RateLimiter(settings.new_conversations_per_hour, 3600.0),
                typing=TypingThrottle(), languages=await asyncio.to_thread(LanguageDetector),
                token_key=hmac.new(settings.session_secret, b"customer session tokens", hashlib.sha256).digest(),
                retention_days=settings.retention_days, preferred_agent_seconds=settings.preferred_agent_seconds,
                content_changes=published.changes_in,
                models_dir=settings.models_dir, serving_model=settings.rasa_model,
                **({"clock": clock} if clock else {}),
            )
            listeners.register(deps)
            published.on_publish = lambda: live_updates.tell_open_chats(deps)  # after any process's publish
            app[keys.SESSIONS] = sessions
            app[keys.DEPS] = deps
            agents = AgentNamespace(deps, settings.agent_grace_seconds,
                                    idle=dt.timedelta(minutes=settings.session_idle_minutes),
                                    absolute=dt.timedelta(hours=settings.session_max_hours))
            sio.register_namespace(CustomerNamespace(deps))
            sio.register_namespace(agents)
            tasks = [
                asyncio.create_task(studio_flow.publish_due_periodically(sessions, deps.clock)),
                asyncio.create_task(published.run(sessions)),
                # which Rasa processes are out of rotation while a model is activated (every front door)
                asyncio.create_task(model_rotation.follow(sessions, deps.rasa, instance=model_rotation.instance_id())),
                asyncio.create_task(agents.check_sessions_periodically(settings.agent_session_check_seconds)),
                asyncio.create_task(retention.run_periodically(
                    sessions, retention_days=settings.retention_days,
                    interval_seconds=settings.retention_interval_seconds)),
            ]
            yield
        finally:
            # Also when the start fails half-way. The background tasks are awaited, not only cancelled:
            # one cancelled in the middle of a query still holds a pooled connection, which the engine's
            # dispose below would not close (an unclosed aiosqlite connection, a ResourceWarning).
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if agents is not None:
                agents.shutdown()
            if deps is not None:
                await deps.in_flight.drain()
            await http.close()
            await engine.dispose()

    app.cleanup_ctx.append(resources)
    return app
