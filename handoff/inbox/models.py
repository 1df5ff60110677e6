"""The review inbox's own table: what the team decided about a customer message.

A message is in the inbox while it needs a look (``handoff.inbox.query``) and has no decision; a
decision takes it out for good. Deleted with its message and conversation (retention, erasure).
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from handoff.db import Base, utcnow

ACTIONS = ("confirmed", "moved", "new_intent", "ignored")


class InboxDecision(Base):
    """One decision about one customer message: ``action`` (one of ``ACTIONS``), ``intent`` (the
    intent its text was added to, or the proposed new intent's name; None when ignored), who, when."""

    __tablename__ = "inbox_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), unique=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    intent: Mapped[Optional[str]] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(2))
    agent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
