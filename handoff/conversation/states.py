"""The conversation state machine: ``bot -> waiting -> agent -> bot | resolved``.

One transition table, with the event each change emits; every change goes through
:func:`handoff.conversation.service.transition`.
"""
from __future__ import annotations

from enum import StrEnum
from typing import Dict, Optional, Set, Tuple


class State(StrEnum):
    """Who owns the conversation."""

    bot = "bot"  # the assistant answers
    waiting = "waiting"  # in the queue for a person; the bot stays silent
    agent = "agent"  # a person answers
    resolved = "resolved"  # closed by a person


# (from, to) -> the event the change emits. A pair that is not here is forbidden.
TRANSITIONS: Dict[Tuple[State, State], str] = {
    (State.bot, State.waiting): "conversation.queued",
    (State.bot, State.resolved): "conversation.resolved",
    (State.waiting, State.agent): "conversation.claimed",
    # the customer chose to go on with the assistant instead of waiting
    (State.waiting, State.bot): "conversation.continued_with_bot",
    (State.waiting, State.resolved): "conversation.resolved",
    (State.agent, State.bot): "conversation.handed_back",
    (State.agent, State.resolved): "conversation.resolved",
    # the agent disconnected and did not come back in time
    (State.agent, State.waiting): "conversation.requeued",
    # the customer writes again after the chat was closed
    (State.resolved, State.bot): "conversation.reopened",
}

ALLOWED: Dict[State, Set[State]] = {state: {new for (old, new) in TRANSITIONS if old == state} for state in State}

# Which senders may add a message in which states: the bot only while it owns the conversation, an
# agent only while a person does. Enforced where a message is stored; callers cannot opt out.
SENDER_STATES: Dict[str, Optional[Set[State]]] = {
    "bot": {State.bot},
    "agent": {State.agent},
    "customer": None,
    "system": None,
}


def allowed(current: State, new: State) -> bool:
    """True when ``current -> new`` is in the transition table."""
    return (current, new) in TRANSITIONS


def event_name(current: State, new: State) -> str:
    """The event emitted by ``current -> new``.

    Raises:
        KeyError: the change is not in the transition table.
    """
    return TRANSITIONS[(current, new)]
