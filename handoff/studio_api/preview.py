"""The studio's preview (issue 12, item 4): ``POST /studio/api/preview`` talks to the real running bot,
which answers from the drafts, so the team reads new wording in a real conversation before it is live.

How: the message goes to Rasa's REST webhook (the front door's Rasa client) under a sender id that
starts with ``PREVIEW_PREFIX``; Rasa's NLG (``bot/nlg.py``) and the actions (``actions/common.py``)
then answer that conversation, and only that one, from each field's newest draft
(``actions.content.published``, drafts mode). Customers' conversation ids are random hex made by the
front door, so no customer can reach the drafts. Nothing of a preview is stored by the front door
(no conversation row, no queue): a handoff is returned as a note. Message texts are not logged.

Same rules as the other studio routes (login 401, CSRF 403, studio roles 403) and the customers'
input limits (empty, too long, unreadable: 400 with the customer's message in ``error``).
"""
from __future__ import annotations

import logging
import re
import secrets
from typing import Any, Dict, List

from aiohttp import web

import contract
from actions.content.published import PREVIEW_PREFIX
from handoff.console.views import _json
from handoff.intake.limits import InputRejected, check_text
from handoff.intake.service import neutralise_slash
from handoff.keys import DEPS
from handoff.rasa_client.client import RasaUnavailable
from handoff.studio_api.views import _user

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"^[0-9a-f]{32}$")
# A button's payload as the bot sends them: "/intent" with optional JSON entities.
_PAYLOAD = re.compile(r"^/[a-z_+]{1,100}(\{[^{}<>]{0,200}\})?$")


def sender_id(agent_id: int, token: str) -> str:
    """The Rasa sender id of preview conversation ``token`` of user ``agent_id`` (one user cannot
    continue another's preview even with its token)."""
    return f"{PREVIEW_PREFIX}{agent_id}-{token}"


def _replies(replies: List[Dict[str, Any]]) -> Dict[str, Any]:
    """Rasa's replies as the panel shows them: texts with buttons, and whether a person was asked for."""
    shown, handoff = [], False
    for reply in replies:
        custom = reply.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("handoff"), dict):
            handoff = True
            continue
        text = reply.get("text") if isinstance(reply.get("text"), str) else ""
        buttons = [{"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                   for b in reply.get("buttons") or [] if isinstance(b, dict)]
        if text or buttons:
            shown.append({"text": text, "buttons": buttons})
    return {"replies": shown, "handoff": handoff}


async def preview(request: web.Request) -> web.Response:
    """``POST /studio/api/preview {"text" | "payload", "language", "conversation"?}`` -> ``{"conversation",
    "replies": [{"text", "buttons"}], "handoff"}``.

    ``conversation`` (32 hex characters) continues a preview; without it a new one starts (its
    ``language`` is the bot's language for the whole preview). ``payload``: a button's payload.
    Errors: 400 (input; ``error`` is the customer's message in ``language``), 429 (faster than a
    customer may write), 503 (bot away).
    """
    agent = await _user(request)
    deps = request.app[DEPS]
    body = await _json(request)
    language = contract.language_or_default(body.get("language"))
    token = body.get("conversation")
    if token is None:
        token = secrets.token_hex(16)
    elif not isinstance(token, str) or not _TOKEN.match(token):
        return web.json_response({"error": "conversation must be the token of an earlier answer"}, status=400)
    payload = body.get("payload")
    if payload is not None:
        if not isinstance(payload, str) or not _PAYLOAD.match(payload):
            return web.json_response({"error": "payload must be a button's payload"}, status=400)
        if "notice_code" in payload:  # a code goes in as typed text, redacted, as a customer's does
            return web.json_response({"error": "payload must be a button's payload"}, status=400)
        if payload in contract.front_door_payloads():  # a person, a callback...: the front door's part
            return web.json_response({"conversation": token, "replies": [], "handoff": True})
        to_rasa = payload
    else:
        try:
            text = check_text(body.get("text"), max_chars=deps.max_message_chars)
        except InputRejected as rejected:
            return web.json_response({"error": deps.content.say(rejected.phrase, language, **rejected.values),
                                      "phrase": rejected.phrase}, status=400)
        # As for customers: redacted (staff may paste real data) and no typed "/restart".
        to_rasa = neutralise_slash(deps.redactor.redact(text, language).text)
    # Per user, not per preview: a new preview per request must not get a fresh budget (security review).
    if not deps.rate_limiter.allow(f"studio-preview-{agent.id}"):
        return web.json_response({"error": deps.content.say("error_too_fast", language),
                                  "phrase": "error_too_fast"}, status=429)
    try:
        replies = await deps.rasa.send(sender_id(agent.id, token), to_rasa, language)
    except RasaUnavailable as error:
        logger.warning("Rasa unavailable for a studio preview: %s", error)
        return web.json_response({"error": deps.content.say("bot_unavailable", language)}, status=503)
    return web.json_response({"conversation": token, **_replies(replies)})


def setup(app: web.Application) -> None:
    """Add the preview route."""
    app.router.add_post("/studio/api/preview", preview)
