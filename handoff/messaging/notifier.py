"""Where pushes go: the customer's sockets, every agent, or the agents watching one conversation.

Implemented by ``handoff.channels.socketio.SocketNotifier``.
"""
from __future__ import annotations

from typing import Any, Protocol


class Notifier(Protocol):
    """Pushes events to sockets (fanned out through Redis when configured)."""

    async def to_customer(self, conversation_id: str, event: str, data: Any, extended_only: bool = False) -> None:
        """Push to every socket of the conversation's customer (``extended_only``: only to clients that
        asked for the extended protocol, i.e. not to Rasa web-chat widgets)."""

    async def to_agents(self, event: str, data: Any) -> None:
        """Push to every logged-in agent (queue events: no message texts)."""

    async def to_watchers(self, conversation_id: str, event: str, data: Any) -> None:
        """Push to the agents who opened this conversation (message texts)."""

    async def end_console_session(self, id_hash: str) -> None:
        """Disconnect the agent sockets opened with this login session (logout)."""
