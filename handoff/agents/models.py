"""Agent accounts (with a role), their server-side login sessions, and the audit log of who opened
which transcript."""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from handoff.db import Base, utcnow

# Who may do what (docs/front-door.md, "Agents"): agents and supervisors use the agent console;
# the comms studio's roles log in but get 403 there.
ROLES = ("agent", "supervisor", "comms_editor", "approver", "annotator")
CONSOLE_ROLES = frozenset({"agent", "supervisor"})


class Agent(Base):
    """A user who logs in to the console (``role`` is one of ``ROLES``). ``password_hash`` is an
    Argon2id hash. The table keeps its first name, ``agents``."""

    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    password_hash: Mapped[str] = mapped_column(String(256))
    available: Mapped[bool] = mapped_column(Boolean, default=False)
    role: Mapped[str] = mapped_column(String(32), default="agent", server_default="agent")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LoginSession(Base):
    """A logged-in browser. The cookie holds a random id; only its SHA-256 is stored here, so a
    copy of this table opens no session."""

    __tablename__ = "agent_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    data: Mapped[Any] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Who did what to which conversation: ``transcript.opened``, ``conversation.erased`` ..."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))
    # No foreign key: the entry must outlive an erased conversation.
    conversation_id: Mapped[Optional[str]] = mapped_column(String(32), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
