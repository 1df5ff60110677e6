"""Routes of suggestions: the console's ``POST .../messages/{seq}/suggest`` and the studio's
``/studio/api/suggestions``. Thin: the rules are in ``handoff.suggestions.service``.

Like the console's and the studio's other routes: a logged-in user (401), the session's CSRF token
on every POST (403), the role (403). Console answers are ``{"error": <code>}`` (the console words them
by status); studio answers ``{"error": <sentence>, "code": <key>}`` in the user's language
(``handoff.studio_api.errors``, section ``studio_api`` of ``data/content/ui.yml``).
"""
from __future__ import annotations

from typing import Any, Dict

from aiohttp import web
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from handoff.agents.models import Agent
from handoff.console.views import _agent, _json as _console_json
from handoff.keys import DEPS, SESSIONS
from handoff.studio import flow
from handoff.studio.models import ContentField, ContentVersion
from handoff.studio_api import errors
from handoff.studio_api.views import MAX_TEXT_CHARS, _json, _number, _problems, _text
from handoff.suggestions import canned, service

_STATUS = {service.Forbidden: 403, service.NotFound: 404, service.TooMany: 429}


def _console_error(status: int, code: str) -> web.Response:
    return web.json_response({"error": code}, status=status)


def _seq(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 9:
        raise service.NotFound(raw)
    return int(raw)


async def suggest(request: web.Request) -> web.Response:
    """``POST /console/api/conversations/{id}/messages/{seq}/suggest {"kind": "response"|"canned",
    "intent"?, "note"?}`` -> 201 ``{"id", "status", "text"}`` (the redacted text sent). 403 not the
    user's message (audited), 404 no such agent message, 400 bad kind/intent/note, 409 suggested
    already, 429 over the hourly limit."""
    agent = await _agent(request)
    body = await _console_json(request)
    try:
        made = await service.suggest(request.app[DEPS], agent=agent, conversation_id=request.match_info["id"],
                                     seq=_seq(request.match_info["seq"]), kind=body.get("kind"),
                                     intent=body.get("intent"), note=body.get("note"))
    except service.Refused as refused:
        return _console_error(409 if refused.key == "suggestion_exists" else 400, refused.key)
    except (service.Forbidden, service.NotFound, service.TooMany) as error:
        return _console_error(_STATUS[type(error)], type(error).__name__.lower())
    return web.json_response({"id": made.id, "status": made.status, "text": made.text}, status=201)


async def suggested(request: web.Request) -> web.Response:
    """``GET /console/api/conversations/{id}/suggestions``: ``{"messages": [seq, ...]}``, the
    messages of the chat suggested already (403 when the user may not read the chat)."""
    agent = await _agent(request)
    try:
        found = await service.suggested(request.app[DEPS], agent=agent, conversation_id=request.match_info["id"])
    except (service.Forbidden, service.NotFound) as error:
        return _console_error(_STATUS[type(error)], type(error).__name__.lower())
    return web.json_response({"messages": found})


async def intents(request: web.Request) -> web.Response:
    """``GET /console/api/suggestions/intents``: the intents a response can be suggested for."""
    await _agent(request)
    return web.json_response({"intents": list(service.known_intents())})


async def _reader(request: web.Request) -> Agent:
    try:
        agent = await _agent(request, console_role=False)
    except web.HTTPUnauthorized:
        errors.fail(request, web.HTTPUnauthorized, "login_required")
    except web.HTTPForbidden:  # the CSRF token is missing or wrong
        errors.fail(request, web.HTTPForbidden, "csrf")
    if agent.role not in service.READERS:
        errors.fail(request, web.HTTPForbidden, "not_studio_role")
    return agent


def _decider(request: web.Request, agent: Agent) -> None:
    if agent.role not in service.DECIDERS:
        errors.fail(request, web.HTTPForbidden, "editors_only")


async def _open(request: web.Request) -> service.Suggestion:
    raw = request.match_info["id"]
    async with request.app[SESSIONS]() as session:
        found = await session.get(service.Suggestion, int(raw)) if raw.isdigit() and len(raw) <= 9 else None
    if found is None:
        errors.fail(request, web.HTTPNotFound, "no_suggestion")
    if found.status != "open":
        errors.fail(request, web.HTTPConflict, "suggestion_decided")
    return found


async def listing(request: web.Request) -> web.Response:
    """``GET /studio/api/suggestions?status=open|accepted|declined``: ``{"suggestions", "user",
    "may_decide"}`` (readers: comms roles, annotator, supervisor)."""
    agent = await _reader(request)
    status = request.query.get("status", "open")
    if status not in service.STATUSES:
        status = "open"
    async with request.app[SESSIONS]() as session:
        found = await service.listing(session, status=status)
    return web.json_response({"suggestions": found, "user": {"username": agent.username, "role": agent.role},
                              "may_decide": agent.role in service.DECIDERS})


async def targets(request: web.Request) -> web.Response:
    """``GET /studio/api/suggestions/{id}/targets``: the texts in the suggestion's language a
    response can become a draft of, ``[{"field_id", "document", "path", "version", "status", "text",
    "match"}]``; ``match``: the path names the suggestion's intent (listed first)."""
    await _reader(request)
    suggestion = await _open(request)
    newest = (select(ContentVersion.field_id, func.max(ContentVersion.version).label("version"))
              .group_by(ContentVersion.field_id).subquery())
    async with request.app[SESSIONS]() as session:
        rows = (await session.execute(
            select(ContentField, ContentVersion)
            .join(newest, newest.c.field_id == ContentField.id)
            .join(ContentVersion, (ContentVersion.field_id == ContentField.id)
                  & (ContentVersion.version == newest.c.version))
            .where(ContentField.language == suggestion.language, ContentField.kind == "text",
                   ContentField.document != canned.DOCUMENT)
            .order_by(ContentField.document, ContentField.position))).all()
    intent = suggestion.intent or "\0"
    found = [{"field_id": row.id, "document": row.document, "path": row.path, "version": version.version,
              "status": version.status, "text": version.text, "match": intent in row.path} for row, version in rows]
    return web.json_response({"fields": sorted(found, key=lambda item: not item["match"])})


async def _draft(request: web.Request, session, agent: Agent, field: ContentField, text: str, base: int,
                 note: str) -> ContentVersion:
    problems = await _problems(request, field, text)
    return await flow.save_draft(session, agent=agent, field_id=field.id, text=text, base_version=base,
                                 checks_passed=problems == [], note=note)


async def accept(request: web.Request) -> web.Response:
    """``POST /studio/api/suggestions/{id}/accept``: the (edited) suggestion becomes a DRAFT, never a
    publish. A canned reply: ``{"title", "text"}`` -> a new canned reply (``handoff.suggestions.canned``);
    a response: ``{"text", "field_id", "base_version"}`` -> a draft of that text field (in the
    suggestion's language; 409 when someone saved it since ``base_version``). Texts are redacted
    again. -> 201 ``{"field_id", "version", "status", "checks_passed"}`` (comms_editor, approver)."""
    agent = await _reader(request)
    _decider(request, agent)
    body = await _json(request)
    suggestion = await _open(request)
    deps = request.app[DEPS]
    text = service.redact(deps, (_text(request, body.get("text"), "text", MAX_TEXT_CHARS) or "").strip(),
                          suggestion.language)
    if not text:
        errors.fail(request, web.HTTPBadRequest, "suggestion_text_empty")
    note = f"suggestion {suggestion.id} from the agent console"
    try:
        async with request.app[SESSIONS]() as session:
            if suggestion.kind == "canned":
                draft = await _accept_canned(request, session, agent, suggestion, body, text, note)
            else:
                draft = await _accept_response(request, session, agent, suggestion, body, text, note)
            await service.decide(session, agent=agent, suggestion=suggestion, status="accepted",
                                 field_id=draft.field_id, draft_version=draft.version)
            await session.commit()
    except flow.Conflict as conflict:
        return errors.answer(request, 409, "conflict", version=conflict.latest.version)
    except service.Refused as refused:
        return errors.answer(request, 409, refused.key)
    except (flow.Forbidden, service.Forbidden):
        return errors.answer(request, 403, "editors_only")
    except flow.NotFound:
        return errors.answer(request, 404, "no_field")
    except IntegrityError:  # two decisions or saves at the same moment: the second loses
        return errors.answer(request, 409, "same_moment")
    return web.json_response({"field_id": draft.field_id, "version": draft.version, "status": draft.status,
                              "checks_passed": draft.checks_passed}, status=201)


async def _accept_canned(request: web.Request, session, agent: Agent, suggestion, body: Dict[str, Any],
                         text: str, note: str) -> ContentVersion:
    title = service.redact(request.app[DEPS], (_text(request, body.get("title"), "title", canned.MAX_TITLE_CHARS)
                                               or "").strip(), suggestion.language)
    if not title or "\n" in title:
        errors.fail(request, web.HTTPBadRequest, "suggestion_title")
    made = await canned.create(session, agent=agent, key=canned.new_key(title, suggestion.id), note=note)
    mine = made[suggestion.language]
    await _draft(request, session, agent, mine["title"], title, 1, note)
    return await _draft(request, session, agent, mine["text"], text, 1, note)


async def _accept_response(request: web.Request, session, agent: Agent, suggestion, body: Dict[str, Any],
                           text: str, note: str) -> ContentVersion:
    field_id = _number(request, body.get("field_id"), "field_id")
    base = _number(request, body.get("base_version"), "base_version")
    field = await session.get(ContentField, field_id)
    if field is None or field.kind != "text" or field.language != suggestion.language \
            or field.document == canned.DOCUMENT:
        errors.fail(request, web.HTTPBadRequest, "suggestion_target")
    return await _draft(request, session, agent, field, text, base, note)


async def decline(request: web.Request) -> web.Response:
    """``POST /studio/api/suggestions/{id}/decline {"reason"}`` (required; redacted) -> 200
    (comms_editor, approver)."""
    agent = await _reader(request)
    _decider(request, agent)
    body = await _json(request)
    suggestion = await _open(request)
    reason = _text(request, body.get("reason"), "comment", service.MAX_NOTE_CHARS) or ""
    if not reason.strip():
        errors.fail(request, web.HTTPBadRequest, "suggestion_reason")
    try:
        async with request.app[SESSIONS]() as session:
            await service.decline(session, agent=agent, suggestion_id=suggestion.id,
                                  reason=service.redact(request.app[DEPS], reason.strip(), suggestion.language))
            await session.commit()
    except service.Refused as refused:
        return errors.answer(request, 409, refused.key)
    return web.json_response({"id": suggestion.id, "status": "declined"})


def setup(app: web.Application) -> None:
    """Add the suggestion routes (console and studio)."""
    app.router.add_post("/console/api/conversations/{id}/messages/{seq}/suggest", suggest)
    app.router.add_get("/console/api/conversations/{id}/suggestions", suggested)
    app.router.add_get("/console/api/suggestions/intents", intents)
    app.router.add_get("/studio/api/suggestions", listing)
    app.router.add_get("/studio/api/suggestions/{id}/targets", targets)
    app.router.add_post("/studio/api/suggestions/{id}/accept", accept)
    app.router.add_post("/studio/api/suggestions/{id}/decline", decline)
