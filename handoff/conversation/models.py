"""Tables of conversations, messages and transitions (notes: ``handoff.transcripts``; callback requests: ``handoff.callbacks``).

Texts are stored only after redaction (``handoff.redaction``); the customer's session token is
stored only as a SHA-256 hash.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from handoff.db import Base, utcnow

Timestamp = DateTime(timezone=True)


class Conversation(Base):
    """One customer's chat. ``id`` is what Rasa sees as the sender."""

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(2), default="en")
    state: Mapped[str] = mapped_column(String(16), default="bot", index=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    handoff_reason: Mapped[Optional[str]] = mapped_column(String(64))
    intent_ranking: Mapped[Optional[Any]] = mapped_column(JSON)
    incident_id: Mapped[Optional[str]] = mapped_column(String(64))
    agent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    # indexed: the insights select conversations by the day they started (handoff.insights)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow, index=True)
    waiting_since: Mapped[Optional[dt.datetime]] = mapped_column(Timestamp, index=True)
    claimed_at: Mapped[Optional[dt.datetime]] = mapped_column(Timestamp)
    resolved_at: Mapped[Optional[dt.datetime]] = mapped_column(Timestamp)


class Message(Base):
    """One message; ``seq`` counts 1, 2, 3 ... within its conversation, with no gaps."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq"),
        UniqueConstraint("conversation_id", "client_message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    sender: Mapped[str] = mapped_column(String(16))  # customer | bot | agent | system
    text: Mapped[str] = mapped_column(Text, default="")
    # Buttons (list of {title, payload}) and other structured parts of bot messages.
    payload: Mapped[Optional[Any]] = mapped_column(JSON)
    client_message_id: Mapped[Optional[str]] = mapped_column(String(64))
    agent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    # What the bot understood of a customer message it classified (None for every other message):
    # the intent it acted on (``nlu_fallback`` when it was unsure), its confidence, and the three
    # likeliest real intents ``[{"name", "confidence"}]`` (``bot/channels.py`` reports them).
    intent: Mapped[Optional[str]] = mapped_column(String(64), index=True)
    intent_confidence: Mapped[Optional[float]] = mapped_column(Float)
    intent_ranking: Mapped[Optional[Any]] = mapped_column(JSON)


class Transition(Base):
    """One state change: who, when, why."""

    __tablename__ = "transitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))  # customer | bot | system | agent:<id>
    reason: Mapped[Optional[str]] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
