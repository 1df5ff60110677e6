"""Suggesting an agent's answer (console) and the comms team's decision on it (studio).

Rules (issue 13, item 7):
* ``agent`` and ``supervisor`` suggest (:data:`SUGGESTERS`): an agent only a message they wrote
  themselves, in a conversation they may read; a supervisor any agent's message (they read every
  conversation). Bot, customer and system messages cannot be suggested. A refused attempt is audited
  (``suggestion.refused``) like a refused transcript read.
* Each user makes at most :data:`MAX_PER_HOUR` suggestions an hour (counted in the database, so every
  front door process counts together); a message is suggested once.
* The agent's text, the customer's question before it and the note are redacted again with the front
  door's redaction: an agent may have typed the customer's address. The company's own contacts (the
  hotline, the data protection officer) stay, as in the agent's replies.
* ``comms_editor`` and ``approver`` decide (:data:`DECIDERS`): accept (a draft, see ``views``) or
  decline with a reason; ``annotator`` and ``supervisor`` read (:data:`READERS`).
* Every step is in the audit log (``audit_log``: ``suggestion.made``, ``suggestion.accepted``,
  ``suggestion.declined``, ``suggestion.refused``) with the conversation's id.
"""
from __future__ import annotations

import contract
import datetime as dt
import functools
from typing import Any, Dict, List, Optional

import yaml
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from handoff.agents import service as agents
from handoff.agents.models import CONSOLE_ROLES, Agent
from handoff.config import ROOT
from handoff.console.access import Forbidden as ReadRefused, check_read, may_read
from handoff.conversation import service as conversations
from handoff.conversation.models import Message
from handoff.db import utcnow
from handoff.deps import Deps
from handoff.suggestions.models import KINDS, STATUSES, Suggestion  # noqa: F401 - STATUSES for the views

SUGGESTERS = CONSOLE_ROLES
READERS = contract.studio_page_roles("suggestions")
DECIDERS = frozenset({"comms_editor", "approver"})
MAX_PER_HOUR = 20
MAX_NOTE_CHARS = 1000
DOMAIN = ROOT / "bot" / "domain" / "core.yml"


class Forbidden(Exception):
    """The user's role may not do this, or the message is not theirs to suggest (403)."""


class NotFound(LookupError):
    """No such conversation, agent message or suggestion (404)."""


