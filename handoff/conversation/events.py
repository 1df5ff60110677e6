"""State-change events and the bus that hands them to listeners.

:func:`handoff.conversation.service.transition` records one :class:`Event` per change in the
database session; :meth:`handoff.deps.Deps.transaction` publishes them after the commit. Listeners
(``handoff.listeners``) each own one concern: telling the customer, the agents' queue, the audit log.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, List, Optional

from sqlalchemy.ext.asyncio import AsyncSession

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """One state change of one conversation.

    ``name`` is a dotted noun from ``states.TRANSITIONS`` (``conversation.claimed`` ...);
    ``conversation`` is the row as it is after the change; ``details`` carries what listeners need
    beyond it (``agent_name``).
    """

    name: str
    conversation_id: str
    from_state: str
    to_state: str
    actor: str
    reason: Optional[str]
    conversation: Any = None
    agent_id: Optional[int] = None
    details: Dict[str, Any] = field(default_factory=dict)


Listener = Callable[[Event], Awaitable[Optional[List[Any]]]]


class EventBus:
    """Publish events to the listeners subscribed to their name (or to every event with ``"*"``)."""

    def __init__(self) -> None:
        self._listeners: Dict[str, List[Listener]] = {}

    def subscribe(self, name: str, listener: Listener) -> None:
        """Call ``listener(event)`` for every event called ``name`` (``"*"``: every event)."""
        self._listeners.setdefault(name, []).append(listener)

    async def publish(self, event: Event) -> List[Any]:
        """Run the listeners in subscription order; return what they returned (stored messages).

        A failing listener is logged and skipped: the change is committed already, and the other
        listeners must still run.
        """
        produced: List[Any] = []
        for listener in self._listeners.get(event.name, []) + self._listeners.get("*", []):
            try:
                produced += await listener(event) or []
            except Exception:  # noqa: BLE001 - one listener must not silence the others
                logger.exception("listener %s failed on %s", getattr(listener, "__name__", listener), event.name)
        return produced


def record(session: AsyncSession, event: Event) -> None:
    """Keep ``event`` with the session until the transaction commits."""
    session.info.setdefault("events", []).append(event)


def pending_events(session: AsyncSession) -> List[Event]:
    """Take the events recorded in ``session`` (after its commit)."""
    return session.info.pop("events", [])
