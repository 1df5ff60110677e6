"""Fixtures of the console security tests that need no bot: the front door with an unreachable
Rasa, a clock the test moves, users with roles, and conversations in a given state."""
from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from typing import AsyncIterator, Iterable, Optional, Tuple

import pytest

from handoff.agents import service as agents
from handoff.conversation.models import Conversation, Message, Transition
from handoff.db import make_engine, make_sessionmaker
from handoff.redaction.redactor import Redactor
from tests.handoff.clients import Agent
from tests.handoff.conftest import AGENT_PASSWORD, OFFICE_HOURS, FrontDoorServer, start_front_door

NO_RASA = ["http://127.0.0.1:9"]  # discard port: nothing answers


@dataclasses.dataclass
class Clock:
    """The app's clock; tests move it instead of sleeping."""

    now: dt.datetime = OFFICE_HOURS

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@dataclasses.dataclass
class Door:
    server: FrontDoorServer
    clock: Clock

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def database_url(self) -> str:
        return self.server.settings.database_url


async def _door(url: str, redactor: Redactor, **overrides) -> Door:
    clock = Clock()
    return Door(await start_front_door(url, redactor, NO_RASA, "token", clock=clock, **overrides), clock)


@pytest.fixture
async def door(sqlite_url: str, redactor: Redactor) -> AsyncIterator[Door]:
    """The front door on SQLite, without a bot."""
    running = await _door(sqlite_url, redactor)
    yield running
    await running.server.runner.cleanup()


@pytest.fixture
async def door_any_db(database_url: str, redactor: Redactor) -> AsyncIterator[Door]:
    """The front door on SQLite and on PostgreSQL (skipped when absent), without a bot."""
    running = await _door(database_url, redactor)
    yield running
    await running.server.runner.cleanup()


async def create_user(door: Door, username: str, role: str = "agent") -> int:
    engine = make_engine(door.database_url)
    async with make_sessionmaker(engine)() as session:
        # (no role argument for plain agents: the same fixture ran against the code before roles)
        user = await agents.create(session, username=username, password=AGENT_PASSWORD,
                                   **({"role": role} if role != "agent" else {}))
        await session.commit()
        user_id = user.id
    await engine.dispose()
    return user_id


async def login(door: Door, username: str, role: str = "agent", create: bool = True) -> Agent:
    if create:
        await create_user(door, username, role)
    browser = Agent(door.url)
    assert (await browser.login(username, AGENT_PASSWORD)).status == 200
    return browser


async def user_id(door: Door, username: str) -> int:
    engine = make_engine(door.database_url)
    async with make_sessionmaker(engine)() as session:
        found = (await agents.by_username(session, username=username)).id
    await engine.dispose()
    return found


async def conversation(door: Door, *, state: str, agent_id: Optional[int] = None,
                       transitions: Iterable[Tuple[str, str, str]] = (),
                       agent_messages: Iterable[Optional[int]] = ()) -> str:
    """A conversation in ``state`` with the given (from, to, actor) changes and agent messages."""
    conversation_id = secrets.token_hex(16)
    engine = make_engine(door.database_url)
    async with make_sessionmaker(engine)() as session:
        session.add(Conversation(id=conversation_id, session_hash=secrets.token_hex(32), language="en",
                                 state=state, agent_id=agent_id, last_seq=0))
        await session.flush()
        session.add(Message(conversation_id=conversation_id, seq=1, sender="customer", text="hello"))
        seq = 1
        for author in agent_messages:
            seq += 1
            session.add(Message(conversation_id=conversation_id, seq=seq, sender="agent", text="hi", agent_id=author))
        for from_state, to_state, actor in transitions:
            session.add(Transition(conversation_id=conversation_id, from_state=from_state, to_state=to_state,
                                   actor=actor, reason="test"))
        (await session.get(Conversation, conversation_id)).last_seq = seq
        await session.commit()
    await engine.dispose()
    return conversation_id
