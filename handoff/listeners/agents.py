"""Tell every logged-in agent that the queue changed (never with message texts).

``handoff.requested`` carries the new queue item; every other change ``queue.changed`` (with
``claimed_by`` for a claim), so consoles reload the queue.
"""
from __future__ import annotations

from handoff.conversation.events import Event
from handoff.deps import Deps
from handoff.queue.service import entry


def register(deps: Deps) -> None:
    """Subscribe the agents' queue listener to every event."""

    async def queue_changed(event: Event) -> None:
        if event.name == "conversation.queued":
            await deps.notifier.to_agents("handoff.requested", entry(event.conversation))
            return
        data = {"conversation_id": event.conversation_id}
        if event.name == "conversation.claimed":
            data["claimed_by"] = event.agent_id
        await deps.notifier.to_agents("queue.changed", data)

    deps.events.subscribe("*", queue_changed)
