"""What the intent editor shows: every intent with its example counts per language and warnings,
and one intent's examples with the warnings of each.

Warnings (issue 13, item 2):
* ``too_few``: fewer than ``MIN_EXAMPLES`` examples in a language (``MIN_COMBINED`` for the
  two-question intents joined by "+"). 20: this project's rule for example writers
  (docs/intents.md), in line with the Rasa NLU FAQ ("if you quickly write 20-30 unique expressions
  for each intent, you should be good for the beginning"); 10 for combinations, the FAQ's "good
  starting point" (they are deliberately few, docs/intents.md "Two questions in one message");
* ``missing_language``: no example at all in a language;
* ``in_other_intent``: an example is also an example of another intent (same comparison key);
* ``duplicate``: the same example twice in the intent.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Dict, List, Tuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handoff.intents import answers, repo, text as norm
from handoff.intents.models import Intent, IntentExample

MIN_EXAMPLES = 20
MIN_COMBINED = 10


def minimum(intent: str) -> int:
    """How many examples per language an intent should have."""
    return MIN_COMBINED if "+" in intent else MIN_EXAMPLES


async def _rows(session: AsyncSession) -> List[Tuple[int, str, str, str, int, str]]:
    """``(id, intent, language, text, version, source)`` of every example not removed."""
    return list((await session.execute(
        select(IntentExample.id, Intent.name, IntentExample.language, IntentExample.text, IntentExample.version,
               IntentExample.source).join(Intent, Intent.id == IntentExample.intent_id)
        .where(IntentExample.deleted_at.is_(None)).order_by(IntentExample.id))).all())


def _holders(rows: List[Tuple]) -> Dict[Tuple[str, str], Dict[str, int]]:
    """``{(language, key): {intent: how many}}``."""
    held: Dict[Tuple[str, str], Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for _id, intent, language, text, _version, _source in rows:
        held[(language, norm.key(text))][intent] += 1
    return held


def _example_warnings(intent: str, language: str, text: str, held) -> List[Dict[str, Any]]:
    owners = held[(language, norm.key(text))]
    found: List[Dict[str, Any]] = []
    if owners.get(intent, 0) > 1:
        found.append({"kind": "duplicate", "language": language})
    others = sorted(name for name in owners if name != intent)
    if others:
        found.append({"kind": "in_other_intent", "language": language, "intents": others})
    return found


async def overview(session: AsyncSession) -> List[Dict[str, Any]]:
    """Every intent: ``{"name", "leads_to", "counts": {language: n}, "minimum", "warnings": [{"kind",
    "language", "count"?, "intents"?}]}``, in domain order."""
    rows = await _rows(session)
    held = _holders(rows)
    counts: Dict[str, Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    shared: Dict[Tuple[str, str], set] = defaultdict(set)
    doubled: Dict[Tuple[str, str], int] = defaultdict(int)
    for _id, intent, language, text, _version, _source in rows:
        counts[intent][language] += 1
        for warning in _example_warnings(intent, language, text, held):
            if warning["kind"] == "duplicate":
                doubled[(intent, language)] += 1
            else:
                shared[(intent, language)].update(warning["intents"])
    listed = []
    for intent in await session.scalars(select(Intent).order_by(Intent.position, Intent.id)):
        warnings: List[Dict[str, Any]] = []
        for language in repo.LANGUAGES:
            count = counts[intent.name][language]
            if count == 0:
                warnings.append({"kind": "missing_language", "language": language})
            elif count < minimum(intent.name):
                warnings.append({"kind": "too_few", "language": language, "count": count,
                                 "minimum": minimum(intent.name)})
            if shared[(intent.name, language)]:
                warnings.append({"kind": "in_other_intent", "language": language,
                                 "intents": sorted(shared[(intent.name, language)])})
            if doubled[(intent.name, language)]:
                warnings.append({"kind": "duplicate", "language": language,
                                 "count": doubled[(intent.name, language)]})
        listed.append({"name": intent.name, "leads_to": intent.leads_to,
                       "counts": {language: counts[intent.name][language] for language in repo.LANGUAGES},
                       "minimum": minimum(intent.name), "warnings": warnings})
    return listed


async def detail(session: AsyncSession, name: str) -> Dict[str, Any]:
    """One intent: ``{"name", "leads_to", "answer": {...} | None, "examples": {language: [{"id",
    "text", "version", "source", "warnings"}]}, "warnings"}``; {} when there is no such intent."""
    intent = await session.scalar(select(Intent).where(Intent.name == name))
    if intent is None:
        return {}
    rows = await _rows(session)
    held = _holders(rows)
    examples: Dict[str, List[Dict[str, Any]]] = {language: [] for language in repo.LANGUAGES}
    for example_id, owner, language, text, version, source in rows:
        if owner == name and language in examples:
            examples[language].append({"id": example_id, "text": text, "version": version, "source": source,
                                       "warnings": _example_warnings(name, language, text, held)})
    summary = next((item for item in await overview(session) if item["name"] == name), {"warnings": []})
    answer = await answers.answer_state(session, intent) if intent.leads_to else None
    return {"name": name, "leads_to": intent.leads_to, "answer": answer, "minimum": minimum(name),
            "examples": examples, "warnings": summary["warnings"]}
