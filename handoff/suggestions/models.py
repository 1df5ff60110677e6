"""The ``suggestions`` table: one agent message offered to the comms team, and what became of it.

Texts are stored redacted only (the front door's redaction, run again on the agent's text and on
the customer's question: an agent may have typed the customer's address). A suggestion goes when its
conversation is erased or expires (foreign key ``ON DELETE CASCADE``); the audit log keeps who did
what (``audit_log``: ``suggestion.made``, ``suggestion.accepted``, ``suggestion.declined``).
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from handoff.db import Base, utcnow

KINDS = ("response", "canned")  # a suggested response for an intent, or a canned reply
STATUSES = ("open", "accepted", "declined")


class Suggestion(Base):
    """Message ``message_seq`` of ``conversation_id`` offered by ``suggested_by``; once decided:
    ``decided_by``, ``decided_at``, ``reason`` (a decline's) and the draft it became (``field_id``,
    ``draft_version``; a canned reply's text field)."""

    __tablename__ = "suggestions"
    __table_args__ = (UniqueConstraint("conversation_id", "message_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    message_seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    intent: Mapped[Optional[str]] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(8))
    question: Mapped[Optional[str]] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    note: Mapped[Optional[str]] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    suggested_by: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    decided_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    reason: Mapped[Optional[str]] = mapped_column(Text)
    field_id: Mapped[Optional[int]] = mapped_column(ForeignKey("content_fields.id", ondelete="SET NULL"))
    draft_version: Mapped[Optional[int]] = mapped_column(Integer)
