"""The models page's JSON API under ``/studio/api/models`` (page ``/studio/models``). Thin: the rules
are in ``handoff.training.queue``.

Like the rest of the studio's API (``handoff.studio_api.views``): a logged-in user (401), the
session's CSRF token on every POST (403), a studio role to read (403); starting a training needs
``comms_editor`` or ``approver``, activating ``approver``, and only a model whose gate passed (422).
Every request to train, every activation and every refused activation is audited (``audit_log``).
Errors are ``{"error": <sentence in the user's language>, "code": <key>}``.
"""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Dict, Optional

from aiohttp import web

from handoff.agents import service as agents
from handoff.agents.models import Agent
from handoff.db import utcnow
from handoff.keys import DEPS, SESSIONS
from handoff.studio_api import errors
from handoff.studio_api.views import _json, _text, _user
from handoff.training import activation_port, queue
from handoff.training.models import TrainingJob

MAX_NOTE_CHARS = 500
ACTIVATIONS = web.AppKey("training_activations", set)  # activations started from the models page


async def _reader(request: web.Request) -> Agent:
    agent = await _user(request)
    if agent.role not in queue.READERS:
        errors.fail(request, web.HTTPForbidden, "not_studio_role")
    return agent


def _job_id(request: web.Request) -> int:
    raw = request.match_info["id"]
    if not raw.isdigit() or len(raw) > 9:
        errors.fail(request, web.HTTPNotFound, "training_not_found")
    return int(raw)


def _when(value: Any) -> Optional[str]:
    return value.isoformat() if value is not None else None


def summary(job: TrainingJob, usernames: Dict[int, str], position: Optional[int]) -> Dict[str, Any]:
    """What the queue shows of one training."""
    report = job.report or {}
    return {"id": job.id, "state": job.state, "stage": job.stage, "progress": job.progress, "position": position,
            "requested_by": usernames.get(job.requested_by or 0), "note": job.note,
            "created_at": _when(job.created_at), "started_at": _when(job.started_at),
            "finished_at": _when(job.finished_at), "failure": job.failure,
            "fingerprint": (job.fingerprint or "")[:16] or None,
            "model_available": bool(job.model_path and Path(job.model_path).is_file()),
            "activated_at": _when(job.activated_at), "activated_by": usernames.get(job.activated_by or 0),
            "reasons": len(report.get("reasons") or [])}


async def _usernames(session) -> Dict[int, str]:  # noqa: ANN001
    from sqlalchemy import select

    return dict((await session.execute(select(Agent.id, Agent.username))).all())


async def overview(request: web.Request) -> web.Response:
    """``GET /studio/api/models``: ``{"user", "may_train", "may_activate", "active", "trainings"}``
    (the newest 20 trainings, newest first; a queued one with its place in the queue)."""
    agent = await _reader(request)
    async with request.app[SESSIONS]() as session:
        jobs = await queue.listing(session)
        names = await _usernames(session)
        rows = [summary(job, names, await queue.position(session, job)) for job in jobs]
    return web.json_response({
        "user": {"username": agent.username, "role": agent.role},
        "may_train": agent.role in queue.TRAINERS, "may_activate": agent.role in queue.ACTIVATORS,
        "active": await activation_port.active_model(request.app[DEPS]), "trainings": rows})


async def detail(request: web.Request) -> web.Response:
    """``GET /studio/api/models/trainings/{id}``: one training with its log tail and gate report."""
    await _reader(request)
    job_id = _job_id(request)
    async with request.app[SESSIONS]() as session:
        job = await session.get(TrainingJob, job_id)
        if job is None:
            return errors.answer(request, 404, "training_not_found")
        row = summary(job, await _usernames(session), await queue.position(session, job))
    return web.json_response({"training": {**row, "log": job.log_tail, "report": job.report,
                                           "failure_detail": job.failure_detail}})


async def start(request: web.Request) -> web.Response:
    """``POST /studio/api/models/trainings {"note"?}`` -> 201 ``{"training"}``: queued; the worker
    runs it when the trainings before it are done. 409 when the queue is full."""
    agent = await _reader(request)
    body = await _json(request)
    note = _text(request, body.get("note"), "note", MAX_NOTE_CHARS, required=False)
    if agent.role not in queue.TRAINERS:
        async with request.app[SESSIONS]() as session:
            await agents.audit(session, agent_id=agent.id, action="training.refused", conversation_id=None)
            await session.commit()
        return errors.answer(request, 403, "role_refused")
    try:
        async with request.app[SESSIONS]() as session:
            job = await queue.request(session, agent=agent, note=(note or "").strip() or None)
            await session.commit()
            row = summary(job, {agent.id: agent.username}, await queue.position(session, job))
    except queue.Refused as refused:
        return errors.answer(request, 409, f"training_{refused}")
    return web.json_response({"training": row}, status=201)


async def activate(request: web.Request) -> web.Response:
    """``POST /studio/api/models/trainings/{id}/activate {}`` -> 202 ``{"training", "active"}``: the
    training's model is being switched in on every Rasa process (minutes; the training shows
    ``activated_at`` once every process serves it). Approvers only; its gate must have passed (422);
    502 with the reason when the activation could not begin (the model in use keeps serving)."""
    agent = await _reader(request)
    await _json(request)
    job_id = _job_id(request)
    async with request.app[SESSIONS]() as session:
        job = await session.get(TrainingJob, job_id)
        refusal = ("role_refused" if agent.role not in queue.ACTIVATORS else
                   "training_not_found" if job is None else
                   "training_not_passed" if job.state != "passed" else
                   "training_no_model" if not (job.model_path and Path(job.model_path).is_file()) else None)
        await agents.audit(session, agent_id=agent.id, conversation_id=None,
                           action="model.activation_refused" if refusal else "model.activation_requested")
        await session.commit()
    if refusal is not None:
        status = {"role_refused": 403, "training_not_found": 404}.get(refusal, 422)
        return errors.answer(request, status, refusal)
    sessions = request.app[SESSIONS]

    async def finished(reason: Optional[str]) -> None:
        if reason is None:
            async with sessions() as session:
                done = await session.get(TrainingJob, job_id)
                done.activated_at, done.activated_by = utcnow(), agent.id
                await session.commit()

    reason = await activation_port.start(request.app[DEPS], Path(job.model_path), actor=agent.username,
                                         tasks=request.app[ACTIVATIONS], finished=finished, fingerprint=job.fingerprint)
    if reason is not None:
        return errors.answer(request, 502, "training_activation_failed", reason=reason)
    async with sessions() as session:
        row = summary(await session.get(TrainingJob, job_id), await _usernames(session), None)
    return web.json_response({"training": row, "active": await activation_port.active_model(request.app[DEPS])},
                             status=202)


def setup(app: web.Application) -> None:
    """Add the models page's API routes, and a place for the activations they start (cancelled at
    shutdown, before the database closes)."""
    app[ACTIVATIONS] = set()

    async def stop(app: web.Application) -> None:
        running = list(app[ACTIVATIONS])
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)

    app.on_shutdown.append(stop)
    app.router.add_get("/studio/api/models", overview)
    app.router.add_get("/studio/api/models/trainings/{id}", detail)
    app.router.add_post("/studio/api/models/trainings", start)
    app.router.add_post("/studio/api/models/trainings/{id}/activate", activate)
