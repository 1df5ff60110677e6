"""The studio's JSON API under ``/studio/api``. Thin: the rules are in ``handoff.studio.flow``.

Like the console's API: every route needs a logged-in user (401; log in at ``/console/api/login``)
and every POST the session's CSRF token in ``X-CSRF-Token`` (403); reading needs ``comms_editor``,
``approver`` or ``supervisor``, and each step its role (403, ``handoff.studio.flow``). Bodies are
JSON objects (400 otherwise); a text over ``MAX_TEXT_CHARS`` gets 413, HTML or control characters
400, a save on a stale base version 409 with the newer version.

Error answers are ``{"error": <sentence>, "code": <key>}``: the sentence is text ``key`` of section
``studio_api`` of the published ``ui`` document (``data/content/ui.yml``) in the studio user's
language, which the studio sends as ``Accept-Language`` (English unless it starts with ``de``).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Awaitable, Callable, Dict, Optional

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from handoff import ui_texts
from handoff.agents.models import Agent
from handoff.console.views import _agent, _json as _console_json
from handoff.keys import DEPS, FIELD_CHECKS, PUBLISHED, SESSIONS, SETTINGS
from handoff.studio import flow, listing, schema, store
from handoff.studio.checks import ChecksUnavailable
from handoff.studio.models import ContentField, ContentVersion
from handoff.studio_api import errors

MAX_TEXT_CHARS = 5000  # the action server's check refuses longer texts too (actions/content/field_check.py)
MAX_NOTE_CHARS = 1000
MAX_CUSTOMER_NOTE_CHARS = 200  # "what changed, briefly": one or two short sentences under an answer
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


async def _json(request: web.Request) -> Dict[str, Any]:
    try:
        return await _console_json(request)
    except web.HTTPBadRequest:
        errors.fail(request, web.HTTPBadRequest, "not_json")


async def _user(request: web.Request) -> Agent:
    try:
        agent = await _agent(request, console_role=False)
    except web.HTTPUnauthorized:
        errors.fail(request, web.HTTPUnauthorized, "login_required")
    except web.HTTPForbidden:  # the CSRF token is missing or wrong
        errors.fail(request, web.HTTPForbidden, "csrf")
    if agent.role not in flow.READERS:
        errors.fail(request, web.HTTPForbidden, "not_studio_role")
    return agent


def _name(request: web.Request, name: str) -> str:
    return errors.message(request, f"name_{name}")


def _text(request: web.Request, value: Any, name: str, limit: int, required: bool = True) -> Optional[str]:
    """A checked text from the body; raises HTTP 400/413 with a message a person understands."""
    if value is None and not required:
        return None
    if not isinstance(value, str):
        errors.fail(request, web.HTTPBadRequest, "not_text", name=_name(request, name))
    if len(value) > limit:
        errors.fail(request, web.HTTPRequestEntityTooLarge, "too_long", name=_name(request, name), limit=limit,
              size=len(value))
    if _CONTROL.search(value):
        errors.fail(request, web.HTTPBadRequest, "unprintable", name=_name(request, name))
    if _HTML.search(value):
        errors.fail(request, web.HTTPBadRequest, "html", name=_name(request, name))
    return value


# Line breaks in any spelling (Unicode's line and paragraph separators, NEL) and the bidi embedding,
# override and isolate controls (Unicode TR #9, "Explicit Directional Formatting"): a note that
# reverses or reorders what customers read is not plain text on one line.
_NOT_ONE_LINE = re.compile("[\n\r\x85\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _customer_note(request: web.Request, body: Dict[str, Any]) -> Optional[str]:
    """The publish's ``customer_note`` (what changed, shown to customers under "Updated on"): plain
    text on one line, at most ``MAX_CUSTOMER_NOTE_CHARS``; None when absent or blank (else 400/413)."""
    note = _text(request, body.get("customer_note"), "customer_note", MAX_CUSTOMER_NOTE_CHARS, required=False)
    if note is not None and _NOT_ONE_LINE.search(note):
        errors.fail(request, web.HTTPBadRequest, "customer_note_one_line")
    return (note.strip() or None) if note is not None else None


def _number(request: web.Request, value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value < 2**31:
        errors.fail(request, web.HTTPBadRequest, "not_number", name=name)
    return value


def _id(request: web.Request, name: str) -> int:
    raw = request.match_info[name]
    if not raw.isdigit() or len(raw) > 9:
        errors.fail(request, web.HTTPNotFound, "no_field")
    return int(raw)


async def _problems(request: web.Request, content_field: ContentField, text: str) -> Optional[list]:
    """The check results of ``text`` for ``content_field``, worded in the user's language (None:
    checks unavailable)."""
    other = None
    if content_field.language:
        async with request.app[SESSIONS]() as session:
            other_id = await session.scalar(select(ContentField.id).where(
                ContentField.document == content_field.document, ContentField.path == content_field.path,
                ContentField.language != content_field.language, ContentField.language != ""))
            other = (await flow.latest(session, other_id)).text if other_id else None
    snapshot = request.app[PUBLISHED].snapshot
    invalid = schema.problems(snapshot.documents.get(content_field.document) if snapshot else None,
                              content_field.document, content_field.path, content_field.language, text)
    try:
        found = invalid + await request.app[FIELD_CHECKS].problems(
            path=content_field.path, language=content_field.language, kind=content_field.kind, text=text,
            other_text=other, document=content_field.document)
    except ChecksUnavailable:
        return None
    return [_worded(request, problem) for problem in found]


def _worded(request: web.Request, problem: Dict[str, Any]) -> Dict[str, str]:
    """``{"rule", "message"}`` of a check's ``{"rule", "key", "values"}`` in the user's language."""
    values = problem.get("values") if isinstance(problem.get("values"), dict) else {}
    key = str(problem.get("key") or "")
    said = errors.message(request, key, **values) if key else str(problem.get("message", ""))
    return {"rule": str(problem.get("rule", "")), "message": said}


async def _run(request: web.Request, step: Callable[..., Awaitable[Any]], **arguments: Any) -> Any:
    """Run one flow step in a transaction; map its errors to HTTP answers."""
    try:
        async with request.app[SESSIONS]() as session:
            result = await step(session, **arguments)
            await session.commit()
            return result
    except flow.Forbidden as refused:
        errors.refuse(request, web.HTTPForbidden, refused)
    except flow.NotFound:
        errors.fail(request, web.HTTPNotFound, "no_version")
    except flow.Refused as refused:
        errors.refuse(request, web.HTTPUnprocessableEntity, refused)
    except IntegrityError:  # two saves on the same base at the same moment: the second loses
        errors.fail(request, web.HTTPConflict, "same_moment")


async def documents(request: web.Request) -> web.Response:
    """``GET /studio/api/documents``: the documents the studio holds, and who is asking."""
    agent = await _user(request)
    async with request.app[SESSIONS]() as session:
        names = await listing.documents(session)
    return web.json_response({"documents": names, "user": {"username": agent.username, "role": agent.role}})


async def fields(request: web.Request) -> web.Response:
    """``GET /studio/api/fields?document=advice``: fields with both languages and warnings."""
    await _user(request)
    async with request.app[SESSIONS]() as session:
        found = await listing.document_fields(session, request.query.get("document", ""))
    if not found:
        return errors.answer(request, 404, "no_document")
    return web.json_response({"fields": found})


async def history(request: web.Request) -> web.Response:
    """``GET /studio/api/fields/{id}``: every version of one field and its audit trail."""
    await _user(request)
    async with request.app[SESSIONS]() as session:
        try:
            content_field = await flow.field(session, _id(request, "id"))
        except flow.NotFound:
            return errors.answer(request, 404, "no_field")
        return web.json_response(await listing.field_history(session, content_field))


async def check(request: web.Request) -> web.Response:
    """``POST /studio/api/check {"field_id", "text"}``: the problems of a text being typed."""
    await _user(request)
    body = await _json(request)
    text = _text(request, body.get("text"), "text", MAX_TEXT_CHARS) or ""
    async with request.app[SESSIONS]() as session:
        content_field = await session.get(ContentField, _number(request, body.get("field_id"), "field_id"))
    if content_field is None:
        return errors.answer(request, 404, "no_field")
    problems = await _problems(request, content_field, text)
    if problems is None:
        return errors.answer(request, 503, "checks_unavailable")
    return web.json_response({"problems": problems})


async def save(request: web.Request) -> web.Response:
    """``POST /studio/api/fields/{id}/drafts {"text", "base_version", "note"?}`` -> 201 with the draft
    and its problems; 409 ``{"error", "latest"}`` when someone saved a newer version meanwhile."""
    agent = await _user(request)
    field_id = _id(request, "id")
    body = await _json(request)
    text = _text(request, body.get("text"), "text", MAX_TEXT_CHARS) or ""
    note = _text(request, body.get("note"), "note", MAX_NOTE_CHARS, required=False)
    base = _number(request, body.get("base_version"), "base_version")
    if agent.role not in flow.EDITORS:
        return errors.answer(request, 403, "editors_only")
    async with request.app[SESSIONS]() as session:
        content_field = await session.get(ContentField, field_id)
    if content_field is None:
        return errors.answer(request, 404, "no_field")
    problems = await _problems(request, content_field, text)
    try:
        draft: ContentVersion = await _run(request, flow.save_draft, agent=agent, field_id=field_id, text=text,
                                           base_version=base, checks_passed=problems == [], note=note)
    except flow.Conflict as conflict:
        latest = conflict.latest
        return web.json_response({"error": errors.message(request, "conflict", version=latest.version), "code": "conflict",
                                  "latest": {"version": latest.version, "text": latest.text, "status": latest.status}},
                                 status=409)
    return web.json_response({"version": draft.version, "status": draft.status, "checks_passed": draft.checks_passed,
                              "problems": problems, "checks_unavailable": problems is None}, status=201)


def _step(step: Callable[..., Awaitable[ContentVersion]], note_field: str = "note",
          required: bool = False) -> Callable[[web.Request], Awaitable[web.Response]]:
    """A POST route for one flow step on ``/studio/api/fields/{id}/versions/{version}/...``."""
    async def handler(request: web.Request) -> web.Response:
        agent = await _user(request)
        body = await _json(request)
        note = _text(request, body.get(note_field), note_field, MAX_NOTE_CHARS, required=required)
        arguments: Dict[str, Any] = {"agent": agent, "field_id": _id(request, "id"),
                                     "version": _id(request, "version"), note_field: note}
        if step is flow.rollback:
            arguments["customer_note"] = _customer_note(request, body)
        version = await _run(request, step, **arguments)
        return web.json_response({"version": version.version, "status": version.status})
    handler.__doc__ = step.__doc__
    return handler


async def _approve_counting(session, **arguments: Any) -> tuple:
    version = await flow.approve(session, **arguments)
    return version, await flow.approvals(session, version)


async def approve(request: web.Request) -> web.Response:
    """``POST .../versions/{version}/approve {"note"?}`` -> ``{"version", "status", "approvals",
    "approvals_required"}``: approved once ``STUDIO_APPROVALS_REQUIRED`` approvers approved."""
    agent = await _user(request)
    note = _text(request, (await _json(request)).get("note"), "note", MAX_NOTE_CHARS, required=False)
    required = request.app[SETTINGS].studio_approvals_required
    version, count = await _run(request, _approve_counting, agent=agent, field_id=_id(request, "id"),
                                version=_id(request, "version"), note=note, approvals_required=required)
    return web.json_response({"version": version.version, "status": version.status, "approvals": count,
                              "approvals_required": required})


def _when(request: web.Request, value: Any) -> Optional[dt.datetime]:
    """``"at"`` of a publish: None, or an ISO 8601 time with its offset (else 400)."""
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value) if isinstance(value, str) and len(value) <= 40 else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        errors.fail(request, web.HTTPBadRequest, "bad_time")
    return parsed.astimezone(dt.timezone.utc)


async def publish(request: web.Request) -> web.Response:
    """``POST .../versions/{version}/publish {"note"?, "at"?, "customer_note"?}`` -> ``{"version",
    "status", "publish_at"}``: published now, or (``at`` in the future) kept approved until then.
    ``customer_note``: what changed, for customers (one line, at most 200 characters, no markup)."""
    agent = await _user(request)
    body = await _json(request)
    note = _text(request, body.get("note"), "note", MAX_NOTE_CHARS, required=False)
    version = await _run(request, flow.publish, agent=agent, field_id=_id(request, "id"),
                         version=_id(request, "version"), note=note, at=_when(request, body.get("at")),
                         now=request.app[DEPS].clock(), customer_note=_customer_note(request, body))
    return web.json_response({"version": version.version, "status": version.status,
                              "publish_at": version.publish_at.isoformat() if version.status == "approved" else None})


async def export(request: web.Request) -> web.Response:
    """``GET /studio/api/export?document=advice``: the published document as its repo YAML file."""
    await _user(request)
    name = request.query.get("document", "")
    async with request.app[SESSIONS]() as session:
        current = await store.snapshot(session)
    if current is None or name not in current.documents:
        return errors.answer(request, 404, "no_document")
    file_name, text = store.export_document(name, current.documents[name])
    return web.Response(text=text, content_type="application/yaml", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{file_name}"'})


async def texts(request: web.Request) -> web.Response:
    """``GET /studio/api/texts``: ``{"studio": {key: {en, de}}}``, the published studio texts (studio
    users), with an ETag (``handoff.ui_texts``)."""
    await _user(request)
    return ui_texts.respond(request, ("studio",), private=True)


def setup(app: web.Application) -> None:
    """Add the studio's API routes."""
    app.router.add_get("/studio/api/texts", texts)
    app.router.add_get("/studio/api/documents", documents)
    app.router.add_get("/studio/api/fields", fields)
    app.router.add_get("/studio/api/fields/{id}", history)
    app.router.add_get("/studio/api/export", export)
    app.router.add_post("/studio/api/check", check)
    app.router.add_post("/studio/api/fields/{id}/drafts", save)
    app.router.add_post("/studio/api/fields/{id}/versions/{version}/approve", approve)
    app.router.add_post("/studio/api/fields/{id}/versions/{version}/send-back",
                        _step(flow.send_back, "comment", required=True))
    app.router.add_post("/studio/api/fields/{id}/versions/{version}/publish", publish)
    # {"note"?, "customer_note"?}: the customer note as for a publish
    app.router.add_post("/studio/api/fields/{id}/versions/{version}/rollback", _step(flow.rollback))
