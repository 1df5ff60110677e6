"""A new intent together with its answer: the intent row, and the answer as drafts of the studio's
``responses`` content in every language, which then go through the normal approve/publish flow
(``handoff.studio.flow``); the answer's fields are new, so nothing is published (version 0).

What the intent leads to (``models.LEADS_TO``): ``answer``; ``answer_offer_person`` (the answer
carries the contract's "talk to a person" button); ``hand_off`` (the answer, then the handoff).
Only comms editors and approvers make intents (``CREATORS``); the export trains an intent once its
answer is published in every language.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Optional

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

import contract
from actions.content.fields import RESPONSES
from handoff.agents.models import Agent
from handoff.db import utcnow
from handoff.intents import repo
from handoff.intents.models import LEADS_TO, Intent
from handoff.studio import store as content_store
from handoff.studio.models import ContentAudit, ContentField, ContentVersion

CREATORS = frozenset({"comms_editor", "approver"})
NAME = re.compile(r"^[a-z][a-z0-9_]{2,59}$")
RESERVED = ("nlu_", "utter_", "action_", "session_")
MAX_ANSWER_CHARS = 5000  # as a studio text (handoff.studio_api.views.MAX_TEXT_CHARS)
MAX_TITLE_CHARS = 80  # a plain name is a button's or a list's label
# Not plain text on one line: control characters, line breaks in any spelling, bidi controls, markup.
NOT_PLAIN = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029\u202a-\u202e\u2066-\u2069]|<\\s*/?\\s*[a-zA-Z!][^>]*>")


class IntentRefused(ValueError):
    """A new intent was not made; ``code``: "forbidden", "bad_name", "exists", "bad_leads_to",
    "answer_missing", "answer_too_long", "title_missing", "title_too_long", "title_not_plain"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def response_name(intent: str) -> str:
    """The answer of a studio intent: ``utter_<intent>``."""
    return f"utter_{intent}"


def answer_fields(intent: str, leads_to: str, answers: Mapping[str, str]) -> List[tuple]:
    """``[(path, language, text)]`` of the answer's content fields (text, and the person button)."""
    base = f"{RESPONSES}.{response_name(intent)}"
    fields: List[tuple] = []
    for language in repo.LANGUAGES:
        fields.append((f"{base}.text", language, answers[language]))
        if leads_to == "answer_offer_person":
            button = contract.button("request_human", language)
            fields += [(f"{base}.buttons.0.title", language, button["title"]),
                       (f"{base}.buttons.0.payload", language, button["payload"])]
    return fields


def check_titles(titles: Mapping[str, object]) -> Dict[str, str]:
    """The plain name of a new intent in every language, stripped: required, at most
    ``MAX_TITLE_CHARS``, plain text on one line. Raises IntentRefused ("title_*")."""
    found: Dict[str, str] = {}
    for language in repo.LANGUAGES:
        title = titles.get(language) if isinstance(titles, Mapping) else None
        if not isinstance(title, str) or not title.strip():
            raise IntentRefused("title_missing")
        if len(title.strip()) > MAX_TITLE_CHARS:
            raise IntentRefused("title_too_long")
        if NOT_PLAIN.search(title):
            raise IntentRefused("title_not_plain")
        found[language] = " ".join(title.split())
    return found


