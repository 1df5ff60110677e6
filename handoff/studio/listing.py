"""What the studio shows: a document's fields with both languages side by side and their translation
warnings, and one field's history (every version with author, approver, publisher, times, note).

Translation warnings (issue 12, item 1):
* ``missing``: the field exists in one language only, or its newest text in a language is empty;
* ``stale``: the other language's field was changed (saved) after this one's newest version, so
  this translation may no longer say the same.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from actions.content.fields import LANGUAGES, other_language
from handoff.agents.models import Agent
from handoff.studio.models import ContentAudit, ContentField, ContentVersion


def _time(value: Optional[dt.datetime]) -> Optional[str]:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)).isoformat()


async def documents(session: AsyncSession) -> List[str]:
    """The document ids the studio holds, sorted."""
    return sorted(await session.scalars(select(ContentField.document).distinct()))


async def _names(session: AsyncSession) -> Dict[int, str]:
    return {agent_id: name for agent_id, name in (await session.execute(select(Agent.id, Agent.username))).all()}


def version_view(version: ContentVersion, names: Dict[int, str]) -> Dict[str, Any]:
    """One version as JSON (``author`` "repo" for the seed)."""
    return {"version": version.version, "text": version.text, "status": version.status,
            "base_version": version.base_version, "checks_passed": version.checks_passed, "note": version.note,
            "customer_note": version.customer_note,
            "author": names.get(version.author_id, "repo") if version.author_id else "repo",
            "created_at": _time(version.created_at),
            "approver": names.get(version.approver_id) if version.approver_id else None,
            "approved_at": _time(version.approved_at),
            "publisher": names.get(version.publisher_id) if version.publisher_id else None,
            "published_at": _time(version.published_at),
            "publish_at": _time(version.publish_at) if version.status == "approved" else None}


async def document_fields(session: AsyncSession, document: str) -> List[Dict[str, Any]]:
    """Fields of ``document`` grouped by path: ``{"path", "kind", "languages": {lang: {"field_id",
    "published": version, "latest": version}}, "warnings": [{"language", "kind", "message"}]}``."""
    rows = list(await session.scalars(select(ContentField).where(ContentField.document == document)
                                      .order_by(ContentField.position)))
    if not rows:
        return []
    all_versions = await session.scalars(select(ContentVersion).where(
        ContentVersion.field_id.in_([row.id for row in rows])).order_by(ContentVersion.version))
    newest: Dict[int, ContentVersion] = {}
    published: Dict[int, ContentVersion] = {}
    by_id = {row.id: row for row in rows}
    for version in all_versions:
        newest[version.field_id] = version
        if version.version == by_id[version.field_id].published_version:
            published[version.field_id] = version
    names = await _names(session)
    grouped: Dict[str, Dict[str, Any]] = {}
    for row in rows:
        entry = grouped.setdefault(row.path, {"path": row.path, "kind": row.kind, "languages": {}, "warnings": []})
        # A new field (the answer of an intent made in the intent editor) has no published version yet.
        shown = version_view(published[row.id], names) if row.id in published else None
        entry["languages"][row.language] = {"field_id": row.id, "published": shown,
                                            "latest": version_view(newest[row.id], names),
                                            "_changed": newest[row.id].created_at, "_newest": newest[row.id]}
    for entry in grouped.values():
        _warn(entry)
        for view in entry["languages"].values():
            view.pop("_changed"), view.pop("_newest")
    return list(grouped.values())


def _warn(entry: Dict[str, Any]) -> None:
    languages = entry["languages"]
    if "" in languages:
        return  # a date or number: the same in every language
    for language in LANGUAGES:
        mine = languages.get(language)
        other = languages.get(other_language(language) or "")
        if mine is None or not mine["_newest"].text.strip():
            entry["warnings"].append({"language": language, "kind": "missing",
                                      "message": f"The {_NAMES[language]} text is missing."})
        elif other is not None and other["_newest"].version > 1 and _utc(other["_changed"]) > _utc(mine["_changed"]):
            entry["warnings"].append({"language": language, "kind": "stale", "message":
                                      f"The {_NAMES[other_language(language) or '']} text was changed after "
                                      f"this one: check that the {_NAMES[language]} text still says the same."})


_NAMES = {"en": "English", "de": "German", "": ""}


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


async def field_history(session: AsyncSession, content_field: ContentField) -> Dict[str, Any]:
    """One field with every version (newest first) and its audit trail."""
    names = await _names(session)
    found = await session.scalars(select(ContentVersion).where(ContentVersion.field_id == content_field.id)
                                  .order_by(ContentVersion.version.desc()))
    audit = await session.scalars(select(ContentAudit).where(ContentAudit.field_id == content_field.id)
                                  .order_by(ContentAudit.id))
    return {"field_id": content_field.id, "document": content_field.document, "path": content_field.path,
            "language": content_field.language, "kind": content_field.kind,
            "published_version": content_field.published_version,
            "versions": [version_view(version, names) for version in found],
            "audit": [{"who": names.get(entry.agent_id) if entry.agent_id else None, "action": entry.action,
                       "version": entry.version, "note": entry.note, "at": _time(entry.created_at)}
                      for entry in audit]}
