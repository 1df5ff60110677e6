"""When the set of waiting conversations changes, tell every waiting customer their new position."""
from __future__ import annotations

from handoff.conversation.events import Event
from handoff.conversation.states import State
from handoff.deps import Deps
from handoff.queue.service import push_status


def register(deps: Deps) -> None:
    """Subscribe the position update to every event that enters or leaves ``waiting``."""

    async def positions(event: Event) -> None:
        if State.waiting.value in (event.from_state, event.to_state):
            await push_status(deps)

    deps.events.subscribe("*", positions)
