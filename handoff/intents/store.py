"""The example store: the repo's seed, the intent names, and adding examples (the contract other
parts of issue 13 call: the review inbox moves customers' messages here).

Rules (issue 13, item 2):
* The repo's ``data/nlu/<lang>/*.yml`` seed the store on the front door's start, like the studio's
  content: what the store has seen once is never seeded again (the studio's moves, edits and
  removals stay); a new release's new examples come in. Concurrent starts: one wins, the others skip.
* An added example is normalised (``handoff.intents.text``); it is refused when empty, longer than
  ``MAX_EXAMPLE_CHARS``, already an example of the intent (``duplicate``) or of another intent in
  the same language (``in_other_intent``), or when the intent or language is unknown.
"""
from __future__ import annotations

import asyncio
import logging
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

import yaml
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handoff.agents.models import Agent
from handoff.db import utcnow
from handoff.intents import repo, text as norm
from handoff.intents.models import Intent, IntentExample
from handoff.studio.models import ContentAudit

logger = logging.getLogger(__name__)
MAX_EXAMPLE_CHARS = 2000  # the longest customer message the front door accepts (MAX_MESSAGE_CHARS)
REASONS = ("duplicate", "in_other_intent", "empty", "too_long", "unknown_intent", "unknown_language")
ENTITIES: Tuple[str, ...] = tuple(repo.domain_entities(Path(__file__).resolve().parents[2]))


class ExampleRejected(ValueError):
    """An example was not stored: ``reason`` (one of ``REASONS``) and the ``text`` it is about."""

    def __init__(self, reason: str, text: str) -> None:
        super().__init__(f"{reason}: {text[:80]}")
        self.reason, self.text = reason, text


def active() -> "select":
    """Examples not removed."""
    return select(IntentExample).where(IntentExample.deleted_at.is_(None))


async def intent_names(session: AsyncSession) -> List[str]:
    """Every intent (the repo's and the studio's), in domain order, the studio's after them."""
    return list(await session.scalars(select(Intent.name).order_by(Intent.position, Intent.id)))


async def intent_by_name(session: AsyncSession, name: str) -> Optional[Intent]:
    """The intent ``name``, or None."""
    return await session.scalar(select(Intent).where(Intent.name == name))


async def agent_id(session: AsyncSession, actor: str) -> Optional[int]:
    """The id of the user named ``actor`` (None for a process such as "seed")."""
    return await session.scalar(select(Agent.id).where(Agent.username == actor))


def audit(session: AsyncSession, who: Optional[int], actor: str, action: str, note: str) -> None:
    """One entry of the studio's audit trail (``content_audit``): who (``who``: the user's id, None
    for a process named ``actor``), what, and the example."""
    session.add(ContentAudit(agent_id=who, action=action, note=note if who else f"{note} (by {actor})"))


def clean(raw: str) -> str:
    """The stored form of a new example: normalised, annotations of unknown entities made plain.
    Raises ExampleRejected ("empty", "too_long")."""
    if not isinstance(raw, str):
        raise ExampleRejected("empty", "")
    cleaned = norm.normalise(norm.keep_known_annotations(norm.normalise(raw), ENTITIES))
    if not norm.key(cleaned):
        raise ExampleRejected("empty", raw)
    if len(cleaned) > MAX_EXAMPLE_CHARS:
        raise ExampleRejected("too_long", cleaned)
    return cleaned


async def holder(session: AsyncSession, language: str, cleaned: str,
                 ignore: Optional[int] = None) -> Optional[Tuple[int, str]]:
    """``(example id, intent name)`` of an example equal to ``cleaned`` in ``language`` (not counting
    example ``ignore``), or None."""
    found = (await session.execute(
        select(IntentExample.id, Intent.name).join(Intent, Intent.id == IntentExample.intent_id)
        .where(IntentExample.deleted_at.is_(None), IntentExample.language == language,
               IntentExample.key_hash == norm.key_hash(cleaned), IntentExample.id != (ignore or 0))
        .order_by(IntentExample.id).limit(1))).first()
    return (found[0], found[1]) if found else None


async def check_new(session: AsyncSession, intent: str, language: str, cleaned: str,
                    ignore: Optional[int] = None) -> None:
    """Raise ExampleRejected ("duplicate", "in_other_intent") when ``cleaned`` is already an example."""
    held = await holder(session, language, cleaned, ignore)
    if held is not None:
        raise ExampleRejected("duplicate" if held[1] == intent else "in_other_intent", cleaned)


async def next_position(session: AsyncSession, language: str, file: str) -> int:
    """The position after the last example of ``file`` in ``language``."""
    last = await session.scalar(select(func.max(IntentExample.position))
                                .where(IntentExample.language == language, IntentExample.file == file))
    return 0 if last is None else last + 1


