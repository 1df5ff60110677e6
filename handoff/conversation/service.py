"""Conversation use-case steps: create, find, store messages, change state.

Keyword-only verb functions on an ``AsyncSession``. They flush; the caller commits (through
``Deps.transaction``). Every state change goes through :func:`transition`, a conditional UPDATE that
fails when another actor changed the state first, and that records the change's event.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any, Iterable, List, Optional, Sequence

from sqlalchemy import func, insert, null, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from handoff.conversation.events import Event, record
from handoff.conversation.models import Conversation, Message, Transition
from handoff.conversation.states import SENDER_STATES, State, allowed, event_name
from handoff.db import utcnow


class Conflict(Exception):
    """The conversation was not in the expected state (another actor was first)."""

    def __init__(self, current: Optional[str]) -> None:
        super().__init__(f"conversation is {current or 'gone'}")
        self.current = current


class NotFound(Exception):
    """No such conversation."""


def hash_session(token: str, key: bytes) -> str:
    """HMAC-SHA256 hex of a customer session token under the server's ``key``: what the database
    stores instead of the token, so a copy of the database does not let anyone into a chat."""
    return hmac.new(key, token.encode("utf-8"), hashlib.sha256).hexdigest()


def new_session_token() -> str:
    """An unguessable customer session token (256 random bits), issued by the server only."""
    return secrets.token_urlsafe(32)


async def create(session: AsyncSession, *, session_hash: str, language: str,
                 incident_id: Optional[str]) -> Conversation:
    """Create a conversation owned by the bot, reachable with the token whose hash is ``session_hash``."""
    conversation = Conversation(id=secrets.token_hex(16), session_hash=session_hash,
                                language=language, state=State.bot.value, incident_id=incident_id)
    session.add(conversation)
    await session.flush()
    return conversation


async def get(session: AsyncSession, *, conversation_id: str) -> Conversation:
    """Return the conversation. Raises NotFound."""
    conversation = await session.get(Conversation, conversation_id, populate_existing=True)
    if conversation is None:
        raise NotFound(conversation_id)
    return conversation


async def by_session(session: AsyncSession, *, session_hash: str) -> Optional[Conversation]:
    """The conversation of a customer session token's hash, or None."""
    result = await session.execute(select(Conversation).where(Conversation.session_hash == session_hash))
    return result.scalar_one_or_none()


async def _reserve_seqs(session: AsyncSession, conversation_id: str, count: int,
                        only_in: Optional[Iterable[State]] = None) -> Optional[int]:
    """Reserve the next ``count`` message numbers; return the last one, or None when ``only_in`` is
    given and the state is not in it.

    The increment and the state check are one UPDATE, so a message and a state change cannot
    interleave: this is the single place where "the bot never speaks while a person owns the chat"
    is enforced.
    """
    statement = (update(Conversation).where(Conversation.id == conversation_id)
                 .values(last_seq=Conversation.last_seq + count, updated_at=utcnow())
                 .returning(Conversation.last_seq))
    if only_in is not None:
        statement = statement.where(Conversation.state.in_([state.value for state in only_in]))
    return (await session.execute(statement)).scalar_one_or_none()


def _gate(sender: str, only_in: Optional[Iterable[State]]) -> Optional[set]:
    gate = SENDER_STATES.get(sender)
    if only_in is not None:
        gate = set(only_in) if gate is None else gate & set(only_in)
    return gate


async def add_message(session: AsyncSession, *, conversation_id: str, sender: str, text: str,
                      payload: Any = None, client_message_id: Optional[str] = None,
                      agent_id: Optional[int] = None,
                      only_in: Optional[Iterable[State]] = None) -> Optional[Message]:
    """Store a message with the next ``seq``; return None when the message is dropped.

    The sender's own gate always applies (``states.SENDER_STATES``: the bot only while the state is
    ``bot``, an agent only while it is ``agent``); ``only_in`` narrows it further for system messages
    that make sense in some states only.

    Raises:
        NotFound: the conversation does not exist (and no gate applied).
    """
    stored = await add_messages(session, conversation_id=conversation_id, sender=sender,
                                items=[{"text": text, "payload": payload, "client_message_id": client_message_id,
                                        "agent_id": agent_id}], only_in=only_in)
    return stored[0] if stored else None


