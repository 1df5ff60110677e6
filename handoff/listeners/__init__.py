"""Listeners of state-change events, each in one place: the customer, the agents' queue, the waiting
customers' positions, the audit log. ``register`` subscribes them in that order."""
from __future__ import annotations

from handoff.deps import Deps
from handoff.listeners import agents, audit, customer, queue_status


def register(deps: Deps) -> None:
    """Subscribe every listener to ``deps.events``."""
    customer.register(deps)
    agents.register(deps)
    queue_status.register(deps)
    audit.register(deps)
