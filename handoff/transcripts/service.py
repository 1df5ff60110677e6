"""Transcript use cases. Every reading by an agent is written to the audit log."""
from __future__ import annotations

from typing import Any, Dict, List

from sqlalchemy import select

from handoff.agents import service as agents
from handoff.callbacks import service as callbacks
from handoff.conversation import service as conversations
from handoff.conversation.presenters import message_view
from handoff.deps import Deps
from handoff.queue.routing import previous_agent
from handoff.queue.service import entry
from handoff.transcripts.models import Note

MAX_NOTE_CHARS = 10_000


async def history(deps: Deps, *, conversation_id: str, after_seq: int = 0) -> List[Dict[str, Any]]:
    """Messages after ``after_seq`` as clients see them (catch-up after a reconnect)."""
    async with deps.sessions() as session:
        return [message_view(m) for m in
                await conversations.messages_after(session, conversation_id=conversation_id, after_seq=after_seq)]


async def history_for_agent(deps: Deps, *, agent_id: int, conversation_id: str,
                            after_seq: int = 0) -> List[Dict[str, Any]]:
    """Like :func:`history`, for an agent: the reading is written to the audit log.

    Raises:
        conversation.service.NotFound: no such conversation.
    """
    async with deps.transaction() as session:
        await conversations.get(session, conversation_id=conversation_id)
        await agents.audit(session, agent_id=agent_id, action="transcript.opened", conversation_id=conversation_id)
        messages = await conversations.messages_after(session, conversation_id=conversation_id, after_seq=after_seq)
    return [message_view(m) for m in messages]


def note_view(note: Note) -> Dict[str, Any]:
    """A note as the console shows it."""
    created = conversations.aware(note.created_at)
    return {"id": note.id, "agent_id": note.agent_id, "text": note.text,
            "created_at": created.isoformat() if created else None}


async def transcript(deps: Deps, *, agent_id: int, conversation_id: str) -> Dict[str, Any]:
    """Everything an agent needs about a conversation; the opening is written to the audit log.

    Returns the queue entry plus ``agent_id``, ``messages``, ``notes``, ``transitions``,
    ``callback_phone`` and ``handled_before`` (``{agent_id, name}`` of the agent who handled the
    customer before this stay, ``handoff.queue.routing``; or None).

    Raises:
        conversation.service.NotFound: no such conversation.
    """
    async with deps.transaction() as session:
        conversation = await conversations.get(session, conversation_id=conversation_id)
        messages = await conversations.messages_after(session, conversation_id=conversation_id)
        notes = list((await session.execute(select(Note).where(Note.conversation_id == conversation_id)
                                            .order_by(Note.id))).scalars())
        transitions = await conversations.transitions_of(session, conversation_id=conversation_id)
        phone = await callbacks.open_phone(session, conversation_id=conversation_id)
        previous = await previous_agent(session, conversation=conversation)
        await agents.audit(session, agent_id=agent_id, action="transcript.opened", conversation_id=conversation_id)
    return {
        **entry(conversation),
        "agent_id": conversation.agent_id,
        "messages": [message_view(m) for m in messages],
        "notes": [note_view(n) for n in notes],
        "transitions": [{"from": t.from_state, "to": t.to_state, "actor": t.actor, "reason": t.reason,
                         "at": conversations.aware(t.created_at).isoformat()} for t in transitions],
        "callback_phone": phone,
        "handled_before": {"agent_id": previous.id, "name": previous.display_name} if previous else None,
    }


async def add_note(deps: Deps, *, agent_id: int, conversation_id: str, text: str) -> Note:
    """Store a private note (at most 10,000 characters kept, personal data redacted); never sent to
    the customer.

    Raises:
        conversation.service.NotFound: no such conversation.
    """
    async with deps.transaction() as session:
        conversation = await conversations.get(session, conversation_id=conversation_id)
        redacted = deps.redactor.redact(text[:MAX_NOTE_CHARS], conversation.language).text
        note = Note(conversation_id=conversation_id, agent_id=agent_id, text=redacted)
        session.add(note)
    await deps.notifier.to_watchers(conversation_id, "note.created",
                                    {"conversation_id": conversation_id, "note": note_view(note)})
    return note
