"""Socket.IO for customers (namespace ``/``) and agents (namespace ``/agent``).

The customer namespace speaks the events of Rasa's own ``socketio`` channel (``session_request``,
``session_confirm``, ``user_uttered``, ``bot_uttered``), so existing Rasa web-chat widgets work
against it; the language in a ``user_uttered``'s ``customData`` (Rasa's key) or ``metadata`` is
honoured on every message. Additions that Rasa widgets ignore are documented in
``docs/front-door.md`` ("Client protocol"): ``message_ack``, ``history``, ``handoff_status``, the
extended message shape.

The agent namespace accepts only sockets that carry a logged-in agent's session cookie; a customer
session is worth nothing there, and an agent cookie gives nothing on the customer namespace.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any, Dict, Optional, Set

import socketio

import contract
from handoff.agents import service as agents
from handoff.agents import sessions as login_sessions
from handoff.agents.auth import login_session_token
from handoff.channels.notifier import AGENTS_ROOM, customer_room, login_room, rasa_shape, watch_room
from handoff.console import access
from handoff.console import service as console
from handoff.conversation import service as conversations
from handoff.conversation.models import Message
from handoff.conversation.presenters import message_view
from handoff.conversation.service import NotFound
from handoff.conversation.states import State
from handoff.deps import Deps
from handoff.feedback import service as feedback
from handoff.intake import service as intake
from handoff.intake import sessions
from handoff.intake.limits import InputRejected
from handoff.queue import service as queue
from handoff.transcripts import service as transcripts

logger = logging.getLogger(__name__)


def _dict(data: Any) -> Dict[str, Any]:
    return data if isinstance(data, dict) else {}


def _language(data: Dict[str, Any]) -> Any:
    """The language a client sent: top level, Rasa's ``customData`` or ``metadata``."""
    custom = _dict(data.get("customData")) or _dict(data.get("metadata"))
    return data.get("language") or custom.get("language")


