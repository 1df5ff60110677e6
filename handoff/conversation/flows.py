"""The front door's use cases: a customer message, a handoff, an agent's claim, reply, hand-back.

``FrontDoor`` ties together storage, redaction, Rasa and the sockets. Messages of one conversation
are processed one at a time (a lock per conversation); different conversations run concurrently.
The rule "nothing from the bot while a person owns the chat" is enforced in one place, when a bot
reply is stored (``service.add_message(..., only_in={State.bot})``), so a reply that was in flight
when the state changed is dropped, not shown.
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import math
import re
import statistics
import time
import weakref
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Callable, Deque, Dict, List, Optional, Protocol, Tuple

import phonenumbers
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import async_sessionmaker

from handoff.agents import service as agents
from handoff.agents.models import Agent
from handoff.conversation import service
from handoff.conversation.models import CallbackRequest, Conversation, Message, Note, Transition
from handoff.conversation.service import Conflict
from handoff.conversation.states import State
from handoff.db import utcnow
from handoff.hotline import Hotline
from handoff.rasa_client.client import RasaClient, RasaUnavailable
from handoff.redaction.redactor import Redactor
from handoff.texts import Texts

logger = logging.getLogger(__name__)

LANGUAGES = ("en", "de")
# Payloads the front door handles itself; they never reach Rasa.
PERSON, CALLBACK, CONTINUE = "/request_human", "/callback", "/continue_with_bot"
# Same format as actions/notice_codes.py (the bot checks them); stored masked, sent to Rasa as typed.
NOTICE_CODE = re.compile(r"(?<![A-Za-z0-9-])[A-Za-z2-9]{4}-?[A-Za-z2-9]{4}-?[A-Za-z2-9]{4}(?![A-Za-z0-9-])")
_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def mask_notice_codes(text: str) -> str:
    """Replace notice codes (at least one digit, so ordinary words stay) by ``<NOTICE_CODE>``."""
    return NOTICE_CODE.sub(lambda m: "<NOTICE_CODE>" if any(c.isdigit() for c in m.group()) else m.group(), text)


def neutralise_slash(text: str) -> str:
    """Remove leading slashes, so Rasa classifies the text instead of parsing ``/intent{...}``."""
    return text.lstrip("/ \t") or "?"


class Notifier(Protocol):
    """Pushes events to sockets (implemented by ``handoff.channels.socketio``)."""

    async def to_customer(self, conversation_id: str, event: str, data: Any) -> None:
        """Push to every socket of the conversation's customer."""

    async def to_agents(self, event: str, data: Any) -> None:
        """Push to every logged-in agent (queue events: no message texts)."""

    async def to_watchers(self, conversation_id: str, event: str, data: Any) -> None:
        """Push to the agents who opened this conversation (message texts)."""


class InputRejected(Exception):
    """A customer message was not accepted; ``phrase`` names the polite explanation."""

    def __init__(self, phrase: str, **values: Any) -> None:
        super().__init__(phrase)
        self.phrase = phrase
        self.values = values


@dataclass
class Outcome:
    """What became of one customer message."""

    stored: Optional[Message] = None
    replies: List[Message] = field(default_factory=list)
    duplicate: bool = False


def message_view(message: Message) -> Dict[str, Any]:
    """A message as clients receive it (customer widget and agent console)."""
    view: Dict[str, Any] = {"id": message.seq, "sender": message.sender, "text": message.text,
                            "created_at": message.created_at.isoformat() if message.created_at else None}
    buttons = (message.payload or {}).get("buttons") if isinstance(message.payload, dict) else None
    if buttons:
        view["buttons"] = buttons
        # Rasa's socketio channel sends buttons as quick replies; Rasa web-chat widgets read these.
        view["quick_replies"] = [{"content_type": "text", "title": b["title"], "payload": b["payload"]}
                                 for b in buttons]
    return view


