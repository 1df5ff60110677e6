"""Canned replies as studio content: document ``canned``, one reply per key, a title and a text in
every language (fields ``replies.<key>.title`` and ``replies.<key>.text``).

The console offered only the replies built from the incident notice (``handoff.pages.canned_replies``).
A canned reply the comms team accepts from an agent's suggestion is made here: its fields are created
in every language with an empty first version (an empty reply is never offered), and the suggested
text becomes a draft in the suggestion's language. From there it is ordinary studio content: approve,
publish, translate, roll back (back to empty withdraws it) in ``/studio``. Agents see a reply in a
chat's language once its title and text are published in that language (:func:`published`).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Dict, List

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from actions.content.fields import LANGUAGES
from handoff.agents.models import Agent
from handoff.db import utcnow
from handoff.studio.models import ContentAudit, ContentField, ContentVersion

DOCUMENT = "canned"
PARTS = ("title", "text")
MAX_TITLE_CHARS = 80
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def path(key: str, part: str) -> str:
    """The field path of ``part`` ("title" or "text") of canned reply ``key``."""
    return f"replies.{key}.{part}"


def new_key(title: str, suggestion_id: int) -> str:
    """A key for a new canned reply: the title's words in ASCII (at most 40 characters) and the
    suggestion's id, e.g. ``opening_hours_12`` (unique, never only digits: the export would make a list)."""
    plain = unicodedata.normalize("NFKD", title.lower().replace("ß", "ss").replace("ä", "ae").replace("ö", "oe")
                                  .replace("ü", "ue")).encode("ascii", "ignore").decode()
    words = _NOT_WORD.sub("_", plain).strip("_")[:40].strip("_")
    return f"{words or 'reply'}_{suggestion_id}"


async def create(session: AsyncSession, *, agent: Agent, key: str, note: str) -> Dict[str, Dict[str, ContentField]]:
    """Create the fields of canned reply ``key`` in every language, each with an empty published
    version 1 (audited ``content.created`` with ``note``). Returns ``{language: {part: field}}``."""
    last = await session.scalar(select(func.max(ContentField.position)).where(ContentField.document == DOCUMENT))
    position = 0 if last is None else last + 1
    now = utcnow()
    made: Dict[str, Dict[str, ContentField]] = {}
    for language in LANGUAGES:
        for part in PARTS:
            row = ContentField(document=DOCUMENT, path=path(key, part), language=language, kind="text",
                               position=position, published_version=1)
            position += 1
            session.add(row)
            made.setdefault(language, {})[part] = row
    await session.flush()
    for parts in made.values():
        for row in parts.values():
            session.add(ContentVersion(field_id=row.id, version=1, text="", status="published", checks_passed=True,
                                       note=note, author_id=agent.id, created_at=now, published_at=now))
            session.add(ContentAudit(agent_id=agent.id, action="content.created", field_id=row.id, version=1,
                                     note=note))
    await session.flush()
    return made


def published(document: Any, language: str) -> List[Dict[str, str]]:
    """The canned replies in ``language`` from the published ``canned`` document (its YAML data, or
    None before the first one): ``[{"title", "text"}]`` with both parts non-empty, in file order."""
    replies = document.get("replies") if isinstance(document, dict) else None
    found: List[Dict[str, str]] = []
    for entry in (replies or {}).values() if isinstance(replies, dict) else ():
        if not isinstance(entry, dict):
            continue
        title, text = ((entry.get(part) or {}).get(language) if isinstance(entry.get(part), dict) else None
                       for part in PARTS)
        if isinstance(title, str) and isinstance(text, str) and title.strip() and text.strip():
            found.append({"title": title.strip(), "text": text.strip()})
    return found
