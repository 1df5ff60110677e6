"""What every use case needs, built once by the app factory: ``Deps``.

Use cases are keyword-only functions ``verb(deps, *, ...)`` in each area's ``service.py``. A use
case opens one :meth:`Deps.transaction`; the state-change events collected in it (see
``handoff.conversation.events``) are published to the listeners only after the commit, so nobody is
told about a change that was rolled back.
"""
from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, AsyncIterator, Callable, List, Optional

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handoff.config import ROOT
from handoff.conversation.events import EventBus, pending_events
from handoff.db import utcnow

if TYPE_CHECKING:
    from handoff.messaging.notifier import Notifier
    from handoff.content.store import FrontDoorContent
    from handoff.intake.limits import RateLimiter, TypingThrottle
    from handoff.language.detect import LanguageDetector
    from handoff.rasa_client.client import RasaClient
    from handoff.redaction.redactor import Redactor

logger = logging.getLogger(__name__)


class InFlight:
    """Counts use cases in flight, so shutdown can wait for them (no half-stored turn)."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @contextlib.asynccontextmanager
    async def track(self) -> AsyncIterator[None]:
        """Count the body as one use case in flight."""
        self._count += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._count -= 1
            if not self._count:
                self._idle.set()

    async def drain(self, timeout: float = 15.0) -> None:
        """Wait (at most ``timeout`` seconds) until nothing is in flight."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except asyncio.TimeoutError:
            logger.warning("shutting down with %d operation(s) still running", self._count)


class ConversationLocks:
    """One ``asyncio.Lock`` per conversation: its messages are processed one at a time."""

    def __init__(self) -> None:
        self._locks: "weakref.WeakValueDictionary[str, asyncio.Lock]" = weakref.WeakValueDictionary()

    def __call__(self, conversation_id: str) -> asyncio.Lock:
        lock = self._locks.get(conversation_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[conversation_id] = lock
        return lock


@dataclass
class Deps:
    """The front door's collaborators and limits (one per process).

    ``rate_limiter`` limits messages per conversation, ``conversation_limiter`` new conversations per
    client address, ``typing`` typing indicators per conversation and side; ``languages`` detects
    the language of customer messages; ``token_key`` is the HMAC key of customer session tokens; after
    ``answer_coming_seconds`` without the bot's answer the customer is told it is coming;
    ``preferred_agent_seconds`` how long a returning customer is offered to their earlier agent first;
    ``models_dir`` holds the Rasa models that may be activated, ``serving_model`` is the one the Rasa
    processes were started with (``handoff.activation``).
    """

    sessions: async_sessionmaker
    redactor: "Redactor"
    rasa: "RasaClient"
    notifier: "Notifier"
    content: "FrontDoorContent"
    rate_limiter: "RateLimiter"
    conversation_limiter: "RateLimiter"
    typing: "TypingThrottle"
    languages: "LanguageDetector"
    token_key: bytes
    incident_id: str
    max_message_chars: int
    retention_days: int
    clock: Callable[[], dt.datetime] = utcnow
    answer_coming_seconds: float = 4.0
    preferred_agent_seconds: float = 120.0
    events: EventBus = field(default_factory=EventBus)
    locks: ConversationLocks = field(default_factory=ConversationLocks)
    in_flight: InFlight = field(default_factory=InFlight)
    # language -> the texts the studio published (``handoff.studio.store.Change``); none without it
    content_changes: Callable[[str], List[Any]] = lambda _language: []
    models_dir: Path = ROOT / "models"
    serving_model: Optional[Path] = None

    @contextlib.asynccontextmanager
    async def transaction(self, published: List | None = None) -> AsyncIterator[AsyncSession]:
        """One database transaction; commits at the end of the block, then publishes its events.

        Args:
            published: a list that receives what the listeners returned (the messages they stored
                and pushed), for use cases that answer with this turn's messages.
        """
        async with self.sessions() as session:
            yield session
            await session.commit()
            events = pending_events(session)
        for event in events:
            produced = await self.events.publish(event)
            if published is not None:
                published.extend(produced)
