"""Queue use cases: enter the queue, list it, estimate waits, tell waiting customers where they are."""
from __future__ import annotations

import math
import statistics
from datetime import timedelta
from typing import Any, Dict, List, Optional

import contract
from handoff.agents import service as agents
from handoff.content.store import hotline_open
from handoff.conversation import service as conversations
from handoff.conversation.models import Conversation, Message
from handoff.conversation.service import Conflict
from handoff.conversation.states import State
from handoff.db import utcnow
from handoff.deps import Deps
from handoff.messaging.service import say

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
                details={"from_bot": actor == "bot"}, **({"language": language} if language else {}))
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


async def push_status(deps: Deps) -> None:
    """Tell every waiting customer their position and estimated wait (``handoff_status``)."""
    async with deps.sessions() as session:
        queue = await conversations.waiting_queue(session)
    median = await median_wait_seconds(deps) if queue else None
    for position, conversation in enumerate(queue, start=1):
        estimate = None if median is None else median * position
        language = conversation.language
        text = deps.content.say("queue_position", language, position=position) + " " + (
            deps.content.say("queue_estimate", language, minutes=max(1, math.ceil(estimate / 60)))
            if estimate is not None else deps.content.say("queue_no_estimate", language))
        await deps.notifier.to_customer(conversation.id, "handoff_status", {
            "state": State.waiting.value, "position": position,
            "estimated_wait_seconds": estimate, "text": text})


async def tell_queued(deps: Deps, conversation: Conversation, *, from_bot: bool) -> List[Message]:
    """Tell the customer honestly what happens now: a person is coming, or, when nobody is there (no
    agent available, or outside the hotline's hours), the hotline and the choices."""
    language = conversation.language
    hotline = deps.content.hotline()
    hours = hotline.hours.get(language) if hotline else ""
    choices = [contract.button("callback", language), contract.button("continue_with_bot", language)]
    async with deps.sessions() as session:
        available = await agents.available_count(session)
    if available and hotline_open(hotline, deps.clock()):
        # The bot has already said that a person takes over; only a button press needs saying so.
        return [] if from_bot else await say(deps, conversation_id=conversation.id, language=language,
                                             phrase="handing_over")
    if available:
        return await say(deps, conversation_id=conversation.id, language=language, phrase="outside_hours",
                         hours=hours, buttons=choices)
    return await say(deps, conversation_id=conversation.id, language=language, phrase="no_agent",
                     phone=hotline.phone if hotline else "-", hours=hours, buttons=choices)