class CustomerNamespace(socketio.AsyncNamespace):
    """Rasa's socketio protocol, backed by the front door."""

    def __init__(self, deps: Deps) -> None:
        super().__init__("/")
        self.deps = deps
        # One conversation opening at a time per socket: a page that switches language while it
        # connects sends a second session request before the first is answered, and two concurrent
        # opens would each create a conversation (the socket then sits in both).
        self._opening: Dict[str, asyncio.Lock] = {}

    async def on_connect(self, sid: str, environ: dict, auth: Any = None) -> None:
        request = environ.get("aiohttp.request")
        await self.save_session(sid, {"client": (request.remote if request is not None else None) or ""})

    async def _open(self, sid: str, data: Dict[str, Any]) -> Optional[str]:
        """Attach the socket to its conversation; return the token, or None when refused (told why)."""
        current = await self.get_session(sid)
        extended = data.get("extended") is True
        requested = data.get("session_id")
        if current.get("token") and await sessions.find_session(self.deps, token=requested) is None:
            requested = current["token"]  # one socket starts at most one conversation
        try:
            conversation, token, _ = await sessions.open_session(
                self.deps, token=requested, language=_language(data), client=current.get("client", ""))
        except InputRejected as rejected:
            await self.emit("bot_uttered", {"sender": "system", "error": rejected.phrase, "text": self.deps.content.say(
                rejected.phrase, contract.language_or_default(_language(data)))}, to=sid)
            return None
        await self.save_session(sid, {**current, "conversation_id": conversation.id, "extended": extended,
                                      "token": token})
        await self.enter_room(sid, customer_room(conversation.id, extended))
        return token

    async def _send(self, sid: str, view: Dict[str, Any]) -> None:
        session = await self.get_session(sid)
        await self.emit("bot_uttered", view if session.get("extended") else rasa_shape(view), to=sid)

    async def on_disconnect(self, sid: str, *reason: Any) -> None:
        self._opening.pop(sid, None)

    async def on_session_request(self, sid: str, data: Any = None) -> None:
        data = _dict(data)
        async with self._opening.setdefault(sid, asyncio.Lock()):
            token = await self._open(sid, data)
            if token is None:
                return
            await self.emit("session_confirm", token, to=sid)
            async with self.deps.in_flight.track():  # (shutdown waits for it: no database work cut off)
                await self._catch_up(sid, data)

    async def _catch_up(self, sid: str, data: Dict[str, Any]) -> None:
        """The history after ``last_seen_id``, the conversation's language and its status."""
        session = await self.get_session(sid)
        last_seen = data.get("last_seen_id")
        if isinstance(last_seen, int) and not isinstance(last_seen, bool) and last_seen >= 0:
            await self.emit("history", {"messages": await transcripts.history(
                self.deps, conversation_id=session["conversation_id"], after_seq=last_seen)}, to=sid)
        if session.get("extended"):  # our widget: its texts follow the conversation's language
            await self.emit("language", {"language": await sessions.language_of(
                self.deps, conversation_id=session["conversation_id"])}, to=sid)
        status = await self._status(session["conversation_id"])
        if status is not None:
            await self.emit("handoff_status", status, to=sid)

    async def _status(self, conversation_id: str) -> Optional[Dict[str, Any]]:
        """The conversation's ``handoff_status`` for a page that (re)joins: the queue place, the
        agent's name, a closed chat, a pending rating; None for a chat with the bot as ever."""
        async with self.deps.sessions() as session:
            conversation = await conversations.get(session, conversation_id=conversation_id)
            agent = await agents.get(session, agent_id=conversation.agent_id) if conversation.agent_id else None
            rate = await feedback.awaiting_rating(session, conversation_id=conversation_id)
        if conversation.state == State.waiting:
            return await queue.status_of(self.deps, conversation_id=conversation_id)
        if conversation.state == State.agent:
            return {"state": State.agent.value, "agent": agent.display_name if agent else ""}
        if conversation.state == State.resolved or rate:
            return {"state": conversation.state, **({"rate": True} if rate else {})}
        return None

    async def on_typing(self, sid: str, data: Any = None) -> None:
        """The customer is typing: the agents who opened the chat see it (no text; throttled)."""
        conversation_id = (await self.get_session(sid)).get("conversation_id")
        if conversation_id and self.deps.typing.allow(conversation_id, "customer"):
            await self.deps.notifier.to_watchers(conversation_id, "customer.typing",
                                                 {"conversation_id": conversation_id})

    async def on_rate(self, sid: str, data: Any = None) -> Dict[str, Any]:
        """``{"score": 1-5, "comment"?}`` after a person handed back or closed the chat (ack:
        ``{"ok": true}`` or ``{"error": phrase id}``)."""
        data = _dict(data)
        conversation_id = (await self.get_session(sid)).get("conversation_id")
        if not conversation_id:
            return {"error": "no_conversation"}
        try:
            async with self.deps.in_flight.track():
                await feedback.rate(self.deps, conversation_id=conversation_id, score=data.get("score"),
                                    comment=data.get("comment"))
        except InputRejected as rejected:
            return {"error": rejected.phrase}
        except (feedback.NothingToRate, NotFound):
            return {"error": "nothing_to_rate"}
        return {"ok": True}

    async def on_rate_answer(self, sid: str, data: Any = None) -> Dict[str, Any]:
        """``{"id": the bot answer's id, "helpful": true|false}`` ("Was this helpful?"; ack:
        ``{"ok": true}`` or ``{"error": phrase id}``)."""
        data = _dict(data)
        conversation_id = (await self.get_session(sid)).get("conversation_id")
        if not conversation_id:
            return {"error": "no_conversation"}
        try:
            async with self.deps.in_flight.track():
                await feedback.rate_answer(self.deps, conversation_id=conversation_id, seq=data.get("id"),
                                           helpful=data.get("helpful"))
        except InputRejected as rejected:
            return {"error": rejected.phrase}
        except (feedback.NoSuchAnswer, NotFound):
            return {"error": "nothing_to_rate"}
        return {"ok": True}

    async def on_user_uttered(self, sid: str, data: Any = None) -> None:
        data = _dict(data)
        session = await self.get_session(sid)
        if not session.get("conversation_id"):
            async with self._opening.setdefault(sid, asyncio.Lock()):
                session = await self.get_session(sid)
                if not session.get("conversation_id") and await self._open(sid, data) is None:
                    return
                session = await self.get_session(sid)
        conversation_id = session["conversation_id"]
        client_message_id = data.get("client_message_id")

        async def acknowledge(stored: Message, duplicate: bool) -> None:
            # Sent as soon as the message is stored, before the bot answers.
            await self.emit("message_ack", {"client_message_id": client_message_id, "id": stored.seq,
                                            "duplicate": duplicate}, to=sid)
            if not duplicate:  # the customer's other tabs (our widget) show it too
                await self.emit("bot_uttered", message_view(stored), room=customer_room(conversation_id, True),
                                skip_sid=sid)

        try:
            outcome = await intake.receive(self.deps, conversation_id=conversation_id, text=data.get("message"),
                                           client_message_id=client_message_id, language=_language(data),
                                           language_unsure=data.get("language_unsure") is True,
                                           on_stored=acknowledge)
        except InputRejected as rejected:
            language = await sessions.language_of(self.deps, conversation_id=conversation_id)
            await self._send(sid, {"sender": "system", "error": rejected.phrase,
                                   "client_message_id": rejected.client_message_id,
                                   "text": self.deps.content.say(rejected.phrase, language, **rejected.values)})
            return
        if outcome.duplicate:
            # The first attempt's replies may have been lost with the connection: send them again.
            for reply in outcome.replies:
                await self._send(sid, message_view(reply))


