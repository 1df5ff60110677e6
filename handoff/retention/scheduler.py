"""Retention on a schedule, inside the running front door: no cron job to install.

Every ``interval`` seconds, conversations untouched for ``RETENTION_DAYS`` are deleted with everything
derived from them (messages, transitions, notes, callback requests; ``retention.service.purge``),
and the run itself is written to the audit log (``retention.run``). Several front door processes may
run it at once: deleting what is already deleted is harmless.
"""
from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import async_sessionmaker

from handoff.agents import service as agents
from handoff.retention import service as retention

logger = logging.getLogger(__name__)


async def run_once(sessions: async_sessionmaker, *, retention_days: int) -> int:
    """Purge once and audit the run; return how many conversations were deleted."""
    async with sessions() as session:
        count = await retention.purge(session, older_than_days=retention_days)
        await agents.audit(session, agent_id=None, action="retention.run", conversation_id=None)
        await session.commit()
    if count:
        logger.info("retention: deleted %d conversation(s) older than %d days", count, retention_days)
    return count


async def run_periodically(sessions: async_sessionmaker, *, retention_days: int, interval_seconds: float) -> None:
    """Run :func:`run_once` now and then every ``interval_seconds`` until cancelled; a failed run is
    logged and tried again at the next interval."""
    while True:
        try:
            await run_once(sessions, retention_days=retention_days)
        except Exception:  # noqa: BLE001 - a dead database must not end the schedule
            logger.exception("retention run failed; trying again in %.0f s", interval_seconds)
        await asyncio.sleep(interval_seconds)
