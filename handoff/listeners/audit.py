"""Write every state change to the audit log (who did what to which conversation)."""
from __future__ import annotations

from handoff.agents import service as agents
from handoff.conversation.events import Event
from handoff.deps import Deps


def register(deps: Deps) -> None:
    """Subscribe the audit listener to every event."""

    async def audit(event: Event) -> None:
        async with deps.sessions() as session:
            await agents.audit(session, agent_id=event.agent_id, action=event.name,
                               conversation_id=event.conversation_id)
            await session.commit()

    deps.events.subscribe("*", audit)