async def add_messages(session: AsyncSession, *, conversation_id: str, sender: str, items: Sequence[dict],
                       only_in: Optional[Iterable[State]] = None) -> List[Message]:
    """Store several messages of one sender in order, with one UPDATE and one INSERT (a turn's bot
    replies); ``items`` are dicts with ``text`` and optionally ``payload``, ``client_message_id``,
    ``agent_id``. Returns them all, or ``[]`` when the gate (see :func:`add_message`) drops them.

    Raises:
        NotFound: the conversation does not exist (and no gate applied).
    """
    if not items:
        return []
    gate = _gate(sender, only_in)
    last = await _reserve_seqs(session, conversation_id, len(items), gate)
    if last is None:
        if gate is None:
            raise NotFound(conversation_id)
        return []
    first = last - len(items) + 1
    rows = [{"conversation_id": conversation_id, "seq": first + offset, "sender": sender, "text": item["text"],
             "payload": null() if item.get("payload") is None else item["payload"], "client_message_id": item.get("client_message_id"),
             "agent_id": item.get("agent_id")} for offset, item in enumerate(items)]
    # One multi-row INSERT ... RETURNING (the ORM's flush sends one INSERT per object here); null():
    # SQL NULL, as the ORM stores a missing payload (a bare None would become JSON 'null').
    stored = list(await session.scalars(insert(Message).values(rows).returning(Message)))
    return sorted(stored, key=lambda message: message.seq)


async def set_understood(session: AsyncSession, *, message_id: int, nlu: dict) -> None:
    """Store what the bot understood of a customer message (``{"intent", "confidence", "ranking"}``,
    see ``handoff.rasa_client.Turn``) on its row ``message_id``."""
    await session.execute(update(Message).where(Message.id == message_id).values(
        intent=nlu.get("intent"), intent_confidence=nlu.get("confidence"),
        intent_ranking=nlu.get("ranking") or null()))


async def by_client_message_id(session: AsyncSession, *, conversation_id: str,
                               client_message_id: str) -> Optional[Message]:
    """The message a client already sent with this id (retry), or None."""
    result = await session.execute(select(Message).where(
        Message.conversation_id == conversation_id, Message.client_message_id == client_message_id))
    return result.scalar_one_or_none()


async def messages_after(session: AsyncSession, *, conversation_id: str, after_seq: int = 0,
                         senders: Optional[Sequence[str]] = None, limit: int = 1000) -> List[Message]:
    """Messages with ``seq > after_seq``, oldest first (catch-up after a reconnect)."""
    statement = (select(Message).where(Message.conversation_id == conversation_id, Message.seq > after_seq)
                 .order_by(Message.seq).limit(limit))
    if senders is not None:
        statement = statement.where(Message.sender.in_(senders))
    return list((await session.execute(statement)).scalars())


async def previous_customer_message_at(session: AsyncSession, *, conversation_id: str) -> Optional[dt.datetime]:
    """When the customer wrote the message before their latest one (aware UTC), or None (one or none)."""
    times = (await session.scalars(
        select(Message.created_at).where(Message.conversation_id == conversation_id, Message.sender == "customer")
        .order_by(Message.seq.desc()).limit(2))).all()
    return _aware(times[1]) if len(times) > 1 else None


async def has_bot_messages(session: AsyncSession, *, conversation_id: str) -> bool:
    """True when the bot has answered in the conversation (Rasa has a tracker for it)."""
    return await session.scalar(select(Message.id).where(
        Message.conversation_id == conversation_id, Message.sender == "bot").limit(1)) is not None


async def issued_buttons(session: AsyncSession, *, conversation_id: str) -> dict:
    """Buttons this service sent in the conversation, ``{payload: title}`` (the latest title wins).

    Only these payloads may reach Rasa as ``/intent{...}``; a click is stored as its title.
    """
    result = await session.execute(select(Message.payload).where(
        Message.conversation_id == conversation_id, Message.sender.in_(("bot", "system")),
        Message.payload.is_not(None)).order_by(Message.seq))
    buttons = {}
    for payload in result.scalars():
        for button in (payload or {}).get("buttons") or []:
            if isinstance(button, dict) and isinstance(button.get("payload"), str):
                buttons[button["payload"]] = str(button.get("title") or button["payload"])
    return buttons


