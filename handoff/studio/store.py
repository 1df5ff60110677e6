"""Content in the database: the seed from the repo files, the published snapshot every front door
process keeps fresh, and the export back to the YAML shape.

Rules:
* The repo's YAML files seed version 1 of every field the database does not hold yet, a new
  release's new texts too (on the front door's start; concurrent starts: the unique key lets one
  win, the others skip). Texts the database holds keep their studio versions.
* Customers are served the published version of each field; a publish bumps ``content_revision``.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple

import yaml
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from actions.content import fields as content_fields
from actions.content.published import POLL_SECONDS, REVISION_SQL, ROWS_SQL, Snapshot, versioned
from handoff.db import utcnow
from handoff.studio.models import ContentAudit, ContentField, ContentRevision, ContentVersion

logger = logging.getLogger(__name__)

# The published texts that are not the repo's seed (version 1): what the studio changed.
CHANGES = (select(ContentField.language, ContentVersion.text, ContentVersion.published_at,
                  ContentVersion.customer_note)
           .join(ContentVersion, (ContentVersion.field_id == ContentField.id)
                 & (ContentVersion.version == ContentField.published_version))
           .where(ContentField.published_version > 1, ContentField.kind == "text"))


@dataclass(frozen=True)
class Change:
    """A published text changed in the studio: its language, text, when it was published (UTC) and
    the publisher's note to customers on what changed (None without one)."""

    language: str
    text: str
    published_at: dt.datetime
    note: Optional[str] = None


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


async def bump_revision(session: AsyncSession) -> None:
    """Count one publish (every reader reloads the published content on its next poll)."""
    await session.execute(update(ContentRevision).where(ContentRevision.id == 1)
                          .values(revision=ContentRevision.revision + 1))


async def seed(sessions: async_sessionmaker, documents: Dict[str, Path]) -> int:
    """Store version 1 (published, no author) of every repo field the database does not hold yet.

    A new release that adds texts to a repo file (a new phrase, a new advice category) brings them
    in on its first start; texts the database holds keep the studio's versions (the database wins).

    Args:
        documents: ``{document id: YAML file}`` (``actions.content.fields.documents``).
    Returns:
        the number of documents that got texts now. A file that cannot be read is logged and skipped.
    """
    seeded = 0
    for document, path in documents.items():
        try:
            found = await asyncio.to_thread(content_fields.read, document, path)
        except (OSError, ValueError, yaml.YAMLError) as error:
            logger.error("cannot seed %s from %s: %s", document, path.name, type(error).__name__)
            continue
        async with sessions() as session:
            held = set((await session.execute(select(ContentField.path, ContentField.language)
                                              .where(ContentField.document == document))).all())
            missing = [item for item in found if (item.path, item.language) not in held]
            if not missing:
                continue
            last = await session.scalar(select(func.max(ContentField.position))
                                        .where(ContentField.document == document))
            start = 0 if last is None else last + 1
            now = utcnow()
            rows = [ContentField(document=document, path=item.path, language=item.language, kind=item.kind,
                                 position=start + index, published_version=1) for index, item in enumerate(missing)]
            session.add_all(rows)
            try:
                await session.flush()
                session.add_all([ContentVersion(field_id=row.id, version=1, text=item.text, status="published",
                                                checks_passed=True, created_at=now, published_at=now)
                                 for row, item in zip(rows, missing)])
                note = f"{document} from {path.name}" if not held else \
                    f"{len(missing)} new texts of {document} from {path.name}"
                session.add(ContentAudit(action="content.seeded", note=note))
                await bump_revision(session)
                await session.commit()
            except IntegrityError:  # another process seeded them at the same moment
                await session.rollback()
                continue
        seeded += 1
    return seeded


async def snapshot(session: AsyncSession) -> Optional[Snapshot]:
    """Every published document now, or None when nothing is seeded."""
    revision = await session.scalar(text(REVISION_SQL))
    rows = (await session.execute(text(ROWS_SQL))).all()
    return Snapshot.from_rows(int(revision or 0), rows) if rows else None


async def export(sessions: async_sessionmaker) -> Dict[str, str]:
    """The published content as YAML text per repo file name (``data/content/ui.yml``, ...)."""
    async with sessions() as session:
        current = await snapshot(session)
    if current is None:
        return {}
    return {content_fields.export_name(name): content_fields.dump(data) for name, data in current.documents.items()}


def export_document(name: str, data: Dict[str, Any]) -> Tuple[str, str]:
    """``(file name, YAML text)`` of one published document (the studio's download)."""
    return Path(content_fields.export_name(name)).name, content_fields.dump(data)


class PublishedCache:
    """The front door's copy of the published content, refreshed by :meth:`run` in the background
    (a one-row revision read per ``interval`` seconds; the whole content only after a publish)."""

    def __init__(self) -> None:
        self.snapshot: Optional[Snapshot] = None
        self.changes: List[Change] = []
        # Called after :meth:`run` loaded a new revision (a publish, scheduled publish or rollback
        # anywhere): the front door tells open chats (``handoff.replies.live_updates``).
        self.on_publish: Optional[Callable[[], Awaitable[Any]]] = None

    def versioned(self, name: str) -> Optional[Tuple[int, Dict[str, Any]]]:
        """``(revision, data)`` of document ``name``; None before the first read or when absent."""
        return versioned(self.snapshot, name)

    async def refresh(self, sessions: async_sessionmaker) -> bool:
        """Read the revision; load everything again when it changed. Returns True when a new
        revision replaced an earlier snapshot (a publish since the last refresh)."""
        async with sessions() as session:
            revision = await session.scalar(text(REVISION_SQL))
            if self.snapshot is not None and self.snapshot.revision == revision:
                return False
            current = await snapshot(session)
            changes = [Change(language, text_, _utc(published_at), note) for language, text_, published_at, note
                       in (await session.execute(CHANGES)).all() if published_at is not None]
            # Both or neither: a failed read is tried again at the next poll (the revision is unchanged).
            earlier, self.snapshot, self.changes = self.snapshot, current, changes
            return earlier is not None

    def changes_in(self, language: str) -> List[Change]:
        """The changed texts in ``language`` (and the language-less values), as of the last refresh."""
        return [change for change in self.changes if change.language in (language, "")]

    async def run(self, sessions: async_sessionmaker, interval: float = POLL_SECONDS) -> None:
        """Refresh every ``interval`` seconds until cancelled; a failed read keeps the last snapshot."""
        while True:
            try:
                published = await self.refresh(sessions)
            except Exception as error:  # noqa: BLE001 - keep serving the last published content
                logger.warning("published content not refreshed: %s", type(error).__name__)
                published = False
            if published and self.on_publish is not None:
                try:
                    await self.on_publish()
                except Exception as error:  # noqa: BLE001 - the poll must go on
                    logger.warning("open chats not told of a publish: %s", type(error).__name__)
            await asyncio.sleep(interval)
