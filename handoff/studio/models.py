"""Tables of the comms studio: fields, their versions, the publish counter and the audit trail.

A field is one text of one document in one language (``actions.content.fields``). Every save makes
a new version; ``ContentField.published_version`` names the version customers are served. The one
row of ``content_revision`` counts publishes: the actions and every front door process poll it
(a one-row read) to notice a publish within seconds (``actions.content.published``).
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from handoff.db import Base, utcnow

# draft -> approved -> published; draft -> sent_back (an approver's comment; the editor saves anew).
# A newer save makes an older draft or approved version "replaced"; sent_back and published stay.
STATUSES = ("draft", "approved", "sent_back", "published", "replaced")


class ContentField(Base):
    """One (document, field path, language); ``position`` keeps the file order for the export."""

    __tablename__ = "content_fields"
    __table_args__ = (UniqueConstraint("document", "path", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document: Mapped[str] = mapped_column(String(120))
    path: Mapped[str] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(8), default="text")
    position: Mapped[int] = mapped_column(Integer)
    published_version: Mapped[int] = mapped_column(Integer)


class ContentVersion(Base):
    """One saved text of a field. ``author_id`` None: the repo's seed. ``base_version``: the version
    the editor started from (a save whose base is not the newest version is a concurrent edit)."""

    __tablename__ = "content_versions"
    __table_args__ = (UniqueConstraint("field_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("content_fields.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    base_version: Mapped[Optional[int]] = mapped_column(Integer)
    checks_passed: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[Optional[str]] = mapped_column(Text)
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    approver_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    approved_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    publisher_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    published_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    # An approved version to publish at this time (the front door's scheduler does it); None: now.
    publish_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    # What changed, in the customer's words and the field's language (given at publish or rollback);
    # shown after "Updated on <date>:". Never logged.
    customer_note: Mapped[Optional[str]] = mapped_column(Text)


class ContentApproval(Base):
    """One approver's approval of one version (``STUDIO_APPROVALS_REQUIRED`` of them make it approved)."""

    __tablename__ = "content_approvals"
    __table_args__ = (UniqueConstraint("version_id", "agent_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("content_versions.id", ondelete="CASCADE"), index=True)
    agent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ContentUpdateNote(Base):
    """A customer in an open chat was told that ``version`` changed an answer they got: the unique
    key lets exactly one front door process send the note (``handoff.replies.live_updates``)."""

    __tablename__ = "content_update_notes"
    __table_args__ = (UniqueConstraint("conversation_id", "version_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("content_versions.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ContentRevision(Base):
    """The single row (id 1) whose ``revision`` grows by one with every publish."""

    __tablename__ = "content_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)


class ContentAudit(Base):
    """Every studio step: who (``agent_id``), when, what (``action``: draft.saved, draft.approved,
    draft.sent_back, version.published, version.rolled_back, content.seeded), which version, note."""

    __tablename__ = "content_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    field_id: Mapped[Optional[int]] = mapped_column(ForeignKey("content_fields.id", ondelete="CASCADE"), index=True)
    version: Mapped[Optional[int]] = mapped_column(Integer)
    note: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