_STATE_TIMESTAMP = {State.waiting: "waiting_since", State.agent: "claimed_at", State.resolved: "resolved_at"}


async def transition(session: AsyncSession, *, conversation_id: str, expected: Iterable[State],
                     new: State, actor: str, reason: Optional[str] = None,
                     details: Optional[dict] = None, **values: Any) -> Event:
    """Move the conversation from one of ``expected`` to ``new``, recording who, when and why, and
    the change's event (published after the commit, see ``handoff.deps.Deps.transaction``).

    ``values`` are further columns to set (``agent_id``, ``handoff_reason`` ...); ``details`` go into
    the event for its listeners. Returns the event.

    Raises:
        Conflict: the conversation was not in an expected state (someone else was first), or the
            change is not in the transition table.
    """
    expected = [State(state) for state in expected]
    current = await session.scalar(select(Conversation.state).where(Conversation.id == conversation_id))
    if current is None:
        raise NotFound(conversation_id)
    if State(current) not in expected or not allowed(State(current), new):
        raise Conflict(current)
    now = utcnow()
    if new in _STATE_TIMESTAMP:
        values.setdefault(_STATE_TIMESTAMP[new], now)
    result = await session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, Conversation.state == current)
        .values(state=new.value, updated_at=now, **values))
    if result.rowcount != 1:
        raise Conflict(await session.scalar(select(Conversation.state).where(Conversation.id == conversation_id)))
    session.add(Transition(conversation_id=conversation_id, from_state=current, to_state=new.value,
                           actor=actor, reason=reason, created_at=now))
    await session.flush()
    event = Event(name=event_name(State(current), new), conversation_id=conversation_id,
                  from_state=current, to_state=new.value, actor=actor, reason=reason,
                  conversation=await get(session, conversation_id=conversation_id),
                  agent_id=int(actor.split(":", 1)[1]) if actor.startswith("agent:") else None,
                  details=dict(details or {}))
    record(session, event)
    return event


async def waiting_queue(session: AsyncSession) -> List[Conversation]:
    """Conversations waiting for a person, oldest first."""
    result = await session.execute(select(Conversation).where(Conversation.state == State.waiting.value)
                                   .order_by(Conversation.waiting_since, Conversation.id))
    return list(result.scalars())


async def recent_waits(session: AsyncSession, *, since: dt.datetime, limit: int = 50) -> List[float]:
    """Seconds from entering the queue to being claimed, for recent claims (newest first)."""
    result = await session.execute(
        select(Transition.conversation_id, Transition.created_at)
        .where(Transition.to_state == State.agent.value, Transition.from_state == State.waiting.value,
               Transition.created_at >= since)
        .order_by(Transition.created_at.desc()).limit(limit))
    claims = list(result)
    waits = []
    for conversation_id, claimed_at in claims:
        entered = await session.scalar(
            select(func.max(Transition.created_at)).where(
                Transition.conversation_id == conversation_id, Transition.to_state == State.waiting.value,
                Transition.created_at <= claimed_at))
        if entered is not None:
            waits.append((_aware(claimed_at) - _aware(entered)).total_seconds())
    return waits


async def owned_by(session: AsyncSession, *, agent_id: int) -> List[Conversation]:
    """Conversations an agent owns now, oldest claim first."""
    return list((await session.execute(select(Conversation).where(
        Conversation.state == State.agent.value, Conversation.agent_id == agent_id)
        .order_by(Conversation.claimed_at))).scalars())


async def transitions_of(session: AsyncSession, *, conversation_id: str) -> List[Transition]:
    """Every state change of a conversation, oldest first."""
    return list((await session.execute(select(Transition).where(Transition.conversation_id == conversation_id)
                                       .order_by(Transition.id))).scalars())


async def set_language(session: AsyncSession, *, conversation_id: str, language: str) -> None:
    """Make ``language`` the conversation's language (front door texts, agent, bot)."""
    await session.execute(update(Conversation).where(Conversation.id == conversation_id).values(language=language))


def aware(value: Optional[dt.datetime]) -> Optional[dt.datetime]:
    """``value`` as timezone-aware UTC (SQLite returns naive datetimes; they are stored as UTC)."""
    return None if value is None else _aware(value)


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes; they are stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
