"""Agent use cases. Who is told what after a state change is the listeners' job (``handoff.listeners``)."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Tuple

from sqlalchemy import case, func, select

from handoff.agents.models import Agent
from handoff.console import access
from handoff.conversation import service as conversations
from handoff.conversation.models import Conversation, Message
from handoff.conversation.service import Conflict
from handoff.conversation.states import State
from handoff.db import utcnow
from handoff.deps import Deps
from handoff.intake.limits import InputRejected, check_client_message_id
from handoff.messaging.service import push
from handoff.queue import routing
from handoff.queue.service import entry
from handoff.replies import service as replies
from handoff.transcripts import service as transcripts

logger = logging.getLogger(__name__)
AGENT_TEXT_FACTOR = 10  # agents may write longer answers than customers (links, step lists)


class Unanswered(Exception):
    """The customer's last message has no answer from a person yet (HTTP 409 ``unanswered``)."""


def redact_except(deps: Deps, text: str, language: str, keep: Tuple[str, ...]) -> str:
    """``text`` redacted like a customer's message, except the company's own contact data in ``keep``.

    Agents paste what customers tell them on the phone (redacted), and give the hotline number or the
    data protection officer's address (kept, so the customer can use them). The whole text is analysed
    at once, so the context around a kept value still counts for what is redacted next to it.
    """
    return deps.redactor.redact(text, language, keep=keep).text


def own_names(agent: Agent) -> Tuple[str, ...]:
    """The agent's display name and each of its words (agents introduce themselves by first name)."""
    name = (agent.display_name or "").strip()
    return tuple(dict.fromkeys([name] + [part for part in name.split() if len(part) > 1])) if name else ()


def _actor(agent: Agent) -> str:
    return f"agent:{agent.id}"


async def claim(deps: Deps, *, agent: Agent, conversation_id: str) -> None:
    """Give a waiting conversation to ``agent``.

    Raises:
        Conflict: another agent claimed it first, or it is not waiting.
        routing.Offered: it is offered to another agent first (a returning customer of theirs).
    """
    async with deps.in_flight.track(), deps.transaction() as session:
        conversation = await conversations.get(session, conversation_id=conversation_id)
        # Real time, like waiting_since (deps.clock is pinned in tests for the hotline's hours).
        await routing.check_claim(session, conversation=conversation, agent=agent,
                                  window=deps.preferred_agent_seconds, now=utcnow())
        await conversations.transition(session, conversation_id=conversation_id, expected={State.waiting},
                                       new=State.agent, actor=_actor(agent), reason="claimed", agent_id=agent.id,
                                       details={"agent_name": agent.display_name})


async def _owned(session, agent: Agent, conversation_id: str) -> Conversation:
    conversation = await conversations.get(session, conversation_id=conversation_id)
    if conversation.state != State.agent or conversation.agent_id != agent.id:
        raise Conflict(conversation.state)
    return conversation


async def reply(deps: Deps, *, agent: Agent, conversation_id: str, text: Any,
                client_message_id: Optional[str] = None) -> Message:
    """Store and push an agent's reply to the customer (idempotent per ``client_message_id``);
    personal data in it is redacted like in a customer's message.

    Raises:
        InputRejected: empty or too long. Conflict: the agent does not own the conversation.
    """
    if not isinstance(text, str) or not text.strip():
        raise InputRejected("error_empty")
    limit = AGENT_TEXT_FACTOR * deps.max_message_chars
    if len(text) > limit:
        raise InputRejected("error_too_long", limit=limit)
    check_client_message_id(client_message_id)
    async with deps.in_flight.track():
        async with deps.transaction() as session:
            if client_message_id:
                earlier = await conversations.by_client_message_id(
                    session, conversation_id=conversation_id, client_message_id=client_message_id)
                if earlier is not None:
                    return earlier
            conversation = await _owned(session, agent, conversation_id)
            # The agent's own name ("this is Jana") and the company's contacts stay readable.
            keep = deps.content.public_contacts() + own_names(agent)
            redacted = redact_except(deps, text.strip(), conversation.language, keep)
            message = await conversations.add_message(
                session, conversation_id=conversation_id, sender="agent", text=redacted,
                client_message_id=client_message_id, agent_id=agent.id,
                payload={"agent_name": agent.display_name})
            if message is None:
                raise Conflict("not agent")
        await push(deps, conversation_id, message)
        return message


