"""The insights API under ``/studio/api/insights`` (GET only; the page is ``/studio/insights``).

Every route needs a logged-in user (401) with a role of ``handoff.insights.READERS`` (403; agents
too). There is nothing to change here, so there is no POST (405) and no CSRF token to check; the login
cookie is ``SameSite=Strict``, so another site cannot make the browser send it. Errors are
``{"error": <sentence>, "code": <key>}``, the sentence from section ``insights`` of the published
``ui`` document in the user's language (``Accept-Language``).

* ``GET /studio/api/insights?from=YYYY-MM-DD&to=YYYY-MM-DD``: the numbers (``numbers.report``).
* ``GET /studio/api/insights/numbers.csv?from&to``: the same as CSV.
* ``GET /studio/api/insights/conversations?from&to&metric&key?&day?&language?``: the conversations
  behind one number (``{"total", "conversations": [...]}``, at most ``MAX_LISTED``), without text.
* ``GET /studio/api/insights/conversations.csv?...``: that whole list as CSV.
* ``GET /studio/api/insights/conversations/{id}``: the redacted transcript (written to the audit log
  as ``transcript.opened``, like every reading of a transcript).
* ``GET /studio/api/insights/texts``: sections ``insights`` and ``intents`` of the published texts.
"""
from __future__ import annotations

import json
import re
from typing import NoReturn, Type

from aiohttp import web

from handoff import ui_texts
from handoff.agents.models import Agent
from handoff.console.views import _agent
from handoff.conversation import service as conversations
from handoff.conversation.models import Conversation
from handoff.insights import READERS, export, facts, numbers, period
from handoff.keys import DEPS, SESSIONS
from handoff.queue.service import entry
from handoff.studio_api.errors import language
from handoff.transcripts import service as transcripts

SECTION = "insights"
MAX_LISTED = 500
_CONVERSATION_ID = re.compile(r"^[0-9a-f]{32}$")
_PRIVATE = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


def _fail(request: web.Request, error: Type[web.HTTPException], key: str) -> NoReturn:
    said = ui_texts.text(request.app, SECTION, f"error_{key}", language(request))
    raise error(text=json.dumps({"error": said, "code": key}, ensure_ascii=False), content_type="application/json",
                headers=_PRIVATE)


async def _reader(request: web.Request) -> Agent:
    """The logged-in user when their role may see the insights (else 401/403)."""
    try:
        agent = await _agent(request, csrf=False, console_role=False)
    except web.HTTPUnauthorized:
        _fail(request, web.HTTPUnauthorized, "login_required")
    if agent.role not in READERS:
        _fail(request, web.HTTPForbidden, "role")
    return agent


def _period(request: web.Request) -> period.Period:
    try:
        return period.period(request.query, lambda: request.app[DEPS].clock().date())
    except period.BadQuery as bad:
        _fail(request, web.HTTPBadRequest, bad.code)


async def _facts(request: web.Request, chosen: period.Period) -> dict:
    async with request.app[SESSIONS]() as session:
        return await facts.load(session, chosen)


async def _drilled(request: web.Request) -> tuple:
    chosen = _period(request)
    try:
        drill = period.drill(request.query, chosen)
    except period.BadQuery as bad:
        _fail(request, web.HTTPBadRequest, bad.code)
    return chosen, numbers.conversations(await _facts(request, chosen), drill)


def _csv(text: str, name: str) -> web.Response:
    return web.Response(text=text, content_type="text/csv", charset="utf-8",
                        headers={**_PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'})


async def report(request: web.Request) -> web.Response:
    """The numbers of the period, per language and per day (``handoff.insights.numbers.report``)."""
    await _reader(request)
    chosen = _period(request)
    return web.json_response(numbers.report(await _facts(request, chosen), chosen), headers=_PRIVATE)


async def report_csv(request: web.Request) -> web.Response:
    """The numbers of the period as CSV (``handoff.insights.export.numbers_csv``)."""
    await _reader(request)
    chosen = _period(request)
    return _csv(export.numbers_csv(await _facts(request, chosen), chosen),
                f"insights-{chosen.first}-{chosen.last}.csv")


async def listing(request: web.Request) -> web.Response:
    """The conversations behind one number: ``{"total", "conversations": [row, ...]}`` (first
    ``MAX_LISTED``, oldest first; ``numbers.row`` lists the fields; no message text)."""
    await _reader(request)
    _, found = await _drilled(request)
    return web.json_response({"total": len(found), "conversations": [numbers.row(fact) for fact in found[:MAX_LISTED]]},
                             headers=_PRIVATE)


async def listing_csv(request: web.Request) -> web.Response:
    """The whole drill-down list as CSV (no message text)."""
    await _reader(request)
    chosen, found = await _drilled(request)
    metric = request.query.get("metric", "")
    return _csv(export.list_csv(found), f"insights-{metric}-{chosen.first}-{chosen.last}.csv")


async def transcript(request: web.Request) -> web.Response:
    """One conversation's redacted transcript: ``{"conversation": {conversation_id, language, state,
    reason, started_at}, "messages": [...]}`` (``handoff.conversation.presenters.message_view``);
    the reading is written to the audit log. 404 when there is no such conversation (any more)."""
    agent = await _reader(request)
    conversation_id = request.match_info["id"]
    if not _CONVERSATION_ID.match(conversation_id):
        _fail(request, web.HTTPNotFound, "no_conversation")
    async with request.app[SESSIONS]() as session:
        conversation = await session.get(Conversation, conversation_id)
    if conversation is None:
        _fail(request, web.HTTPNotFound, "no_conversation")
    try:
        messages = await transcripts.history_for_agent(request.app[DEPS], agent_id=agent.id,
                                                       conversation_id=conversation_id)
    except conversations.NotFound:
        _fail(request, web.HTTPNotFound, "no_conversation")
    started = conversations.aware(conversation.created_at)
    about = {**entry(conversation), "started_at": started.isoformat() if started else None}
    return web.json_response({"conversation": about, "messages": messages}, headers=_PRIVATE)


async def texts(request: web.Request) -> web.Response:
    """``{"insights": {...}, "intents": {...}}``: the published page texts and the intents' plain
    names (with an ETag, ``handoff.ui_texts``)."""
    await _reader(request)
    return await ui_texts.respond_with_intents(request, (SECTION, "intents"))


def setup(app: web.Application) -> None:
    """Add the insights API routes."""
    app.router.add_get("/studio/api/insights", report)
    app.router.add_get("/studio/api/insights/numbers.csv", report_csv)
    app.router.add_get("/studio/api/insights/texts", texts)
    app.router.add_get("/studio/api/insights/conversations", listing)
    app.router.add_get("/studio/api/insights/conversations.csv", listing_csv)
    app.router.add_get("/studio/api/insights/conversations/{id}", transcript)