async def create_intent(session: AsyncSession, *, agent: Agent, name: str, leads_to: str,
                        answers: Mapping[str, str], titles: Mapping[str, str],
                        checks_passed: Optional[Mapping[str, bool]] = None) -> Intent:
    """Make intent ``name`` with its answer ``answers`` (``{language: text}``, every language) as drafts
    and its plain name ``titles`` (``{language: name}``, every language; ``check_titles``).

    Args:
        checks_passed: per language, whether the answer passed the content checks (a draft that
            fails them cannot be approved); default True.
    Raises:
        IntentRefused. The unique name makes a concurrent second creation fail at flush (IntegrityError).
    """
    if agent.role not in CREATORS:
        raise IntentRefused("forbidden")
    if not isinstance(name, str) or not NAME.match(name) or name.startswith(RESERVED) or name == "texts":
        raise IntentRefused("bad_name")
    if leads_to not in LEADS_TO:
        raise IntentRefused("bad_leads_to")
    if any(not isinstance(answers.get(language), str) or not answers[language].strip() for language in repo.LANGUAGES):
        raise IntentRefused("answer_missing")
    if any(len(answers[language]) > MAX_ANSWER_CHARS for language in repo.LANGUAGES):
        raise IntentRefused("answer_too_long")
    plain = check_titles(titles)
    taken = await session.scalar(select(func.count()).select_from(ContentField).where(
        ContentField.document == RESPONSES, ContentField.path.startswith(f"{RESPONSES}.{response_name(name)}.")))
    if await session.scalar(select(Intent.id).where(Intent.name == name)) or taken:
        raise IntentRefused("exists")
    last = await session.scalar(select(func.max(Intent.position)))
    intent = Intent(name=name, position=(last or 0) + 1, leads_to=leads_to, response=response_name(name),
                    titles=plain, created_by=agent.id, created_at=utcnow())
    session.add(intent)
    position = await session.scalar(select(func.max(ContentField.position)).where(ContentField.document == RESPONSES))
    now = utcnow()
    for index, (path, language, text) in enumerate(answer_fields(name, leads_to, answers)):
        field = ContentField(document=RESPONSES, path=path, language=language, kind="text",
                             position=(position or 0) + 1 + index, published_version=0)
        session.add(field)
        await session.flush()
        passed = True if checks_passed is None or not path.endswith(".text") else checks_passed.get(language, True)
        session.add(ContentVersion(field_id=field.id, version=1, text=text.strip(), status="draft", base_version=0,
                                   checks_passed=passed, note=f"answer of the new intent {name}",
                                   author_id=agent.id, created_at=now))
        session.add(ContentAudit(agent_id=agent.id, action="draft.saved", field_id=field.id, version=1,
                                 note=f"answer of the new intent {name}"))
    session.add(ContentAudit(agent_id=agent.id, action="intent.created", note=f"{name}: {leads_to}"))
    await session.flush()
    return intent


async def titles(session: AsyncSession) -> Dict[str, Dict[str, str]]:
    """The plain names of the intents made in the studio: ``{name: {language: title}}`` (for the
    pages' section ``intents``, whose ui.yml entries name the repo's intents)."""
    rows = await session.execute(select(Intent.name, Intent.titles).where(Intent.titles.is_not(None)))
    return {name: {language: str(found[language]) for language in repo.LANGUAGES if found.get(language)}
            for name, found in rows if isinstance(found, dict)}


async def published_responses(session: AsyncSession) -> Dict[str, List[Dict[str, Any]]]:
    """The published responses (``{utter_name: [variation, ...]}``) of the studio's content."""
    current = await content_store.snapshot(session)
    if current is None:
        return {}
    return dict((current.documents.get(RESPONSES) or {}).get(RESPONSES) or {})


def complete(variations: Optional[List[Dict[str, Any]]]) -> bool:
    """True when a response has a non-empty text in every language (English: the variation without
    a condition; German: the one with condition language = de)."""
    if not variations:
        return False
    found = {"de" if variation.get("condition") else "en": str(variation.get("text") or "").strip()
             for variation in variations}
    return all(found.get(language) for language in repo.LANGUAGES)


async def answer_state(session: AsyncSession, intent: Intent) -> Dict[str, Any]:
    """``{"response", "languages": {language: {"field_id", "status", "text"}}}`` of a studio intent's
    answer text: the newest version per language (for the editor's "waiting for approval")."""
    rows = (await session.execute(
        select(ContentField.id, ContentField.language, ContentField.published_version, ContentVersion.text,
               ContentVersion.status, ContentVersion.version)
        .join(ContentVersion, ContentVersion.field_id == ContentField.id)
        .where(ContentField.document == RESPONSES, ContentField.path == f"{RESPONSES}.{intent.response}.text")
        .order_by(ContentVersion.version))).all()
    languages: Dict[str, Dict[str, Any]] = {}
    for field_id, language, published, text, status, version in rows:
        languages[language] = {"field_id": field_id, "status": status, "text": text, "published": published > 0}
    return {"response": intent.response, "leads_to": intent.leads_to, "languages": languages}
