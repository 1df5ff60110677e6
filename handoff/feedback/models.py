"""The table of satisfaction ratings (for the insights: satisfaction per agent, reason, language)."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from handoff.db import Base, utcnow

Timestamp = DateTime(timezone=True)


class SatisfactionRating(Base):
    """One customer's rating of one stretch with a person: the score 1-5 and an optional comment
    (redacted like every customer text). ``transition_id`` is the hand-back or resolve it rates, so
    a customer rates each stretch once (a second tap changes the same row).

    Deleted with its conversation (retention, erasure): the comment is part of the transcript.
    """

    __tablename__ = "satisfaction_ratings"
    __table_args__ = (UniqueConstraint("conversation_id", "transition_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    transition_id: Mapped[int] = mapped_column(ForeignKey("transitions.id", ondelete="CASCADE"))
    agent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    handoff_reason: Mapped[Optional[str]] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(2))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class AnswerRating(Base):
    """A customer's "Was this helpful?" on one answer of the bot: yes or no. One per answer (a
    second tap changes the same row). Deleted with its conversation (retention, erasure)."""

    __tablename__ = "answer_ratings"
    __table_args__ = (UniqueConstraint("message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    helpful: Mapped[bool] = mapped_column(Boolean)
    language: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