class Refused(ValueError):
    """Bad input or a step that does not fit (400/409/422); ``key`` names the studio_api text."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key, self.values = key, values


class TooMany(Exception):
    """More than :data:`MAX_PER_HOUR` suggestions in the last hour (429)."""


@functools.lru_cache(maxsize=1)
def known_intents() -> tuple:
    """The bot's intents a response can be suggested for (the domain's single intents, without the
    fallback), sorted. (The studio's own intents, ``handoff.intents.intent_names``, join at merge.)"""
    data = yaml.safe_load(DOMAIN.read_text(encoding="utf-8")) or {}
    return tuple(sorted(name for name in data.get("intents") or [] if isinstance(name, str) and "+" not in name))


def redact(deps: Deps, text: str, language: str) -> str:
    """``text`` through the front door's redaction, the company's own contacts kept."""
    return deps.redactor.redact(text, language, keep=deps.content.public_contacts()).text


def _checked(kind: Any, intent: Any, note: Any) -> tuple:
    if kind not in KINDS:
        raise Refused("suggestion_kind")
    if kind == "response":
        if intent not in known_intents():
            raise Refused("suggestion_intent")
    else:
        intent = None
    if note is not None and not isinstance(note, str):
        raise Refused("suggestion_note")
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE_CHARS:
        raise Refused("suggestion_note")
    return kind, intent, note


async def _refuse(deps: Deps, agent: Agent, conversation_id: str) -> None:
    async with deps.transaction() as session:
        await agents.audit(session, agent_id=agent.id, action="suggestion.refused", conversation_id=conversation_id)
    raise Forbidden(conversation_id)


async def suggest(deps: Deps, *, agent: Agent, conversation_id: str, seq: int, kind: Any,
                  intent: Any = None, note: Any = None) -> Suggestion:
    """Offer agent message ``seq`` of ``conversation_id`` to the comms team as ``kind`` ("response"
    for ``intent``, or "canned") with an optional ``note``; returns the stored (redacted) suggestion.

    Raises:
        Forbidden (role; not the agent's message or conversation: audited), NotFound (no such
        conversation or agent message), Refused (bad kind, intent or note; suggested already),
        TooMany (the hourly limit).
    """
    if agent.role not in SUGGESTERS:
        raise Forbidden(agent.role)
    kind, intent, note = _checked(kind, intent, note)
    async with deps.sessions() as session:
        try:
            conversation = await conversations.get(session, conversation_id=conversation_id)
        except conversations.NotFound:
            raise NotFound(conversation_id) from None
        allowed = await may_read(session, agent=agent, conversation=conversation)
        message = await session.scalar(select(Message).where(Message.conversation_id == conversation_id,
                                                             Message.seq == seq))
        if allowed and (message is None or message.sender != "agent"):
            raise NotFound(f"{conversation_id}/{seq}")
        # An agent suggests only what they wrote; a supervisor any agent's message.
        allowed = allowed and (agent.role == "supervisor" or message.agent_id == agent.id)
        question = await session.scalar(select(Message.text).where(
            Message.conversation_id == conversation_id, Message.sender == "customer", Message.seq < seq)
            .order_by(Message.seq.desc()).limit(1))
        recent = await session.scalar(select(func.count()).select_from(Suggestion).where(
            Suggestion.suggested_by == agent.id, Suggestion.created_at >= utcnow() - dt.timedelta(hours=1)))
    if not allowed:
        await _refuse(deps, agent, conversation_id)
    if (recent or 0) >= MAX_PER_HOUR:
        raise TooMany(agent.id)
    language = conversation.language
    suggestion = Suggestion(conversation_id=conversation_id, message_seq=seq, kind=kind, intent=intent,
                            language=language, question=redact(deps, question, language) if question else None,
                            text=redact(deps, message.text, language),
                            note=redact(deps, note, language) if note else None,
                            status="open", suggested_by=agent.id, created_at=utcnow())
    try:
        async with deps.transaction() as session:
            session.add(suggestion)
            await session.flush()
            await agents.audit(session, agent_id=agent.id, action="suggestion.made", conversation_id=conversation_id)
    except IntegrityError:
        raise Refused("suggestion_exists") from None
    return suggestion


async def suggested(deps: Deps, *, agent: Agent, conversation_id: str) -> List[int]:
    """The numbers of the messages of ``conversation_id`` that were suggested (by anyone), for a
    console user who may read it.

    Raises:
        Forbidden (not theirs to read; audited like a refused read), NotFound.
    """
    if agent.role not in SUGGESTERS:
        raise Forbidden(agent.role)
    try:
        await check_read(deps, agent=agent, conversation_id=conversation_id)
    except conversations.NotFound:
        raise NotFound(conversation_id) from None
    except ReadRefused:
        raise Forbidden(conversation_id) from None
    async with deps.sessions() as session:
        return sorted(await session.scalars(select(Suggestion.message_seq).where(
            Suggestion.conversation_id == conversation_id)))


def view(suggestion: Suggestion, names: Dict[int, str]) -> Dict[str, Any]:
    """One suggestion as JSON (user names, ISO times)."""
    def when(value: Optional[dt.datetime]) -> Optional[str]:
        return conversations.aware(value).isoformat() if value else None
    return {"id": suggestion.id, "conversation_id": suggestion.conversation_id, "message_id": suggestion.message_seq,
            "kind": suggestion.kind, "intent": suggestion.intent, "language": suggestion.language,
            "question": suggestion.question, "text": suggestion.text, "note": suggestion.note,
            "status": suggestion.status, "suggested_by": names.get(suggestion.suggested_by or 0),
            "created_at": when(suggestion.created_at), "decided_by": names.get(suggestion.decided_by or 0),
            "decided_at": when(suggestion.decided_at), "reason": suggestion.reason,
            "field_id": suggestion.field_id, "draft_version": suggestion.draft_version}


async def listing(session: AsyncSession, *, status: str = "open", limit: int = 200) -> List[Dict[str, Any]]:
    """Suggestions with ``status`` (open: oldest first; decided: newest first), as :func:`view`."""
    order = Suggestion.id.asc() if status == "open" else Suggestion.id.desc()
    found = list(await session.scalars(select(Suggestion).where(Suggestion.status == status)
                                       .order_by(order).limit(limit)))
    names = {agent_id: name for agent_id, name in (await session.execute(select(Agent.id, Agent.username))).all()}
    return [view(item, names) for item in found]


async def get(session: AsyncSession, suggestion_id: int) -> Suggestion:
    """The suggestion ``suggestion_id``. Raises NotFound."""
    found = await session.get(Suggestion, suggestion_id)
    if found is None:
        raise NotFound(str(suggestion_id))
    return found


async def decide(session: AsyncSession, *, agent: Agent, suggestion: Suggestion, status: str,
                 reason: Optional[str] = None, field_id: Optional[int] = None,
                 draft_version: Optional[int] = None) -> None:
    """Mark an open suggestion ``status`` ("accepted" or "declined") by ``agent`` and audit it; the
    change is conditional, so of two people deciding at once one wins.

    Raises:
        Forbidden (role), Refused (``suggestion_decided``: decided already).
    """
    if agent.role not in DECIDERS:
        raise Forbidden(agent.role)
    changed = await session.execute(update(Suggestion).where(Suggestion.id == suggestion.id,
                                                             Suggestion.status == "open").values(
        status=status, decided_by=agent.id, decided_at=utcnow(), reason=reason, field_id=field_id,
        draft_version=draft_version))
    if changed.rowcount != 1:
        raise Refused("suggestion_decided")
    await agents.audit(session, agent_id=agent.id, action=f"suggestion.{status}",
                       conversation_id=suggestion.conversation_id)


async def decline(session: AsyncSession, *, agent: Agent, suggestion_id: int, reason: Any) -> Suggestion:
    """Decline an open suggestion with a ``reason`` (required, at most :data:`MAX_NOTE_CHARS`).

    Raises:
        Forbidden, NotFound, Refused (``suggestion_reason``; ``suggestion_decided``).
    """
    if agent.role not in DECIDERS:
        raise Forbidden(agent.role)
    if not isinstance(reason, str) or not reason.strip() or len(reason) > MAX_NOTE_CHARS:
        raise Refused("suggestion_reason")
    suggestion = await get(session, suggestion_id)
    await decide(session, agent=agent, suggestion=suggestion, status="declined", reason=reason.strip())
    return suggestion
