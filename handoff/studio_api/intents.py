"""The intent editor's JSON API (``/studio/api/intents``, ``/studio/api/examples``), issue 13 item 2.

Like the studio's API (``handoff.studio_api.views``): a logged-in user (401), the session's CSRF token
in ``X-CSRF-Token`` on every POST (403), JSON bodies (400), errors ``{"error", "code"}`` in the
user's language (section ``studio_api`` of ``data/content/ui.yml``). Roles (one place each):
reading ``editing.READERS`` (annotator, comms roles, supervisor); examples ``editing.EDITORS``
(annotator, comms roles); new intents ``answers.CREATORS`` (comms editor, approver); others 403.

A refused example answers 422 ``{"error", "code": <ExampleRejected reason>, "field": "text"}``; a
change on a stale ``version`` 409 ``{"error", "code": "example_conflict", "current": {...}}``.
Examples typed here are redacted like customers' messages before they are stored.
"""
from __future__ import annotations

import asyncio
import re
from typing import Any, Dict, Optional

from aiohttp import web
from sqlalchemy.exc import IntegrityError

from handoff import ui_texts
from handoff.agents.models import Agent
from handoff.console.views import _agent
from handoff.intents import answers, editing, listing, proposals, repo, store
from handoff.keys import DEPS, FIELD_CHECKS, SESSIONS
from handoff.studio.checks import ChecksUnavailable
from handoff.studio_api import errors
from handoff.studio_api.views import MAX_TEXT_CHARS, _json, _number, _text, _worded


# The texts (section studio_api) of the refusals of an example (store.ExampleRejected.reason) and of
# a new intent (answers.IntentRefused.code).
EXAMPLE_REFUSALS = {"duplicate": "example_duplicate", "in_other_intent": "example_in_other_intent",
                    "empty": "example_empty", "too_long": "example_too_long",
                    "unknown_intent": "example_unknown_intent", "unknown_language": "example_unknown_language"}
INTENT_REFUSALS = {"forbidden": "intent_forbidden", "bad_name": "intent_bad_name", "exists": "intent_exists",
                   "bad_leads_to": "intent_bad_leads_to", "answer_missing": "intent_answer_missing",
                   "answer_too_long": "intent_answer_too_long", "title_missing": "intent_title_missing",
                   "title_too_long": "intent_title_too_long", "title_not_plain": "intent_title_not_plain"}


# The redaction's placeholders (``<EMAIL>``, ``<PHONE>``, ...; handoff.redaction.redactor) are in
# customers' messages moved here from the review inbox: they are not markup.
PLACEHOLDER = re.compile(r"<[A-Z_]{2,30}>")


def _example_text(request: web.Request, value: Any) -> str:
    """An example's text from the body: text, no control characters, no markup but placeholders
    (400/413 otherwise, as the studio's texts)."""
    _text(request, PLACEHOLDER.sub("", value) if isinstance(value, str) else value, "text", store.MAX_EXAMPLE_CHARS)
    return value


async def _user(request: web.Request, roles: frozenset = editing.READERS) -> Agent:
    try:
        agent = await _agent(request, console_role=False)
    except web.HTTPUnauthorized:
        errors.fail(request, web.HTTPUnauthorized, "login_required")
    except web.HTTPForbidden:  # the CSRF token is missing or wrong
        errors.fail(request, web.HTTPForbidden, "csrf")
    if agent.role not in editing.READERS:
        errors.fail(request, web.HTTPForbidden, "not_intents_role")
    if agent.role not in roles and roles is answers.CREATORS:
        errors.fail(request, web.HTTPForbidden, "intent_creators_only")
    if agent.role not in roles:
        errors.fail(request, web.HTTPForbidden, "examples_editors_only")
    return agent


def _example_id(request: web.Request) -> int:
    raw = request.match_info["id"]
    if not raw.isdigit() or len(raw) > 9:
        errors.fail(request, web.HTTPNotFound, "no_example")
    return int(raw)


async def _rejected(request: web.Request, rejected: store.ExampleRejected, language: Optional[str]) -> web.Response:
    """422 with the reason worded for people (the other intent named when there is one)."""
    other = None
    if rejected.reason in ("in_other_intent", "duplicate") and language in repo.LANGUAGES:
        async with request.app[SESSIONS]() as session:
            held = await store.holder(session, language, rejected.text)
        other = held[1] if held else None
    return web.json_response({"error": errors.message(request, EXAMPLE_REFUSALS[rejected.reason], intent=other or "",
                                                      limit=store.MAX_EXAMPLE_CHARS),
                              "code": rejected.reason, "field": "text", "text": rejected.text, "intent": other},
                             status=422)