async def note(deps: Deps, *, agent: Agent, conversation_id: str, text: Any):
    """A private note on the conversation; never sent to the customer. Only on conversations the
    agent may read and that asked for a person (``console.access``).

    Raises:
        InputRejected: empty. conversation.service.NotFound: no such conversation.
        access.Forbidden: not the agent's to read, or it never left the bot.
    """
    if not isinstance(text, str) or not text.strip():
        raise InputRejected("error_empty")
    await access.check_read(deps, agent=agent, conversation_id=conversation_id, for_note=True)
    async with deps.in_flight.track():
        return await transcripts.add_note(deps, agent_id=agent.id, conversation_id=conversation_id, text=text.strip())


async def hand_back(deps: Deps, *, agent: Agent, conversation_id: str) -> List[Message]:
    """Give the conversation back to the bot, which greets again; returns the messages sent.

    Raises:
        Conflict: the agent does not own the conversation.
    """
    async with deps.in_flight.track():
        published: List[Message] = []
        async with deps.transaction(published) as session:
            await _owned(session, agent, conversation_id)
            event = await conversations.transition(
                session, conversation_id=conversation_id, expected={State.agent}, new=State.bot,
                actor=_actor(agent), reason="handed_back", agent_id=None)
        return published + await replies.greet_again(deps, conversation=event.conversation)


async def unanswered(session, *, conversation_id: str) -> bool:
    """True when the conversation's last customer message came after every message of a person
    (the bot's and the front door's messages are no answer from a person)."""
    customer, agent = (await session.execute(select(
        func.max(case((Message.sender == "customer", Message.seq))),
        func.max(case((Message.sender == "agent", Message.seq)))).where(
        Message.conversation_id == conversation_id))).one()
    return customer is not None and (agent is None or agent < customer)


async def resolve(deps: Deps, *, agent: Agent, conversation_id: str, confirm_unanswered: bool = False) -> None:
    """Close the conversation (from the queue, or by the agent who owns it). A customer's last
    message that no person answered must be confirmed (``confirm_unanswered``): closing it unanswered
    is rarely meant (issue 10).

    Raises:
        Conflict: another agent owns it, or it is not waiting or with an agent.
        Unanswered: the last customer message is unanswered and ``confirm_unanswered`` is false.
    """
    async with deps.in_flight.track(), deps.transaction() as session:
        conversation = await conversations.get(session, conversation_id=conversation_id)
        if conversation.state == State.agent and conversation.agent_id != agent.id:
            raise Conflict(conversation.state)
        if not confirm_unanswered and await unanswered(session, conversation_id=conversation_id):
            raise Unanswered(conversation_id)
        await conversations.transition(session, conversation_id=conversation_id,
                                       expected={State.agent, State.waiting}, new=State.resolved,
                                       actor=_actor(agent), reason="resolved")


async def owned_by(deps: Deps, *, agent_id: int) -> List[Dict[str, Any]]:
    """Conversations the agent owns now, as queue entries (to restore the console's tabs)."""
    async with deps.sessions() as session:
        return [entry(c) for c in await conversations.owned_by(session, agent_id=agent_id)]


async def agent_gone(deps: Deps, *, agent_id: int) -> int:
    """Return a disconnected agent's conversations to the queue; return how many."""
    async with deps.in_flight.track():
        async with deps.sessions() as session:
            owned = [c.id for c in await conversations.owned_by(session, agent_id=agent_id)]
        moved = 0
        for conversation_id in owned:
            try:
                async with deps.transaction() as session:
                    await conversations.transition(
                        session, conversation_id=conversation_id, expected={State.agent}, new=State.waiting,
                        actor="system", reason="agent_disconnected", agent_id=None)
                moved += 1
            except Conflict:
                continue
        return moved
