"""The queue of trainings: request one, let the worker claim the oldest, report progress, finish.

Rules:
* ``comms_editor`` and ``approver`` request trainings (:data:`TRAINERS`); every role of the studio
  reads the queue (:data:`READERS`); only ``approver`` activates a model (:data:`ACTIVATORS`).
* One training runs at a time: :func:`claim_next` takes the oldest queued training only while none is
  running, and a unique index on the running state refuses a second one even with two workers.
* At most :data:`MAX_QUEUED` trainings wait; a request beyond that is :class:`Refused` ("queue_full").
* A worker that stops mid-training (crash, kill -9, machine restart) never leaves a training
  "running": the next worker marks it failed (:func:`recover`) before it claims anything.
"""
from __future__ import annotations

import contract
import datetime as dt
from typing import List, Optional

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from handoff.agents import service as agents
from handoff.agents.models import Agent
from handoff.db import utcnow
from handoff.training.models import TrainingJob

READERS = contract.studio_page_roles("models")
TRAINERS = frozenset({"comms_editor", "approver"})
ACTIVATORS = frozenset({"approver"})
MAX_QUEUED = 3
LOG_TAIL_CHARS = 16_000  # the last part of the training's output kept for the page


class Forbidden(Exception):
    """The user's role may not do this (403)."""


class Refused(ValueError):
    """The request does not fit the queue's state (409/422); ``str()`` is a text key of the page."""


class NotFound(LookupError):
    """No such training (404)."""


def require(agent: Agent, roles: frozenset) -> None:
    """Raise :class:`Forbidden` unless ``agent`` has one of ``roles``."""
    if agent.role not in roles:
        raise Forbidden(agent.role)


def tail(text: str, limit: int = LOG_TAIL_CHARS) -> str:
    """The last ``limit`` characters of ``text``, cut at a line start."""
    if len(text) <= limit:
        return text
    cut = text[-limit:]
    return cut[cut.find("\n") + 1:] if "\n" in cut else cut


async def request(session: AsyncSession, *, agent: Agent, note: Optional[str] = None) -> TrainingJob:
    """Queue a training for ``agent`` (audited as ``training.requested``).

    Raises:
        Forbidden (role), Refused("queue_full") when MAX_QUEUED trainings already wait.
    """
    require(agent, TRAINERS)
    waiting = await session.scalar(select(func.count()).select_from(TrainingJob)
                                   .where(TrainingJob.state == "queued"))
    if waiting >= MAX_QUEUED:
        raise Refused("queue_full")
    job = TrainingJob(state="queued", progress=0, requested_by=agent.id, note=note, log_tail="",
                      created_at=utcnow())
    session.add(job)
    await session.flush()
    await agents.audit(session, agent_id=agent.id, action="training.requested", conversation_id=None)
    return job


async def get(session: AsyncSession, job_id: int) -> TrainingJob:
    """The training ``job_id``. Raises NotFound."""
    job = await session.get(TrainingJob, job_id)
    if job is None:
        raise NotFound(job_id)
    return job


async def listing(session: AsyncSession, limit: int = 20) -> List[TrainingJob]:
    """The newest ``limit`` trainings, newest first."""
    return list(await session.scalars(select(TrainingJob).order_by(TrainingJob.id.desc()).limit(limit)))


async def position(session: AsyncSession, job: TrainingJob) -> Optional[int]:
    """1 for the next queued training to run, 2 for the one after it ...; None unless queued."""
    if job.state != "queued":
        return None
    return int(await session.scalar(select(func.count()).select_from(TrainingJob).where(
        TrainingJob.state == "queued", TrainingJob.id <= job.id)) or 0)


async def recover(session: AsyncSession, *, now: Optional[dt.datetime] = None) -> int:
    """Mark every running training failed ("worker_stopped"): called by a worker before it claims
    anything, when no other worker can be running one (one worker per database). Returns how many."""
    result = await session.execute(update(TrainingJob).where(TrainingJob.state == "running").values(
        state="failed", failure="worker_stopped", finished_at=now or utcnow(),
        failure_detail="the training worker stopped during this training"))
    return result.rowcount or 0


async def claim_next(session: AsyncSession, *, pid: int, now: Optional[dt.datetime] = None) -> Optional[TrainingJob]:
    """Move the oldest queued training to "running" for worker ``pid`` and return it; None when a
    training is running already or none waits. Commits (the claim must be visible at once)."""
    now = now or utcnow()
    if await session.scalar(select(TrainingJob.id).where(TrainingJob.state == "running").limit(1)):
        return None
    job_id = await session.scalar(select(TrainingJob.id).where(TrainingJob.state == "queued")
                                  .order_by(TrainingJob.id).limit(1))
    if job_id is None:
        return None
    try:
        claimed = await session.execute(update(TrainingJob).where(
            TrainingJob.id == job_id, TrainingJob.state == "queued").values(
            state="running", stage="exporting", progress=0, started_at=now, heartbeat_at=now, worker_pid=pid))
        await session.commit()
    except IntegrityError:  # another worker started one at the same moment
        await session.rollback()
        return None
    if claimed.rowcount != 1:
        return None
    return await session.get(TrainingJob, job_id, populate_existing=True)


async def report_progress(session: AsyncSession, job_id: int, *, stage: str, progress: int, log: str,
                          now: Optional[dt.datetime] = None) -> None:
    """Store a running training's stage, progress (clamped to 0-99) and log tail; beat its heart."""
    await session.execute(update(TrainingJob).where(TrainingJob.id == job_id, TrainingJob.state == "running")
                          .values(stage=stage, progress=max(0, min(99, int(progress))), log_tail=tail(log),
                                  heartbeat_at=now or utcnow()))


async def finish(session: AsyncSession, job_id: int, *, state: str, log: str, failure: Optional[str] = None,
                 detail: Optional[str] = None, report: Optional[dict] = None, model_path: Optional[str] = None,
                 fingerprint: Optional[str] = None) -> bool:
    """End a running training as ``state`` (passed, blocked or failed); False when it was not running
    any more (another worker's :func:`recover` marked it failed)."""
    if state not in ("passed", "blocked", "failed"):
        raise ValueError(state)
    result = await session.execute(update(TrainingJob).where(
        TrainingJob.id == job_id, TrainingJob.state == "running").values(
        state=state, progress=100, finished_at=utcnow(), log_tail=tail(log), failure=failure,
        failure_detail=(detail or "")[:500] or None, report=report, model_path=model_path,
        fingerprint=fingerprint))
    return result.rowcount == 1
