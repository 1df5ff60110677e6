"""Changing one example: edit its text, move it to another intent, remove it (issue 13, item 2).

Each change names the example's ``version`` the editor saw; the change is a conditional UPDATE on
that version, so when two people change the same example at once the second gets :class:`Conflict`
(with the example as it is now), never a lost update. Every change is audited (``content_audit``).
Roles: ``EDITORS`` change examples; the routes check them (``handoff.studio_api.intents``).
"""
from __future__ import annotations

import contract
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from handoff.db import utcnow
from handoff.intents import store, text as norm
from handoff.intents.models import Intent, IntentExample

EDITORS = frozenset({"annotator", "comms_editor", "approver"})
READERS = contract.studio_page_roles("intents")


class NotFound(LookupError):
    """No such example (or it was removed), or no such intent."""


@dataclass(frozen=True)
class Current:
    """An example as it is now: what a conflict answer shows."""

    id: int
    intent: str
    language: str
    text: str
    version: int
    removed: bool


class Conflict(Exception):
    """The example changed since the editor's ``version``; ``current`` is how it is now."""

    def __init__(self, current: Current) -> None:
        super().__init__(f"example {current.id} is at version {current.version}")
        self.current = current


async def current(session: AsyncSession, example_id: int) -> Current:
    """The example ``example_id`` as stored now (removed ones too). Raises NotFound."""
    row = (await session.execute(select(IntentExample, Intent.name).join(Intent, Intent.id == IntentExample.intent_id)
                                 .where(IntentExample.id == example_id))).first()
    if row is None:
        raise NotFound(f"example {example_id}")
    example, intent = row
    return Current(example.id, intent, example.language, example.text, example.version, example.deleted_at is not None)


async def _change(session: AsyncSession, example_id: int, version: int, **values: object) -> Current:
    """Apply ``values`` when the example is still at ``version`` and not removed; else Conflict."""
    before = await current(session, example_id)
    if before.removed or before.version != version:
        raise Conflict(before)
    done = await session.execute(update(IntentExample).where(
        IntentExample.id == example_id, IntentExample.version == version, IntentExample.deleted_at.is_(None))
        .values(version=version + 1, updated_at=utcnow(), **values).execution_options(synchronize_session=False))
    if done.rowcount != 1:  # changed between the read and the update
        raise Conflict(await current(session, example_id))
    return before


async def edit(session: AsyncSession, *, example_id: int, version: int, text: str, actor: str) -> Current:
    """Give the example a new text. Raises NotFound, Conflict, store.ExampleRejected."""
    before = await current(session, example_id)
    cleaned = store.clean(text)
    await store.check_new(session, before.intent, before.language, cleaned, ignore=example_id)
    same_key = norm.key(cleaned) == norm.key(before.text)
    values = {"text": cleaned} if same_key else {"text": cleaned, "key_hash": norm.key_hash(cleaned), "twin": 0}
    try:
        await _change(session, example_id, version, **values)
    except IntegrityError:  # someone added the same text at this moment
        raise store.ExampleRejected("duplicate", cleaned) from None
    store.audit(session, await store.agent_id(session, actor), actor, "example.changed",
                f"{before.intent} [{before.language}] {before.text} -> {cleaned}")
    return await current(session, example_id)


async def move(session: AsyncSession, *, example_id: int, version: int, intent: str, actor: str) -> Current:
    """Move the example to ``intent`` (same language). Raises NotFound (example or intent), Conflict,
    store.ExampleRejected ("duplicate": the intent has it already)."""
    before = await current(session, example_id)
    target = await store.intent_by_name(session, intent)
    if target is None:
        raise store.ExampleRejected("unknown_intent", before.text)
    held = await store.holder(session, before.language, before.text, ignore=example_id)
    if held is not None and held[1] == intent:
        raise store.ExampleRejected("duplicate", before.text)
    await _change(session, example_id, version, intent_id=target.id)
    store.audit(session, await store.agent_id(session, actor), actor, "example.moved",
                f"[{before.language}] {before.text}: {before.intent} -> {intent}")
    return await current(session, example_id)


async def remove(session: AsyncSession, *, example_id: int, version: int, actor: str) -> Current:
    """Remove the example (kept as a removed row: the repo's seed does not bring it back).
    Raises NotFound, Conflict."""
    before = await _change(session, example_id, version, deleted_at=utcnow(), twin=-example_id)
    store.audit(session, await store.agent_id(session, actor), actor, "example.removed",
                f"{before.intent} [{before.language}] {before.text}")
    return await current(session, example_id)


async def example_intent(session: AsyncSession, example_id: int) -> Optional[str]:
    """The intent name of an example, or None when there is no such example."""
    try:
        return (await current(session, example_id)).intent
    except NotFound:
        return None
