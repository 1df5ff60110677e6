"""Activating a trained model on every Rasa process without a failed or slow turn; rollback.

Design: a rolling reload with draining, not blue/green.

Measured facts it rests on (Rasa 3.6.21, ``rasa/server.py`` and ``rasa/core/agent.py``): ``PUT /model``
loads the model synchronously inside the serving process's event loop (``Agent.load_model``), so that
process answers nothing for the 10-60 s the load takes (measured on this repo's model, 2 shared cores:
``PUT /model`` took 12.4 s, and a turn sent just before it waited 12.5 s instead of 0.14 s;
``bot/serve.py`` now moves that load into a thread of its own, at idle priority: 25 turns sent during a 7.6 s load
took 0.04-0.72 s); it swaps ``app.ctx.agent`` only after the new
agent loaded, and keeps the old one when loading fails. Rasa's tracker store is shared SQL, and the
front door has at most one turn of a conversation in flight (``handoff.intake``: one lock per
conversation), so a conversation may be answered by another process between two turns.

So, one process at a time (draining it even so: with Rasa's own loading, ``RASA_LOAD_IN_THREAD=0``, or
another Rasa version it answers nothing, and the load's CPU is better spent without turns waiting on
that process): put it out of rotation in every front door (``handoff.activation.rotation``:
shared state in the database, each front door applies it within ``FOLLOW_SECONDS`` and reports what it
applied), wait until no front door has a request running on it, ``PUT /model``, check with ``GET
/status`` that it now serves the new model (Rasa's ``model_id``), warm it up with a few ``POST
/model/parse`` (the first messages after a load are slow), put it back, next. Meanwhile only its
conversations move, to the other processes. A conversation only ever moves from the old model to the
new one, never back (its own process drains once, and is new when it returns).

Why not blue/green (start new processes next to the old ones, switch all routing at once): it needs
twice the memory and ports for every Rasa while it runs, a second program group in supervisord whose
command line would have to change per model, and front doors that learn Rasa URLs at run time (today
``RASA_URLS``, also read by the health checks and the benchmarks); it buys a single switch moment,
which nothing needs because conversations may move anyway. Rolling needs nothing but Rasa's own HTTP
API, so ``make run`` (supervisord) and the tests take the same code path. Its cost: while one process
loads, the others carry its conversations, and the load itself takes CPU (with one Rasa process it
cannot work: refused). Measured (``make bench-activation``, 50 conversations, think time 10 s, 2 Rasa
processes on a shared 2-core machine): with Rasa loading in its event loop, at load average 9-10, no
failed turn and no apology, but 75 of 185 turns during the 38 s activation over 3x the median before;
with the load in a thread at niceness 19, none failed, but 1-3 of about 100 turns over 500 ms while a
process loaded (TensorFlow's pool threads, created at the process's first model, kept niceness 0);
with every thread of the loading process under ``SCHED_IDLE`` (``bot/serve.py``), on the same machine
in the same hour (2026-12-02): none failed, none degraded (96 turns during, p50 80 ms, max 192 ms;
the niceness-19 run next to it: 3 of 106 over 500 ms, max 663 ms).
Where capacity during an activation matters, the next step is a surge process: start one extra
Rasa with the new model, put it into rotation, then reload the others one by one, so capacity never
drops below N.

Failure: the archive is fingerprinted and read completely first (corrupt: refused before any Rasa
sees it). When a process fails to load it (it then still serves the old model), every process that
already switched loads the old model again, and ``ActivationFailed`` is raised; the active model in the
database changes only after every process switched. Every attempt, done or failed, is a row of
``model_activations`` (actor, fingerprint, time, outcome) and an ``audit_log`` entry.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path
from typing import List, Optional

from sqlalchemy import select

from handoff.activation import archive, rotation
from handoff.activation.models import ModelActivation
from handoff.agents.models import Agent, AuditEntry
from handoff.db import utcnow
from handoff.deps import Deps
from handoff.rasa_client.client import RasaUnavailable

logger = logging.getLogger(__name__)

# audit_log actions per ModelActivation.action: (done, failed)
AUDIT = {"activate": ("model.activated", "model.activation_failed"),
         "rollback": ("model.rolled_back", "model.rollback_failed"),
         "started": ("model.first_recorded", "model.first_recorded")}
LOAD_SECONDS = 300.0  # one PUT /model (Rasa loads 10-60 s; more on a busy machine)
WARM_UP = ("hello", "what happened?", "was ist passiert?", "I want to talk to a person")


class ActivationFailed(Exception):
    """The model was not activated; every Rasa process serves the model it served before.
    ``reason`` is a short English sentence (no path outside the models directory)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def _history(deps: Deps, limit: int = 50) -> List[ModelActivation]:
    async with deps.sessions() as session:
        return list((await session.scalars(select(ModelActivation).where(ModelActivation.outcome == "active")
                                           .order_by(ModelActivation.id.desc()).limit(limit))).all())


