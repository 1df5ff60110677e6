"""The table of callback requests (a phone call or an e-mail back)."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from handoff.db import Base, utcnow

Timestamp = DateTime(timezone=True)


class CallbackRequest(Base):
    """A customer's request to be called back (``channel`` ``phone``) or written to (``email``); the
    number or address is kept only for that reply.

    Deleted with its conversation (retention, erasure).
    """

    __tablename__ = "callback_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(8), default="phone", server_default="phone")  # phone | email
    phone: Mapped[Optional[str]] = mapped_column(String(64))
    email: Mapped[Optional[str]] = mapped_column(String(254))  # RFC 5321: at most 254 characters
    status: Mapped[str] = mapped_column(String(16), default="asked")  # asked | open | done
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