class AgentNamespace(socketio.AsyncNamespace):
    """Live events for logged-in agents; a disconnected agent's chats return to the queue later."""

    def __init__(self, deps: Deps, grace_seconds: float, *, idle: dt.timedelta = login_sessions.IDLE,
                 absolute: dt.timedelta = login_sessions.ABSOLUTE) -> None:
        super().__init__("/agent")
        self.deps = deps
        self.grace_seconds = grace_seconds
        self.idle, self.absolute = idle, absolute
        self._sockets: Dict[int, Set[str]] = {}
        self._grace: Dict[int, asyncio.Task] = {}
        self._logins: Dict[str, str] = {}  # sid -> stored id of the login session it was opened with

    async def on_connect(self, sid: str, environ: dict, auth: Any = None) -> None:
        request = environ.get("aiohttp.request")
        agent = await access.console_user(request) if request is not None else None
        agent_id: Optional[int] = agent.id if agent is not None else None
        token = await login_session_token(request) if agent_id is not None else None
        if agent_id is None or token is None:
            raise socketio.exceptions.ConnectionRefusedError("agent login required")
        login = login_sessions.token_hash(token)
        await self.save_session(sid, {"agent_id": agent_id})
        self._logins[sid] = login
        await self.enter_room(sid, login_room(login))
        await self.enter_room(sid, AGENTS_ROOM)
        self._sockets.setdefault(agent_id, set()).add(sid)
        pending = self._grace.pop(agent_id, None)
        if pending is not None:
            pending.cancel()

    async def on_disconnect(self, sid: str, reason: Any = None) -> None:
        self._logins.pop(sid, None)
        session = await self.get_session(sid)
        agent_id = session.get("agent_id")
        sockets = self._sockets.get(agent_id, set())
        sockets.discard(sid)
        if agent_id is not None and not sockets:
            self._grace[agent_id] = asyncio.create_task(self._return_chats_later(agent_id))

    async def _return_chats_later(self, agent_id: int) -> None:
        await asyncio.sleep(self.grace_seconds)
        if not self._sockets.get(agent_id):
            moved = await console.agent_gone(self.deps, agent_id=agent_id)
            logger.info("agent %s gone: %d conversation(s) back in the queue", agent_id, moved)
        self._grace.pop(agent_id, None)

    async def check_sessions(self) -> int:
        """Disconnect this process's agent sockets whose login session ended: logged out (in any
        process), idle or absolute limit passed, password changed, or role no longer a console role.
        A socket outlives its cookie otherwise and keeps receiving message texts. Returns how many."""
        if not self._logins:
            return 0
        async with self.deps.sessions() as session:
            alive = await login_sessions.console_sessions_alive(
                session, id_hashes=set(self._logins.values()), now=self.deps.clock(), idle=self.idle,
                absolute=self.absolute)
        ended = [sid for sid, login in list(self._logins.items()) if login not in alive]
        for sid in ended:
            await self.disconnect(sid)
        return len(ended)

    async def check_sessions_periodically(self, interval_seconds: float) -> None:
        """Run :meth:`check_sessions` every ``interval_seconds`` until cancelled."""
        while True:
            await asyncio.sleep(interval_seconds)
            try:
                await self.check_sessions()
            except Exception:  # noqa: BLE001 - a database hiccup must not end the checks for good
                logger.exception("agent session check failed")

    async def on_watch(self, sid: str, data: Any = None) -> Dict[str, Any]:
        """Follow one conversation live; returns the messages after ``last_seen_id`` (ack)."""
        data = _dict(data)
        conversation_id = data.get("conversation_id")
        if not isinstance(conversation_id, str):
            return {"error": "conversation_id required"}
        session = await self.get_session(sid)
        try:
            messages = await access.watch(self.deps, agent_id=session["agent_id"], conversation_id=conversation_id,
                                          last_seen_id=data.get("last_seen_id"))
        except NotFound:
            return {"error": "no such conversation"}
        except access.BadSequence as bad:
            return {"error": f"last_seen_id {bad}"}
        except access.Forbidden:
            return {"error": "forbidden"}
        await self.enter_room(sid, watch_room(conversation_id))
        return {"messages": messages}

    async def on_typing(self, sid: str, data: Any = None) -> None:
        """The agent is typing in a chat they own: the customer sees it (throttled per conversation,
        so a flood costs neither the database nor the customer anything)."""
        conversation_id = _dict(data).get("conversation_id")
        agent_id = (await self.get_session(sid)).get("agent_id")
        if not isinstance(conversation_id, str) or len(conversation_id) > 64 or \
                not self.deps.typing.allow(conversation_id, f"agent:{agent_id}"):
            return
        async with self.deps.in_flight.track(), self.deps.sessions() as session:
            try:
                conversation = await conversations.get(session, conversation_id=conversation_id)
            except NotFound:
                return
            if conversation.state != State.agent or conversation.agent_id != agent_id:
                return
            agent = await agents.get(session, agent_id=agent_id)
        await self.deps.notifier.to_customer(conversation_id, "agent_typing",
                                             {"agent": agent.display_name if agent else ""}, extended_only=True)

    def shutdown(self) -> None:
        """Cancel pending grace timers (app cleanup)."""
        for task in self._grace.values():
            task.cancel()