def _conflict(request: web.Request, conflict: editing.Conflict) -> web.Response:
    now = conflict.current
    said = errors.message(request, "example_removed_meanwhile") if now.removed \
        else errors.message(request, "example_conflict", intent=now.intent)
    return web.json_response({"error": said, "code": "example_conflict",
                              "current": {"id": now.id, "intent": now.intent, "language": now.language,
                                          "text": now.text, "version": now.version, "removed": now.removed}},
                             status=409)


async def _redacted(request: web.Request, text: str, language: str) -> str:
    return (await asyncio.to_thread(request.app[DEPS].redactor.redact, text, language)).text


async def texts(request: web.Request) -> web.Response:
    """``GET /studio/api/intents/texts``: sections ``studio``, ``studio_intents`` and ``intents`` (the
    intents' names in words), published, with an ETag."""
    await _user(request)
    return await ui_texts.respond_with_intents(request, ("studio", "studio_intents", "intents"))


async def overview(request: web.Request) -> web.Response:
    """``GET /studio/api/intents``: every intent with counts and warnings, and who is asking."""
    agent = await _user(request)
    async with request.app[SESSIONS]() as session:
        found = await listing.overview(session)
    return web.json_response({"intents": found, "languages": list(repo.LANGUAGES),
                              "user": {"username": agent.username, "role": agent.role},
                              "may_edit": agent.role in editing.EDITORS, "may_create": agent.role in answers.CREATORS})


async def detail(request: web.Request) -> web.Response:
    """``GET /studio/api/intents/{name}``: its examples per language with their warnings."""
    await _user(request)
    async with request.app[SESSIONS]() as session:
        found = await listing.detail(session, request.match_info["name"])
    if not found:
        return errors.answer(request, 404, "no_intent")
    return web.json_response(found)


async def add(request: web.Request) -> web.Response:
    """``POST /studio/api/intents/{name}/examples {"language", "text"}`` -> 201 ``{"texts"}``; 422."""
    agent = await _user(request, editing.EDITORS)
    body = await _json(request)
    language = body.get("language")
    text = _example_text(request, body.get("text"))
    if language not in repo.LANGUAGES:
        return await _rejected(request, store.ExampleRejected("unknown_language", text), None)
    redacted = await _redacted(request, text, language)
    try:
        async with request.app[SESSIONS]() as session:
            stored = await store.add_examples(session, intent=request.match_info["name"], language=language,
                                              texts=[redacted], actor=agent.username, source="studio")
            await session.commit()
    except store.ExampleRejected as rejected:
        return await _rejected(request, rejected, language)
    return web.json_response({"texts": stored}, status=201)


async def _step(request: web.Request, step, **arguments: Any) -> web.Response:
    """Run one change of an example in a transaction; map its errors to HTTP answers."""
    language = None
    try:
        async with request.app[SESSIONS]() as session:
            language = (await editing.current(session, arguments["example_id"])).language
            done = await step(session, **arguments)
            await session.commit()
    except editing.NotFound:
        return errors.answer(request, 404, "no_example")
    except editing.Conflict as conflict:
        return _conflict(request, conflict)
    except store.ExampleRejected as rejected:
        return await _rejected(request, rejected, language)
    except IntegrityError:
        return errors.answer(request, 409, "same_moment")
    return web.json_response({"id": done.id, "intent": done.intent, "language": done.language, "text": done.text,
                              "version": done.version, "removed": done.removed})


async def edit(request: web.Request) -> web.Response:
    """``POST /studio/api/examples/{id} {"text", "version"}``: a new text (redacted, normalised)."""
    agent = await _user(request, editing.EDITORS)
    body = await _json(request)
    text = _example_text(request, body.get("text"))
    version = _number(request, body.get("version"), "version")
    example_id = _example_id(request)
    async with request.app[SESSIONS]() as session:
        try:
            language = (await editing.current(session, example_id)).language
        except editing.NotFound:
            return errors.answer(request, 404, "no_example")
    return await _step(request, editing.edit, example_id=example_id, version=version, actor=agent.username,
                       text=await _redacted(request, text, language))


async def move(request: web.Request) -> web.Response:
    """``POST /studio/api/examples/{id}/move {"intent", "version"}``: to another intent."""
    agent = await _user(request, editing.EDITORS)
    body = await _json(request)
    intent = _text(request, body.get("intent"), "text", 100) or ""
    version = _number(request, body.get("version"), "version")
    return await _step(request, editing.move, example_id=_example_id(request), version=version, intent=intent,
                       actor=agent.username)


async def remove(request: web.Request) -> web.Response:
    """``POST /studio/api/examples/{id}/delete {"version"}``: remove the example."""
    agent = await _user(request, editing.EDITORS)
    version = _number(request, (await _json(request)).get("version"), "version")
    return await _step(request, editing.remove, example_id=_example_id(request), version=version,
                       actor=agent.username)


