"""Run the action server: loopback by default, and with a token when ``ACTION_SERVER_TOKEN`` is set.

``rasa run actions`` listens on every interface and accepts any caller; this wraps the same Rasa SDK
app (``rasa_sdk.endpoint.create_app``) so that only Rasa, sending the token as the ``token`` query
parameter (the ``token`` field of ``action_endpoint`` in ``bot/endpoints.yml``), can call actions.

Usage: ``python -m actions.server``. Exits with status 2 when the port is not a number.
"""
from __future__ import annotations

import hmac
import logging

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request

from actions.config import settings

logger = logging.getLogger(__name__)


def build_app(token: str | None) -> Sanic:
    """Return the Sanic app of the ``actions`` package; ``/webhook`` requires ``token`` if given."""
    app = create_app("actions", cors_origins=None)

    @app.middleware("request")
    async def require_token(request: Request):  # noqa: ANN202 - Sanic middleware
        if token is None or request.path != "/webhook":
            return None
        offered = request.args.get("token") or ""
        if not hmac.compare_digest(offered.encode(), token.encode()):
            return response.json({"error": "missing or wrong token"}, status=401)
        return None

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
