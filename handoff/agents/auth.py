"""Agent login state and CSRF tokens, on top of aiohttp-session.

The session lives on the server (``handoff.agents.sessions``; the storage is
``handoff.console.session_storage``): the cookie is a random id, HttpOnly, SameSite=Strict, Secure
in production. State-changing console requests must send the session's CSRF token in the
``X-CSRF-Token`` header (OWASP CSRF cheat sheet, "synchronizer token pattern"); a foreign
``Origin`` is refused as well.
"""
from __future__ import annotations

import hmac
import secrets
from typing import Optional

from aiohttp import web
from aiohttp_session import Session, get_session, new_session

COOKIE_NAME = "agent_session"
CSRF_HEADER = "X-CSRF-Token"


async def log_in(request: web.Request, agent_id: int) -> str:
    """Start a fresh session for ``agent_id`` (new cookie, so no fixation); return its CSRF token."""
    session = await new_session(request)
    session["agent_id"] = agent_id
    session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


async def current_agent_id(request: web.Request) -> Optional[int]:
    """The logged-in agent's id, or None (no session, or ended: the storage applies the limits)."""
    session: Session = await get_session(request)
    agent_id = session.get("agent_id")
    return agent_id if isinstance(agent_id, int) and not isinstance(agent_id, bool) else None


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


async def log_out(request: web.Request) -> Optional[str]:
    """End the agent's session (the storage deletes it on the server); return its cookie token, if any."""
    session = await get_session(request)
    token = session.identity
    session.invalidate()
    return token if isinstance(token, str) else None


async def login_session_token(request: web.Request) -> Optional[str]:
    """The cookie token of the request's stored login session (None when there is none)."""
    session = await get_session(request)
    return session.identity if isinstance(session.identity, str) and not session.new else None
