"""Accounts: create (with a role), authenticate (Argon2id), set a password (ends every session of
the user), availability, audit entries."""
from __future__ import annotations

from typing import List, Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handoff.agents import sessions as login_sessions
from handoff.agents.models import ROLES, Agent, AuditEntry

# argon2-cffi's defaults follow RFC 9106's second recommended option (Argon2id, 64 MiB, t=3).
_hasher = PasswordHasher()
# Verifying against this when the user does not exist keeps the response time the same, so timing
# does not reveal which usernames exist.
_DUMMY_HASH = _hasher.hash("not a password of anyone")
MIN_PASSWORD_LENGTH = 12


class AgentExists(ValueError):
    """The username is taken."""


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")


async def create(session: AsyncSession, *, username: str, password: str,
                 display_name: Optional[str] = None, role: str = "agent") -> Agent:
    """Create a user (default role ``agent``) with an Argon2id hash of ``password``.

    Raises:
        ValueError: the username is empty, the password shorter than ``MIN_PASSWORD_LENGTH``, or
            the role not one of ``ROLES``.
        AgentExists: the username is taken.
    """
    username = username.strip()
    if not username:
        raise ValueError("the username must not be empty")
    if role not in ROLES:
        raise ValueError(f"the role must be one of {', '.join(ROLES)}")
    _check_password(password)
    if await by_username(session, username=username) is not None:
        raise AgentExists(username)
    agent = Agent(username=username, display_name=display_name or username,
                  password_hash=_hasher.hash(password), role=role)
    session.add(agent)
    await session.flush()
    return agent


async def get(session: AsyncSession, *, agent_id: int) -> Optional[Agent]:
    """The account with ``agent_id``, or None (deleted since the session began)."""
    return await session.get(Agent, agent_id)


async def by_username(session: AsyncSession, *, username: str) -> Optional[Agent]:
    """The agent with ``username``, or None."""
    return (await session.execute(select(Agent).where(Agent.username == username))).scalar_one_or_none()


async def authenticate(session: AsyncSession, *, username: str, password: str) -> Optional[Agent]:
    """Return the agent when ``password`` matches, else None (same cost either way)."""
    agent = await by_username(session, username=username)
    try:
        _hasher.verify(agent.password_hash if agent else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if agent is None:
        return None
    if _hasher.check_needs_rehash(agent.password_hash):
        agent.password_hash = _hasher.hash(password)
    return agent


async def set_password(session: AsyncSession, *, username: str, password: str) -> int:
    """Give ``username`` a new password and end all their sessions; return how many were ended.

    Raises:
        ValueError: no such user, or the password is too short.
    """
    _check_password(password)
    agent = await by_username(session, username=username.strip())
    if agent is None:
        raise ValueError(f"no user {username!r}")
    agent.password_hash = _hasher.hash(password)
    ended = await login_sessions.revoke_all(session, agent_id=agent.id)
    await session.flush()
    return ended


async def set_available(session: AsyncSession, *, agent_id: int, available: bool) -> None:
    """Mark the agent (un)available for new handoffs."""
    agent = await session.get(Agent, agent_id)
    if agent is not None:
        agent.available = available
        await session.flush()


async def available_count(session: AsyncSession) -> int:
    """How many agents are marked available."""
    return len(list((await session.execute(select(Agent.id).where(Agent.available.is_(True)))).scalars()))


async def audit(session: AsyncSession, *, agent_id: Optional[int], action: str,
                conversation_id: Optional[str]) -> None:
    """Record ``action`` (e.g. ``transcript.opened``) in the audit log."""
    session.add(AuditEntry(agent_id=agent_id, action=action, conversation_id=conversation_id))
    await session.flush()


async def audit_entries(session: AsyncSession, *, conversation_id: str) -> List[AuditEntry]:
    """The audit entries about one conversation, oldest first."""
    result = await session.execute(select(AuditEntry).where(AuditEntry.conversation_id == conversation_id)
                                   .order_by(AuditEntry.id))
    return list(result.scalars())
