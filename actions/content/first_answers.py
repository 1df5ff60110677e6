"""The first-answer length rule of ``make check-content`` for one field the studio's editor is typing.

``make check-content`` (``actions.content.composed``) composes the first answer of every topic and
fails when one has more than ``MAX_FIRST_ANSWER_WORDS`` words over its bubbles. A field such as the
notice's ``what_happened.summary`` or a phrase that frames first answers is only a part of them, so
its own length says nothing: this module composes the first answers in the field's language with
the typed text in place of the field's current one and names each answer that contains the field
and is too long.

How:
- the base is what the studio preview shows: each field's newest draft, else its published text,
  else the repo file (``actions.common`` ``_store(True)``; without a database, the files);
- the field's document is flattened into fields (``actions.content.fields``), the field's text is
  replaced, the document is put back together and validated like published content; the other two
  documents are the base store's;
- the actions read that store through ``actions.common.OVERRIDE``, a context variable set only
  for this check (customers' answers in other tasks or threads never see it); nothing on disk or in
  the database changes;
- the typed text is marked with a private-use character at its end, which word counts ignore, so an
  answer "contains the field" when the mark shows in its bubbles, placeholders and all.

Only the incident notice, the advice and the phrases are read by the actions; other documents and
language-less fields never get this problem.

Cost: one composition of the 12 first answers in one language, about 15-40 ms CPU per check on the
2-core test machine (database base / repo files base), so it runs with every check while typing.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, List, Optional

import yaml

from actions.content import fields, readability
from actions.content.composed import MAX_FIRST_ANSWER_WORDS, _run, _subclasses
from actions.content.loader import ContentError, parse, parse_incident
from actions.content.models import UNKNOWN, AdviceCatalogue, Phrases

RULE = "first_answer_length"
# Worded by the studio's API in the user's language: text KEY of section studio_api of data/content/ui.yml.
KEY = "check_first_answer_length"
# Private use: no word and no punctuation for the counts, and in no content (if an editor typed it, it
# would only be taken for the end of this field).
_MARK = "\ue000"


@dataclass(frozen=True)
class _Store:
    """The three documents of a content store (``actions.content.loader.ContentStore``'s properties),
    read once for one check: the drafts reader asks the database on every read of the base store."""

    incident: Any
    advice: Any
    phrases: Any

    @classmethod
    def replacing(cls, base: Any, kind: str, model: Any) -> "_Store":
        """``base``'s documents with document ``kind`` ("incident", "advice", "phrases") ``model``."""
        found = {name: model if name == kind else getattr(base, name) for name in ("incident", "advice", "phrases")}
        return cls(**found)


@lru_cache(maxsize=1)
def _answer_actions() -> Dict[str, Any]:
    import actions.advice  # noqa: F401  (define the answer actions, as composed.compose does)
    import actions.affected  # noqa: F401
    import actions.handoff  # noqa: F401
    import actions.notice  # noqa: F401
    from actions.common import ANSWER_ACTIONS, ContentAction

    found = {cls().name(): cls() for cls in _subclasses(ContentAction)
             if not inspect.isabstract(cls) and "name" in vars(cls)}
    return {topic: found[name] for topic, name in ANSWER_ACTIONS.items()}


def _documents() -> Dict[str, tuple]:
    """``{document id: (kind, repo file)}`` of the documents the actions read."""
    from actions.config import settings

    config = settings()
    return {f"incidents/{config.incident_file.stem}": ("incident", config.incident_file),
            "advice": ("advice", config.advice_file), "phrases": ("phrases", config.phrases_file)}


def _base_data(document: str, path) -> Dict[str, Any]:
    from actions import common

    source = common.published(True)
    found = source.versioned(document) if source is not None else None
    return found[1] if found is not None else yaml.safe_load(path.read_text(encoding="utf-8"))


def _replaced(document: str, data: Dict[str, Any], path: str, language: str, text: str) -> Optional[Dict[str, Any]]:
    """The document's data with field ``(path, language)`` holding ``text``; None: no such field."""
    items = fields.flatten(document, data)
    at = [index for index, item in enumerate(items) if item.path == path and item.language == language]
    if not at or items[at[0]].kind != "text":
        return None
    items[at[0]] = fields.Field(document, path, language, text)
    return fields.unflatten(document, items)


def _model(kind: str, document: str, data: Dict[str, Any]) -> Any:
    where = f"studio check: {document}"
    if kind == "incident":
        return parse_incident(data, document.split("/", 1)[1], where)
    return parse(data, AdviceCatalogue if kind == "advice" else Phrases, where)


def first_answers(document: str, path: str, language: str, text: str) -> Optional[Dict[str, List[str]]]:
    """The first answers in ``language`` with field ``(document, path, language)`` holding ``text``.

    Returns:
        ``{topic: bubble texts}`` of the answers that contain the field's text (the texts as a
        customer would read them); None when the field is not one the actions read, or the document
        would not be valid with ``text`` (the schema check reports that).
    Raises:
        OSError, yaml.YAMLError: the repo file of the document cannot be read (no database content).
    """
    from actions import common

    kind_and_file = _documents().get(document)
    if kind_and_file is None or language not in fields.LANGUAGES:
        return None
    kind, file = kind_and_file
    marked = text if text.strip() == UNKNOWN else text + _MARK
    data = _replaced(document, _base_data(document, file), path, language, marked)
    if data is None:
        return None
    try:
        store = _Store.replacing(common._store(True), kind, _model(kind, document, data))
    except ContentError:
        return None
    token = common.OVERRIDE.set(store)
    try:
        answers = {topic: [message.get("text") or "" for message in _run(action, topic, language)]
                   for topic, action in _answer_actions().items()}
    finally:
        common.OVERRIDE.reset(token)
    return {topic: [bubble.replace(_MARK, "") for bubble in texts if bubble]
            for topic, texts in answers.items() if any(_MARK in bubble for bubble in texts)}


def problems(document: str, path: str, language: str, text: str) -> List[Dict[str, Any]]:
    """``[{"rule": "first_answer_length", "key", "values"}]``, one per first answer that
    contains this field and would be longer than ``MAX_FIRST_ANSWER_WORDS`` words with ``text``;
    [] when none is (or the field is in no first answer).

    Must not run in a thread with a running event loop (it runs the actions with ``asyncio.run``):
    the action server calls it through ``asyncio.to_thread``.
    """
    answers = first_answers(document, path, language, text)
    if not answers:
        return []
    from actions import common

    topics = common._store(True).phrases.topics
    found = []
    for topic, texts in answers.items():
        words = sum(readability.word_count(bubble) for bubble in texts)
        if words <= MAX_FIRST_ANSWER_WORDS:
            continue
        label = topics[topic].get(language) if topic in topics else topic
        values = {"topic": label, "words": str(words), "limit": str(MAX_FIRST_ANSWER_WORDS)}
        found.append({"rule": RULE, "key": KEY, "values": values})
    return found
