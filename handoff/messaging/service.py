"""Store and push messages: the front door's own phrases (system messages) and any stored message.

The gate on who may speak in which state is in ``conversation.service.add_message``; here a message
that the gate dropped is simply not pushed.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional

from handoff.conversation import service as conversations
from handoff.conversation.models import Message
from handoff.conversation.presenters import message_view
from handoff.conversation.states import State
from handoff.deps import Deps


async def push(deps: Deps, conversation_id: str, message: Message) -> None:
    """Send a stored message to the customer's sockets and to the agents watching the conversation."""
    view = message_view(message)
    await deps.notifier.to_customer(conversation_id, "bot_uttered", view)
    await deps.notifier.to_watchers(conversation_id, "message.created",
                                    {"conversation_id": conversation_id, "message": view})


async def say(deps: Deps, *, conversation_id: str, language: str, phrase: str,
              buttons: Optional[List[Dict[str, str]]] = None,
              only_in: Optional[Iterable[State]] = None, **values: Any) -> List[Message]:
    """Store and push a system message built from a front-door phrase.

    Returns the stored message in a list, or an empty list when ``only_in`` did not hold (dropped).
    """
    async with deps.transaction() as session:
        message = await conversations.add_message(
            session, conversation_id=conversation_id, sender="system",
            text=deps.content.say(phrase, language, **values),
            payload={"buttons": buttons} if buttons else None, only_in=only_in)
    if message is None:
        return []
    await push(deps, conversation_id, message)
    return [message]
