"""Queue use cases: enter the queue, list it, estimate waits, tell waiting customers where they are."""
from __future__ import annotations

import math
import statistics
from datetime import timedelta
from typing import Any, Dict, List, Optional

from sqlalchemy import select

import contract
from handoff.agents import service as agents
from handoff.content.store import hotline_open
from handoff.conversation import service as conversations
from handoff.conversation.models import Conversation, Message
from handoff.conversation.service import Conflict
from handoff.conversation.states import State
from handoff.db import utcnow
from handoff.deps import Deps
from handoff.messaging.service import push

ESTIMATE_WINDOW = timedelta(hours=24)
MIN_WAITS_FOR_ESTIMATE = 3  # fewer real waits than this give no estimate rather than an invented one


async def enter(deps: Deps, *, conversation_id: str, handoff: Dict[str, Any], actor: str) -> List[Message]:
    """Move the conversation from the bot to the queue, keeping the reason and the intent guesses.

    ``handoff`` is the bot's handoff payload (docs/handoff-contract.md); an unknown reason becomes the
    contract's fallback. Returns the messages the customer was sent about it (empty when the
    conversation was not with the bot any more).
    """
    language = handoff.get("language") if handoff.get("language") in contract.languages() else None
    reason = contract.handoff_reason(handoff.get("reason"))
    ranking = handoff.get("intent_ranking") if isinstance(handoff.get("intent_ranking"), list) else None
    published: List[Message] = []
    try:
        async with deps.transaction(published) as session:
            await conversations.transition(
                session, conversation_id=conversation_id, expected={State.bot}, new=State.waiting,
                actor=actor, reason=reason, handoff_reason=reason, intent_ranking=ranking,
                **({"language": language} if language else {}))
    except Conflict:
        return []  # already with a person
    return published


def entry(conversation: Conversation) -> Dict[str, Any]:
    """A queue item as the agent console shows it (no message texts)."""
    waiting_since = conversations.aware(conversation.waiting_since)
    return {"conversation_id": conversation.id, "language": conversation.language,
            "reason": conversation.handoff_reason, "intent_ranking": conversation.intent_ranking,
            "waiting_since": waiting_since.isoformat() if waiting_since else None,
            "state": conversation.state}


async def median_wait_seconds(deps: Deps) -> Optional[float]:
    """Median of the real waits (queue to claim) of the last 24 hours; None with fewer than 3."""
    async with deps.sessions() as session:
        # Real claim times, not deps.clock (which tests pin to office hours for the hotline).
        waits = await conversations.recent_waits(session, since=utcnow() - ESTIMATE_WINDOW)
    return statistics.median(waits) if len(waits) >= MIN_WAITS_FOR_ESTIMATE else None


async def estimated_wait_seconds(deps: Deps, position: int) -> Optional[float]:
    """The median real wait times ``position``; None without enough real waits."""
    median = await median_wait_seconds(deps)
    return None if median is None else median * position


# What a waiting customer is told, per situation: ``queued`` (someone from the team is available and
# it is within the team's hours), ``outside_hours`` (someone is available, but the team's hours are
# over) or ``nobody`` (no agent available). The last two come with the choices.
SITUATION_PHRASES = {"outside_hours": "waiting_outside_hours", "nobody": "waiting_nobody"}


async def situation(deps: Deps) -> str:
    """The waiting customers' situation now: ``queued``, ``outside_hours`` or ``nobody``."""
    async with deps.sessions() as session:
        available = await agents.available_count(session)
    if available and hotline_open(deps.content.hotline(), deps.clock()):
        return "queued"
    return "outside_hours" if available else "nobody"


def waiting_text(deps: Deps, situation_now: str, language: str, position: int,
                 estimate: Optional[float]) -> str:
    """The one message that tells a waiting customer where they stand in ``situation_now``."""
    if situation_now == "queued":
        return deps.content.say("queue_position", language, position=position) + " " + (
            deps.content.say("queue_estimate", language, minutes=max(1, math.ceil(estimate / 60)))
            if estimate is not None else deps.content.say("queue_no_estimate", language))
    hotline = deps.content.hotline()
    return deps.content.say(SITUATION_PHRASES[situation_now], language, phone=hotline.phone if hotline else "-",
                            hours=hotline.hours.get(language) if hotline else "")


