"""Retention and erasure. Deleting a conversation deletes its messages, transitions, notes,
satisfaction ratings, answer ratings, review inbox decisions, callback requests and the record of studio update notes sent to it (foreign keys cascade); the audit log keeps who erased what, without content."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from handoff.agents import service as agents
from handoff.callbacks.models import CallbackRequest
from handoff.conversation.models import Conversation, Message, Transition
from handoff.feedback.models import AnswerRating, SatisfactionRating
from handoff.inbox.models import InboxDecision
from handoff.studio.models import ContentUpdateNote
from handoff.transcripts.models import Note
from handoff.db import utcnow


async def _delete_children(session: AsyncSession, ids: list) -> None:
    # Explicit deletes as well as ON DELETE CASCADE: SQLite enforces foreign keys only per connection.
    for model in (SatisfactionRating, AnswerRating, InboxDecision, Message, Transition, Note, CallbackRequest, ContentUpdateNote):
        await session.execute(delete(model).where(model.conversation_id.in_(ids)))


async def purge(session: AsyncSession, *, older_than_days: int, now: dt.datetime | None = None) -> int:
    """Delete conversations not touched for ``older_than_days`` days; return how many."""
    cutoff = (now or utcnow()) - dt.timedelta(days=older_than_days)
    ids = list((await session.execute(select(Conversation.id).where(Conversation.updated_at < cutoff))).scalars())
    if ids:
        await _delete_children(session, ids)
        await session.execute(delete(Conversation).where(Conversation.id.in_(ids)))
        for conversation_id in ids:
            await agents.audit(session, agent_id=None, action="conversation.expired", conversation_id=conversation_id)
    return len(ids)


async def erase(session: AsyncSession, *, conversation_id: str, agent_id: int | None = None) -> bool:
    """Delete one conversation on request; return False when it did not exist."""
    exists = await session.scalar(select(Conversation.id).where(Conversation.id == conversation_id))
    if exists is None:
        return False
    await _delete_children(session, [conversation_id])
    await session.execute(delete(Conversation).where(Conversation.id == conversation_id))
    await agents.audit(session, agent_id=agent_id, action="conversation.erased", conversation_id=conversation_id)
    return True
