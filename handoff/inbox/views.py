"""The review inbox's page and JSON API (``/studio/inbox``, ``/studio/api/inbox/...``).

Like the studio's API: every route needs a logged-in user (401), every POST the session's CSRF
token in ``X-CSRF-Token`` (403); reading needs a role of ``decide.READERS``, deciding one of
``decide.DECIDERS`` (403; agents get 403 everywhere). Errors are ``{"error", "code"}`` worded in the
user's language (section ``studio_api`` of ``data/content/ui.yml``).

* ``GET /studio/api/inbox``: ``{"groups", "intents", "proposals": [{"name", "count"}], "user",
  "can_decide", "can_create_intents"}`` (``query.groups``; proposals: new intents started here that
  no intent has yet; the intent editor makes one, ``/studio/intents?proposal=<name>``);
* ``POST /studio/api/inbox/decide {"message_ids": [...], "action", "intent"?}``: ``{"decided",
  "refused": [{"message_id", "reason"}]}``;
* ``GET /studio/api/inbox/conversations/{id}``: the redacted conversation of an inbox message
  (each read in the audit log, ``transcript.opened``, as for supervisors);
* ``GET /studio/api/inbox/activity``: the newest decisions (who, when, what);
* ``GET /studio/api/inbox/texts``: the published studio texts and the intents' plain names
  (``handoff.ui_texts``).
"""
from __future__ import annotations

import asyncio

from aiohttp import web
from sqlalchemy.exc import IntegrityError

from handoff import ui_texts
from handoff.agents.models import Agent
from handoff.console.views import _agent, _json as _console_json
from handoff.conversation.models import Conversation
from handoff.inbox import decide, examples, query
from handoff.intents import answers
from handoff.keys import DEPS, SESSIONS
from handoff.pages import _page
from handoff.studio_api import errors
from handoff.transcripts import service as transcripts


async def _user(request: web.Request) -> Agent:
    try:
        agent = await _agent(request, console_role=False)
    except web.HTTPUnauthorized:
        errors.fail(request, web.HTTPUnauthorized, "login_required")
    except web.HTTPForbidden:  # the CSRF token is missing or wrong
        errors.fail(request, web.HTTPForbidden, "csrf")
    if agent.role not in decide.READERS:
        errors.fail(request, web.HTTPForbidden, "inbox_not_role")
    return agent


async def page(_request: web.Request) -> web.FileResponse:
    """The inbox page (it logs in like the studio)."""
    return _page("inbox.html")


async def listing(request: web.Request) -> web.Response:
    """``GET /studio/api/inbox``: the open inbox in groups, the intents to move to, who asks."""
    agent = await _user(request)
    async with request.app[SESSIONS]() as session:
        items = await query.open_items(session)
        names = await examples.intent_names(session)
        proposed = await decide.proposals(session)
    found = await asyncio.to_thread(query.groups, items)  # comparing texts takes a moment: off the loop
    proposals = [{"name": name, "count": sum(len(texts) for texts in languages.values())}
                 for name, languages in proposed.items() if name not in names]  # made meanwhile: done
    return web.json_response({"groups": found, "intents": names, "proposals": proposals,
                              "can_decide": agent.role in decide.DECIDERS,
                              "can_create_intents": agent.role in answers.CREATORS,
                              "user": {"username": agent.username, "role": agent.role}})


async def decide_route(request: web.Request) -> web.Response:
    """``POST /studio/api/inbox/decide``: confirm, move, propose a new intent or ignore, for one
    message or many (all in one transaction)."""
    agent = await _user(request)
    try:
        body = await _console_json(request)
    except web.HTTPBadRequest:
        errors.fail(request, web.HTTPBadRequest, "not_json")
    ids = body.get("message_ids")
    if not isinstance(ids, list) or not all(isinstance(one, int) and not isinstance(one, bool) and 0 < one < 2**31
                                            for one in ids):
        return errors.answer(request, 400, "inbox_bad_selection")
    intent = body.get("intent")
    try:
        async with request.app[SESSIONS]() as session:
            outcome = await decide.decide(session, agent=agent, message_ids=ids, action=str(body.get("action")),
                                          intent=intent if isinstance(intent, str) else None)
            await session.commit()
    except decide.Forbidden:
        return errors.answer(request, 403, "inbox_read_only")
    except decide.Invalid as invalid:
        return errors.answer(request, 422, invalid.code)
    except IntegrityError:  # two people decided the same message at the same moment
        return errors.answer(request, 409, "same_moment")
    return web.json_response({"decided": outcome.decided, "refused": outcome.refused})


async def conversation(request: web.Request) -> web.Response:
    """``GET /studio/api/inbox/conversations/{id}``: the redacted messages of a conversation with an
    inbox message (404 otherwise), ``{"id", "language", "messages"}``; the read is audited."""
    agent = await _user(request)
    conversation_id = request.match_info["id"]
    if len(conversation_id) > 32:
        return errors.answer(request, 404, "inbox_no_conversation")
    async with request.app[SESSIONS]() as session:
        allowed = await query.in_inbox(session, conversation_id)
        found = await session.get(Conversation, conversation_id) if allowed else None
    if found is None:
        return errors.answer(request, 404, "inbox_no_conversation")
    messages = await transcripts.history_for_agent(request.app[DEPS], agent_id=agent.id,
                                                   conversation_id=conversation_id)
    return web.json_response({"id": conversation_id, "language": found.language, "messages": messages},
                             headers={"Cache-Control": "no-store"})


async def activity(request: web.Request) -> web.Response:
    """``GET /studio/api/inbox/activity``: ``{"entries": [{"at", "who", "action", "note"}]}``."""
    await _user(request)
    async with request.app[SESSIONS]() as session:
        entries = await decide.activity(session)
    return web.json_response({"entries": entries})


async def texts(request: web.Request) -> web.Response:
    """``GET /studio/api/inbox/texts``: ``{"studio": {...}, "intents": {...}}`` for inbox users (with
    an ETag; the intents' plain names, the studio's intents' too)."""
    await _user(request)
    return await ui_texts.respond_with_intents(request, ("studio", "intents"))


def setup(app: web.Application) -> None:
    """Add the inbox's page and API routes."""
    app.router.add_get("/studio/inbox", page)
    app.router.add_get("/studio/api/inbox", listing)
    app.router.add_post("/studio/api/inbox/decide", decide_route)
    app.router.add_get("/studio/api/inbox/conversations/{id}", conversation)
    app.router.add_get("/studio/api/inbox/activity", activity)
    app.router.add_get("/studio/api/inbox/texts", texts)
