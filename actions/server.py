"""Run the action server: loopback by default, and with a token on every route when
``ACTION_SERVER_TOKEN`` is set.

``rasa run actions`` listens on every interface and accepts any caller; this wraps the same Rasa SDK
app (``rasa_sdk.endpoint.create_app``) so that only Rasa, sending the token as the ``token`` query
parameter (the ``token`` field of ``action_endpoint`` in ``bot/endpoints.yml``), can call actions.

Rules (security finding "action server runs actions without a token on ``POST /webhook/``"):

- every path needs the token (compared with ``hmac.compare_digest``), whatever its spelling
  (``/webhook``, ``/webhook/``, ``/actions``, unknown paths), except ``GET /health``, which answers
  only ``{"status": "ok"}``;
- an error inside an action answers HTTP 500 with a fixed body: Sanic's own error page (the
  ``rasa_sdk`` webhook lets unexpected exceptions through to it) can carry the exception's text, and
  with it slot values or message text from the request; the log names the exception type only.

It also answers ``POST /content/check`` (token required like every route): the content rules for
one field the studio's editor is typing (``actions.content.field_check``); body
``{"path", "language", "text", "other_text", "document"?}``, answer ``{"problems": [{"rule", "key", "values"}]}``
(the front door words ``key``, a text of ``data/content/ui.yml`` section ``studio_api``, in the studio
user's language); with ``document`` also the length of the first answers the field is part of
(``actions.content.first_answers``); 400 for a malformed body, 413 for a text over ``MAX_TEXT_CHARS``.

Usage: ``python -m actions.server``. Exits with status 2 when the port is not a number.
"""
from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Optional

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.config import settings
from actions.content import field_check, first_answers

logger = logging.getLogger(__name__)

OPEN_PATHS = frozenset({"/health"})
# Sanic reads a whole body (default cap 100 MB) before the token middleware runs. Rasa sends the
# conversation's tracker with every call: ~1 KB per event, so 10 MB is thousands of turns.
REQUEST_MAX_BYTES = 10_000_000
GENERIC_ERROR = {"error": "the action server could not run the action"}


def token_offered(request: Request) -> str:
    """The token a caller sent: ``?token=`` (what Rasa sends) or ``Authorization: Bearer``; '' if none."""
    offered = request.args.get("token")
    if offered:
        return offered
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value if scheme.lower() == "bearer" else ""


def build_app(token: Optional[str]) -> Sanic:
    """Return the Sanic app of the ``actions`` package.

    Args:
        token: when not None, every route except ``GET /health`` answers 401 without it.
        A body over ``REQUEST_MAX_BYTES`` bytes answers 413 before it is read.
    Returns:
        the app, not yet running.
    """
    app = create_app("actions", cors_origins=None)
    app.config.REQUEST_MAX_SIZE = REQUEST_MAX_BYTES

    @app.middleware("request")
    async def require_token(request: Request) -> Optional[HTTPResponse]:
        if token is None:
            return None
        if request.path in OPEN_PATHS and request.method in ("GET", "HEAD"):
            return None
        if not hmac.compare_digest(token_offered(request).encode(), token.encode()):
            return response.json({"error": "missing or wrong token"}, status=401)
        return None

    @app.post("/content/check")
    async def content_check(request: Request) -> HTTPResponse:
        body = request.json if isinstance(request.json, dict) else None
        fields = ("path", "language", "text")
        if body is None or not all(isinstance(body.get(name), str) for name in fields) or \
                not all(isinstance(body.get(name), (str, type(None))) for name in ("other_text", "document")):
            return response.json({"error": "path, language and text must be strings"}, status=400)
        if max(len(body["text"]), len(body.get("other_text") or "")) > field_check.MAX_TEXT_CHARS:
            return response.json({"error": f"text longer than {field_check.MAX_TEXT_CHARS} characters"},
                                 status=413)
        found = field_check.problems(body["path"], body["language"], body["text"], body.get("other_text"))
        if body.get("document"):  # composing runs the actions (asyncio.run): off the server's loop
            found += await asyncio.to_thread(first_answers.problems, body["document"], body["path"],
                                             body["language"], body["text"])
        return response.json({"problems": found})

    @app.exception(Exception)
    async def generic_error(request: Request, error: Exception) -> HTTPResponse:
        if isinstance(error, SanicException) and getattr(error, "status_code", 500) < 500:
            # 400/404/405 from Sanic itself: its messages name the route, not the request's body.
            return response.json({"error": type(error).__name__}, status=error.status_code)
        logger.error("action call failed: %s", type(error).__name__)
        return response.json(GENERIC_ERROR, status=500)

    return app


def main() -> None:
    """Start the action server on ``ACTION_SERVER_HOST:ACTION_SERVER_PORT``."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    config = settings()
    app = build_app(config.token)
    logger.info("action server on http://%s:%d (token %s)", config.host, config.port,
                "required" if config.token else "not required")
    app.run(host=config.host, port=config.port, workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()
