"""Tables of model activation: the history (also the audit of every activation and rollback), the
shared rotation state every front door follows, and what each front door last saw of it."""
from __future__ import annotations

import datetime as dt
from typing import Any, List, Optional

from sqlalchemy import JSON, DateTime, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from handoff.db import Base, utcnow


class ModelActivation(Base):
    """One activation or rollback, also when it failed: who (``actor``), when, which model (``path``
    under the models directory, ``fingerprint``: SHA-256 of the archive, ``model_id``: Rasa's id),
    ``outcome`` "active" (done) or "failed" with ``reason``. The active model is the newest "active" row."""

    __tablename__ = "model_activations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action: Mapped[str] = mapped_column(String(16))  # "activate" | "rollback"
    actor: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64))
    model_id: Mapped[Optional[str]] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))  # "active" | "failed"
    reason: Mapped[Optional[str]] = mapped_column(Text)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RotationState(Base):
    """The one row (``id`` 1) every front door follows: while an activation holds the lease
    (``holder``, ``lease_until`` in Unix seconds), the Rasa processes in ``draining`` get no new turns.
    ``generation`` grows with every change of ``draining``; ``step``/``target`` say what is going on."""

    __tablename__ = "model_rotation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    holder: Mapped[Optional[str]] = mapped_column(String(32))
    lease_until: Mapped[float] = mapped_column(Float, default=0.0)
    draining: Mapped[List[Any]] = mapped_column(JSON, default=list)
    step: Mapped[Optional[str]] = mapped_column(String(64))
    target: Mapped[Optional[str]] = mapped_column(Text)
    actor: Mapped[Optional[str]] = mapped_column(String(64))


class FrontDoorSeen(Base):
    """What one front door process (``instance``, random per start) last applied: ``generation`` of
    the rotation, ``busy`` = its requests still running on a draining Rasa, ``seen_at`` Unix seconds."""

    __tablename__ = "model_rotation_seen"

    instance: Mapped[str] = mapped_column(String(32), primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    busy: Mapped[int] = mapped_column(Integer, default=0)
    seen_at: Mapped[float] = mapped_column(Float, default=0.0)
