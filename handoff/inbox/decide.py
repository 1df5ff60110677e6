"""The inbox's actions on one or many messages, each audited:

* ``confirm``: the bot's top guess was right: the text becomes an example of that intent;
* ``move``: the text becomes an example of the intent chosen (``handoff.intents.add_examples``);
* ``new_intent``: the messages are kept as the examples of a proposed new intent (a valid name no
  intent has yet); the intent editor makes the intent with its answer (``proposals``);
* ``ignore``: the message leaves the inbox for good.

Who (one place for these rules): annotators and the comms roles decide; supervisors only read.
A text the examples store refuses because another intent has it already stays in the inbox with the
reason; one that is already an example of the chosen intent counts as done.

Audit: one entry in the studio's trail (``content_audit``: action ``inbox.<action>``, the intent and
how many messages, no text) and one per conversation in the audit log (``audit_log``, which outlives
an erasure and holds no content).
"""
from __future__ import annotations

import contract
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handoff.inbox import examples
from handoff.agents import service as agents
from handoff.agents.models import Agent
from handoff.conversation.models import Message
from handoff.conversation.service import aware
from handoff.inbox.models import InboxDecision
from handoff.inbox.query import Item, open_items
from handoff.intents import proposals as intent_proposals
from handoff.studio.models import ContentAudit

READERS = contract.studio_page_roles("inbox")
DECIDERS = frozenset({"annotator", "comms_editor", "approver"})
ACTIONS = {"confirm": "confirmed", "move": "moved", "new_intent": "new_intent", "ignore": "ignored"}
INTENT_NAME = re.compile(r"^[a-z][a-z0-9_]{2,47}$")
RESERVED = frozenset({"nlu_fallback", "out_of_scope", "restart", "session_start", "back"})
MAX_MESSAGES = 500  # one bulk action


class Forbidden(Exception):
    """The user's role may not decide (403)."""


class Invalid(ValueError):
    """The request does not make sense (422): ``code`` names why (a text key of the studio API)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Outcome:
    """What a decision did: the message ids decided, and those left open with the reason."""

    decided: List[int] = field(default_factory=list)
    refused: List[Dict[str, object]] = field(default_factory=list)


def check_new_name(name: object, existing: Sequence[str]) -> str:
    """A proposed intent name: lower case letters, digits and _, 3-48 characters, starting with a
    letter, not an intent already, not one of Rasa's own. Raises Invalid."""
    if not isinstance(name, str) or not INTENT_NAME.match(name):
        raise Invalid("inbox_bad_intent_name")
    if name in existing or name in RESERVED:
        raise Invalid("inbox_intent_exists")
    return name


async def decide(session: AsyncSession, *, agent: Agent, message_ids: Sequence[int], action: str,
                 intent: Optional[str] = None) -> Outcome:
    """Apply ``action`` (``confirm``, ``move``, ``new_intent``, ``ignore``) to the inbox messages
    ``message_ids`` (``intent``: the target of ``move``, the name for ``new_intent``). The caller
    commits.

    Raises:
        Forbidden: the user may only read. Invalid: unknown action or intent, a bad name, no or too
        many messages, or a message that is not (or no longer) in the inbox (``inbox_gone``).
    """
    if agent.role not in DECIDERS:
        raise Forbidden(agent.role)
    if action not in ACTIONS:
        raise Invalid("inbox_bad_action")
    if not message_ids or len(message_ids) > MAX_MESSAGES or len(set(message_ids)) != len(message_ids):
        raise Invalid("inbox_bad_selection")
    names = await examples.intent_names(session) if action != "ignore" else []
    if action == "move" and intent not in names:
        raise Invalid("inbox_unknown_intent")
    if action == "new_intent":
        intent = check_new_name(intent, names)
    items = await _items(session, message_ids)
    outcome = Outcome()
    targets: Dict[int, Optional[str]] = {}
    for item in items:
        target = intent if action in ("move", "new_intent") else item.top_guess() if action == "confirm" else None
        if action == "confirm" and target not in names:
            outcome.refused.append({"message_id": item.message_id, "reason": "no_guess"})
            continue
        if action in ("confirm", "move"):
            refused = await _add_example(session, agent, item, target)
            if refused:
                outcome.refused.append({"message_id": item.message_id, "reason": refused})
                continue
        targets[item.message_id] = target
    decided = [item for item in items if item.message_id in targets]
    for item in decided:
        session.add(InboxDecision(message_id=item.message_id, conversation_id=item.conversation_id,
                                  action=ACTIONS[action], intent=targets[item.message_id], language=item.language,
                                  agent_id=agent.id))
        outcome.decided.append(item.message_id)
    if decided:
        await _audit(session, agent, action, decided, targets)
    await session.flush()
    return outcome


async def _items(session: AsyncSession, message_ids: Sequence[int]) -> List[Item]:
    """The inbox items ``message_ids`` (Invalid ``inbox_gone`` when one is not in the inbox)."""
    conversation_ids = list(await session.scalars(
        select(Message.conversation_id).where(Message.id.in_(list(message_ids))).distinct()))
    found = {item.message_id: item for item in await open_items(session, conversation_ids=conversation_ids)}
    if any(message_id not in found for message_id in message_ids):
        raise Invalid("inbox_gone")
    return [found[message_id] for message_id in message_ids]


async def _add_example(session: AsyncSession, agent: Agent, item: Item, intent: str) -> Optional[str]:
    """Add the item's text to ``intent``; None when done (or already there), else the refusal."""
    return await examples.add(session, intent=intent, language=item.language, text=item.text,
                              actor=agent.username)


async def _audit(session: AsyncSession, agent: Agent, action: str, decided: List[Item],
                 targets: Dict[int, Optional[str]]) -> None:
    per_intent: Dict[Optional[str], int] = defaultdict(int)
    for item in decided:
        per_intent[targets[item.message_id]] += 1
    for target, count in per_intent.items():
        session.add(ContentAudit(agent_id=agent.id, action=f"inbox.{ACTIONS[action]}",
                                 note=f"{count} message(s)" + (f" -> {target}" if target else "")))
    for conversation_id in sorted({item.conversation_id for item in decided}):
        await agents.audit(session, agent_id=agent.id, action=f"inbox.{ACTIONS[action]}",
                           conversation_id=conversation_id)


async def activity(session: AsyncSession, limit: int = 50) -> List[Dict[str, object]]:
    """The newest inbox decisions of the studio's audit trail: ``[{"at", "who", "action", "note"}]``."""
    rows = await session.execute(
        select(ContentAudit.created_at, Agent.username, ContentAudit.action, ContentAudit.note)
        .outerjoin(Agent, Agent.id == ContentAudit.agent_id)
        .where(ContentAudit.action.like("inbox.%")).order_by(ContentAudit.id.desc()).limit(limit))
    return [{"at": aware(at).isoformat(), "who": who, "action": action.split(".", 1)[1], "note": note}
            for at, who, action, note in rows]


async def proposals(session: AsyncSession) -> Dict[str, Dict[str, List[str]]]:
    """The proposed new intents not made yet with their example texts per language:
    ``{name: {language: [text]}}`` (the intent editor makes the intent from one, with its answer:
    ``handoff.intents.proposals``)."""
    return await intent_proposals.open_proposals(session)
