"""Agent sessions: login state in an encrypted, HttpOnly, SameSite cookie, and CSRF tokens.

The cookie is aiohttp-session's ``EncryptedCookieStorage`` (Fernet). State-changing console requests
must send the session's CSRF token in the ``X-CSRF-Token`` header (OWASP CSRF cheat sheet,
"synchronizer token pattern"); a foreign ``Origin`` is refused as well.
"""
from __future__ import annotations

import hmac
import secrets
import time
from typing import Optional

from aiohttp import web
from aiohttp_session import Session, get_session, new_session
from aiohttp_session.cookie_storage import EncryptedCookieStorage

COOKIE_NAME = "agent_session"
IDLE_SECONDS = 8 * 3600  # a working day; after that the agent logs in again
CSRF_HEADER = "X-CSRF-Token"


def cookie_storage(secret: bytes, secure: bool) -> EncryptedCookieStorage:
    """The session cookie: encrypted with ``secret`` (32 bytes), HttpOnly, SameSite=Strict."""
    return EncryptedCookieStorage(secret, cookie_name=COOKIE_NAME, httponly=True, samesite="Strict",
                                  secure=secure, max_age=IDLE_SECONDS, path="/")


async def log_in(request: web.Request, agent_id: int) -> str:
    """Start a fresh session for ``agent_id`` (new cookie, so no fixation); return its CSRF token."""
    session = await new_session(request)
    session["agent_id"] = agent_id
    session["csrf"] = secrets.token_urlsafe(32)
    session["seen"] = time.time()
    return session["csrf"]


async def current_agent_id(request: web.Request) -> Optional[int]:
    """The logged-in agent's id, or None (no session, or idle longer than ``IDLE_SECONDS``)."""
    session: Session = await get_session(request)
    agent_id, seen = session.get("agent_id"), session.get("seen", 0)
    if not isinstance(agent_id, int) or time.time() - seen > IDLE_SECONDS:
        return None
    session["seen"] = time.time()
    return agent_id


async def check_csrf(request: web.Request) -> None:
    """Refuse a state-changing request without the session's CSRF token or from another origin.

    Raises:
        web.HTTPForbidden: token missing or wrong, or ``Origin`` is not this host.
    """
    origin = request.headers.get("Origin")
    if origin is not None and origin.split("://", 1)[-1] != request.host:
        raise web.HTTPForbidden(text='{"error": "foreign origin"}', content_type="application/json")
    session = await get_session(request)
    expected = session.get("csrf")
    offered = request.headers.get(CSRF_HEADER, "")
    if not expected or not hmac.compare_digest(offered, expected):
        raise web.HTTPForbidden(text='{"error": "missing or wrong CSRF token"}', content_type="application/json")


async def log_out(request: web.Request) -> None:
    """End the agent's session."""
    session = await get_session(request)
    session.invalidate()
