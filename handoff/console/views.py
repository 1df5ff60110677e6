"""The agent console's JSON API under ``/console/api``. Thin: the work is in the services.

Every route but ``login`` needs a logged-in user (401); every POST but ``login`` needs the CSRF
token (403); every route but ``login``, ``logout`` and ``me`` needs a console role (agent,
supervisor; else 403). Failed logins are limited (429, ``console.login_limit``).
"""
from __future__ import annotations

from typing import Any, Dict

from aiohttp import web
from aiohttp_session import get_session

from handoff.agents import auth
from handoff.agents import service as agents
from handoff.agents import sessions as login_sessions
from handoff.agents.models import CONSOLE_ROLES, Agent
from handoff.console import access
from handoff.console import service as console
from handoff.console.security import LOGIN_LIMITER
from handoff.keys import DEPS, SESSIONS
from handoff.queue import listing
from handoff.queue import query as queue_query
from handoff.queue import service as queue_service


async def _json(request: web.Request) -> Dict[str, Any]:
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError, RecursionError):
        body = None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text='{"error": "body must be a JSON object"}', content_type="application/json")
    return body


async def _agent(request: web.Request, csrf: bool = True, console_role: bool = True) -> Agent:
    agent_id = await auth.current_agent_id(request)
    if agent_id is None:
        raise web.HTTPUnauthorized(text='{"error": "login required"}', content_type="application/json")
    if csrf and request.method == "POST":
        await auth.check_csrf(request)
    async with request.app[SESSIONS]() as session:
        agent = await agents.get(session, agent_id=agent_id)
    if agent is None:
        raise web.HTTPUnauthorized(text='{"error": "login required"}', content_type="application/json")
    if console_role and agent.role not in CONSOLE_ROLES:
        raise web.HTTPForbidden(text='{"error": "not a console role"}', content_type="application/json")
    return agent


def _agent_view(agent: Agent) -> Dict[str, Any]:
    return {"id": agent.id, "username": agent.username, "display_name": agent.display_name,
            "available": agent.available, "role": agent.role}


async def login(request: web.Request) -> web.Response:
    """``{"username", "password"}`` -> session cookie and ``{"agent", "csrf_token"}``; 401 if wrong."""
    origin = request.headers.get("Origin")
    if origin is not None and origin.split("://", 1)[-1] != request.host:
        raise web.HTTPForbidden(text='{"error": "foreign origin"}', content_type="application/json")
    body = await _json(request)
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        raise web.HTTPBadRequest(text='{"error": "username and password required"}', content_type="application/json")
    limiter, address = request.app[LOGIN_LIMITER], request.remote or "unknown"
    wait = await limiter.attempt(username=username, address=address)
    if wait:
        raise web.HTTPTooManyRequests(text='{"error": "too many failed logins, try again later"}',
                                      content_type="application/json", headers={"Retry-After": str(wait)})
    async with request.app[SESSIONS]() as session:
        agent = await agents.authenticate(session, username=username, password=password)
        await session.commit()
    if agent is None:
        raise web.HTTPUnauthorized(text='{"error": "wrong username or password"}', content_type="application/json")
    await limiter.succeeded(username=username, address=address)
    csrf = await auth.log_in(request, agent.id)
    return web.json_response({"agent": _agent_view(agent), "csrf_token": csrf})


async def logout(request: web.Request) -> web.Response:
    """End the session on the server (a copy of the cookie stops working too)."""
    await _agent(request, console_role=False)
    token = await auth.log_out(request)
    if token:
        # Ended now, not when the response is sent, so a socket that reconnects at once is refused.
        async with request.app[SESSIONS]() as session:
            await login_sessions.end(session, token=token)
            await session.commit()
        await request.app[DEPS].notifier.end_console_session(login_sessions.token_hash(token))
    return web.json_response({"ok": True})


async def me(request: web.Request) -> web.Response:
    """The logged-in agent and the CSRF token (for a console page that was reloaded)."""
    agent = await _agent(request, csrf=False, console_role=False)
    return web.json_response({"agent": _agent_view(agent), "csrf_token": (await get_session(request)).get("csrf")})


async def availability(request: web.Request) -> web.Response:
    """``{"available": bool}``: whether new handoffs may be offered to this agent; every waiting
    customer is told their situation again when it changed."""
    agent = await _agent(request)
    available = (await _json(request)).get("available")
    if not isinstance(available, bool):
        raise web.HTTPBadRequest(text='{"error": "available must be true or false"}', content_type="application/json")
    async with request.app[SESSIONS]() as session:
        await agents.set_available(session, agent_id=agent.id, available=available)
        await session.commit()
    # Waiting customers who were told nobody is there (or that someone is coming) are told otherwise.
    await queue_service.push_status(request.app[DEPS])
    return web.json_response({"available": available})


async def queue(request: web.Request) -> web.Response:
    """A page of the queue (``handoff.queue.query`` lists the parameters; 400 when one is bad): waiting
    chats and the agent's own, oldest first, with a preview of the customer's last message."""
    agent = await _agent(request)
    query = queue_query.parse(request.query)
    return web.json_response(await listing.page(request.app[DEPS], agent=agent, query=query))


async def transcript(request: web.Request) -> web.Response:
    """The whole conversation for the agent (audited)."""
    agent = await _agent(request)
    return web.json_response(await access.transcript(request.app[DEPS], agent=agent,
                                                     conversation_id=request.match_info["id"]))


async def claim(request: web.Request) -> web.Response:
    """Take a waiting conversation; 409 when another agent was first."""
    agent = await _agent(request)
    await console.claim(request.app[DEPS], agent=agent, conversation_id=request.match_info["id"])
    return web.json_response({"claimed": request.match_info["id"]})


async def reply(request: web.Request) -> web.Response:
    """``{"text", "client_message_id"?}``: answer the customer."""
    agent = await _agent(request)
    body = await _json(request)
    message = await console.reply(request.app[DEPS], agent=agent, conversation_id=request.match_info["id"],
                                  text=body.get("text"), client_message_id=body.get("client_message_id"))
    return web.json_response({"id": message.seq})


async def note(request: web.Request) -> web.Response:
    """``{"text"}``: a private note, never shown to the customer."""
    agent = await _agent(request)
    created = await console.note(request.app[DEPS], agent=agent, conversation_id=request.match_info["id"],
                                 text=(await _json(request)).get("text"))
    return web.json_response({"id": created.id})


async def hand_back(request: web.Request) -> web.Response:
    """Give the conversation back to the bot (it greets again)."""
    agent = await _agent(request)
    await console.hand_back(request.app[DEPS], agent=agent, conversation_id=request.match_info["id"])
    return web.json_response({"state": "bot"})


async def resolve(request: web.Request) -> web.Response:
    """Close the conversation; ``{"confirm_unanswered": true}`` when the customer's last message has
    no answer from a person (else 409 ``unanswered``)."""
    agent = await _agent(request)
    confirmed = (await _json(request)).get("confirm_unanswered", False) if request.body_exists else False
    if not isinstance(confirmed, bool):
        raise web.HTTPBadRequest(text='{"error": "confirm_unanswered must be true or false"}',
                                 content_type="application/json")
    await console.resolve(request.app[DEPS], agent=agent, conversation_id=request.match_info["id"],
                          confirm_unanswered=confirmed)
    return web.json_response({"state": "resolved"})


async def mine(request: web.Request) -> web.Response:
    """Conversations this agent owns now (to restore the console's tabs after a reload)."""
    agent = await _agent(request)
    return web.json_response(await console.owned_by(request.app[DEPS], agent_id=agent.id))
