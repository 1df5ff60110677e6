"""The studio's routes of model activation (approvers only, like every studio route: a login
session, ``X-CSRF-Token`` on POST):

- ``GET /studio/api/activation``: ``{"active": active_model(), "running": {"step", "target",
  "actor", "draining"} or null, "last": the newest attempt {"action", "actor", "path", "fingerprint",
  "outcome", "reason", "at"} or null}``.
- ``POST /studio/api/activation/activate`` ``{"model": "<path of a .tar.gz inside the models
  directory>"}``: 202 and the status; the activation runs in the background (minutes: one Rasa
  process after the other), its outcome shows in ``last``. 400 for a path that is not a model inside
  the models directory (``code``: not_text, outside, missing, not_archive); 409 ``not_approved`` for a
  model that is neither of a training whose gate passed nor one that was active before (a rollback),
  compared by the file's SHA-256, so no other name, link or copy of a blocked model gets through; 409
  ``running`` while one runs.
- ``POST /studio/api/activation/rollback``: 202, or 409 when there is nothing to go back to or one runs.

Errors: ``{"error": <sentence in the user's language>, "code"}`` (section ``activation`` of ui.yml).
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, NoReturn

from aiohttp import web
from sqlalchemy import select

from handoff import ui_texts
from handoff.activation import archive, rotation, service
from handoff.activation.models import ModelActivation
from handoff.keys import DEPS
from handoff.studio_api import errors
from handoff.studio_api.views import _json, _user
from handoff.training.models import TrainingJob

logger = logging.getLogger(__name__)

ACTIVATORS = frozenset({"approver"})  # activation, rollback and their status
SECTION = "activation"
RUNNING = web.AppKey("activation_tasks", set)


def _fail(request: web.Request, error: type, code: str) -> NoReturn:
    text = ui_texts.text(request.app, SECTION, code, errors.language(request))
    raise error(text=json.dumps({"error": text, "code": code}, ensure_ascii=False), content_type="application/json")


async def _approver(request: web.Request) -> Any:
    agent = await _user(request)
    if agent.role not in ACTIVATORS:
        errors.fail(request, web.HTTPForbidden, "role_refused")
    return agent


async def _status(request: web.Request) -> dict:
    deps = request.app[DEPS]
    async with deps.sessions() as session:
        last = await session.scalar(select(ModelActivation).where(ModelActivation.action != "started")
                                    .order_by(ModelActivation.id.desc()).limit(1))
    return {
        "active": await service.active_model(deps),
        "running": await rotation.current(deps.sessions),
        "last": None if last is None else {
            "action": last.action, "actor": last.actor, "path": last.path, "fingerprint": last.fingerprint,
            "outcome": last.outcome, "reason": last.reason, "at": service._view(last)["activated_at"]},
    }


async def status(request: web.Request) -> web.Response:
    """The active model, a running activation and the last attempt."""
    await _approver(request)
    return web.json_response(await _status(request))


async def _start(request: web.Request, work: Callable[[asyncio.Event], Awaitable[None]]) -> None:
    """Run ``work`` in the background; return once it holds the lease (or failed before)."""
    begun = asyncio.Event()

    async def run() -> None:
        try:
            await work(begun)
        except service.ActivationFailed as failed:
            logger.warning("activation failed: %s", failed.reason)  # in ``last`` of the status too
        except Exception:  # noqa: BLE001 - a background task: log, the status shows the rest
            logger.exception("activation crashed")

    task = asyncio.create_task(run())
    tasks = request.app[RUNNING]
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    task.add_done_callback(lambda _task: begun.set())
    await begun.wait()


async def approved(deps: Any, fingerprint: str) -> bool:
    """May the model with SHA-256 ``fingerprint`` be activated: a training whose gate passed made it,
    or it was active before (the model the processes started with included: a rollback)."""
    async with deps.sessions() as session:
        for column, condition in ((TrainingJob.fingerprint, TrainingJob.state == "passed"),
                                  (ModelActivation.fingerprint, ModelActivation.outcome == "active")):
            if await session.scalar(select(column).where(condition, column == fingerprint).limit(1)) is not None:
                return True
    serving = deps.serving_model
    return bool(serving and serving.is_file() and await asyncio.to_thread(archive.fingerprint, serving) == fingerprint)


async def activate(request: web.Request) -> web.Response:
    """Start activating the model the body names (see the module docstring)."""
    agent = await _approver(request)
    body = await _json(request)
    deps = request.app[DEPS]
    try:
        model = archive.resolve(deps.models_dir, body.get("model"))
    except archive.BadModel as bad:
        _fail(request, web.HTTPBadRequest, bad.code)
    fingerprint = await asyncio.to_thread(archive.fingerprint, model)
    if not await approved(deps, fingerprint):
        logger.warning("activation of a model no gate passed refused (%s, by agent %s)", fingerprint[:16], agent.id)
        _fail(request, web.HTTPConflict, "not_approved")
    if await rotation.current(deps.sessions) is not None:
        _fail(request, web.HTTPConflict, "running")
    await _start(request, lambda begun: service.activate(deps, model, actor=agent.username, begun=begun,
                                                         fingerprint=fingerprint))
    return web.json_response(await _status(request), status=202)


async def rollback(request: web.Request) -> web.Response:
    """Start going back to the previous model."""
    agent = await _approver(request)
    deps = request.app[DEPS]
    if (await service.active_model(deps))["previous"] is None:
        _fail(request, web.HTTPConflict, "no_previous")
    if await rotation.current(deps.sessions) is not None:
        _fail(request, web.HTTPConflict, "running")
    await _start(request, lambda begun: service.rollback(deps, actor=agent.username, begun=begun))
    return web.json_response(await _status(request), status=202)


def setup(app: web.Application) -> None:
    """Add the activation routes, and a place for their background tasks (cancelled at shutdown,
    before the database closes: the lease is given back and every Rasa process is in rotation again)."""
    app[RUNNING] = set()

    async def stop(app: web.Application) -> None:
        running = list(app[RUNNING])
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)

    app.on_shutdown.append(stop)
    app.router.add_get("/studio/api/activation", status)
    app.router.add_post("/studio/api/activation/activate", activate)
    app.router.add_post("/studio/api/activation/rollback", rollback)
