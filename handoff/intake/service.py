"""The customer-message use case: check, redact, store, acknowledge, then route.

Messages of one conversation are processed one at a time (a lock per conversation); different
conversations run concurrently. Buttons the front door handles itself ("talk to a person", "call me
back", "go on with the assistant") are handled at once, outside that lock, so they never wait behind
a slow bot answer and keep working while Rasa is down.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, List, Optional

import contract
from contract import notice_code
from handoff.callbacks import service as callbacks
from handoff.conversation import service as conversations
from handoff.conversation.models import Conversation, Message
from handoff.conversation.presenters import message_view
from handoff.conversation.service import Conflict
from handoff.conversation.states import State
from handoff.deps import Deps
from handoff.intake.limits import InputRejected, check_client_message_id, check_text
from handoff.messaging.service import say
from handoff.queue import service as queue
from handoff.replies import service as replies

OnStored = Callable[[Message, bool], Awaitable[None]]


@dataclass
class Outcome:
    """What became of one customer message: the stored message and the replies of this turn."""

    stored: Optional[Message] = None
    replies: List[Message] = field(default_factory=list)
    duplicate: bool = False


def neutralise_slash(text: str) -> str:
    """Remove every leading slash and whitespace, so Rasa classifies the text instead of parsing
    ``/intent{...}``. Rasa strips whitespace (``str.strip``, Unicode-aware) before it looks for the
    slash, so ``"/\\n/restart"`` or ``"/\\u00a0/restart"`` must not leave a slash behind either."""
    stripped = text.lstrip()
    while stripped.startswith("/"):
        stripped = stripped.lstrip("/").lstrip()
    return stripped or "?"


async def receive(deps: Deps, *, conversation_id: str, text: Any, client_message_id: Any = None,
                  language: Any = None, language_unsure: bool = False,
                  on_stored: Optional[OnStored] = None) -> Outcome:
    """Store a customer message, then route it to the bot or to the agents.

    Args:
        text: what the customer typed, or the payload of a button they clicked.
        client_message_id: the client's id for the message (at most 64 characters): a retry with the
            same id is not stored twice; the first attempt's replies are returned again.
        language: 'en'/'de' when the client sends it (the widget's switch, Rasa's ``customData``); it
            becomes the conversation's language. Without it, the language the message is written in
            does, when ``deps.languages`` is sure of it (``handoff.language.detect``).
        language_unsure: the client knows no language of its reader (no choice, no browser or page
            language): when the detector is not sure of the first message either, the customer is
            asked "English or German?" instead of getting an answer in the default language
            (``ask_language``), once per conversation.
        on_stored: awaited with ``(message, duplicate)`` as soon as the message is stored, before the
            bot answers (the socket channel sends ``message_ack`` from it).

    Raises:
        InputRejected: empty, too long, unreadable, or too many messages too fast; nothing is stored.
        conversation.service.NotFound: no such conversation.
    """
    text = check_text(text, max_chars=deps.max_message_chars, client_message_id=client_message_id)
    check_client_message_id(client_message_id)
    if not deps.rate_limiter.allow(conversation_id):
        raise InputRejected("error_too_fast", client_message_id)
    language = language if language in contract.languages() else None
    async with deps.in_flight.track():
        if text in contract.front_door_payloads():
            return await _front_door_button(deps, conversation_id, text, client_message_id, language, on_stored)
        async with deps.locks(conversation_id):
            return await _message(deps, conversation_id, text, client_message_id, language, on_stored,
                                  language_unsure is True)


async def _retried(session, conversation_id: str, client_message_id: Optional[str]) -> Optional[Message]:
    if not client_message_id:
        return None
    return await conversations.by_client_message_id(session, conversation_id=conversation_id,
                                                    client_message_id=client_message_id)


async def _replies_after(session, message: Message) -> List[Message]:
    later = await conversations.messages_after(session, conversation_id=message.conversation_id,
                                               after_seq=message.seq)
    answered = []
    for item in later:
        if item.sender == "customer":
            break
        answered.append(item)
    return answered


async def _announce(deps: Deps, stored: Message, on_stored: Optional[OnStored], duplicate: bool = False) -> None:
    if on_stored is not None:
        await on_stored(stored, duplicate)
    if not duplicate:
        await deps.notifier.to_watchers(stored.conversation_id, "message.created",
                                        {"conversation_id": stored.conversation_id, "message": message_view(stored)})


async def _message(deps: Deps, conversation_id: str, text: str, client_message_id: Optional[str],
                   language: Optional[str], on_stored: Optional[OnStored], language_unsure: bool = False) -> Outcome:
    async with deps.transaction() as session:
        earlier = await _retried(session, conversation_id, client_message_id)
        if earlier is not None:
            outcome = Outcome(stored=earlier, replies=await _replies_after(session, earlier), duplicate=True)
        else:
            conversation = await conversations.get(session, conversation_id=conversation_id)
            before = conversation.language
            # Payloads begin with "/" (Rasa's convention); a typed text needs no look at issued buttons.
            buttons = await conversations.issued_buttons(session, conversation_id=conversation_id) \
                if text.startswith("/") else {}
            if text in buttons:
                # A click on a button we sent: stored and shown as its label, sent to Rasa as its payload.
                stored_text, to_rasa, payload = buttons[text], text, {"button": text}
                redacted = None
                language = language or contract.chosen_language(text)  # "English or German?" answered
            else:
                redacted = deps.redactor.redact(text, before).text
            callback = await callbacks.pending(session, conversation_id=conversation_id) \
                if conversation.state in (State.waiting, State.agent) else None
            # The customer's choice (the switch) wins; else the language they write in, when sure
            # (not in an answer to "your number / e-mail address, please").
            if not language and redacted is not None and callback is None:
                language = deps.languages.detect(redacted)
            ask = (language_unsure and not language and redacted is not None and callback is None
                   and conversation.state == State.bot.value
                   and await _first_message(session, conversation_id))
            if language and language != before:
                conversation.language = language  # flushed with the message below
                if redacted is not None:
                    redacted = deps.redactor.redact(text, language).text
            if redacted is not None:
                # A typed "/restart" or "/inform{...}" would skip NLU or reset the tracker.
                stored_text, to_rasa, payload = notice_code.mask(redacted), neutralise_slash(redacted), None
            stored = await conversations.add_message(
                session, conversation_id=conversation_id, sender="customer", text=stored_text,
                payload=payload, client_message_id=client_message_id)
            state = State(conversation.state)
            if state == State.resolved:
                await _reopen(session, conversation_id)
                state = State.bot
    if earlier is not None:
        await _announce(deps, earlier, on_stored, duplicate=True)
        return outcome
    await _announce(deps, stored, on_stored)
    if conversation.language != before:
        await replies.language_changed(deps, conversation=conversation)
    if state != State.bot:
        if callback is not None:
            return Outcome(stored=stored, replies=await callbacks.take_contact(
                deps, conversation=conversation, callback=callback, text=text))
        return Outcome(stored=stored)
    if ask:
        return Outcome(stored=stored, replies=await ask_language(deps, conversation=conversation))
    to_rasa, metadata = await _without_notice_codes(deps, to_rasa)
    return Outcome(stored=stored, replies=await replies.ask_bot(deps, conversation=conversation, text=to_rasa,
                                                                metadata=metadata, message_id=stored.id))


async def _first_message(session, conversation_id: str) -> bool:
    """True when the customer has written nothing in this conversation yet: the language is asked at
    the start only, so it is asked at most once per conversation (other tabs and reloads included)."""
    return not await conversations.messages_after(session, conversation_id=conversation_id, after_seq=0,
                                                  senders=("customer",), limit=1)


async def ask_language(deps: Deps, *, conversation: Conversation) -> List[Message]:
    """Ask once which language the customer wants, with one button per language (each titled in its
    own language); the message waits for that choice instead of a bot answer in the default language."""
    return await say(deps, conversation_id=conversation.id, language=conversation.language, phrase="language_ask",
                     buttons=[contract.language_choice(code) for code in contract.languages()],
                     only_in={State.bot})


async def _without_notice_codes(deps: Deps, text: str) -> tuple:
    """``(text for Rasa, metadata)``: notice codes replaced by the contract's stand-in, the first
    code's keyed hash in the metadata, so no code reaches Rasa's tracker in clear."""
    codes = [match.group() for match in notice_code.find_all(text)]
    if not codes:
        return text, None
    hashed = await asyncio.to_thread(deps.content.notice_code_hash, codes[0])
    return notice_code.replace(text, notice_code.stand_in()), ({"notice_code_hash": hashed} if hashed else None)


async def _reopen(session, conversation_id: str) -> None:
    """resolved -> bot: the customer wrote again after the chat was closed."""
    await conversations.transition(session, conversation_id=conversation_id, expected={State.resolved},
                                   new=State.bot, actor="customer", reason="customer_wrote_again")


async def _front_door_button(deps: Deps, conversation_id: str, payload: str, client_message_id: Optional[str],
                             language: Optional[str], on_stored: Optional[OnStored]) -> Outcome:
    async with deps.transaction() as session:
        earlier = await _retried(session, conversation_id, client_message_id)
        if earlier is None:
            if language:
                await conversations.set_language(session, conversation_id=conversation_id, language=language)
            conversation = await conversations.get(session, conversation_id=conversation_id)
            issued = await conversations.issued_buttons(session, conversation_id=conversation_id)
            label = issued.get(payload) or contract.label_of_payload(payload, conversation.language)
            stored = await conversations.add_message(
                session, conversation_id=conversation_id, sender="customer", text=label,
                payload={"button": payload}, client_message_id=client_message_id)
    if earlier is not None:
        await _announce(deps, earlier, on_stored, duplicate=True)
        return Outcome(stored=earlier, duplicate=True)
    await _announce(deps, stored, on_stored)
    button = contract.front_door_payloads()[payload]
    if button == "request_human":
        return Outcome(stored=stored, replies=await request_person(deps, conversation=conversation))
    if button == "continue_with_bot":
        published: List[Message] = []
        try:
            async with deps.transaction(published) as session:
                await conversations.transition(session, conversation_id=conversation_id, expected={State.waiting},
                                               new=State.bot, actor="customer", reason="continue_with_bot")
        except Conflict:
            return Outcome(stored=stored)
        return Outcome(stored=stored, replies=published)
    channel = "email" if button == "email" else "phone"
    return Outcome(stored=stored, replies=await callbacks.ask(deps, conversation=conversation, channel=channel))


async def request_person(deps: Deps, *, conversation: Conversation) -> List[Message]:
    """The customer asked for a person: queue the conversation (reopening a closed one first)."""
    if conversation.state not in (State.bot, State.resolved):
        return []  # already waiting for or talking to a person
    if conversation.state == State.resolved:
        async with deps.transaction() as session:
            try:
                await _reopen(session, conversation.id)
            except Conflict:
                pass
    return await queue.enter(deps, conversation_id=conversation.id,
                             handoff={"reason": "customer_request", "language": conversation.language},
                             actor="customer")