def _view(row: Optional[ModelActivation]) -> Optional[dict]:
    if row is None:
        return None
    at = row.finished_at if row.finished_at.tzinfo else row.finished_at.replace(tzinfo=dt.timezone.utc)
    return {"path": row.path, "fingerprint": row.fingerprint, "activated_at": at.isoformat(),
            "actor": row.actor, "action": row.action}


async def active_model(deps: Deps) -> dict:
    """The model every Rasa process serves: ``{"path" (relative to the models directory),
    "fingerprint" (SHA-256 of the archive; None before the first activation), "activated_at" (ISO
    time or None), "previous" (the same keys of the model a rollback returns to, or None)}``."""
    rows = await _history(deps)
    if not rows:
        start = deps.serving_model
        return {"path": archive.relative(deps.models_dir, start) if start else None, "fingerprint": None,
                "activated_at": None, "previous": None}
    previous = next((row for row in rows[1:] if row.fingerprint != rows[0].fingerprint), None)
    return {**_view(rows[0]), "previous": _view(previous)}


async def _record(deps: Deps, *, action: str, actor: str, path: str, fingerprint: str, model_id: Optional[str],
                  outcome: str, reason: Optional[str] = None, started_at=None) -> None:
    async with deps.sessions() as session:
        session.add(ModelActivation(action=action, actor=actor, path=path, fingerprint=fingerprint,
                                    model_id=model_id, outcome=outcome, reason=reason,
                                    started_at=started_at or utcnow(), finished_at=utcnow()))
        agent_id = await session.scalar(select(Agent.id).where(Agent.username == actor))
        done, failed = AUDIT[action]
        session.add(AuditEntry(agent_id=agent_id, action=done if outcome == "active" else failed))
        await session.commit()


async def _remember_start(deps: Deps) -> None:
    """Before the first activation: record the model the processes were started with (kept, so a
    rollback can return to it)."""
    if await _history(deps, 1) or deps.serving_model is None or not deps.serving_model.exists():
        return
    found = await asyncio.to_thread(archive.inspect, deps.serving_model)
    await asyncio.to_thread(archive.keep, deps.models_dir, deps.serving_model, found["fingerprint"])
    await _record(deps, action="started", actor="system", path=archive.relative(deps.models_dir, deps.serving_model),
                  fingerprint=found["fingerprint"], model_id=found["model_id"], outcome="active")


async def _switch(deps: Deps, lease: rotation.Lease, url: str, model: Path, model_id: Optional[str]) -> None:
    """Drain ``url``, load ``model`` there, check it serves ``model_id``; back in rotation after.

    Raises:
        RasaUnavailable, TimeoutError: as the steps raise them.
    """
    generation = await lease.set_draining([url])
    await lease.wait_released(generation)
    renew = asyncio.create_task(_renew(lease))
    try:
        await deps.rasa.load_model(url, str(model), LOAD_SECONDS)
    finally:
        renew.cancel()
    status = await deps.rasa.status(url)
    if model_id and status.get("model_id") != model_id:
        raise RasaUnavailable("it serves another model after loading")
    for text in WARM_UP:  # TensorFlow builds its graph on the first messages: not on a customer's turn
        await deps.rasa.parse(url, text)
    await lease.set_draining([])


async def _renew(lease: rotation.Lease) -> None:
    while True:
        await asyncio.sleep(rotation.LEASE_SECONDS / 3)
        await lease.step("loading")


async def _activate(deps: Deps, model: Path, *, actor: str, action: str, shown: str,
                    begun: Optional[asyncio.Event] = None, expected: Optional[str] = None) -> None:
    started = utcnow()
    urls = list(deps.rasa.urls)
    found: dict = {"fingerprint": "", "model_id": None}

    async def record(reason: Optional[str]) -> None:
        await _record(deps, action=action, actor=actor, path=shown, fingerprint=found["fingerprint"],
                      model_id=found["model_id"], outcome="failed" if reason else "active", reason=reason,
                      started_at=started)

    reason = None
    try:
        if len(urls) < 2:
            raise archive.BadModel("one_process")
        async with rotation.hold(deps.sessions, target=shown, actor=actor) as lease:
            if begun is not None:
                begun.set()  # the status shows it running from now on
            try:
                reason = await _roll(deps, lease, model, urls, found, shown, expected)
            except archive.BadModel as error:
                reason = f"not a usable model archive ({error.code})"
            await record(reason)  # while it still shows as running: the status never shows it ended but unrecorded
    except archive.BadModel:  # before the lease: one process only
        reason = "activation without downtime needs at least two Rasa processes"
        await record(reason)
    except rotation.Busy:
        reason = "another activation is running"
        await record(reason)
    finally:
        if begun is not None:
            begun.set()
    if reason:
        raise ActivationFailed(reason)
    logger.info("model %s (%s) active on %d Rasa processes, by %s", shown, found["fingerprint"][:16], len(urls), actor)


