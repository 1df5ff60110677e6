"""Who may use the console and read which conversation (docs/front-door.md, "Agents").

* ``agent`` and ``supervisor`` use the agent console; ``comms_editor``, ``approver`` and
  ``annotator`` log in (for the comms studio) but get 403 on the agent console API and socket.
* A supervisor reads every conversation. An agent reads a conversation that is waiting, that they
  hold, or that they handled before (a state change by ``agent:<id>`` or a message they wrote).
* Notes: only on conversations the agent may read and that asked for a person at some point.

Every read is written to the audit log; so is every refused read (``transcript.refused``).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handoff.agents import service as agents
from handoff.agents.auth import current_agent_id
from handoff.agents.models import CONSOLE_ROLES, Agent
from handoff.conversation import service as conversations
from handoff.conversation.models import Conversation, Message, Transition
from handoff.conversation.states import State
from handoff.deps import Deps
from handoff.keys import SESSIONS
from handoff.transcripts import service as transcripts

MAX_SEQ = 2**31 - 1  # message numbers are 32-bit integers in PostgreSQL


class Forbidden(Exception):
    """The user may not do this (HTTP 403)."""


class BadSequence(ValueError):
    """``after`` / ``last_seen_id`` is not an integer in 0..MAX_SEQ."""


def sequence(value: Any, default: int = 0) -> int:
    """A client's "last seen message number", checked: booleans, floats, strings and numbers the
    database cannot hold are refused (instead of an overflow deep in the driver).

    Raises:
        BadSequence: not an integer in 0..MAX_SEQ.
    """
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_SEQ:
        raise BadSequence(f"must be an integer from 0 to {MAX_SEQ}")
    return value


async def console_user(request: web.Request) -> Optional[Agent]:
    """The logged-in user when their role may use the agent console (else None)."""
    agent_id = await current_agent_id(request)
    if agent_id is None:
        return None
    async with request.app[SESSIONS]() as session:
        agent = await session.get(Agent, agent_id)
    return agent if agent is not None and agent.role in CONSOLE_ROLES else None


async def may_read(session: AsyncSession, *, agent: Agent, conversation: Conversation) -> bool:
    """Whether ``agent`` may read ``conversation`` (see the module docstring)."""
    if agent.role == "supervisor":
        return True
    if agent.role not in CONSOLE_ROLES:
        return False
    if conversation.state == State.waiting or conversation.agent_id == agent.id:
        return True
    handled = await session.scalar(select(Transition.id).where(
        Transition.conversation_id == conversation.id, Transition.actor == f"agent:{agent.id}").limit(1))
    if handled is not None:
        return True
    wrote = await session.scalar(select(Message.id).where(
        Message.conversation_id == conversation.id, Message.agent_id == agent.id).limit(1))
    return wrote is not None


async def asked_for_person(session: AsyncSession, *, conversation: Conversation) -> bool:
    """Whether the conversation ever left the bot for a person (was queued or with an agent)."""
    if conversation.state in (State.waiting, State.agent):
        return True
    found = await session.scalar(select(Transition.id).where(
        Transition.conversation_id == conversation.id,
        Transition.to_state.in_([State.waiting.value, State.agent.value])).limit(1))
    return found is not None


async def check_read(deps: Deps, *, agent: Agent, conversation_id: str, for_note: bool = False) -> None:
    """Refuse (and audit) a read the agent may not make.

    Raises:
        conversation.service.NotFound: no such conversation. Forbidden: not theirs to read.
    """
    async with deps.transaction() as session:
        conversation = await conversations.get(session, conversation_id=conversation_id)
        allowed = await may_read(session, agent=agent, conversation=conversation)
        if allowed and for_note:
            allowed = await asked_for_person(session, conversation=conversation)
        if not allowed:
            await agents.audit(session, agent_id=agent.id, action="transcript.refused",
                               conversation_id=conversation_id)
    if not allowed:
        raise Forbidden(conversation_id)


async def transcript(deps: Deps, *, agent: Agent, conversation_id: str) -> Dict[str, Any]:
    """The whole conversation, when the agent may read it (audited either way)."""
    await check_read(deps, agent=agent, conversation_id=conversation_id)
    return await transcripts.transcript(deps, agent_id=agent.id, conversation_id=conversation_id)


async def watch(deps: Deps, *, agent_id: int, conversation_id: str, last_seen_id: Any) -> List[Dict[str, Any]]:
    """Messages after ``last_seen_id`` for the agent socket's ``watch`` (audited).

    Raises:
        BadSequence, Forbidden (also when the user's role is not a console role, or they are
        gone), conversation.service.NotFound.
    """
    after = sequence(last_seen_id)
    async with deps.sessions() as session:
        agent = await session.get(Agent, agent_id)
    if agent is None or agent.role not in CONSOLE_ROLES:
        raise Forbidden(conversation_id)
    await check_read(deps, agent=agent, conversation_id=conversation_id)
    return await transcripts.history_for_agent(deps, agent_id=agent_id, conversation_id=conversation_id,
                                               after_seq=after)
