"""Tables of training: the queue of trainings (one row per requested training) and the gate's
evaluations of models, kept per model fingerprint so that the active model is evaluated once.

A training goes ``queued -> running -> passed | blocked | failed``; only the worker moves it
(``handoff.training.queue``). ``progress`` is 0-100 over the stages exporting, training_nlu,
training_dialogue, gate.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from handoff.db import Base, utcnow

STATES = ("queued", "running", "passed", "blocked", "failed")
FINISHED = ("passed", "blocked", "failed")
STAGES = ("exporting", "training_nlu", "training_dialogue", "gate")


class TrainingJob(Base):
    """One requested training. ``failure`` is a key the page words in plain language (``invalid_data``,
    ``out_of_memory``, ``rasa_crashed``, ``worker_stopped``, ``timeout``, ``gate_error``);
    ``failure_detail`` the last technical line for the log. ``report`` is the gate's report
    (``handoff.training.gate``); ``model_path`` and ``fingerprint`` name the trained model."""

    __tablename__ = "training_jobs"
    # One training at a time, whatever the number of workers: a second "running" row cannot exist.
    __table_args__ = (Index("uq_training_jobs_one_running", "state", unique=True,
                            sqlite_where=text("state = 'running'"), postgresql_where=text("state = 'running'")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    state: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    stage: Mapped[Optional[str]] = mapped_column(String(24))
    progress: Mapped[int] = mapped_column(Integer, default=0)
    requested_by: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    note: Mapped[Optional[str]] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    worker_pid: Mapped[Optional[int]] = mapped_column(Integer)
    log_tail: Mapped[str] = mapped_column(Text, default="")
    failure: Mapped[Optional[str]] = mapped_column(String(32))
    failure_detail: Mapped[Optional[str]] = mapped_column(String(500))
    model_path: Mapped[Optional[str]] = mapped_column(String(512))
    fingerprint: Mapped[Optional[str]] = mapped_column(String(64))
    report: Mapped[Optional[Any]] = mapped_column(JSON)
    activated_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    activated_by: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))


class ModelEvaluation(Base):
    """The gate's evaluation of one model (``handoff.training.evaluation``), by the SHA-256 of its file."""

    __tablename__ = "model_evaluations"

    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    evaluation: Mapped[Any] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
