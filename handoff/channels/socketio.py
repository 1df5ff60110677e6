"""Socket.IO for customers (namespace ``/``) and agents (namespace ``/agent``).

The customer namespace speaks the events of Rasa's own ``socketio`` channel (``session_request``,
``session_confirm``, ``user_uttered``, ``bot_uttered``), so existing Rasa web-chat widgets work
against it. A client that sends ``"extended": true`` in ``session_request`` gets ``bot_uttered`` with
the message's ``id`` and ``sender`` as well; others get exactly Rasa's shape. Additions that Rasa
widgets ignore: ``message_ack`` (the stored id of a customer message), ``history`` (catch-up after a
reconnect: send ``last_seen_id`` in ``session_request``), ``handoff_status`` (queue position,
estimated wait, agent joined, back with the bot).

The agent namespace accepts only sockets that carry a logged-in agent's session cookie; a customer
session is worth nothing there, and an agent cookie gives nothing on the customer namespace.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, Optional, Set

import socketio

from handoff.agents.auth import current_agent_id
from handoff.conversation.flows import FrontDoor, InputRejected, message_view

logger = logging.getLogger(__name__)


def customer_room(conversation_id: str, extended: bool = False) -> str:
    return f"conversation{'+' if extended else ''}:{conversation_id}"


def rasa_shape(view: Dict[str, Any]) -> Dict[str, Any]:
    """A message exactly as Rasa's socketio channel sends it: ``{"text"}`` plus ``quick_replies``.

    Rasa web-chat widgets drop messages with any other key, so ids and senders go only to clients
    that asked for the extended shape.
    """
    shaped: Dict[str, Any] = {"text": view.get("text", "")}
    if view.get("quick_replies"):
        shaped["quick_replies"] = view["quick_replies"]
    return shaped


def watch_room(conversation_id: str) -> str:
    return f"watch:{conversation_id}"


AGENTS_ROOM = "agents"


class SocketNotifier:
    """Implements ``flows.Notifier`` on a Socket.IO server (fans out through Redis when configured)."""

    def __init__(self, sio: socketio.AsyncServer) -> None:
        self.sio = sio

    async def to_customer(self, conversation_id: str, event: str, data: Any) -> None:
        await self.sio.emit(event, data, room=customer_room(conversation_id, extended=True), namespace="/")
        await self.sio.emit(event, rasa_shape(data) if event == "bot_uttered" else data,
                            room=customer_room(conversation_id), namespace="/")

    async def to_agents(self, event: str, data: Any) -> None:
        await self.sio.emit(event, data, room=AGENTS_ROOM, namespace="/agent")

    async def to_watchers(self, conversation_id: str, event: str, data: Any) -> None:
        await self.sio.emit(event, data, room=watch_room(conversation_id), namespace="/agent")


def _dict(data: Any) -> Dict[str, Any]:
    return data if isinstance(data, dict) else {}


class CustomerNamespace(socketio.AsyncNamespace):
    """Rasa's socketio protocol, backed by the front door."""

    def __init__(self, door: FrontDoor) -> None:
        super().__init__("/")
        self.door = door

    async def on_connect(self, sid: str, environ: dict, auth: Any = None) -> None:
        return None

    async def _open(self, sid: str, data: Dict[str, Any]) -> str:
        custom = _dict(data.get("customData")) or _dict(data.get("metadata"))
        language = data.get("language") or custom.get("language")
        extended = data.get("extended") is True
        conversation, token = await self.door.open_session(data.get("session_id"), language)
        await self.save_session(sid, {"conversation_id": conversation.id, "extended": extended})
        await self.enter_room(sid, customer_room(conversation.id, extended))
        return token

    async def _send(self, sid: str, view: Dict[str, Any]) -> None:
        session = await self.get_session(sid)
        await self.emit("bot_uttered", view if session.get("extended") else rasa_shape(view), to=sid)

    async def on_session_request(self, sid: str, data: Any = None) -> None:
        data = _dict(data)
        token = await self._open(sid, data)
        await self.emit("session_confirm", token, to=sid)
        last_seen = data.get("last_seen_id")
        if isinstance(last_seen, int) and last_seen >= 0:
            session = await self.get_session(sid)
            await self.emit("history", {"messages": await self.door.history(session["conversation_id"], last_seen)},
                            to=sid)

    async def on_user_uttered(self, sid: str, data: Any = None) -> None:
        data = _dict(data)
        session = await self.get_session(sid)
        if not session.get("conversation_id"):
            await self._open(sid, data)
            session = await self.get_session(sid)
        conversation_id = session["conversation_id"]
        try:
            outcome = await self.door.customer_message(conversation_id, data.get("message"),
                                                       data.get("client_message_id"), data.get("language"))
        except InputRejected as rejected:
            language = await self.door.language_of(conversation_id)
            await self._send(sid, {"sender": "system", "error": rejected.phrase,
                                    "text": self.door.texts.say(rejected.phrase, language, **rejected.values)})
            return
        if outcome.stored is not None:
            await self.emit("message_ack", {"client_message_id": data.get("client_message_id"),
                                            "id": outcome.stored.seq, "duplicate": outcome.duplicate}, to=sid)
            if outcome.duplicate:
                # The first attempt's replies may have been lost with the connection: send them again.
                for reply in outcome.replies:
                    await self._send(sid, message_view(reply))