async def _roll(deps: Deps, lease: rotation.Lease, model: Path, urls: List[str], found: dict,
                shown: str, expected: Optional[str] = None) -> Optional[str]:
    """Check the archive (fills ``found``; its SHA-256 must be ``expected`` if given), keep a copy,
    switch one process after the other; the reason it failed (every process back on the old model), or None.

    Raises:
        archive.BadModel: the archive is corrupt, no Rasa model, or "changed" (not ``expected``).
    """
    await lease.step("checking the model")
    found.update(await asyncio.to_thread(archive.inspect, model))
    if expected is not None and found["fingerprint"] != expected:
        raise archive.BadModel("changed")  # replaced since it was approved
    await _remember_start(deps)
    current = await _history(deps, 1)
    old = archive.kept_path(deps.models_dir, current[0].fingerprint) if current else deps.serving_model
    kept = await asyncio.to_thread(archive.keep, deps.models_dir, model, found["fingerprint"])
    switched: List[str] = []
    for index, url in enumerate(urls):
        await lease.step(f"process {index + 1} of {len(urls)}")
        try:
            await _switch(deps, lease, url, kept, found["model_id"])
        except (RasaUnavailable, TimeoutError) as error:
            reason = f"Rasa process {index + 1} of {len(urls)} could not load it ({error})"
            logger.warning("activation of %s failed: %s", shown, reason)
            await lease.step("going back")
            await _undo(deps, lease, switched + [url], old)
            return reason
        switched.append(url)
    await asyncio.to_thread(archive.point_active, deps.models_dir, kept)
    return None


async def _undo(deps: Deps, lease: rotation.Lease, urls: List[str], old: Optional[Path]) -> None:
    """Load ``old`` again on ``urls`` (those that switched, and the one that failed: after a timeout
    it may have loaded the new model later)."""
    if old is None:
        return
    for url in urls:
        try:
            status = await deps.rasa.status(url)
            found = await asyncio.to_thread(archive.inspect, old)
            if status.get("model_id") == found["model_id"]:
                continue  # it never left the old model
            await _switch(deps, lease, url, old, found["model_id"])
        except (RasaUnavailable, TimeoutError, rotation.Busy, archive.BadModel) as error:
            logger.error("could not bring %s back to the previous model: %s", url, error)
    await lease.set_draining([])


async def activate(deps: Deps, model_path: Path, *, actor: str, begun: Optional[asyncio.Event] = None,
                   fingerprint: Optional[str] = None) -> None:
    """Switch every Rasa process to the model archive at ``model_path`` (a ``.tar.gz`` inside
    ``deps.models_dir``), one process at a time, without a failed or slow turn; ``actor`` is the
    username that asked (audited); ``begun`` is set once it runs (or failed to start); ``fingerprint``,
    when given, is the SHA-256 the caller approved (a file replaced since then is refused). Which
    models may be activated is the caller's rule (the routes: a passed gate or active before). Returns
    when every process serves it.

    Raises:
        ActivationFailed: not a model inside the models directory, corrupt, a Rasa could not load it,
            another activation is running, or fewer than two Rasa processes; the old model serves on.
    """
    try:
        model = archive.resolve(deps.models_dir, str(model_path))
    except archive.BadModel as error:
        raise ActivationFailed(f"not a model in the models directory ({error.code})") from None
    await _activate(deps, model, actor=actor, action="activate", shown=archive.relative(deps.models_dir, model),
                    begun=begun, expected=fingerprint)


async def rollback(deps: Deps, *, actor: str, begun: Optional[asyncio.Event] = None) -> None:
    """Activate the previous model again (the one active before the current one); ``actor`` and
    ``begun`` as for :func:`activate`.

    Raises:
        ActivationFailed: there is no previous model, its kept copy is gone, or as :func:`activate`.
    """
    previous = (await active_model(deps))["previous"]
    if previous is None:
        raise ActivationFailed("there is no previous model to go back to")
    kept = archive.kept_path(deps.models_dir, previous["fingerprint"])
    if not kept.exists():
        raise ActivationFailed("the previous model's kept copy is missing")
    await _activate(deps, kept, actor=actor, action="rollback", shown=previous["path"], begun=begun)
