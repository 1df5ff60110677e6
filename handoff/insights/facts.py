"""What the insights count, one record per conversation started in the period, read from the rows
retention and erasure delete (``handoff.retention``): conversations, their messages, transitions and
ratings. Nothing is copied or kept elsewhere, so a purged conversation leaves every number at once.

Only conversations in which the customer wrote at least one message count (opening the widget
creates a conversation; that is no conversation yet).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from typing import Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handoff.conversation.models import Conversation, Message, Transition
from handoff.conversation.service import aware
from handoff.conversation.states import State
from handoff.feedback.models import AnswerRating, SatisfactionRating
from handoff.insights.period import Period

FALLBACK_INTENT = "nlu_fallback"
_CHUNK = 500  # conversation ids per IN (...) list: within every database's parameter limit


@dataclasses.dataclass
class Fact:
    """One conversation as the insights see it.

    ``handoff_reason``: the conversation's handoff reason, None when it never went to a person's queue
    (contained). ``topics``: customer messages per intent. ``unclear``: customer messages the bot did
    not understand (:func:`is_unclear`). ``scores``: the
    satisfaction ratings (1-5) after a person. ``helpful``/``unhelpful``: the customer's ratings of
    bot answers. ``waits``: seconds from entering the queue to a person's claim, per claim.
    """

    id: str
    started_at: dt.datetime
    language: str
    state: str
    handoff_reason: Optional[str] = None
    topics: Counter = dataclasses.field(default_factory=Counter)
    unclear: int = 0
    scores: List[int] = dataclasses.field(default_factory=list)
    helpful: int = 0
    unhelpful: int = 0
    waits: List[float] = dataclasses.field(default_factory=list)

    @property
    def day(self) -> dt.date:
        """The UTC day the conversation started."""
        return self.started_at.date()


def is_unclear(intent: Optional[str]) -> bool:
    """Whether the bot did not understand a customer message: it fell back (``nlu_fallback``, below its
    confidence threshold or between two intents) and asked a clarifying question; the review inbox
    (``handoff.inbox.query``, reason ``unclear``) uses the same rule."""
    return intent == FALLBACK_INTENT


async def load(session: AsyncSession, chosen: Period) -> Dict[str, Fact]:
    """The facts of every conversation started in ``chosen`` with a customer message, by id."""
    rows = await session.execute(
        select(Conversation.id, Conversation.created_at, Conversation.language, Conversation.state,
               Conversation.handoff_reason)
        .where(Conversation.created_at >= chosen.start, Conversation.created_at < chosen.end))
    facts = {row.id: Fact(id=row.id, started_at=aware(row.created_at), language=row.language, state=row.state,
                          handoff_reason=row.handoff_reason) for row in rows}
    spoke: set = set()
    ids = list(facts)
    for index in range(0, len(ids), _CHUNK):
        chunk = ids[index:index + _CHUNK]
        spoke |= await _messages(session, facts, chunk)
        await _transitions(session, facts, chunk)
        await _ratings(session, facts, chunk)
    return {key: fact for key, fact in facts.items() if key in spoke}


async def _messages(session: AsyncSession, facts: Dict[str, Fact], ids: List[str]) -> set:
    """Count topics and unclear messages; return the ids of conversations where the customer wrote."""
    spoke = set()
    result = await session.execute(select(Message.conversation_id, Message.intent)
                                   .where(Message.conversation_id.in_(ids), Message.sender == "customer"))
    for conversation_id, intent in result:
        spoke.add(conversation_id)
        if is_unclear(intent):
            facts[conversation_id].unclear += 1
        elif intent:
            facts[conversation_id].topics[intent] += 1
    return spoke


async def _transitions(session: AsyncSession, facts: Dict[str, Fact], ids: List[str]) -> None:
    """Waits: from each entry into the queue to the claim that ended it."""
    result = await session.execute(
        select(Transition.conversation_id, Transition.from_state, Transition.to_state, Transition.created_at)
        .where(Transition.conversation_id.in_(ids),
               Transition.to_state.in_((State.waiting.value, State.agent.value)))
        .order_by(Transition.conversation_id, Transition.id))
    entered: Dict[str, dt.datetime] = {}
    for conversation_id, from_state, to_state, created_at in result:
        if to_state == State.waiting.value:
            entered[conversation_id] = aware(created_at)
        elif from_state == State.waiting.value and conversation_id in entered:
            facts[conversation_id].waits.append((aware(created_at) - entered.pop(conversation_id)).total_seconds())


async def _ratings(session: AsyncSession, facts: Dict[str, Fact], ids: List[str]) -> None:
    result = await session.execute(select(SatisfactionRating.conversation_id, SatisfactionRating.score)
                                   .where(SatisfactionRating.conversation_id.in_(ids)))
    for conversation_id, score in result:
        facts[conversation_id].scores.append(score)
    await _answer_ratings(session, facts, ids)


async def _answer_ratings(session: AsyncSession, facts: Dict[str, Fact], ids: List[str]) -> None:
    """The customers' "Was this helpful?" answers to the bot's answers."""
    result = await session.execute(select(AnswerRating.conversation_id, AnswerRating.helpful)
                                   .where(AnswerRating.conversation_id.in_(ids)))
    for conversation_id, helpful in result:
        if helpful:
            facts[conversation_id].helpful += 1
        else:
            facts[conversation_id].unhelpful += 1
