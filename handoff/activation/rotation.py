"""Which Rasa processes get turns, shared by every front door process through the database.

The activator (one at a time: it holds a lease in ``model_rotation``, renewed while it works) puts
one Rasa process out of rotation (``draining``), waits until every live front door has applied that
(:func:`follow` writes what each applied into ``model_rotation_seen``) and has no request running on
it, then reloads it. A lease that was not renewed for ``LEASE_SECONDS`` (the activating front door
died) is ignored: every process is back in rotation.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from typing import AsyncIterator, Optional, Sequence

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handoff.activation.models import FrontDoorSeen, RotationState
from handoff.rasa_client.client import RasaClient

logger = logging.getLogger(__name__)

LEASE_SECONDS = 30.0
FOLLOW_SECONDS = 1.0  # how often a front door reads the rotation
HEARTBEAT_SECONDS = 3.0  # how often it says it is alive when nothing changed
LIVE_SECONDS = 10.0  # a front door silent for longer counts as gone
DRAIN_SECONDS = 60.0  # how long the activator waits for every front door to let go of a process


class Busy(Exception):
    """Another activation holds the lease."""


async def state(session: AsyncSession) -> RotationState:
    """The rotation row (created on first use)."""
    row = await session.get(RotationState, 1, populate_existing=True)
    if row is None:
        session.add(RotationState(id=1, generation=0, lease_until=0.0, draining=[]))
        try:
            await session.commit()
        except IntegrityError:
            await session.rollback()  # another process created it at the same moment
        row = await session.get(RotationState, 1, populate_existing=True)
    return row


def draining_now(row: RotationState, now: float) -> list:
    """The processes out of rotation per ``row``: none once the lease has run out."""
    return list(row.draining or []) if row.holder and row.lease_until > now else []


async def follow(sessions: async_sessionmaker, rasa: RasaClient, *, instance: str,
                 interval: float = FOLLOW_SECONDS) -> None:
    """Apply the shared rotation to ``rasa`` every ``interval`` seconds, and record what was applied
    (generation, requests still on draining processes) as front door ``instance``. Runs until cancelled."""
    written = (-1, -1, 0.0)
    while True:
        try:
            async with sessions() as session:
                row = await state(session)
                await session.commit()
                now = time.time()
                rasa.set_draining(draining_now(row, now))
                busy = rasa.busy(rasa.draining)
                if (row.generation, busy) != written[:2] or now - written[2] >= HEARTBEAT_SECONDS:
                    seen = await session.get(FrontDoorSeen, instance)
                    if seen is None:
                        session.add(FrontDoorSeen(instance=instance, generation=row.generation, busy=busy, seen_at=now))
                    else:
                        seen.generation, seen.busy, seen.seen_at = row.generation, busy, now
                    await session.commit()
                    written = (row.generation, busy, now)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - the database may be away for a moment; keep following
            logger.exception("could not follow the Rasa rotation")
        await asyncio.sleep(interval)


class Lease:
    """The activator's hold on the rotation: ``drain`` one process, ``restore`` all, ``step`` for the status."""

    def __init__(self, sessions: async_sessionmaker, holder: str) -> None:
        self._sessions = sessions
        self.holder = holder

    async def _change(self, **values) -> int:
        async with self._sessions() as session:
            changed = await session.execute(
                update(RotationState).where(RotationState.id == 1, RotationState.holder == self.holder)
                .values(lease_until=time.time() + LEASE_SECONDS, **values))
            await session.commit()
        if changed.rowcount != 1:
            raise Busy("the activation lost its lease")
        async with self._sessions() as session:
            return (await session.get(RotationState, 1)).generation

    async def step(self, step: str) -> None:
        """Say what the activation does now (shown by the status) and renew the lease."""
        await self._change(step=step)

    async def set_draining(self, urls: Sequence[str]) -> int:
        """Put ``urls`` out of rotation (all others in); return the new generation."""
        return await self._change(draining=list(urls), generation=RotationState.generation + 1)

    async def wait_released(self, generation: int, timeout: float = DRAIN_SECONDS) -> None:
        """Wait until every live front door applied ``generation`` and has nothing running on a
        draining process (renewing the lease meanwhile).

        Raises:
            TimeoutError: not within ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        while True:
            async with self._sessions() as session:
                now = time.time()
                rows = (await session.scalars(select(FrontDoorSeen).where(
                    FrontDoorSeen.seen_at > now - LIVE_SECONDS))).all()
            if all(row.generation >= generation and row.busy == 0 for row in rows):
                return
            if time.monotonic() > deadline:
                raise TimeoutError("front doors still send turns to the draining Rasa process")
            await self._change()
            await asyncio.sleep(FOLLOW_SECONDS / 4)


@contextlib.asynccontextmanager
async def hold(sessions: async_sessionmaker, *, target: str, actor: str) -> AsyncIterator[Lease]:
    """Take the lease for one activation (every process back in rotation when the block ends).

    Raises:
        Busy: another activation is running.
    """
    holder = secrets.token_hex(8)
    async with sessions() as session:
        row = await state(session)
        await session.commit()
        if draining_now(row, time.time()) or (row.holder and row.lease_until > time.time()):
            raise Busy("another activation is running")
        taken = await session.execute(
            update(RotationState).where(RotationState.id == 1, RotationState.generation == row.generation)
            .values(holder=holder, lease_until=time.time() + LEASE_SECONDS, draining=[], step="starting",
                    target=target, actor=actor, generation=row.generation + 1))
        await session.commit()
    if taken.rowcount != 1:
        raise Busy("another activation is running")
    lease = Lease(sessions, holder)
    try:
        yield lease
    finally:
        async with sessions() as session:
            await session.execute(update(RotationState).where(
                RotationState.id == 1, RotationState.holder == holder).values(
                holder=None, draining=[], step=None, target=None, actor=None, lease_until=0.0,
                generation=RotationState.generation + 1))
            await session.commit()


def instance_id() -> str:
    """A random id for this front door process."""
    return secrets.token_hex(8)


async def current(sessions: async_sessionmaker) -> Optional[dict]:
    """``{"step", "target", "actor", "draining"}`` of the running activation, or None."""
    async with sessions() as session:
        row = await state(session)
        await session.commit()
    if not (row.holder and row.lease_until > time.time()):
        return None
    return {"step": row.step, "target": row.target, "actor": row.actor, "draining": len(row.draining or [])}
