"""Callback use cases: ask a waiting customer for their number, take it, show it to agents.

The number is checked with ``phonenumbers`` (Google's libphonenumber; German numbers without a
country code are read as German) and stored in E.164 form, only for the callback; it is deleted with
the conversation (retention, erasure).
"""
from __future__ import annotations

from typing import List, Optional

import phonenumbers
from sqlalchemy import select

from handoff.callbacks.models import CallbackRequest
from handoff.conversation.models import Conversation, Message
from handoff.conversation.states import State
from handoff.deps import Deps
from handoff.messaging.service import say

DEFAULT_REGION = "DE"


async def ask(deps: Deps, *, conversation: Conversation) -> List[Message]:
    """Ask a waiting customer for the number to call; their next message is taken as the number."""
    if conversation.state != State.waiting:
        return []
    async with deps.transaction() as session:
        session.add(CallbackRequest(conversation_id=conversation.id, status="asked"))
    return await say(deps, conversation_id=conversation.id, language=conversation.language,
                     phrase="callback_ask", days=deps.retention_days)


async def pending(session, *, conversation_id: str) -> Optional[CallbackRequest]:
    """The callback request still waiting for its number, or None."""
    result = await session.execute(select(CallbackRequest).where(
        CallbackRequest.conversation_id == conversation_id, CallbackRequest.status == "asked"))
    return result.scalars().first()


async def take_number(deps: Deps, *, conversation: Conversation, callback: CallbackRequest,
                      text: str) -> List[Message]:
    """Take ``text`` as the number of ``callback``; ask again politely when it is not a phone number."""
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
        valid = phonenumbers.is_valid_number(number)
    except phonenumbers.NumberParseException:
        valid = False
    if not valid:
        return await say(deps, conversation_id=conversation.id, language=conversation.language,
                         phrase="callback_invalid")
    async with deps.transaction() as session:
        request = await session.get(CallbackRequest, callback.id)
        request.phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        request.status = "open"
    await deps.notifier.to_agents("callback.requested", {"conversation_id": conversation.id})
    return await say(deps, conversation_id=conversation.id, language=conversation.language,
                     phrase="callback_thanks")


async def open_phone(session, *, conversation_id: str) -> Optional[str]:
    """The number of the conversation's open callback request, or None."""
    result = await session.execute(select(CallbackRequest.phone).where(
        CallbackRequest.conversation_id == conversation_id, CallbackRequest.status == "open"))
    return result.scalars().first()
