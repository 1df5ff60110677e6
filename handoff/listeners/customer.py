"""Tell the customer about a state change: a message in their language and a ``handoff_status``.

| event | message | handoff_status |
|---|---|---|
| conversation.queued | the one message of the situation: place and wait, or nobody there with the choices | (queue_status listener) |
| conversation.claimed | "<name> has joined" | ``{"state": "agent", "agent": name}`` |
| conversation.continued_with_bot, .handed_back | "you are with the assistant again" | ``{"state": "bot", "rate"?}`` |
| conversation.resolved | "this chat is closed" | ``{"state": "resolved", "rate"?}`` |

``"rate": true`` comes when a person's part ended (from ``agent``): the widget asks for a rating.
"""
from __future__ import annotations

from typing import List

from handoff.conversation.events import Event
from handoff.conversation.models import Message
from handoff.conversation.states import State
from handoff.deps import Deps
from handoff.messaging.service import say
from handoff.queue.service import tell_queued


def register(deps: Deps) -> None:
    """Subscribe the customer listeners."""

    async def queued(event: Event) -> List[Message]:
        return await tell_queued(deps, event.conversation)

    async def claimed(event: Event) -> List[Message]:
        name = event.details.get("agent_name") or ""
        messages = await _say(deps, event, "agent_joined", name=name)
        await deps.notifier.to_customer(event.conversation_id, "handoff_status",
                                        {"state": State.agent.value, "agent": name})
        return messages

    async def back_with_bot(event: Event) -> List[Message]:
        await deps.notifier.to_customer(event.conversation_id, "handoff_status",
                                        {"state": State.bot.value, **_rate(event)})
        return await _say(deps, event, "back_with_bot")

    async def resolved(event: Event) -> List[Message]:
        messages = await _say(deps, event, "resolved")
        await deps.notifier.to_customer(event.conversation_id, "handoff_status",
                                        {"state": State.resolved.value, **_rate(event)})
        return messages

    deps.events.subscribe("conversation.queued", queued)
    deps.events.subscribe("conversation.claimed", claimed)
    deps.events.subscribe("conversation.continued_with_bot", back_with_bot)
    deps.events.subscribe("conversation.handed_back", back_with_bot)
    deps.events.subscribe("conversation.resolved", resolved)


def _rate(event: Event) -> dict:
    """``{"rate": True}`` when a person's part ended (hand-back, or resolve by the agent in the
    chat): the widget asks for a rating. Else nothing."""
    return {"rate": True} if event.from_state == State.agent.value else {}


async def _say(deps: Deps, event: Event, phrase: str, **values: str) -> List[Message]:
    return await say(deps, conversation_id=event.conversation_id, language=event.conversation.language,
                     phrase=phrase, **values)
