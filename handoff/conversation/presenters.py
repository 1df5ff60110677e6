"""How messages look to clients: the customer widget, Rasa web-chat widgets and the agent console.

The shape is documented in ``docs/front-door.md`` ("Client protocol").
"""
from __future__ import annotations

from typing import Any, Dict

from handoff.conversation.models import Message
from handoff.conversation.service import aware


def message_view(message: Message) -> Dict[str, Any]:
    """A message as clients receive it.

    Returns ``{"id": seq, "sender", "text", "created_at": ISO 8601 UTC with offset}``, plus
    ``agent_name`` for an agent's message (the display name at the time it was sent), ``waiting``
    (``queued``, ``outside_hours``, ``nobody``) for the front door's message about a wait, and
    ``buttons``/``quick_replies`` when the message offers buttons. Redacted parts stay as typed
    placeholders (``<IBAN>``); the pages show them as readable labels from the contract.
    """
    payload = message.payload if isinstance(message.payload, dict) else {}
    created = aware(message.created_at)
    view: Dict[str, Any] = {"id": message.seq, "sender": message.sender, "text": message.text,
                            "created_at": created.isoformat() if created else None}
    if message.sender == "agent" and payload.get("agent_name"):
        view["agent_name"] = payload["agent_name"]
    if payload.get("waiting"):
        view["waiting"] = payload["waiting"]  # what a waiting customer was told (queue.service.situation)
    buttons = payload.get("buttons")
    if buttons:
        view["buttons"] = buttons
        # Rasa's socketio channel sends buttons as quick replies; Rasa web-chat widgets read these.
        view["quick_replies"] = [{"content_type": "text", "title": b["title"], "payload": b["payload"]}
                                 for b in buttons]
    return view
