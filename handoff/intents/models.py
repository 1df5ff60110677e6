"""Tables of the intent editor: the intents and their example phrases per language.

An intent row exists for every intent of the repo's domain (seeded) and every intent made in the
studio. An example is one phrase of one intent in one language; ``file`` is the ``data/nlu/<lang>/``
file it is exported to (the repo's file for seeded phrases, ``studio`` for new ones), ``position``
its order there. Removed examples stay as rows with ``deleted_at`` (so the repo's seed does not bring
them back, and the audit can name them). ``version`` grows with every change: an edit names the
version it started from, so two people editing one example get a conflict, not a lost update.

``key_hash`` is the SHA-256 of the example's comparison key (``handoff.intents.text.key``). The unique
key ``(language, key_hash, twin)`` stops two equal examples from being added at the same moment;
``twin`` is 0 for every example the studio adds, n for the n-th repeat the repo's files already held,
and minus the row id for removed rows (which never block a new example).
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from handoff.db import Base, utcnow

# What a new intent leads to after its answer (the rule the export writes for it).
LEADS_TO = ("answer", "answer_offer_person", "hand_off")


class Intent(Base):
    """One intent. ``leads_to`` None: the repo's domain and rules define what it does; else one of
    ``LEADS_TO`` and ``response`` the name of its answer (a ``responses`` field of the studio's
    content, published through the normal approve/publish flow) and ``titles`` its plain name."""

    __tablename__ = "intents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int] = mapped_column(Integer)
    leads_to: Mapped[Optional[str]] = mapped_column(String(24))
    response: Mapped[Optional[str]] = mapped_column(String(120))
    # The plain name per language (``{"en": ..., "de": ...}``) of an intent made in the studio; the
    # repo's intents have theirs in section ``intents`` of data/content/ui.yml (None here).
    titles: Mapped[Optional[dict]] = mapped_column(JSON)
    created_by: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IntentExample(Base):
    """One example phrase (normalised text, entity annotations kept as written); see the module doc."""

    __tablename__ = "intent_examples"
    __table_args__ = (UniqueConstraint("language", "key_hash", "twin"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    intent_id: Mapped[int] = mapped_column(ForeignKey("intents.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    key_hash: Mapped[str] = mapped_column(String(64))
    twin: Mapped[int] = mapped_column(Integer, default=0)
    file: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # "repo" (seeded), "studio" (typed in the editor), "inbox" (moved from the review inbox), ...
    source: Mapped[str] = mapped_column(String(32))
    # Where the repo's files held it when seeded (None for examples made in the studio): the seed
    # skips what it has seen once, even after the studio moved, changed or removed it.
    seed_file: Mapped[Optional[str]] = mapped_column(String(64))
    seed_intent: Mapped[Optional[str]] = mapped_column(String(100))
    seed_hash: Mapped[Optional[str]] = mapped_column(String(64))
    created_by: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deleted_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
