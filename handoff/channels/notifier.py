"""``SocketNotifier``: the ``messaging.notifier.Notifier`` pushes, on the Socket.IO server.

Customer sockets are in one of two rooms per conversation: clients that asked for the extended
message shape (our widget) and plain Rasa web-chat clients, who get exactly Rasa's shape.
"""
from __future__ import annotations

from typing import Any, Dict

import socketio

AGENTS_ROOM = "agents"


def customer_room(conversation_id: str, extended: bool = False) -> str:
    """The room of a conversation's customer sockets (extended or Rasa-shaped)."""
    return f"conversation{'+' if extended else ''}:{conversation_id}"


def login_room(id_hash: str) -> str:
    """The room of the agent sockets opened with one login session (its stored id)."""
    return f"login:{id_hash}"


def watch_room(conversation_id: str) -> str:
    """The room of the agents who opened a conversation."""
    return f"watch:{conversation_id}"


def rasa_shape(view: Dict[str, Any]) -> Dict[str, Any]:
    """A message exactly as Rasa's socketio channel sends it: ``{"text"}`` plus ``quick_replies``.

    Rasa web-chat widgets drop messages with any other key, so ids and senders go only to clients
    that asked for the extended shape.
    """
    shaped: Dict[str, Any] = {"text": view.get("text", "")}
    if view.get("quick_replies"):
        shaped["quick_replies"] = view["quick_replies"]
    return shaped


class SocketNotifier:
    """Implements ``Notifier`` on a Socket.IO server (fans out through Redis when configured)."""

    def __init__(self, sio: socketio.AsyncServer) -> None:
        self.sio = sio

    async def to_customer(self, conversation_id: str, event: str, data: Any, extended_only: bool = False) -> None:
        """Push to both rooms of the conversation's customer (``extended_only``: to our widget's room)."""
        await self.sio.emit(event, data, room=customer_room(conversation_id, extended=True), namespace="/")
        if not extended_only:
            await self.sio.emit(event, rasa_shape(data) if event == "bot_uttered" else data,
                                room=customer_room(conversation_id), namespace="/")

    async def to_agents(self, event: str, data: Any) -> None:
        """Push to every logged-in agent."""
        await self.sio.emit(event, data, room=AGENTS_ROOM, namespace="/agent")

    async def to_watchers(self, conversation_id: str, event: str, data: Any) -> None:
        """Push to the agents watching the conversation."""
        await self.sio.emit(event, data, room=watch_room(conversation_id), namespace="/agent")

    async def end_console_session(self, id_hash: str) -> None:
        """Disconnect this process's agent sockets of the login session at once; sockets on other
        processes end at their process's next session check (``AgentNamespace.check_sessions``)."""
        room = login_room(id_hash)
        for sid, _ in list(self.sio.manager.get_participants("/agent", room)):
            await self.sio.disconnect(sid, namespace="/agent")