class AgentNamespace(socketio.AsyncNamespace):
    """Live events for logged-in agents; a disconnected agent's chats return to the queue later."""

    def __init__(self, door: FrontDoor, grace_seconds: float) -> None:
        super().__init__("/agent")
        self.door = door
        self.grace_seconds = grace_seconds
        self._sockets: Dict[int, Set[str]] = {}
        self._grace: Dict[int, asyncio.Task] = {}

    async def on_connect(self, sid: str, environ: dict, auth: Any = None) -> None:
        request = environ.get("aiohttp.request")
        agent_id: Optional[int] = await current_agent_id(request) if request is not None else None
        if agent_id is None:
            raise socketio.exceptions.ConnectionRefusedError("agent login required")
        await self.save_session(sid, {"agent_id": agent_id})
        await self.enter_room(sid, AGENTS_ROOM)
        self._sockets.setdefault(agent_id, set()).add(sid)
        pending = self._grace.pop(agent_id, None)
        if pending is not None:
            pending.cancel()

    async def on_disconnect(self, sid: str, reason: Any = None) -> None:
        session = await self.get_session(sid)
        agent_id = session.get("agent_id")
        sockets = self._sockets.get(agent_id, set())
        sockets.discard(sid)
        if agent_id is not None and not sockets:
            self._grace[agent_id] = asyncio.create_task(self._return_chats_later(agent_id))

    async def _return_chats_later(self, agent_id: int) -> None:
        await asyncio.sleep(self.grace_seconds)
        if not self._sockets.get(agent_id):
            moved = await self.door.agent_gone(agent_id)
            logger.info("agent %s gone: %d conversation(s) back in the queue", agent_id, moved)
        self._grace.pop(agent_id, None)

    async def on_watch(self, sid: str, data: Any = None) -> Dict[str, Any]:
        """Follow one conversation live; returns the messages after ``last_seen_id`` (ack)."""
        data = _dict(data)
        conversation_id = data.get("conversation_id")
        if not isinstance(conversation_id, str):
            return {"error": "conversation_id required"}
        session = await self.get_session(sid)
        last_seen = data.get("last_seen_id") if isinstance(data.get("last_seen_id"), int) else 0
        try:
            messages = await self.door.history_for_agent(session["agent_id"], conversation_id, last_seen)
        except Exception:  # noqa: BLE001 - unknown id: say so, do not crash the socket
            return {"error": "no such conversation"}
        await self.enter_room(sid, watch_room(conversation_id))
        return {"messages": messages}

    def shutdown(self) -> None:
        """Cancel pending grace timers (app cleanup)."""
        for task in self._grace.values():
            task.cancel()
