"""A REST channel shaped like Rasa's ``rest`` channel, for simple clients.

``POST /webhooks/rest/webhook`` with ``{"sender": <session token>, "message": str, "metadata":
{"language": "de"}, "message_id": <optional client id>}`` answers with the replies of this turn as
Rasa does: ``[{"recipient_id", "text", "buttons"?, "id", "sender"}]``. The sender is the customer's
secret session token, issued by the server: a first message without one (or with one the server does
not know) starts a new conversation, and the new token comes back in the ``X-Session-Token`` header
and as every reply's ``recipient_id``. Replies that come later (from a person) are fetched with
``POST /webhooks/rest/messages`` ``{"sender", "after": <last seen id>}``. Redaction
placeholders are rendered as readable labels in the conversation's language (``[IBAN removed]``),
since plain clients show text as it is.
"""
from __future__ import annotations

from typing import Any, Dict, List

from aiohttp import web

import contract
from handoff.conversation.presenters import message_view
from handoff.intake import service as intake
from handoff.intake import sessions
from handoff.intake.limits import InputRejected
from handoff.keys import DEPS
from handoff.transcripts import service as transcripts
from handoff.transcripts.service import readable

MAX_AFTER = 2**62  # larger ids do not exist, and would overflow the database's integers


def _bad_request(error: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=f'{{"error": "{error}"}}', content_type="application/json")


async def _body(request: web.Request, sender_required: bool = True) -> Dict[str, Any]:
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise _bad_request("body must be JSON") from None
    if not isinstance(body, dict):
        raise _bad_request("body must be a JSON object")
    sender = body.get("sender")
    if sender is None and not sender_required:
        return body
    if not isinstance(sender, str) or not sessions.MIN_TOKEN_CHARS <= len(sender) <= sessions.MAX_TOKEN_CHARS:
        raise _bad_request("sender must be a session token of 16 to 200 characters")
    return body


def _rasa_shape(sender: str, views: List[Dict[str, Any]], language: str) -> List[Dict[str, Any]]:
    shaped = []
    for view in views:
        item = {"recipient_id": sender, "id": view["id"], "sender": view["sender"],
                "text": readable(view["text"], language), "created_at": view["created_at"]}
        for key in ("buttons", "agent_name"):
            if view.get(key):
                item[key] = view[key]
        shaped.append(item)
    return shaped


async def webhook(request: web.Request) -> web.Response:
    """Receive one customer message; answer with this turn's replies."""
    body = await _body(request, sender_required=False)
    deps = request.app[DEPS]
    metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
    try:
        conversation, token, _ = await sessions.open_session(deps, token=body.get("sender"),
                                                             language=metadata.get("language"),
                                                             client=request.remote or "")
    except InputRejected as rejected:
        return web.json_response({"error": rejected.phrase, "text": deps.content.say(
            rejected.phrase, contract.language_or_default(metadata.get("language")))}, status=429)
    try:
        outcome = await intake.receive(deps, conversation_id=conversation.id, text=body.get("message"),
                                       client_message_id=body.get("message_id"),
                                       language=metadata.get("language"))
    except InputRejected as rejected:
        return web.json_response({"error": rejected.phrase, "client_message_id": rejected.client_message_id,
                                  "text": deps.content.say(rejected.phrase, conversation.language, **rejected.values)},
                                 status=429 if rejected.phrase == "error_too_fast" else 400,
                                 headers={"X-Session-Token": token})
    language = await sessions.language_of(deps, conversation_id=conversation.id)
    return web.json_response(_rasa_shape(token, [message_view(m) for m in outcome.replies], language),
                             headers={"X-Session-Token": token})


async def messages(request: web.Request) -> web.Response:
    """Catch up: every message after ``after`` (customer's own included), oldest first."""
    body = await _body(request)
    after = body.get("after", 0)
    if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after <= MAX_AFTER:
        raise _bad_request("after must be a non-negative integer")
    deps = request.app[DEPS]
    conversation = await sessions.find_session(deps, token=body["sender"])
    if conversation is None:
        return web.json_response([])  # reading never creates a conversation
    views = await transcripts.history(deps, conversation_id=conversation.id, after_seq=after)
    return web.json_response(_rasa_shape(body["sender"], views, conversation.language))


async def transcript(request: web.Request) -> web.Response:
    """``POST /webhooks/rest/transcript`` ``{"sender": <session token>}``: the customer's own
    conversation as a text file (placeholders as readable labels); 404 for an unknown token. The token
    travels in the body, never in a URL (URLs end up in logs and browser histories)."""
    body = await _body(request)
    deps = request.app[DEPS]
    conversation = await sessions.find_session(deps, token=body["sender"])
    if conversation is None:
        raise web.HTTPNotFound(text='{"error": "no such conversation"}', content_type="application/json")
    text = await transcripts.for_customer(deps, conversation_id=conversation.id, language=conversation.language)
    return web.Response(text=text, content_type="text/plain", charset="utf-8", headers={
        "Content-Disposition": 'attachment; filename="chat-transcript.txt"', "Cache-Control": "no-store"})
