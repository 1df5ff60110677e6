"""A customer in an open chat is told when a text of an answer they got is published anew (issue 12,
item 6): one system message, "An answer you got earlier has changed. It now starts: "<first words>"
Updated on <date>: <note>", in their language, live and stored (a reload shows it again).

Rules:
* Runs in every front door process after its published-content poll saw a new revision (a publish,
  a scheduled publish or a rollback in any process): :func:`tell_open_chats`.
* A publish counts while it is the field's published version and at most ``WINDOW`` old.
* An open chat: state bot, agent or waiting, with activity (a message, a state change) within
  ``WINDOW`` (30 minutes, the agents' default session idle time: a customer gone longer than that
  has left the page; their next answer carries "Updated on" instead, ``handoff.replies.updates``).
* The chat is told when one of its bot answers contains, word for word, an earlier published text of
  the field that differs from the new one (the matching of ``handoff.replies.updates``); the field's
  language is the chat's language. A customer who only ever got the new text is not told.
* Exactly once per (conversation, published version): the unique row in ``content_update_notes`` is
  written in the same transaction as the message, so of several processes one sends, the others'
  insert fails and they skip it. The note reaches the customer's socket in another process through
  Socket.IO's Redis manager (``REDIS_URL``), as every other message.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Dict, List

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from handoff.conversation.models import Conversation, Message
from handoff.conversation.service import add_message, aware
from handoff.conversation.states import State
from handoff.db import utcnow
from handoff.deps import Deps
from handoff.messaging.service import push
from handoff.replies.updates import matchable, updated_line
from handoff.studio.models import ContentField, ContentUpdateNote, ContentVersion

logger = logging.getLogger(__name__)
WINDOW = dt.timedelta(minutes=30)
OPEN_STATES = (State.bot, State.agent, State.waiting)
START_WORDS = 8


def first_words(text: str, count: int = START_WORDS) -> str:
    """The first ``count`` words of ``text``, with "…" when there are more."""
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


async def tell_open_chats(deps: Deps) -> int:
    """Tell every open chat that got an earlier text of a field published within ``WINDOW``.

    Returns:
        how many notes this process stored and pushed (others may have sent the rest).
    """
    since = utcnow() - WINDOW
    async with deps.sessions() as session:
        published = (await session.execute(
            select(ContentVersion, ContentField.language)
            .join(ContentField, (ContentField.id == ContentVersion.field_id)
                  & (ContentField.published_version == ContentVersion.version))
            .where(ContentVersion.version > 1, ContentVersion.published_at >= since,
                   ContentField.kind == "text", ContentField.language != ""))).all()
        if not published:
            return 0
        chats = list(await session.scalars(select(Conversation).where(
            Conversation.state.in_([state.value for state in OPEN_STATES]), Conversation.updated_at >= since)))
        if not chats:
            return 0
        answers: Dict[str, List[str]] = {}
        for conversation_id, text in (await session.execute(
                select(Message.conversation_id, Message.text).where(
                    Message.conversation_id.in_([chat.id for chat in chats]), Message.sender == "bot"))).all():
            answers.setdefault(conversation_id, []).append(text or "")
        told = set((await session.execute(select(ContentUpdateNote.conversation_id, ContentUpdateNote.version_id)
                                           .where(ContentUpdateNote.version_id.in_(
                                               [version.id for version, _ in published])))).all())
        earlier: Dict[int, List[str]] = {}
        for version, _ in published:
            texts = await session.scalars(select(ContentVersion.text).where(
                ContentVersion.field_id == version.field_id, ContentVersion.version < version.version,
                ContentVersion.published_at.is_not(None)))
            earlier[version.id] = sorted({old.strip() for old in texts
                                          if matchable(old) and old.strip() != version.text.strip()})
    sent = 0
    for version, language in published:
        for chat in chats:
            if (chat.id, version.id) in told or chat.language != language:
                continue
            if any(old in answer for old in earlier[version.id] for answer in answers.get(chat.id, [])):
                sent += await _tell(deps, chat, version)
    return sent


async def _tell(deps: Deps, chat: Conversation, version: ContentVersion) -> int:
    """Store the claim and the note in one transaction and push it; 0 when another process did."""
    try:
        text = deps.content.say("answer_updated", chat.language, start=first_words(version.text),
                                updated=updated_line(deps.content, aware(version.published_at),
                                                     version.customer_note, chat.language))
    except KeyError as error:  # a published frontdoor document without these phrases
        logger.error("cannot word an update note: phrase %s missing", error)
        return 0
    try:
        async with deps.transaction() as session:
            session.add(ContentUpdateNote(conversation_id=chat.id, version_id=version.id))
            await session.flush()
            message = await add_message(session, conversation_id=chat.id, sender="system", text=text,
                                        only_in=OPEN_STATES)
    except IntegrityError:
        return 0  # another process claimed this (conversation, version) first
    if message is None:
        return 0  # the chat ended meanwhile: the claim stays, so it is not tried again
    await push(deps, chat.id, message)
    return 1
