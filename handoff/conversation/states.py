"""The conversation state machine: ``bot -> waiting -> agent -> bot | resolved``.

One transition table; every change goes through :func:`handoff.conversation.service.transition`.
"""
from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    """Who owns the conversation."""

    bot = "bot"  # the assistant answers
    waiting = "waiting"  # in the queue for a person; the bot stays silent
    agent = "agent"  # a person answers
    resolved = "resolved"  # closed by a person


ALLOWED = {
    State.bot: {State.waiting, State.resolved},
    # waiting -> bot: the customer chose to continue with the assistant
    State.waiting: {State.agent, State.bot, State.resolved},
    # agent -> waiting: the agent disconnected and did not come back in time
    State.agent: {State.bot, State.resolved, State.waiting},
    # resolved -> bot: the customer writes again after the chat was closed
    State.resolved: {State.bot},
}


def allowed(current: State, new: State) -> bool:
    """True when ``current -> new`` is in the transition table."""
    return new in ALLOWED[current]
