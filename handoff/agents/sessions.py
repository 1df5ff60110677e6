"""Server-side login sessions: create, load (idle and absolute limits), update, end, revoke.

The browser holds only a random id (256 bits); the table holds its SHA-256. Limits follow OWASP
ASVS 4.0 L2 V3.3: a session ends after ``idle`` without use and ``absolute`` after login, whatever
the use; logging out and a password change end it on the server, so a copied cookie stops working.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any, Collection, Dict, Optional, Set, Tuple

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from handoff.agents.models import CONSOLE_ROLES, Agent, LoginSession

IDLE = dt.timedelta(minutes=30)
ABSOLUTE = dt.timedelta(hours=12)


def token_hash(token: str) -> str:
    """The stored id of the session whose cookie holds ``token`` (hex SHA-256, 64 characters)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite gives naive datetimes back; they were stored as UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


async def create(session: AsyncSession, *, agent_id: int, data: Dict[str, Any], now: dt.datetime) -> str:
    """Store a new session for ``agent_id``; return the token for the cookie."""
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(id_hash=token_hash(token), agent_id=agent_id, data=data, created_at=now,
                             last_seen_at=now))
    await session.flush()
    return token


async def load(session: AsyncSession, *, token: str, now: dt.datetime, idle: dt.timedelta = IDLE,
               absolute: dt.timedelta = ABSOLUTE) -> Optional[Tuple[Dict[str, Any], dt.datetime]]:
    """The session's data and creation time, or None (unknown, ended, or past a limit: then it is
    deleted). A successful load counts as use (the idle limit starts again)."""
    row = await session.get(LoginSession, token_hash(token))
    if row is None:
        return None
    if now - _aware(row.created_at) > absolute or now - _aware(row.last_seen_at) > idle:
        await session.delete(row)
        await session.flush()
        return None
    row.last_seen_at = now
    await session.flush()
    return dict(row.data or {}), _aware(row.created_at)


async def update(session: AsyncSession, *, token: str, data: Dict[str, Any]) -> bool:
    """Replace the session's data; False when the session is gone."""
    row = await session.get(LoginSession, token_hash(token))
    if row is None:
        return False
    row.data = data
    await session.flush()
    return True


async def end(session: AsyncSession, *, token: str) -> None:
    """Delete one session (logout)."""
    await session.execute(delete(LoginSession).where(LoginSession.id_hash == token_hash(token)))


async def revoke_all(session: AsyncSession, *, agent_id: int) -> int:
    """Delete every session of ``agent_id`` (password change); return how many."""
    result = await session.execute(delete(LoginSession).where(LoginSession.agent_id == agent_id))
    return result.rowcount or 0


async def console_sessions_alive(session: AsyncSession, *, id_hashes: Collection[str], now: dt.datetime,
                                 idle: dt.timedelta = IDLE, absolute: dt.timedelta = ABSOLUTE) -> Set[str]:
    """Which of ``id_hashes`` (from :func:`token_hash`) are sessions still within both limits whose user
    still has a console role. Unlike :func:`load` this is not use: it neither renews nor deletes."""
    if not id_hashes:
        return set()
    rows = await session.execute(
        select(LoginSession.id_hash, LoginSession.created_at, LoginSession.last_seen_at)
        .join(Agent, Agent.id == LoginSession.agent_id)
        .where(LoginSession.id_hash.in_(list(id_hashes)), Agent.role.in_(sorted(CONSOLE_ROLES))))
    return {id_hash for id_hash, created, seen in rows
            if now - _aware(created) <= absolute and now - _aware(seen) <= idle}
