"""What is in the review inbox: customer messages the bot classified that need a look, without a
decision yet, grouped by similarity (``handoff.inbox.similar``).

A typed customer message (not a button click) is in the inbox for any of these ``reasons``:

* ``unclear``: the bot was unsure (``nlu_fallback``) and asked the customer to clarify;
* ``handed_off``: it is the customer's last classified message before the conversation went to
  the queue, unless the bot understood it as a request for a person (``request_human``);
* ``unhelpful``: the customer rated the bot's answer to it "not helpful";
* ``repeated``: the customer asked the same topic (intent) again in the conversation (small talk,
  yes/no and the like do not count).

Only redacted text is stored and shown. Retention and erasure delete the messages, and with them
the inbox items and their decisions.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handoff.conversation.models import Conversation, Message, Transition
from handoff.conversation.service import aware
from handoff.conversation.states import State
from handoff.feedback.models import AnswerRating
from handoff.inbox import similar
from handoff.inbox.models import InboxDecision

FALLBACK = "nlu_fallback"
REASONS = ("unclear", "handed_off", "unhelpful", "repeated")
# Intents a customer naturally says more than once: asking them again is no sign of a poor answer.
NOT_A_TOPIC = frozenset({"greet", "goodbye", "thanks", "affirm", "deny", FALLBACK, "request_human",
                         "provide_notice_code", "switch_language", "bot_challenge", "frustration", "out_of_scope"})
WINDOW = 5000  # the newest classified customer messages looked at (the inbox is reviewed, not archived)
SHOWN = 500  # the newest open items listed (and grouped) at once; deciding them brings the next
CHUNK = 500


@dataclass
class Item:
    """One customer message in the inbox."""

    message_id: int
    conversation_id: str
    seq: int
    text: str
    language: str
    intent: Optional[str]
    confidence: Optional[float]
    ranking: List[Dict[str, Any]]
    created_at: Optional[dt.datetime]
    reasons: List[str] = field(default_factory=list)

    def top_guess(self) -> Optional[str]:
        """The intent the bot thought likeliest (its real guess when it fell back)."""
        if self.intent and self.intent != FALLBACK:
            return self.intent
        return self.ranking[0]["name"] if self.ranking else None

    def view(self) -> Dict[str, Any]:
        return {"message_id": self.message_id, "conversation_id": self.conversation_id, "seq": self.seq,
                "text": self.text, "language": self.language, "intent": self.intent,
                "confidence": self.confidence, "ranking": self.ranking, "reasons": self.reasons,
                "top_guess": self.top_guess(),
                "created_at": self.created_at.isoformat() if self.created_at else None}


def _ranking(value: Any) -> List[Dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [{"name": str(guess["name"]), "confidence": float(guess.get("confidence") or 0.0)}
            for guess in value if isinstance(guess, dict) and guess.get("name")]


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


async def _classified(session: AsyncSession, conversation_ids: Optional[Sequence[str]]) -> List[Any]:
    """Typed, classified customer messages (newest first), with their conversation's language and
    whether they were decided."""
    statement = (select(Message.id, Message.conversation_id, Message.seq, Message.text, Message.intent,
                        Message.intent_confidence, Message.intent_ranking, Message.created_at,
                        Conversation.language, InboxDecision.id.label("decided"))
                 .join(Conversation, Conversation.id == Message.conversation_id)
                 .outerjoin(InboxDecision, InboxDecision.message_id == Message.id)
                 .where(Message.sender == "customer", Message.intent.is_not(None), Message.payload.is_(None))
                 .order_by(Message.id.desc()))
    if conversation_ids is None:
        return list(await session.execute(statement.limit(WINDOW)))
    rows: List[Any] = []
    for chunk in _chunks(list(conversation_ids)):
        rows += list(await session.execute(statement.where(Message.conversation_id.in_(chunk))))
    return sorted(rows, key=lambda row: row.id, reverse=True)


async def _handoff_times(session: AsyncSession, conversation_ids: Sequence[str]) -> Dict[str, List[dt.datetime]]:
    times: Dict[str, List[dt.datetime]] = defaultdict(list)
    for chunk in _chunks(list(conversation_ids)):
        for conversation_id, at in await session.execute(
                select(Transition.conversation_id, Transition.created_at).where(
                    Transition.conversation_id.in_(chunk), Transition.to_state == State.waiting.value)):
            times[conversation_id].append(aware(at))
    return times


async def _unhelpful_answers(session: AsyncSession, conversation_ids: Sequence[str]) -> Dict[str, List[int]]:
    """conversation id -> the seqs of bot answers rated not helpful."""
    found: Dict[str, List[int]] = defaultdict(list)
    for chunk in _chunks(list(conversation_ids)):
        for conversation_id, seq in await session.execute(
                select(AnswerRating.conversation_id, Message.seq).join(Message, Message.id == AnswerRating.message_id)
                .where(AnswerRating.conversation_id.in_(chunk), AnswerRating.helpful.is_(False))):
            found[conversation_id].append(seq)
    return found


def _flag(rows: List[Any], handoffs: Dict[str, List[dt.datetime]], unhelpful: Dict[str, List[int]]) -> List[Item]:
    """The items with their reasons, newest first (decided messages count for "repeated" only)."""
    by_conversation: Dict[str, List[Any]] = defaultdict(list)
    for row in rows:
        by_conversation[row.conversation_id].append(row)
    items: Dict[int, Item] = {}
    for conversation_id, messages in by_conversation.items():
        messages.sort(key=lambda row: row.seq)
        reasons: Dict[int, List[str]] = defaultdict(list)
        seen = set()
        for row in messages:
            if row.intent == FALLBACK:
                reasons[row.id].append("unclear")
            if row.intent in seen and row.intent not in NOT_A_TOPIC:
                reasons[row.id].append("repeated")
            seen.add(row.intent)
        for at in handoffs.get(conversation_id, []):
            before = [row for row in messages if row.created_at is not None and aware(row.created_at) <= at]
            if before and before[-1].intent != "request_human":
                reasons[before[-1].id].append("handed_off")
        for answer_seq in unhelpful.get(conversation_id, []):
            before = [row for row in messages if row.seq < answer_seq]
            if before:
                reasons[before[-1].id].append("unhelpful")
        for row in messages:
            if reasons.get(row.id) and row.decided is None:
                items[row.id] = Item(row.id, row.conversation_id, row.seq, row.text, row.language, row.intent,
                                     row.intent_confidence, _ranking(row.intent_ranking), aware(row.created_at),
                                     sorted(set(reasons[row.id]), key=REASONS.index))
    return sorted(items.values(), key=lambda item: item.message_id, reverse=True)


async def open_items(session: AsyncSession, *, conversation_ids: Optional[Sequence[str]] = None) -> List[Item]:
    """The messages in the inbox (newest first), of the newest ``WINDOW`` classified customer
    messages, or of the given conversations only."""
    rows = await _classified(session, conversation_ids)
    ids = sorted({row.conversation_id for row in rows})
    if conversation_ids is None and rows:
        # The conversations' earlier messages count for "repeated" and "handed off" too.
        rows = await _classified(session, ids)
    return _flag(rows, await _handoff_times(session, ids), await _unhelpful_answers(session, ids))


def guesses(items: Sequence[Item], count: int = 3) -> List[Dict[str, Any]]:
    """The bot's likeliest intents for a group: mean confidence over its messages (an intent not in
    a message's top 3 counts 0 there), best ``count`` first."""
    total: Dict[str, float] = defaultdict(float)
    for item in items:
        for guess in item.ranking:
            total[guess["name"]] += guess["confidence"]
    ranked = sorted(total.items(), key=lambda pair: (-pair[1], pair[0]))[:count]
    return [{"name": name, "confidence": round(value / len(items), 4)} for name, value in ranked]


def groups(items: Sequence[Item]) -> List[Dict[str, Any]]:
    """The items grouped by similarity: ``[{"id", "language", "count", "reasons", "guesses", "items"}]``,
    the largest groups first, then the newest."""
    found = similar.group(items[:SHOWN], text=lambda item: item.text, language=lambda item: item.language)
    views = [{"id": members[0].message_id, "language": members[0].language, "count": len(members),
              "reasons": [reason for reason in REASONS if any(reason in item.reasons for item in members)],
              "guesses": guesses(members), "items": [item.view() for item in members]} for members in found]
    return sorted(views, key=lambda view: (-view["count"], -view["id"]))


async def in_inbox(session: AsyncSession, conversation_id: str) -> bool:
    """Whether a conversation has a message in the inbox or decided there (its transcript may then
    be read from the inbox)."""
    if await session.scalar(select(InboxDecision.id).where(InboxDecision.conversation_id == conversation_id).limit(1)):
        return True
    return bool(await open_items(session, conversation_ids=[conversation_id]))
