"""Ask Rasa and deliver its replies.

A reply is stored as sender ``bot``, which the send gate (``conversation.service.add_message``)
accepts only while the bot owns the conversation: a reply that was in flight when a person took
over is dropped, not shown. A reply carrying a handoff payload moves the conversation to the queue.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Optional, Tuple

import contract
from handoff.conversation import service as conversations
from handoff.replies import updates
from handoff.conversation.models import Conversation, Message
from handoff.conversation.states import State
from handoff.deps import Deps
from handoff.messaging.service import push, say
from handoff.queue import service as queue
from handoff.rasa_client.client import RasaUnavailable

logger = logging.getLogger(__name__)


async def apologise(deps: Deps, conversation: Conversation) -> List[Message]:
    """The bot cannot answer: apologise and offer a person (only while the bot owns the chat)."""
    return await say(deps, conversation_id=conversation.id, language=conversation.language,
                     phrase="bot_unavailable", buttons=[contract.button("request_human", conversation.language)],
                     only_in={State.bot})


async def ask_bot(deps: Deps, *, conversation: Conversation, text: str,
                  metadata: Optional[Dict[str, Any]] = None, message_id: Optional[int] = None) -> List[Message]:
    """Send a (redacted) customer text to Rasa; deliver its replies, or apologise when Rasa is away.

    When the answer takes longer than ``deps.answer_coming_seconds`` (Rasa busy: the turn waits its
    turn, see ``handoff.rasa_client``), the customer is told once that it is coming. What the bot
    understood is stored on the customer's message ``message_id`` (its row id), in the transaction
    of the replies.
    """
    asking = asyncio.ensure_future(deps.rasa.turn(conversation.id, text, conversation.language, metadata))
    told: List[Message] = []
    try:
        done, _ = await asyncio.wait({asking}, timeout=deps.answer_coming_seconds)
        if not done:
            told = await say(deps, conversation_id=conversation.id, language=conversation.language,
                             phrase="answer_coming", only_in={State.bot})
        turn = await asking
    except RasaUnavailable as error:
        logger.warning("Rasa unavailable for a conversation: %s", error)
        return told + await apologise(deps, conversation)
    finally:
        asking.cancel()  # no-op when done; the request must not outlive a cancelled turn
    understood = (message_id, turn.nlu) if message_id is not None and turn.nlu else None
    return told + await deliver(deps, conversation=conversation, replies=turn.replies, understood=understood)


async def language_changed(deps: Deps, *, conversation: Conversation) -> None:
    """The conversation's language changed: the customer's pages follow it (``language`` event), and
    so does the bot's ``language`` slot, which its answers and the greeting after a hand-back use.

    Rasa down: logged; the next message's metadata still carries the language.
    """
    await deps.notifier.to_customer(conversation.id, "language", {"language": conversation.language},
                                    extended_only=True)
    async with deps.sessions() as session:
        talked = await conversations.has_bot_messages(session, conversation_id=conversation.id)
    if not talked:
        return  # Rasa starts its session with the language of the message's metadata
    try:
        await deps.rasa.set_slot(conversation.id, "language", conversation.language)
    except RasaUnavailable as error:
        logger.warning("Rasa unavailable for a language change: %s", error)


async def greet_again(deps: Deps, *, conversation: Conversation) -> List[Message]:
    """Make the bot greet after a person handed back (Rasa's ``trigger_intent``)."""
    try:
        replies = await deps.rasa.trigger_intent(conversation.id, "greet")
    except RasaUnavailable as error:
        logger.warning("Rasa unavailable at hand-back: %s", error)
        return await apologise(deps, conversation)
    return await deliver(deps, conversation=conversation, replies=replies)


async def deliver(deps: Deps, *, conversation: Conversation, replies: List[Dict[str, Any]],
                  understood: Optional[Tuple[int, Dict[str, Any]]] = None) -> List[Message]:
    """Store and push Rasa's replies in order; a handoff payload moves the conversation to the queue.

    Consecutive replies are stored in one transaction (one commit per turn, not per bubble), then
    pushed. ``understood``: ``(message row id, nlu)``, what the bot understood of the customer's
    message (``handoff.rasa_client.Turn.nlu``), stored with the first replies (before a handoff).
    Returns the messages stored (including what the customer was told about the queue).
    """
    delivered: List[Message] = []
    pending: List[Dict[str, Any]] = []
    for reply in replies:
        custom = reply.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("handoff"), dict):
            delivered += await _store_and_push(deps, conversation, pending, understood)
            pending, understood = [], None
            delivered += await queue.enter(deps, conversation_id=conversation.id, handoff=custom["handoff"],
                                           actor="bot")
            continue
        text = reply.get("text") if isinstance(reply.get("text"), str) else ""
        buttons = [{"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                   for b in reply.get("buttons") or [] if isinstance(b, dict)]
        if text or buttons:
            pending.append({"text": text, "payload": {"buttons": buttons} if buttons else None})
    return delivered + await _store_and_push(deps, conversation, pending, understood)


async def _store_and_push(deps: Deps, conversation: Conversation, replies: List[Dict[str, Any]],
                          understood: Optional[Tuple[int, Dict[str, Any]]] = None) -> List[Message]:
    if not replies and not understood:
        return []
    replies = await updates.mark(deps, conversation, replies) if replies else []
    async with deps.transaction() as session:
        if understood:
            await conversations.set_understood(session, message_id=understood[0], nlu=understood[1])
        stored = await conversations.add_messages(session, conversation_id=conversation.id, sender="bot",
                                                  items=replies)
    if not stored:
        logger.info("dropped %d bot repl(ies): a person owns the conversation now", len(replies))
    for message in stored:
        await push(deps, conversation.id, message)
    return stored
