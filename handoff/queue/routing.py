"""Returning customers: who handled a conversation before, and offering it to that agent first.

A returning customer is a conversation that comes back to the queue after a person handled it (handed
back to the assistant and asking for a person again, resolved and writing again, or requeued when the
agent's connection was lost). The front door knows no customer identity beyond the session token, so
"the same customer" is the same conversation; nothing is matched across conversations.

The rule (docs/front-door.md, "Returning customers"): while such a conversation waits, it is offered
to the agent of its latest claim alone when that agent is available for new chats and may use the
console, for ``Deps.preferred_agent_seconds`` (``PREFERRED_AGENT_SECONDS``, 120 s) after it entered
the queue. Meanwhile every agent sees who it is offered to, and a claim by anyone else is refused
(:class:`Offered`, HTTP 409). Afterwards, or when that agent is not available, anyone may claim it:
a customer never waits longer than the window for one person.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handoff.agents.models import CONSOLE_ROLES, Agent
from handoff.conversation.models import Conversation, Transition
from handoff.conversation.service import aware
from handoff.conversation.states import State

# The actor ("agent:<id>") of a conversation's latest claim, as a column of a query on conversations.
LATEST_CLAIM = (select(Transition.actor)
                .where(Transition.conversation_id == Conversation.id, Transition.to_state == State.agent.value)
                .order_by(Transition.id.desc()).limit(1).correlate(Conversation).scalar_subquery())


class Offered(Exception):
    """The conversation is offered to another agent first (HTTP 409 ``offered``)."""

    def __init__(self, agent_name: str, seconds_left: float) -> None:
        super().__init__(f"offered to another agent for {seconds_left:.0f} s")
        self.agent_name = agent_name
        self.seconds_left = seconds_left


def agent_id_of(actor: Optional[str]) -> Optional[int]:
    """The agent id in a transition's actor ``"agent:<id>"``; None for anyone else."""
    if not actor or not actor.startswith("agent:") or not actor[6:].isdigit():
        return None
    return int(actor[6:])


async def previous_agent(session: AsyncSession, *, conversation: Conversation) -> Optional[Agent]:
    """The agent who handled ``conversation`` before its current stay: the latest claim, or while an
    agent holds it now, the claim before theirs. None when no person handled it before (or the
    account is gone)."""
    actors = list((await session.execute(
        select(Transition.actor).where(Transition.conversation_id == conversation.id,
                                       Transition.to_state == State.agent.value)
        .order_by(Transition.id.desc()).limit(2))).scalars())
    if conversation.state == State.agent.value:
        actors = actors[1:]
    agent_id = agent_id_of(actors[0]) if actors else None
    return await session.get(Agent, agent_id) if agent_id is not None else None


def offer_seconds_left(conversation: Conversation, previous: Optional[Agent], *, window: float,
                       now: dt.datetime) -> Optional[float]:
    """Seconds the waiting ``conversation`` is still offered to ``previous`` alone (see the module
    docstring); None when it is offered to nobody."""
    if (conversation.state != State.waiting.value or previous is None or not previous.available
            or previous.role not in CONSOLE_ROLES or conversation.waiting_since is None):
        return None
    left = window - (now - aware(conversation.waiting_since)).total_seconds()
    return left if left > 0 else None


async def check_claim(session: AsyncSession, *, conversation: Conversation, agent: Agent, window: float,
                      now: dt.datetime) -> None:
    """Refuse a claim of a conversation that is offered to someone else first.

    Raises:
        Offered: it is offered to another agent, with their name and the seconds left.
    """
    if conversation.state != State.waiting.value:
        return  # the claim's own state check answers
    previous = await previous_agent(session, conversation=conversation)
    left = offer_seconds_left(conversation, previous, window=window, now=now)
    if left is not None and previous.id != agent.id:
        raise Offered(previous.display_name, left)