def choices(situation_now: str, language: str) -> List[Dict[str, str]]:
    """The buttons of the situation: none while someone is coming, else a call back, an e-mail
    back, or going on with the assistant."""
    if situation_now == "queued":
        return []
    return [contract.button(name, language) for name in ("callback", "email", "continue_with_bot")]


async def _last_told(session, conversations_: List[Conversation]) -> Dict[str, str]:
    """The situation each conversation was last told about in this wait (none before its latest claim)."""
    told: Dict[str, str] = {}
    if not conversations_:
        return told
    claimed = {c.id: conversations.aware(c.claimed_at) for c in conversations_}
    result = await session.execute(
        select(Message.conversation_id, Message.payload, Message.created_at)
        .where(Message.conversation_id.in_(list(claimed)), Message.sender == "system", Message.payload.is_not(None))
        .order_by(Message.seq))
    for conversation_id, payload, created_at in result:
        since = claimed[conversation_id]
        if isinstance(payload, dict) and payload.get("waiting") and (
                since is None or conversations.aware(created_at) >= since):
            told[conversation_id] = payload["waiting"]
    return told


async def _tell(deps: Deps, conversation: Conversation, situation_now: str, position: int,
                estimate: Optional[float]) -> List[Message]:
    language = conversation.language
    async with deps.transaction() as session:
        message = await conversations.add_message(
            session, conversation_id=conversation.id, sender="system",
            text=waiting_text(deps, situation_now, language, position, estimate),
            payload={"waiting": situation_now, "buttons": choices(situation_now, language) or None},
            only_in={State.waiting})
    if message is None:
        return []
    await push(deps, conversation.id, message)
    return [message]


def _status(deps: Deps, conversation: Conversation, situation_now: str, position: int,
            estimate: Optional[float]) -> Dict[str, Any]:
    return {"state": State.waiting.value, "situation": situation_now, "position": position,
            "estimated_wait_seconds": estimate,
            "text": waiting_text(deps, situation_now, conversation.language, position, estimate)}


async def push_status(deps: Deps) -> None:
    """Tell every waiting customer where they stand (``handoff_status``: situation, position,
    estimated wait, the text); a customer whose situation changed (an agent came online or went,
    the team's hours began or ended) gets the one message of the new situation."""
    async with deps.sessions() as session:
        queue = await conversations.waiting_queue(session)
        told = await _last_told(session, queue)
    if not queue:
        return
    median = await median_wait_seconds(deps)
    now = await situation(deps)
    for position, conversation in enumerate(queue, start=1):
        estimate = None if median is None else median * position
        if told.get(conversation.id) != now:
            await _tell(deps, conversation, now, position, estimate)
        await deps.notifier.to_customer(conversation.id, "handoff_status",
                                        _status(deps, conversation, now, position, estimate))


async def status_of(deps: Deps, *, conversation_id: str) -> Optional[Dict[str, Any]]:
    """The ``handoff_status`` of a waiting conversation (for a page that just joined), else None."""
    async with deps.sessions() as session:
        queue = await conversations.waiting_queue(session)
    for position, conversation in enumerate(queue, start=1):
        if conversation.id == conversation_id:
            median = await median_wait_seconds(deps)
            return _status(deps, conversation, await situation(deps), position,
                           None if median is None else median * position)
    return None


async def tell_queued(deps: Deps, conversation: Conversation) -> List[Message]:
    """Tell a customer who just entered the queue the one message of their situation: their place
    and the expected wait, or, when nobody is there (no agent available, or outside the team's
    hours), the hotline and the choices."""
    async with deps.sessions() as session:
        queue = await conversations.waiting_queue(session)
    position = next((index for index, c in enumerate(queue, start=1) if c.id == conversation.id), len(queue) or 1)
    return await _tell(deps, conversation, await situation(deps), position,
                       await estimated_wait_seconds(deps, position))