async def add_examples(session: AsyncSession, *, intent: str, language: str, texts: List[str], actor: str,
                       source: str) -> List[str]:
    """Add ``texts`` as examples of ``intent`` in ``language``, all or none (each change audited).

    Args:
        actor: the username of who adds them (or a process name); source: where they come from
            ("studio", "inbox", ...).
    Returns:
        the stored (normalised) texts, in the given order.
    Raises:
        ExampleRejected: the first text refused, nothing added. When two people add the same text
            at the same moment, the later flush raises it ("duplicate"); roll the session back then.
    """
    if language not in repo.LANGUAGES:
        raise ExampleRejected("unknown_language", texts[0] if texts else "")
    found = await intent_by_name(session, intent)
    if found is None:
        raise ExampleRejected("unknown_intent", texts[0] if texts else "")
    cleaned: List[str] = []
    keys: Set[str] = set()
    for raw in texts:
        one = clean(raw)
        if norm.key(one) in keys:
            raise ExampleRejected("duplicate", one)
        keys.add(norm.key(one))
        await check_new(session, intent, language, one)
        cleaned.append(one)
    who = await agent_id(session, actor)
    position = await next_position(session, language, repo.STUDIO_FILE)
    now = utcnow()
    try:
        for index, one in enumerate(cleaned):
            session.add(IntentExample(intent_id=found.id, language=language, text=one, key_hash=norm.key_hash(one),
                                      twin=0, file=repo.STUDIO_FILE, position=position + index, version=1,
                                      source=source[:32], created_by=who, created_at=now, updated_at=now))
            audit(session, who, actor, "example.added", f"{intent} [{language}] {one} ({source})")
        await session.flush()
    except IntegrityError:
        raise ExampleRejected("duplicate", cleaned[0]) from None
    return cleaned


async def seed(sessions: async_sessionmaker, root: Path) -> int:
    """Store the repo's intents and examples the store has not seen yet (see the module docstring).

    Returns:
        how many examples were added now; 0 when the files cannot be read (logged) or another
        process seeded at the same moment.
    """
    try:
        found = await asyncio.to_thread(repo.repo_examples, root)
        domain = await asyncio.to_thread(repo.domain_intents, root)
    except (OSError, ValueError, yaml.YAMLError) as error:
        logger.error("cannot seed the intent examples: %s", type(error).__name__)
        return 0
    async with sessions() as session:
        intents = {row.name: row for row in await session.scalars(select(Intent))}
        order = domain + [example.intent for examples in found.values() for example in examples]
        last = max([row.position for row in intents.values()], default=-1)
        for name in dict.fromkeys(order):
            if name not in intents:
                last += 1
                intents[name] = Intent(name=name, position=last)
                session.add(intents[name])
        try:
            await session.flush()
        except IntegrityError:  # another process seeded at the same moment
            await session.rollback()
            return 0
        seen = set((await session.execute(select(IntentExample.language, IntentExample.seed_file,
                                                 IntentExample.seed_intent, IntentExample.seed_hash)
                                          .where(IntentExample.seed_file.is_not(None)))).all())
        names = {row.id: row.name for row in intents.values()}
        placed = Counter((language, file, names[intent_id], key_hash) for language, file, intent_id, key_hash in (
            await session.execute(select(IntentExample.language, IntentExample.file, IntentExample.intent_id,
                                         IntentExample.key_hash).where(IntentExample.deleted_at.is_(None)))).all())
        twins: Dict[Tuple[str, str], Set[int]] = {}
        for language, key_hash, twin in (await session.execute(select(
                IntentExample.language, IntentExample.key_hash, IntentExample.twin))).all():
            twins.setdefault((language, key_hash), set()).add(twin)
        rows: List[dict] = []
        now = utcnow()
        for language, examples in found.items():
            index_in_file: Counter = Counter()
            for example in examples:
                index_in_file[example.file] += 1
                cleaned = norm.normalise(example.text)
                digest = norm.key_hash(cleaned)
                identity = (language, example.file, example.intent, digest)
                if identity in seen or placed[identity] > 0:
                    continue
                seen.add(identity)
                taken = twins.setdefault((language, digest), set())
                twin = next(number for number in range(len(taken) + 1) if number not in taken)
                taken.add(twin)
                rows.append({"intent_id": intents[example.intent].id, "language": language, "text": cleaned,
                             "key_hash": digest, "twin": twin, "file": example.file,
                             "position": index_in_file[example.file], "version": 1, "source": "repo",
                             "seed_file": example.file, "seed_intent": example.intent, "seed_hash": digest,
                             "created_at": now, "updated_at": now})
        added = len(rows)
        try:
            if rows:
                await session.execute(insert(IntentExample), rows)
                session.add(ContentAudit(action="examples.seeded", note=f"{added} examples from data/nlu"))
            await session.commit()
        except IntegrityError:  # another process seeded at the same moment
            await session.rollback()
            return 0
    return added
