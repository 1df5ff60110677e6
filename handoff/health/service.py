"""Readiness checks of the front door's dependencies: its database, every Rasa process, the
action server.

Each check returns a small dict ``{"ok": bool, ...}`` with no URL, token or message text in it
(``/health/ready`` is open to the supervisor and load balancers). A check never raises: a failure
becomes ``{"ok": False, "error": <exception type or HTTP status>}``.
"""
from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional, Sequence

import aiohttp
from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker

Check = Dict[str, Any]


def _failure(error: BaseException) -> Check:
    return {"ok": False, "error": type(error).__name__}


async def database(sessions: Optional[async_sessionmaker], timeout_seconds: float) -> Check:
    """``SELECT 1`` on the front door's database.

    Args:
        sessions: the app's session factory (None while the app is starting).
        timeout_seconds: how long the query may take.
    """
    if sessions is None:
        return {"ok": False, "error": "starting"}
    try:
        async with asyncio.timeout(timeout_seconds):
            async with sessions() as session:
                await session.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        return _failure(error)
    return {"ok": True}


async def rasa(http: aiohttp.ClientSession, url: str, token: str, timeout_seconds: float) -> Check:
    """Whether the Rasa at ``url`` has a model loaded: its ``GET /status`` (with the token) answers
    200 with a ``model_file`` (Rasa 3.6 answers 409 while no model is loaded)."""
    try:
        async with http.get(f"{url}/status", params={"token": token},
                            timeout=aiohttp.ClientTimeout(total=timeout_seconds)) as response:
            if response.status != 200:
                return {"ok": False, "error": f"HTTP {response.status}"}
            body = await response.json()
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
        return _failure(error)
    loaded = isinstance(body, dict) and bool(body.get("model_file"))
    return {"ok": True} if loaded else {"ok": False, "error": "no model loaded"}


async def action_server(http: aiohttp.ClientSession, url: Optional[str], timeout_seconds: float) -> Check:
    """Whether the action server at ``url`` answers its open ``GET /health`` with 200."""
    if not url:
        return {"ok": False, "error": "not configured"}
    try:
        async with http.get(f"{url}/health", timeout=aiohttp.ClientTimeout(total=timeout_seconds)) as response:
            return {"ok": True} if response.status == 200 else {"ok": False, "error": f"HTTP {response.status}"}
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        return _failure(error)


async def readiness(*, sessions: Optional[async_sessionmaker], http: aiohttp.ClientSession,
                    rasa_urls: Sequence[str], rasa_token: str, action_server_url: Optional[str],
                    timeout_seconds: float = 2.0, reloading: Sequence[str] = ()) -> Dict[str, Any]:
    """Run every check at once.

    Args:
        reloading: Rasa URLs out of rotation while they load another model (``handoff.activation``):
            they answer nothing meanwhile, on purpose, and get no turns; not asked, reported as
            ``{"ok": True, "reloading": True}`` (the front door is no less ready).

    Returns:
        ``{"ready": bool, "database": Check, "rasa": [Check, ...] (in RASA_URLS order, each with
        its ``index``), "action_server": Check}``; ``ready`` is True only when every check is ok.
    """
    async def reloaded() -> Check:
        return {"ok": True, "reloading": True}

    checks: List[Any] = await asyncio.gather(
        database(sessions, timeout_seconds),
        action_server(http, action_server_url, timeout_seconds),
        *(reloaded() if url in reloading else rasa(http, url, rasa_token, timeout_seconds) for url in rasa_urls),
    )
    db, actions, *rasas = checks
    rasas = [dict(check, index=index) for index, check in enumerate(rasas)]
    ready = db["ok"] and actions["ok"] and bool(rasas) and all(check["ok"] for check in rasas)
    return {"ready": ready, "database": db, "rasa": rasas, "action_server": actions}
