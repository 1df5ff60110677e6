"""New intents proposed in the review inbox (action ``new_intent`` of ``handoff.inbox.decide``), and
how the intent editor adopts one: when a comms editor or approver makes the intent (with its
answer, ``answers.create_intent``) from a proposal, the proposal's messages become its examples.

A proposal is the set of inbox decisions ``new_intent`` with the same proposed name. Adopting it
(in the caller's transaction, right after the intent was made):

* its decisions become ``moved`` to the new intent first (so a second adoption at the same moment
  finds nothing: ``LookupError``), and the proposal leaves the inbox's list;
* each message's (redacted) text is added to the new intent (``store.add_examples``, source
  ``inbox``); one the intent has already counts as done;
* a text the store refuses (another intent has it, ...) is not lost: its decision is removed, so
  the message is back in the inbox, and the refusal is returned for the editor to show;
* one entry in the studio's trail (``content_audit``, ``inbox.adopted``: the proposal, the intent,
  how many added and returned, no text) and one per conversation in the audit log.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Dict, List, Optional

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from handoff.agents import service as agents
from handoff.agents.models import Agent
from handoff.conversation.models import Message
from handoff.inbox.models import InboxDecision
from handoff.intents import store
from handoff.studio.models import ContentAudit


async def _rows(session: AsyncSession, name: Optional[str] = None) -> list:
    query = (select(InboxDecision.id, InboxDecision.intent, InboxDecision.language, InboxDecision.message_id,
                    InboxDecision.conversation_id, Message.text)
             .join(Message, Message.id == InboxDecision.message_id)
             .where(InboxDecision.action == "new_intent").order_by(InboxDecision.id))
    if name is not None:
        query = query.where(InboxDecision.intent == name)
    return list((await session.execute(query)).all())


async def open_proposals(session: AsyncSession) -> Dict[str, Dict[str, List[str]]]:
    """Every proposal not adopted yet with its texts per language: ``{name: {language: [text]}}``,
    oldest first."""
    found: Dict[str, Dict[str, List[str]]] = defaultdict(lambda: defaultdict(list))
    for _id, name, language, _message, _conversation, text in await _rows(session):
        found[name][language].append(text)
    return {name: dict(texts) for name, texts in found.items()}


async def proposal(session: AsyncSession, name: str) -> Optional[Dict[str, object]]:
    """The proposal ``name``: ``{"name", "messages": [{"message_id", "language", "text"}]}``, or
    None when there is none (never proposed, or adopted meanwhile)."""
    rows = await _rows(session, name)
    if not rows:
        return None
    return {"name": name, "messages": [{"message_id": message_id, "language": language, "text": text}
                                       for _id, _name, language, message_id, _conversation, text in rows]}


async def adopt(session: AsyncSession, *, agent: Agent, name: str, intent: str) -> Dict[str, object]:
    """Make the messages of proposal ``name`` examples of the (just made) intent ``intent``; see the
    module doc. The caller commits (together with the intent).

    Returns:
        ``{"added": n, "refused": [{"message_id", "language", "text", "reason", "intent"}]}``
        (``reason`` a ``store.ExampleRejected`` reason; ``intent`` the intent that has the text, if any).
    Raises:
        LookupError: there is no such proposal (never made, or adopted meanwhile).
    """
    rows = await _rows(session, name)
    if not rows:
        raise LookupError(name)
    # Claim the proposal first: a second adoption at the same moment waits for this transaction
    # (PostgreSQL's row locks, SQLite's one writer) and then finds nothing left to claim.
    claimed = await session.execute(update(InboxDecision).where(
        InboxDecision.id.in_([row[0] for row in rows]), InboxDecision.action == "new_intent")
        .values(action="moved", intent=intent, agent_id=agent.id).execution_options(synchronize_session=False))
    if claimed.rowcount != len(rows):
        raise LookupError(name)
    done: List[int] = []
    refused: List[Dict[str, object]] = []
    for decision_id, _name, language, message_id, _conversation, text in rows:
        try:
            await store.add_examples(session, intent=intent, language=language, texts=[text],
                                     actor=agent.username, source="inbox")
        except store.ExampleRejected as rejected:
            if rejected.reason != "duplicate":
                held = await store.holder(session, language, rejected.text) if rejected.reason == "in_other_intent" \
                    else None
                refused.append({"message_id": message_id, "language": language, "text": text,
                                "reason": rejected.reason, "intent": held[1] if held else None})
                continue
        done.append(decision_id)
    back = [row[0] for row in rows if row[0] not in done]
    if back:
        await session.execute(delete(InboxDecision).where(InboxDecision.id.in_(back)))
    session.add(ContentAudit(agent_id=agent.id, action="inbox.adopted",
                             note=f"proposal {name} -> {intent}: {len(done)} message(s) added, "
                                  f"{len(back)} back in the inbox"))
    for conversation_id in sorted({row[4] for row in rows}):
        await agents.audit(session, agent_id=agent.id, action="inbox.adopted", conversation_id=conversation_id)
    await session.flush()
    return {"added": len(done), "refused": refused}
