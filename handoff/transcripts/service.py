"""Transcript use cases. Every reading by an agent is written to the audit log."""
from __future__ import annotations

import re
from typing import Any, Dict, List

from sqlalchemy import select

import contract

from handoff.agents import service as agents
from handoff.callbacks import service as callbacks
from handoff.conversation import service as conversations
from handoff.conversation.presenters import message_view
from handoff.deps import Deps
from handoff.queue.routing import previous_agent
from handoff.queue.service import entry
from handoff.transcripts.models import Note

MAX_NOTE_CHARS = 10_000
_PLACEHOLDER = re.compile(r"<([A-Z_]{2,32})>")


def readable(text: str, language: str) -> str:
    """``text`` with redaction placeholders (``<IBAN>``) replaced by the contract's labels
    (``[IBAN removed]``), for clients that show text as it is."""
    return _PLACEHOLDER.sub(lambda match: contract.redaction_label(match.group(1), language), text)


def _sender(deps: Deps, view: Dict[str, Any], language: str) -> str:
    if view["sender"] == "agent":
        name = view.get("agent_name")
        return deps.content.say("transcript_agent", language, name=name) if name else \
            deps.content.say("transcript_team", language)
    return deps.content.say(f"transcript_{view['sender']}", language)


async def for_customer(deps: Deps, *, conversation_id: str, language: str) -> str:
    """The customer's own conversation as plain text for download: a heading, then one line per
    message (``[2026-12-02 09:01 UTC] You: ...``), personal data as it was stored, i.e. as readable
    placeholders (``[IBAN removed]``). Only the customer's session token leads here."""
    lines = [deps.content.say("transcript_title", language), deps.content.say("transcript_note", language), ""]
    async with deps.sessions() as session:
        messages = await conversations.messages_after(session, conversation_id=conversation_id)
    for message in messages:
        view = message_view(message)
        stamp = f"[{conversations.aware(message.created_at):%Y-%m-%d %H:%M} UTC] "
        lines.append(f"{stamp}{_sender(deps, view, language)}: {readable(view['text'], language)}")
    return "\n".join(lines) + "\n"


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
    ``callback_phone`` and ``callback_email`` (of an open callback request, else None), and
    ``handled_before`` (``{agent_id, name}`` of the agent who handled the customer before this stay,
    ``handoff.queue.routing``; or None).

    Raises:
        conversation.service.NotFound: no such conversation.
    """
    async with deps.transaction() as session:
        conversation = await conversations.get(session, conversation_id=conversation_id)
        messages = await conversations.messages_after(session, conversation_id=conversation_id)
        notes = list((await session.execute(select(Note).where(Note.conversation_id == conversation_id)
                                            .order_by(Note.id))).scalars())
        transitions = await conversations.transitions_of(session, conversation_id=conversation_id)
        contact = await callbacks.open_contact(session, conversation_id=conversation_id)
        previous = await previous_agent(session, conversation=conversation)
        await agents.audit(session, agent_id=agent_id, action="transcript.opened", conversation_id=conversation_id)
    return {
        **entry(conversation),
        "agent_id": conversation.agent_id,
        "messages": [message_view(m) for m in messages],
        "notes": [note_view(n) for n in notes],
        "transitions": [{"from": t.from_state, "to": t.to_state, "actor": t.actor, "reason": t.reason,
                         "at": conversations.aware(t.created_at).isoformat()} for t in transitions],
        "callback_phone": contact["phone"],
        "callback_email": contact["email"],
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
