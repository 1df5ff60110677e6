"""Fixtures of the insights tests: the front door without a bot on SQLite and PostgreSQL, users with
roles, and conversations made by the front door's own use cases (customer message, handoff, a
person's claim, hand-back or close, rating), then moved to the moments a test needs."""
from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from typing import AsyncIterator, Dict, List, Optional, Sequence

import aiohttp
import pytest
from sqlalchemy import update

from handoff.agents import service as agents
from handoff.console import service as console
from handoff.conversation import service as conversations
from handoff.conversation.models import Conversation, Message, Transition
from handoff.feedback import service as feedback
from handoff.keys import DEPS
from handoff.queue import service as queue
from handoff.redaction.redactor import Redactor
from tests.handoff.clients import Agent
from tests.handoff.console.conftest import Door, _door, login

UTC = dt.timezone.utc
MIDNIGHT = dt.datetime(2026, 12, 2, tzinfo=UTC)  # between the tests' two days, 1 and 2 December 2026


@pytest.fixture
async def door(database_url: str, redactor: Redactor) -> AsyncIterator[Door]:
    """The front door on SQLite and PostgreSQL, without a bot."""
    running = await _door(database_url, redactor)
    yield running
    await running.server.runner.cleanup()


class Reader:
    """A logged-in studio user reading ``/studio/api/insights``."""

    def __init__(self, browser: Agent) -> None:
        self.browser = browser

    async def get(self, path: str = "", **params: str) -> aiohttp.ClientResponse:
        return await self.browser.http.get(f"{self.browser.url}/studio/api/insights{path}", params=params)

    async def json(self, path: str = "", **params: str):
        response = await self.get(path, **params)
        assert response.status == 200, await response.text()
        return await response.json()

    async def listed(self, **params: str) -> List[str]:
        """The conversation ids of a drill-down list."""
        found = await self.json("/conversations", **params)
        assert found["total"] == len(found["conversations"])
        return [item["conversation_id"] for item in found["conversations"]]

    async def close(self) -> None:
        await self.browser.http.close()


async def reader(door: Door, username: str, role: str = "comms_editor") -> Reader:
    return Reader(await login(door, username, role))


@dataclasses.dataclass
class Chat:
    """What a test wants of one conversation."""

    started: dt.datetime
    language: str = "en"
    reason: Optional[str] = None  # handed off for this reason
    wait_seconds: Optional[float] = None  # then claimed by a person after this long
    score: Optional[int] = None  # then rated (after the person handed back)
    intents: Sequence[str] = ()  # one customer message per intent the bot recognised (None: not classified)
    helpful: Sequence[bool] = ()  # the customer's "Was this helpful?" on one bot answer each


async def _person(deps, name: str = "petra"):
    async with deps.transaction() as session:
        found = await agents.by_username(session, username=name)
        return found or await agents.create(session, username=name, password="correct horse battery staple")


async def make(door: Door, chat: Chat) -> str:
    """A conversation made by the front door's use cases, moved to ``chat.started``: the queue entry
    one minute later, the claim ``wait_seconds`` after that, the hand-back a minute later."""
    deps = door.server.app[DEPS]
    async with deps.transaction() as session:
        conversation = await conversations.create(session, session_hash=secrets.token_hex(32),
                                                  language=chat.language, incident_id=None)
        for intent in chat.intents or [None]:
            message = await conversations.add_message(session, conversation_id=conversation.id, sender="customer",
                                                      text="Is my account affected?")
            if intent is not None:  # what the REST channel stores from the bot's answer (contract 1)
                await session.execute(update(Message).where(Message.id == message.id).values(
                    intent=intent, intent_confidence=0.2 if intent == "nlu_fallback" else 0.9))
        answers = [await conversations.add_message(session, conversation_id=conversation.id, sender="bot",
                                                   text="Here is what we know.") for _ in chat.helpful]
    conversation_id = conversation.id
    for answer, helpful in zip(answers, chat.helpful):
        await feedback.rate_answer(deps, conversation_id=conversation_id, seq=answer.seq, helpful=helpful)
    if chat.reason:
        await queue.enter(deps, conversation_id=conversation_id, handoff={"reason": chat.reason}, actor="bot")
    if chat.wait_seconds is not None:
        person = await _person(deps)
        await console.claim(deps, agent=person, conversation_id=conversation_id)
        await console.hand_back(deps, agent=person, conversation_id=conversation_id)
        if chat.score is not None:
            await feedback.rate(deps, conversation_id=conversation_id, score=chat.score)
    await move(door, conversation_id, chat.started, chat.wait_seconds or 0)
    return conversation_id


async def move(door: Door, conversation_id: str, started: dt.datetime, wait_seconds: float = 0) -> None:
    """Put the conversation's start at ``started``, its queue entry a minute later, the claim
    ``wait_seconds`` after that and whatever followed a minute after the claim."""
    deps = door.server.app[DEPS]
    queued = started + dt.timedelta(minutes=1)
    claimed = queued + dt.timedelta(seconds=wait_seconds)
    async with deps.transaction() as session:
        await session.execute(update(Conversation).where(Conversation.id == conversation_id)
                              .values(created_at=started, updated_at=claimed + dt.timedelta(minutes=1)))
        await session.execute(update(Message).where(Message.conversation_id == conversation_id)
                              .values(created_at=started))
        for to_state, moment in (("waiting", queued), ("agent", claimed)):
            await session.execute(update(Transition).where(Transition.conversation_id == conversation_id,
                                                           Transition.to_state == to_state).values(created_at=moment))
        await session.execute(update(Transition).where(Transition.conversation_id == conversation_id,
                                                       Transition.to_state.not_in(("waiting", "agent")))
                              .values(created_at=claimed + dt.timedelta(minutes=1)))


async def make_all(door: Door, chats: Dict[str, Chat]) -> Dict[str, str]:
    """``{name: conversation id}`` of every chat made."""
    return {name: await make(door, chat) for name, chat in chats.items()}
