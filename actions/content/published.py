"""The published content of the studio, read from the front door's database (SQLite or PostgreSQL).

Both the action server (SQLAlchemy 1.4, Python 3.10) and the front door (SQLAlchemy 2, async) read
it with the statements below; the tables are the front door's (``handoff/studio/models.py``).
A publish bumps the one-row ``content_revision``; readers compare that number at most every
``POLL_SECONDS`` and load every published field again only when it changed, so a publish reaches
every process within ``POLL_SECONDS`` plus one request (issue 12: within 5 seconds).

Drafts (the studio's preview, issue 12 item 4): ``PublishedContent(url, drafts=True)`` reads each
field's newest open version (draft or approved) newer than its published one, else the published
one (``DRAFT_ROWS_SQL``, one query). Saves and approvals do not bump the revision, so its marker
(``DRAFT_MARKER_SQL``) adds the newest version id and the number of open versions: a save, a send
back, a publish or a rollback changes it. Only conversations whose sender id starts with
``PREVIEW_PREFIX`` (made by the front door's studio only; customers' ids are random hex) are
answered from drafts.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from actions.content.fields import Field, unflatten

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.0
# The drafts reader checks its marker on every read: a saved draft shows in the very next preview
# answer (only preview conversations read drafts, a few small queries per turn).
DRAFT_POLL_SECONDS = 0.0
REVISION_SQL = "SELECT revision FROM content_revision WHERE id = 1"
ROWS_SQL = ("SELECT f.document, f.path, f.language, f.kind, v.text FROM content_fields f "
            "JOIN content_versions v ON v.field_id = f.id AND v.version = f.published_version "
            "ORDER BY f.document, f.position")

# Sender ids of the studio's preview conversations: answered from drafts, never from a customer.
PREVIEW_PREFIX = "studio-preview-"
_NEWEST_OPEN = ("SELECT MAX(o.version) FROM content_versions o WHERE o.field_id = f.id "
                "AND o.status IN ('draft', 'approved') AND o.version > f.published_version")
DRAFT_ROWS_SQL = ("SELECT f.document, f.path, f.language, f.kind, v.text FROM content_fields f "
                  f"JOIN content_versions v ON v.field_id = f.id AND v.version = COALESCE(({_NEWEST_OPEN}), "
                  "f.published_version) ORDER BY f.document, f.position")
DRAFT_MARKER_SQL = ("SELECT r.revision, (SELECT MAX(id) FROM content_versions), (SELECT COUNT(*) FROM "
                    "content_versions WHERE status IN ('draft', 'approved')) FROM content_revision r WHERE r.id = 1")


def is_preview(sender_id: Optional[str]) -> bool:
    """True for a studio preview conversation (answer from drafts), False for customers."""
    return isinstance(sender_id, str) and sender_id.startswith(PREVIEW_PREFIX)


@dataclass
class Snapshot:
    """Every published document at one revision: ``documents[document id]`` is its YAML data."""

    revision: int
    documents: Dict[str, Dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, revision: int, rows: Iterable[Sequence[Any]]) -> "Snapshot":
        """Build from ``ROWS_SQL`` rows ``(document, path, language, kind, text)``."""
        grouped: Dict[str, List[Field]] = {}
        for document, path, language, kind, text in rows:
            grouped.setdefault(document, []).append(Field(document, path, language, text, kind))
        return cls(revision, {name: unflatten(name, items) for name, items in grouped.items()})


class PublishedContent:
    """Synchronous reader with a short cache (the actions'; the front door refreshes asynchronously).

    Args:
        url: a synchronous SQLAlchemy URL (``sqlite:///...``, ``postgresql://...``); async driver
            names (``+aiosqlite``, ``+asyncpg``) are replaced by the default synchronous ones.
        poll_seconds: how long a read revision is trusted (default ``POLL_SECONDS``, with ``drafts``
            ``DRAFT_POLL_SECONDS``).
        clock: monotonic seconds (tests).
        drafts: read each field's newest draft or approved version instead (the preview; see the
            module docstring). ``Snapshot.revision`` then counts this reader's reloads.
    """

    def __init__(self, url: str, poll_seconds: Optional[float] = None,
                 clock: Callable[[], float] = time.monotonic, drafts: bool = False) -> None:
        self._url = url.replace("+aiosqlite", "").replace("+asyncpg", "")
        self._poll = poll_seconds if poll_seconds is not None else DRAFT_POLL_SECONDS if drafts else POLL_SECONDS
        self._clock = clock
        self._engine = None
        self._checked = float("-inf")
        self._snapshot: Optional[Snapshot] = None
        self._warned = False
        self._drafts = drafts
        self._marker: Any = None

    def snapshot(self) -> Optional[Snapshot]:
        """The published content, or None when the database has none (not seeded, no tables, not
        reachable: the callers then read the repo files). A database that fails after a good read
        keeps the last snapshot: a published text is never replaced by an older file."""
        now = self._clock()
        if now - self._checked < self._poll:
            return self._snapshot
        self._checked = now
        try:
            self._snapshot = self._read()
        except Exception as error:  # noqa: BLE001 - any driver error means "no database content now"
            if not self._warned:
                logger.warning("published content unavailable (%s); using the last read or the repo files",
                               type(error).__name__)
                self._warned = True
        return self._snapshot

    def _read(self) -> Optional[Snapshot]:
        from sqlalchemy import create_engine, text

        if self._engine is None:
            self._engine = create_engine(self._url, pool_pre_ping=True)
        with self._engine.connect() as connection:
            if self._drafts:
                marker = connection.execute(text(DRAFT_MARKER_SQL)).first()
                marker = tuple(marker) if marker is not None else None
            else:
                marker = connection.execute(text(REVISION_SQL)).scalar()
            if marker is None:
                return None
            if self._snapshot is not None and self._marker == marker:
                return self._snapshot
            rows = connection.execute(text(DRAFT_ROWS_SQL if self._drafts else ROWS_SQL)).fetchall()
        if not rows:
            return None
        revision = (self._snapshot.revision + 1 if self._snapshot else 1) if self._drafts else int(marker)
        self._marker = marker
        return Snapshot.from_rows(revision, rows)

    def versioned(self, name: str) -> Optional[Tuple[int, Dict[str, Any]]]:
        """``(revision, published YAML data)`` of document ``name``, or None (read the repo file)."""
        return versioned(self.snapshot(), name)

    def close(self) -> None:
        """Close the database connections (a later read opens them again)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def versioned(snapshot: Optional[Snapshot], name: str) -> Optional[Tuple[int, Dict[str, Any]]]:
    """``(revision, data)`` of document ``name`` in ``snapshot``; None when it is not there."""
    if snapshot is None or name not in snapshot.documents:
        return None
    return snapshot.revision, snapshot.documents[name]