async def _answer_problems(request: web.Request, name: str, answer: Dict[str, str]) -> Optional[Dict[str, list]]:
    """The content checks of the new answer per language (None: the checks are unavailable)."""
    found: Dict[str, list] = {}
    for language in repo.LANGUAGES:
        other = answer.get("de" if language == "en" else "en")
        try:
            problems = await request.app[FIELD_CHECKS].problems(
                path=f"responses.{answers.response_name(name)}.text", language=language, kind="text",
                text=answer[language], other_text=other, document="responses")
        except ChecksUnavailable:
            return None
        found[language] = [_worded(request, problem) for problem in problems]
    return found


async def create(request: web.Request) -> web.Response:
    """``POST /studio/api/intents {"name", "titles": {"en", "de"}, "leads_to", "answer": {"en", "de"},
    "proposal"?}`` -> 201
    ``{"name", "problems": {language: [...]}, "adopted"}``: the intent and its answer as drafts to
    approve and publish. With ``proposal`` (a name proposed in the review inbox) its messages become
    the intent's examples in the same transaction (``adopted``: ``{"added", "refused": [{"message_id",
    "language", "text", "reason", "intent", "error"}]}``, the refused ones back in the inbox); a
    proposal adopted meanwhile: 422 ``proposal_gone``, nothing made."""
    agent = await _user(request, answers.CREATORS)
    body = await _json(request)
    name = _text(request, body.get("name"), "text", 60) or ""
    proposal = _text(request, body.get("proposal"), "text", 100, required=False) or None
    leads_to = _text(request, body.get("leads_to"), "text", 24) or ""
    raw = body.get("answer") if isinstance(body.get("answer"), dict) else {}
    answer = {language: (_text(request, raw.get(language), "text", MAX_TEXT_CHARS, required=False) or "").strip()
              for language in repo.LANGUAGES}
    raw = body.get("titles") if isinstance(body.get("titles"), dict) else {}
    titles = {language: _text(request, raw.get(language), "text", answers.MAX_TITLE_CHARS, required=False) or ""
              for language in repo.LANGUAGES}
    problems = await _answer_problems(request, name, answer) if all(answer.values()) else {}
    passed = {language: problems is not None and not problems.get(language) for language in repo.LANGUAGES}
    try:
        async with request.app[SESSIONS]() as session:
            await answers.create_intent(session, agent=agent, name=name, leads_to=leads_to, answers=answer,
                                        titles=titles, checks_passed=passed)
            adopted = await proposals.adopt(session, agent=agent, name=proposal, intent=name) if proposal else None
            await session.commit()
    except LookupError:  # the proposal was adopted (or its messages erased) meanwhile: nothing made
        return web.json_response({"error": errors.message(request, "proposal_gone"), "code": "proposal_gone",
                                  "field": "name"}, status=422)
    except answers.IntentRefused as refused:
        field = {"bad_name": "name", "exists": "name", "bad_leads_to": "leads_to"}.get(
            refused.code, "title" if refused.code.startswith("title_") else "answer")
        return web.json_response({"error": errors.message(request, INTENT_REFUSALS[refused.code]),
                                  "code": refused.code, "field": field}, status=422)
    except IntegrityError:  # the same name made at the same moment
        return web.json_response({"error": errors.message(request, INTENT_REFUSALS["exists"]), "code": "exists",
                                  "field": "name"}, status=422)
    if adopted:
        for one in adopted["refused"]:
            one["error"] = errors.message(request, EXAMPLE_REFUSALS[one["reason"]], intent=one["intent"] or "",
                                          limit=store.MAX_EXAMPLE_CHARS)
    return web.json_response({"name": name, "problems": problems, "checks_unavailable": problems is None,
                              "adopted": adopted}, status=201)


async def proposal_route(request: web.Request) -> web.Response:
    """``GET /studio/api/proposals/{name}``: a new intent proposed in the review inbox, ``{"name",
    "messages": [{"message_id", "language", "text"}]}`` (redacted texts); 404 when adopted or unknown."""
    await _user(request)
    async with request.app[SESSIONS]() as session:
        found = await proposals.proposal(session, request.match_info["name"][:100])
    if found is None:
        return errors.answer(request, 404, "proposal_gone")
    return web.json_response(found, headers={"Cache-Control": "no-store"})


def setup(app: web.Application) -> None:
    """Add the intent editor's API routes."""
    app.router.add_get("/studio/api/intents/texts", texts)
    app.router.add_get("/studio/api/intents", overview)
    app.router.add_post("/studio/api/intents", create)
    app.router.add_get("/studio/api/intents/{name}", detail)
    app.router.add_get("/studio/api/proposals/{name}", proposal_route)
    app.router.add_post("/studio/api/intents/{name}/examples", add)
    app.router.add_post("/studio/api/examples/{id}", edit)
    app.router.add_post("/studio/api/examples/{id}/move", move)
    app.router.add_post("/studio/api/examples/{id}/delete", remove)
