"""Callback use cases: ask a waiting customer for a phone number or an e-mail address, take it, show
it to agents.

A number is checked with ``phonenumbers`` (Google's libphonenumber; German numbers without a country
code are read as German) and stored in E.164 form; an address is checked with ``email-validator``
(syntax only, no DNS look-up) and stored normalised. Either is stored only in ``callback_requests``,
only for that reply, and deleted with the conversation (retention, erasure). The message that
carried it is stored redacted like any other (``<PHONE>``, ``<EMAIL>``) and never reaches Rasa (the
conversation is waiting for a person); neither value is logged.
"""
from __future__ import annotations

from typing import List, Optional

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from handoff.callbacks.models import CallbackRequest
from handoff.conversation.models import Conversation, Message
from handoff.conversation.states import State
from handoff.deps import Deps
from handoff.messaging.service import say

DEFAULT_REGION = "DE"
CHANNELS = ("phone", "email")
# Phrases per channel: asking (with why and how long it is kept), thanks, and asking again.
PHRASES = {"phone": ("callback_ask", "callback_thanks", "callback_invalid"),
           "email": ("email_ask", "email_thanks", "email_invalid")}


async def ask(deps: Deps, *, conversation: Conversation, channel: str = "phone") -> List[Message]:
    """Ask a waiting customer for the number to call (``channel`` ``phone``) or the address to write
    to (``email``); their next message is taken as it. Returns the message sent (none when the
    conversation is not waiting)."""
    if conversation.state != State.waiting or channel not in CHANNELS:
        return []
    async with deps.transaction() as session:
        for earlier in (await session.execute(select(CallbackRequest).where(
                CallbackRequest.conversation_id == conversation.id, CallbackRequest.status == "asked"))).scalars():
            await session.delete(earlier)  # the customer changed their mind: only the latest question counts
        session.add(CallbackRequest(conversation_id=conversation.id, status="asked", channel=channel))
    return await say(deps, conversation_id=conversation.id, language=conversation.language,
                     phrase=PHRASES[channel][0], days=deps.retention_days)


async def pending(session, *, conversation_id: str) -> Optional[CallbackRequest]:
    """The callback request still waiting for its number or address, or None."""
    result = await session.execute(select(CallbackRequest).where(
        CallbackRequest.conversation_id == conversation_id, CallbackRequest.status == "asked"))
    return result.scalars().first()


def _phone(text: str) -> Optional[str]:
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _email(text: str) -> Optional[str]:
    try:
        return validate_email(text.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


async def take_contact(deps: Deps, *, conversation: Conversation, callback: CallbackRequest,
                       text: str) -> List[Message]:
    """Take ``text`` (as typed, never stored as such) as the number or address of ``callback``; ask
    again politely when it is not one."""
    channel = callback.channel if callback.channel in CHANNELS else "phone"
    _, thanks, invalid = PHRASES[channel]
    value = _email(text) if channel == "email" else _phone(text)
    if value is None:
        return await say(deps, conversation_id=conversation.id, language=conversation.language, phrase=invalid)
    async with deps.transaction() as session:
        request = await session.get(CallbackRequest, callback.id)
        setattr(request, channel, value)
        request.status = "open"
    await deps.notifier.to_agents("callback.requested", {"conversation_id": conversation.id})
    return await say(deps, conversation_id=conversation.id, language=conversation.language, phrase=thanks)


async def open_contact(session, *, conversation_id: str) -> dict:
    """The conversation's open callback requests: ``{"phone": E.164 or None, "email": address or None}``."""
    result = await session.execute(select(CallbackRequest.phone, CallbackRequest.email).where(
        CallbackRequest.conversation_id == conversation_id, CallbackRequest.status == "open")
        .order_by(CallbackRequest.id))
    contact = {"phone": None, "email": None}
    for phone, email in result:
        contact["phone"] = phone or contact["phone"]
        contact["email"] = email or contact["email"]
    return contact