class RateLimiter:
    """At most ``limit`` messages per ``window`` seconds per key (sliding window, in memory)."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._limit, self._window, self._clock = limit, window, clock
        self._hits: Dict[str, Deque[float]] = defaultdict(deque)

    def allow(self, key: str) -> bool:
        """Record a hit for ``key``; False when it exceeds the limit."""
        now = self._clock()
        hits = self._hits[key]
        while hits and now - hits[0] > self._window:
            hits.popleft()
        if len(hits) >= self._limit:
            return False
        hits.append(now)
        return True


def tracked(method):
    """Count the use case as in flight (see ``FrontDoor.drain``), so shutdown waits for it."""
    @functools.wraps(method)
    async def wrapper(self, *args, **kwargs):
        async with self._busy():
            return await method(self, *args, **kwargs)
    return wrapper


class FrontDoor:
    """Every use case of the front door. One instance per process, created by the app factory."""

    def __init__(self, *, sessions: async_sessionmaker, redactor: Redactor, rasa: RasaClient,
                 notifier: Notifier, texts: Texts, hotline: Optional[Hotline], incident_id: str,
                 max_message_chars: int, rate_limiter: RateLimiter, retention_days: int,
                 clock: Callable[[], "datetime"] = utcnow) -> None:
        self.sessions = sessions
        self.redactor = redactor
        self.rasa = rasa
        self.notifier = notifier
        self.texts = texts
        self.hotline = hotline
        self.incident_id = incident_id
        self.max_message_chars = max_message_chars
        self.rate_limiter = rate_limiter
        self.retention_days = retention_days
        self.clock = clock
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._locks: "weakref.WeakValueDictionary[str, asyncio.Lock]" = weakref.WeakValueDictionary()

    @contextlib.asynccontextmanager
    async def _busy(self):
        """Count a use case in flight, so shutdown can wait for it (no half-stored turn)."""
        self._in_flight += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._in_flight -= 1
            if not self._in_flight:
                self._idle.set()

    async def drain(self, timeout: float = 15.0) -> None:
        """Wait (at most ``timeout`` seconds) until no use case is in flight; for shutdown."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except asyncio.TimeoutError:
            logger.warning("shutting down with %d operation(s) still running", self._in_flight)

    def _lock(self, conversation_id: str) -> asyncio.Lock:
        lock = self._locks.get(conversation_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[conversation_id] = lock
        return lock

    # ----- customer side -------------------------------------------------------------------

    @tracked
    async def open_session(self, token: Optional[str], language: Optional[str]) -> Tuple[Conversation, str]:
        """Return the conversation of ``token`` (or a new one) and the token to give the client.

        Tokens shorter than 16 characters are replaced: they could be guessed.
        """
        language = language if language in LANGUAGES else "en"
        if not isinstance(token, str) or len(token) < 16 or len(token) > 200:
            token = service.new_session_token()
        async with self.sessions() as session:
            conversation = await service.by_session(session, session_token=token)
            if conversation is None:
                conversation = await service.create(session, session_token=token, language=language,
                                                    incident_id=self.incident_id)
                await session.commit()
        return conversation, token

    @tracked
    async def find_session(self, token: str) -> Optional[Conversation]:
        """The conversation of ``token``, or None (never creates one)."""
        async with self.sessions() as session:
            return await service.by_session(session, session_token=token)

    @tracked
    async def language_of(self, conversation_id: str) -> str:
        """The conversation's language ('en' when it cannot be read: an apology must still go out)."""
        async with self.sessions() as session:
            conversation = await session.get(Conversation, conversation_id)
        return conversation.language if conversation is not None else "en"

    @tracked
    async def history(self, conversation_id: str, after_seq: int = 0) -> List[Dict[str, Any]]:
        """Messages after ``after_seq`` as clients see them (catch-up after a reconnect)."""
        async with self.sessions() as session:
            return [message_view(m) for m in
                    await service.messages_after(session, conversation_id=conversation_id, after_seq=after_seq)]

    @tracked
    async def history_for_agent(self, agent_id: int, conversation_id: str, after_seq: int = 0) -> List[Dict[str, Any]]:
        """Like :meth:`history`, for an agent: the reading is written to the audit log."""
        async with self.sessions() as session:
            await service.get(session, conversation_id=conversation_id)
            await agents.audit(session, agent_id=agent_id, action="transcript.opened",
                               conversation_id=conversation_id)
            messages = await service.messages_after(session, conversation_id=conversation_id, after_seq=after_seq)
            await session.commit()
        return [message_view(m) for m in messages]

    def _check_text(self, conversation_id: str, text: Any) -> str:
        if not isinstance(text, str):
            raise InputRejected("error_unreadable")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates from a broken client
            raise InputRejected("error_unreadable") from None
        if _UNREADABLE.search(text):
            raise InputRejected("error_unreadable")
        if not text.strip():
            raise InputRejected("error_empty")
        if len(text) > self.max_message_chars:
            raise InputRejected("error_too_long", limit=self.max_message_chars)
        if not self.rate_limiter.allow(conversation_id):
            raise InputRejected("error_too_fast")
        return text.strip()

    async def customer_message(self, conversation_id: str, text: Any,
                               client_message_id: Optional[str] = None,
                               language: Optional[str] = None) -> Outcome:
        """Store a customer message, then route it to the bot or to the agents.

        ``language`` ('en'/'de'), when the client sends it, becomes the conversation's language for
        the front door's own texts and for the agent (the widget's language switch).

        Returns the stored message and the replies produced for it.

        Raises:
            InputRejected: empty, too long, unreadable, or too many messages too fast. Nothing is
                stored then.
            service.NotFound: no such conversation.
        """
        text = self._check_text(conversation_id, text)
        if client_message_id is not None and (not isinstance(client_message_id, str) or len(client_message_id) > 64):
            raise InputRejected("error_unreadable")
        if language in LANGUAGES:
            async with self.sessions() as session:
                await session.execute(update(Conversation).where(Conversation.id == conversation_id)
                                      .values(language=language))
                await session.commit()
        async with self._busy():
            if text in (PERSON, CALLBACK, CONTINUE):
                # Handled at once, not behind a slow bot answer: "talk to a person" must not wait.
                return await self._front_door_payload(conversation_id, text, client_message_id)
            async with self._lock(conversation_id):
                return await self._customer_message(conversation_id, text, client_message_id)

    async def _customer_message(self, conversation_id: str, text: str,
                                client_message_id: Optional[str]) -> Outcome:
        async with self.sessions() as session:
            earlier = await self._retried(session, conversation_id, client_message_id)
            if earlier is not None:
                return Outcome(stored=earlier, replies=await self._replies_after(session, earlier),
                               duplicate=True)
            conversation = await service.get(session, conversation_id=conversation_id)
            redacted = self.redactor.redact(text, conversation.language).text
            callback = await self._pending_callback(session, conversation_id)
            stored = await service.add_message(
                session, conversation_id=conversation_id, sender="customer",
                text=mask_notice_codes(redacted), client_message_id=client_message_id)
            if conversation.state == State.resolved:
                await service.transition(session, conversation_id=conversation_id, expected={State.resolved},
                                         new=State.bot, actor="customer", reason="customer_wrote_again")
            issued = await service.issued_payloads(session, conversation_id=conversation_id)
            await session.commit()
        await self.notifier.to_watchers(conversation_id, "message.created",
                                        {"conversation_id": conversation_id, "message": message_view(stored)})
        state = State.bot if conversation.state == State.resolved else State(conversation.state)
        if state != State.bot:
            if callback is not None:
                return Outcome(stored=stored, replies=await self._take_callback_number(
                    conversation, callback, text))
            return Outcome(stored=stored)
        # Only payloads of buttons we sent may reach Rasa as "/intent{...}"; a typed "/restart" or
        # "/inform{...}" would otherwise skip NLU or reset the tracker.
        to_rasa = redacted if redacted in issued else neutralise_slash(redacted)
        return Outcome(stored=stored, replies=await self._ask_bot(conversation, to_rasa))

    @staticmethod
    async def _retried(session, conversation_id: str, client_message_id: Optional[str]) -> Optional[Message]:
        """The message already stored under ``client_message_id`` (a client's retry), or None."""
        if not client_message_id:
            return None
        return await service.by_client_message_id(session, conversation_id=conversation_id,
                                                  client_message_id=client_message_id)

    async def _replies_after(self, session, message: Message) -> List[Message]:
        later = await service.messages_after(session, conversation_id=message.conversation_id,
                                             after_seq=message.seq)
        replies = []
        for item in later:
            if item.sender == "customer":
                break
            replies.append(item)
        return replies

    async def _ask_bot(self, conversation: Conversation, text: str) -> List[Message]:
        try:
            replies = await self.rasa.send(conversation.id, text, conversation.language)
        except RasaUnavailable as error:
            logger.warning("Rasa unavailable for a conversation: %s", error)
            return await self._say(conversation.id, conversation.language, "bot_unavailable",
                                   buttons=[self._button("button_person", conversation.language, PERSON)],
                                   only_in={State.bot})
        return await self.deliver_bot_replies(conversation, replies)

    async def deliver_bot_replies(self, conversation: Conversation, replies: List[Dict[str, Any]]) -> List[Message]:
        """Store and push Rasa's replies in order; a handoff payload moves the chat to the queue.

        A reply that arrives when the conversation no longer belongs to the bot is dropped.
        """
        delivered: List[Message] = []
        for reply in replies:
            custom = reply.get("custom")
            if isinstance(custom, dict) and isinstance(custom.get("handoff"), dict):
                delivered += await self.enter_queue(conversation.id, custom["handoff"], actor="bot")
                continue
            text = reply.get("text") if isinstance(reply.get("text"), str) else ""
            buttons = [{"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                       for b in reply.get("buttons") or [] if isinstance(b, dict)]
            if not text and not buttons:
                continue
            async with self.sessions() as session:
                message = await service.add_message(
                    session, conversation_id=conversation.id, sender="bot", text=text,
                    payload={"buttons": buttons} if buttons else None, only_in={State.bot})
                await session.commit()
            if message is None:
                logger.info("dropped a bot reply: a person owns the conversation now")
                continue
            delivered.append(message)
            await self._push(conversation.id, message)
        return delivered

    async def _push(self, conversation_id: str, message: Message) -> None:
        view = message_view(message)
        await self.notifier.to_customer(conversation_id, "bot_uttered", view)
        await self.notifier.to_watchers(conversation_id, "message.created",
                                        {"conversation_id": conversation_id, "message": view})

    def _button(self, phrase: str, language: str, payload: str) -> Dict[str, str]:
        return {"title": self.texts.say(phrase, language), "payload": payload}

    async def _say(self, conversation_id: str, language: str, phrase: str, *,
                   buttons: Optional[List[Dict[str, str]]] = None, only_in=None, **values: Any) -> List[Message]:
        """Store and push a system message built from a phrase."""
        async with self.sessions() as session:
            message = await service.add_message(
                session, conversation_id=conversation_id, sender="system",
                text=self.texts.say(phrase, language, **values),
                payload={"buttons": buttons} if buttons else None, only_in=only_in)
            await session.commit()
        if message is None:
            return []
        await self._push(conversation_id, message)
        return [message]

    # ----- queue ---------------------------------------------------------------------------

    @tracked
    async def enter_queue(self, conversation_id: str, handoff: Dict[str, Any], actor: str) -> List[Message]:
        """Move the conversation from the bot to the queue, keeping the reason and intent guesses."""
        language = handoff.get("language") if handoff.get("language") in LANGUAGES else None
        async with self.sessions() as session:
            try:
                await service.transition(
                    session, conversation_id=conversation_id, expected={State.bot}, new=State.waiting,
                    actor=actor, reason=str(handoff.get("reason") or "customer_request")[:64],
                    handoff_reason=str(handoff.get("reason") or "customer_request")[:64],
                    intent_ranking=handoff.get("intent_ranking") if isinstance(handoff.get("intent_ranking"), list) else None,
                    **({"language": language} if language else {}))
            except Conflict:
                return []  # already with a person
            conversation = await service.get(session, conversation_id=conversation_id)
            available = await agents.available_count(session)
            await session.commit()
        await self.notifier.to_agents("handoff.requested", await self.queue_entry(conversation))
        messages = await self._queue_message(conversation, available, from_bot=actor == "bot")
        await self.push_queue_status()
        return messages

    async def _queue_message(self, conversation: Conversation, available: int, from_bot: bool) -> List[Message]:
        """Tell the customer honestly what happens: a person is coming, or when nobody is there
        (no agent available, or outside the hotline's hours), the hotline and the choices."""
        language = conversation.language
        hours = self.hotline.hours_text(language) if self.hotline else ""
        choices = [self._button("button_callback", language, CALLBACK),
                   self._button("button_continue", language, CONTINUE)]
        open_now = self.hotline is None or self.hotline.is_open(self.clock())
        if available and open_now:
            # The bot has already said that a person takes over; only a button press needs saying so.
            return [] if from_bot else await self._say(conversation.id, language, "handing_over")
        if available:
            return await self._say(conversation.id, language, "outside_hours", hours=hours, buttons=choices)
        return await self._say(
            conversation.id, language, "no_agent",
            phone=self.hotline.phone if self.hotline else "-", hours=hours, buttons=choices)

    async def queue_entry(self, conversation: Conversation) -> Dict[str, Any]:
        """A queue item as the agent console shows it."""
        return {"conversation_id": conversation.id, "language": conversation.language,
                "reason": conversation.handoff_reason, "intent_ranking": conversation.intent_ranking,
                "waiting_since": conversation.waiting_since.isoformat() if conversation.waiting_since else None,
                "state": conversation.state}

    @tracked
    async def queue(self) -> List[Dict[str, Any]]:
        """Waiting conversations, oldest first."""
        async with self.sessions() as session:
            return [await self.queue_entry(c) for c in await service.waiting_queue(session)]

    async def estimated_wait_seconds(self, position: int) -> Optional[float]:
        """Median of the real waits of the last 24 hours times ``position``; None with fewer than 3."""
        async with self.sessions() as session:
            waits = await service.recent_waits(session, since=utcnow() - timedelta(hours=24))
        if len(waits) < 3:
            return None
        return statistics.median(waits) * position

    @tracked
    async def push_queue_status(self) -> None:
        """Tell every waiting customer their position and estimated wait."""
        async with self.sessions() as session:
            waiting = await service.waiting_queue(session)
        for position, conversation in enumerate(waiting, start=1):
            estimate = await self.estimated_wait_seconds(position)
            language = conversation.language
            text = self.texts.say("queue_position", language, position=position) + " " + (
                self.texts.say("queue_estimate", language, minutes=max(1, math.ceil(estimate / 60)))
                if estimate is not None else self.texts.say("queue_no_estimate", language))
            await self.notifier.to_customer(conversation.id, "handoff_status", {
                "state": State.waiting.value, "position": position,
                "estimated_wait_seconds": estimate, "text": text})

    # ----- front-door payloads and callbacks ----------------------------------------------

    async def _front_door_payload(self, conversation_id: str, payload: str,
                                  client_message_id: Optional[str]) -> Outcome:
        async with self.sessions() as session:
            earlier = await self._retried(session, conversation_id, client_message_id)
            if earlier is not None:
                return Outcome(stored=earlier, duplicate=True)
            conversation = await service.get(session, conversation_id=conversation_id)
            stored = await service.add_message(session, conversation_id=conversation_id, sender="customer",
                                               text=payload, client_message_id=client_message_id)
            await session.commit()
        language = conversation.language
        if payload == PERSON:
            if conversation.state in (State.bot, State.resolved):
                if conversation.state == State.resolved:
                    async with self.sessions() as session:
                        await service.transition(session, conversation_id=conversation_id,
                                                 expected={State.resolved}, new=State.bot, actor="customer")
                        await session.commit()
                replies = await self.enter_queue(conversation_id, {"reason": "customer_request",
                                                                   "language": language}, actor="customer")
                return Outcome(stored=stored, replies=replies)
            return Outcome(stored=stored)
        if payload == CONTINUE:
            async with self.sessions() as session:
                try:
                    await service.transition(session, conversation_id=conversation_id, expected={State.waiting},
                                             new=State.bot, actor="customer", reason="continue_with_bot")
                    await session.commit()
                except Conflict:
                    return Outcome(stored=stored)
            await self.notifier.to_agents("queue.changed", {"conversation_id": conversation_id})
            await self.push_queue_status()
            return Outcome(stored=stored, replies=await self._say(conversation_id, language, "back_with_bot"))
        # CALLBACK: ask for the number; the next message in the queue is taken as the number.
        if conversation.state != State.waiting:
            return Outcome(stored=stored)
        async with self.sessions() as session:
            session.add(CallbackRequest(conversation_id=conversation_id, status="asked"))
            await session.commit()
        return Outcome(stored=stored, replies=await self._say(conversation_id, language, "callback_ask",
                                                              days=self.retention_days))

    async def _pending_callback(self, session, conversation_id: str) -> Optional[CallbackRequest]:
        result = await session.execute(select(CallbackRequest).where(
            CallbackRequest.conversation_id == conversation_id, CallbackRequest.status == "asked"))
        return result.scalars().first()

    async def _take_callback_number(self, conversation: Conversation, callback: CallbackRequest,
                                    text: str) -> List[Message]:
        try:
            number = phonenumbers.parse(text, "DE")
            valid = phonenumbers.is_valid_number(number)
        except phonenumbers.NumberParseException:
            valid = False
        if not valid:
            return await self._say(conversation.id, conversation.language, "callback_invalid")
        async with self.sessions() as session:
            request = await session.get(CallbackRequest, callback.id)
            request.phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            request.status = "open"
            await session.commit()
        await self.notifier.to_agents("callback.requested", {"conversation_id": conversation.id})
        return await self._say(conversation.id, conversation.language, "callback_thanks")

    # ----- agent side ----------------------------------------------------------------------

    @tracked
    async def claim(self, agent: Agent, conversation_id: str) -> None:
        """Give a waiting conversation to ``agent``.

        Raises:
            Conflict: another agent claimed it first, or it is not waiting.
        """
        async with self.sessions() as session:
            await service.transition(session, conversation_id=conversation_id, expected={State.waiting},
                                     new=State.agent, actor=f"agent:{agent.id}", reason="claimed",
                                     agent_id=agent.id)
            conversation = await service.get(session, conversation_id=conversation_id)
            await session.commit()
        await self._say(conversation_id, conversation.language, "agent_joined", name=agent.display_name)
        await self.notifier.to_customer(conversation_id, "handoff_status", {"state": State.agent.value,
                                                                            "agent": agent.display_name})
        await self.notifier.to_agents("queue.changed", {"conversation_id": conversation_id,
                                                        "claimed_by": agent.id})
        await self.push_queue_status()

    async def _owned(self, session, agent: Agent, conversation_id: str) -> Conversation:
        conversation = await service.get(session, conversation_id=conversation_id)
        if conversation.state != State.agent or conversation.agent_id != agent.id:
            raise Conflict(conversation.state)
        return conversation

    @tracked
    async def agent_message(self, agent: Agent, conversation_id: str, text: Any,
                            client_message_id: Optional[str] = None) -> Message:
        """Store and push an agent's reply to the customer (idempotent per ``client_message_id``).

        Raises:
            InputRejected: empty or too long. Conflict: the agent does not own the conversation.
        """
        if not isinstance(text, str) or not text.strip():
            raise InputRejected("error_empty")
        if len(text) > 10 * self.max_message_chars:
            raise InputRejected("error_too_long", limit=10 * self.max_message_chars)
        async with self.sessions() as session:
            earlier = await self._retried(session, conversation_id, client_message_id)
            if earlier is not None:
                return earlier
            await self._owned(session, agent, conversation_id)
            message = await service.add_message(session, conversation_id=conversation_id, sender="agent",
                                                text=text.strip(), client_message_id=client_message_id,
                                                agent_id=agent.id, only_in={State.agent})
            if message is None:
                raise Conflict("not agent")
            await session.commit()
        await self._push(conversation_id, message)
        return message

    @tracked
    async def add_note(self, agent: Agent, conversation_id: str, text: Any) -> Note:
        """A private note on the conversation; never sent to the customer."""
        if not isinstance(text, str) or not text.strip():
            raise InputRejected("error_empty")
        async with self.sessions() as session:
            await service.get(session, conversation_id=conversation_id)
            note = Note(conversation_id=conversation_id, agent_id=agent.id, text=text.strip()[:10000])
            session.add(note)
            await session.commit()
        await self.notifier.to_watchers(conversation_id, "note.created", {
            "conversation_id": conversation_id,
            "note": {"id": note.id, "agent_id": agent.id, "text": note.text}})
        return note

    @tracked
    async def hand_back(self, agent: Agent, conversation_id: str) -> List[Message]:
        """Give the conversation back to the bot, which greets again (Rasa's trigger_intent)."""
        async with self.sessions() as session:
            await self._owned(session, agent, conversation_id)
            await service.transition(session, conversation_id=conversation_id, expected={State.agent},
                                     new=State.bot, actor=f"agent:{agent.id}", reason="handed_back",
                                     agent_id=None)
            conversation = await service.get(session, conversation_id=conversation_id)
            await session.commit()
        await self.notifier.to_customer(conversation_id, "handoff_status", {"state": State.bot.value})
        messages = await self._say(conversation_id, conversation.language, "back_with_bot")
        try:
            replies = await self.rasa.trigger_intent(conversation_id, "greet")
        except RasaUnavailable as error:
            logger.warning("Rasa unavailable at hand-back: %s", error)
            return messages + await self._say(conversation_id, conversation.language, "bot_unavailable",
                                              buttons=[self._button("button_person", conversation.language, PERSON)])
        return messages + await self.deliver_bot_replies(conversation, replies)

    @tracked
    async def resolve(self, agent: Agent, conversation_id: str) -> None:
        """Close the conversation (from the queue or from the agent who owns it)."""
        async with self.sessions() as session:
            conversation = await service.get(session, conversation_id=conversation_id)
            if conversation.state == State.agent and conversation.agent_id != agent.id:
                raise Conflict(conversation.state)
            await service.transition(session, conversation_id=conversation_id,
                                     expected={State.agent, State.waiting}, new=State.resolved,
                                     actor=f"agent:{agent.id}", reason="resolved")
            await session.commit()
        await self._say(conversation_id, conversation.language, "resolved")
        await self.notifier.to_customer(conversation_id, "handoff_status", {"state": State.resolved.value})
        await self.notifier.to_agents("queue.changed", {"conversation_id": conversation_id})
        await self.push_queue_status()

    @tracked
    async def transcript(self, agent: Agent, conversation_id: str) -> Dict[str, Any]:
        """Everything an agent needs about a conversation; the opening is written to the audit log."""
        async with self.sessions() as session:
            conversation = await service.get(session, conversation_id=conversation_id)
            messages = await service.messages_after(session, conversation_id=conversation_id)
            notes = list((await session.execute(select(Note).where(Note.conversation_id == conversation_id)
                                                .order_by(Note.id))).scalars())
            transitions = list((await session.execute(
                select(Transition).where(Transition.conversation_id == conversation_id)
                .order_by(Transition.id))).scalars())
            callbacks = list((await session.execute(select(CallbackRequest).where(
                CallbackRequest.conversation_id == conversation_id, CallbackRequest.status == "open"))).scalars())
            await agents.audit(session, agent_id=agent.id, action="transcript.opened",
                               conversation_id=conversation_id)
            await session.commit()
        return {
            **(await self.queue_entry(conversation)),
            "agent_id": conversation.agent_id,
            "messages": [message_view(m) for m in messages],
            "notes": [{"id": n.id, "agent_id": n.agent_id, "text": n.text,
                       "created_at": n.created_at.isoformat()} for n in notes],
            "transitions": [{"from": t.from_state, "to": t.to_state, "actor": t.actor, "reason": t.reason,
                             "at": t.created_at.isoformat()} for t in transitions],
            "callback_phone": callbacks[0].phone if callbacks else None,
        }

    @tracked
    async def owned_by(self, agent_id: int) -> List[Dict[str, Any]]:
        """Conversations the agent owns now, as queue entries."""
        async with self.sessions() as session:
            owned = list((await session.execute(select(Conversation).where(
                Conversation.state == State.agent.value, Conversation.agent_id == agent_id)
                .order_by(Conversation.claimed_at))).scalars())
            return [await self.queue_entry(c) for c in owned]

    @tracked
    async def agent_gone(self, agent_id: int) -> int:
        """Return a disconnected agent's conversations to the queue; return how many."""
        async with self.sessions() as session:
            owned = list((await session.execute(select(Conversation.id).where(
                Conversation.state == State.agent.value, Conversation.agent_id == agent_id))).scalars())
            moved = []
            for conversation_id in owned:
                try:
                    await service.transition(session, conversation_id=conversation_id, expected={State.agent},
                                             new=State.waiting, actor="system", reason="agent_disconnected",
                                             agent_id=None)
                    moved.append(conversation_id)
                except Conflict:
                    continue
            await session.commit()
        for conversation_id in moved:
            await self.notifier.to_agents("queue.changed", {"conversation_id": conversation_id})
        if moved:
            await self.push_queue_status()
        return len(moved)
