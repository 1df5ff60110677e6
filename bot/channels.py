"""Rasa's REST channel with a token, without message text in logs, and honest errors.

Rasa's own ``rest`` channel (``rasa.core.channels.rest.RestInput``) accepts any caller, logs the
message text when processing fails, and then answers HTTP 200 with whatever it collected. This
channel keeps its URL and request shape (``POST /webhooks/rest/webhook`` with ``{"sender",
"message", "metadata"}``) but

- requires ``Authorization: Bearer <token>`` (the ``token`` credential, from ``RASA_TOKEN``);
- answers 400 for a body that is not a JSON object with string ``sender`` and ``message``;
- answers 500 ``{"error": ...}`` when processing fails, logging no message text;
- tells the caller what the bot understood, in the response header ``X-NLU`` (JSON
  ``{"intent": str|None, "confidence": float|None, "ranking": [{"name", "confidence"}] (top 3,
  without nlu_fallback)}``): the channel parses the message itself and hands the result to Rasa's
  processor as the message's ``parse_data``, so NLU runs once per turn, as before. The body is
  Rasa's list of replies, unchanged (other clients of the webhook see no difference).

Registered in ``bot/credentials.yml`` as ``bot.channels.TokenRestInput``.
"""
from __future__ import annotations

import hmac
import json
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

NLU_HEADER = "X-NLU"
FALLBACK_INTENT = "nlu_fallback"
RANKING_SIZE = 3


def nlu_summary(parse_data: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """What the bot understood, from Rasa's parse data: ``{"intent", "confidence", "ranking"}``
    where ranking is the 3 likeliest intents other than ``nlu_fallback`` (the real guesses when the
    bot fell back); None without parse data. No message text."""
    if not isinstance(parse_data, dict):
        return None
    intent = parse_data.get("intent") if isinstance(parse_data.get("intent"), dict) else {}
    ranking = [{"name": str(guess.get("name")), "confidence": round(float(guess.get("confidence") or 0.0), 4)}
               for guess in parse_data.get("intent_ranking") or []
               if isinstance(guess, dict) and guess.get("name") and guess.get("name") != FALLBACK_INTENT]
    confidence = intent.get("confidence")
    return {"intent": intent.get("name"),
            "confidence": None if confidence is None else round(float(confidence), 4),
            "ranking": ranking[:RANKING_SIZE]}


class TokenRestInput(RestInput):
    """The ``rest`` channel behind a bearer token."""

    def __init__(self, token: Optional[str]) -> None:
        if not token:
            raise ValueError("TokenRestInput needs a token: set RASA_TOKEN")
        self.token = token

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TokenRestInput":
        return cls((credentials or {}).get("token"))

    def _authorised(self, request: Request) -> bool:
        header = request.headers.get("Authorization", "")
        scheme, _, offered = header.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(offered.encode(), self.token.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("token_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self._authorised(request):
                return response.json({"error": "missing or wrong bearer token"}, status=401)
            try:
                body = request.json
            except Exception:  # Sanic raises its own InvalidUsage for malformed JSON
                body = None
            if (not isinstance(body, dict) or not isinstance(body.get("sender"), str)
                    or not isinstance(body.get("message"), str) or not body["sender"]):
                return response.json(
                    {"error": "body must be a JSON object with string 'sender' and 'message'"},
                    status=400,
                )
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
            collector = CollectingOutputChannel()
            try:
                message = UserMessage(body["message"], collector, body["sender"],
                                      input_channel=self.name(), metadata=metadata)
                # Parsed here (the processor then skips its own parse): the same result, once.
                message.parse_data = await _parse(request, message)
                await on_new_message(message)
            except Exception as error:  # noqa: BLE001 - any failure must reach the caller
                logger.error("processing a message failed: %s", type(error).__name__)
                return response.json({"error": "the assistant could not process the message"},
                                     status=500)
            summary = nlu_summary(message.parse_data)
            headers = {NLU_HEADER: json.dumps(summary)} if summary else None
            return response.json(collector.messages, headers=headers)

        return webhook


async def _parse(request: Request, message: UserMessage) -> Optional[Dict[str, Any]]:
    """Rasa's parse of ``message`` by the loaded model (what ``MessageProcessor.log_message`` would
    compute: the NLU pipeline takes no tracker), or None when no model is loaded yet (Rasa then
    answers as it always does)."""
    agent = getattr(request.app.ctx, "agent", None)
    processor = getattr(agent, "processor", None)
    if processor is None:
        return None
    return await processor.parse_message(message)
