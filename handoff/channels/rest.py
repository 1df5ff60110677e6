"""A REST channel shaped like Rasa's ``rest`` channel, for simple clients.

``POST /webhooks/rest/webhook`` with ``{"sender": <session token>, "message": str, "metadata":
{"language": "de"}, "message_id": <optional client id>}`` answers with the replies of this turn as
Rasa does: ``[{"recipient_id", "text", "buttons"?, "id", "sender"}]``. The sender is the customer's
secret session token (at least 16 characters). Replies that come later (from a person) are fetched
with ``POST /webhooks/rest/messages`` ``{"sender", "after": <last seen id>}``.
"""
from __future__ import annotations

from typing import Any, Dict, List

from aiohttp import web

from handoff.conversation.flows import InputRejected, message_view
from handoff.keys import FRONT_DOOR


async def _body(request: web.Request) -> Dict[str, Any]:
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        raise web.HTTPBadRequest(text='{"error": "body must be JSON"}', content_type="application/json")
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text='{"error": "body must be a JSON object"}', content_type="application/json")
    sender = body.get("sender")
    if not isinstance(sender, str) or not 16 <= len(sender) <= 200:
        raise web.HTTPBadRequest(text='{"error": "sender must be a session token of 16 to 200 characters"}',
                                 content_type="application/json")
    return body


def _rasa_shape(sender: str, views: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    shaped = []
    for view in views:
        item = {"recipient_id": sender, "id": view["id"], "sender": view["sender"], "text": view["text"]}
        if view.get("buttons"):
            item["buttons"] = view["buttons"]
        shaped.append(item)
    return shaped


async def webhook(request: web.Request) -> web.Response:
    """Receive one customer message; answer with this turn's replies."""
    body = await _body(request)
    door = request.app[FRONT_DOOR]
    metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
    conversation, _ = await door.open_session(body["sender"], metadata.get("language"))
    try:
        outcome = await door.customer_message(conversation.id, body.get("message"), body.get("message_id"),
                                              metadata.get("language"))
    except InputRejected as rejected:
        return web.json_response({"error": rejected.phrase,
                                  "text": door.texts.say(rejected.phrase, conversation.language, **rejected.values)},
                                 status=429 if rejected.phrase == "error_too_fast" else 400)
    return web.json_response(_rasa_shape(body["sender"], [message_view(m) for m in outcome.replies]))


async def messages(request: web.Request) -> web.Response:
    """Catch up: every message after ``after`` (customer's own included), oldest first."""
    body = await _body(request)
    after = body.get("after", 0)
    if not isinstance(after, int) or after < 0:
        raise web.HTTPBadRequest(text='{"error": "after must be a non-negative integer"}',
                                 content_type="application/json")
    door = request.app[FRONT_DOOR]
    conversation = await door.find_session(body["sender"])
    if conversation is None:
        return web.json_response([])  # reading never creates a conversation
    return web.json_response(_rasa_shape(body["sender"], await door.history(conversation.id, after)))
