"""Answers drawn from a text the comms team published since the customer's previous message say so
(issue 12, item 6): "Updated on 2 December 2026." under the answer, in the customer's language,
with the publisher's note to customers when the publish had one ("Updated on 2 December 2026: the
hotline now also opens on Sundays.").

Which text an answer was drawn from is read from the answer itself: a published field (a version
after the repo's seed, ``handoff.studio.store.Change``) whose text appears in it word for word. Texts
shorter than ``MIN_MATCH_CHARS`` (labels, single words) or with ``{placeholders}`` (filled in by the
bot, so never verbatim in an answer) are not matched. The customer's previous message is their last
visit; on their first message there is nothing they could have read before. The phrases
``updated_on``, ``updated_on_note``, ``date_long`` and ``date_months`` are in
``data/content/frontdoor.yml``. Customers in an open chat are told at the publish itself:
``handoff.replies.live_updates``.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Dict, List, Optional
from zoneinfo import ZoneInfo

from handoff.content.store import FrontDoorContent
from handoff.conversation import service as conversations
from handoff.conversation.models import Conversation
from handoff.deps import Deps

logger = logging.getLogger(__name__)
MIN_MATCH_CHARS = 20


def long_date(content: FrontDoorContent, moment: dt.datetime, language: str) -> str:
    """``moment`` as a date in ``language`` ("2 December 2026", "2. Dezember 2026") in the hotline's
    time zone (UTC without a notice). Raises KeyError when a phrase is missing."""
    hotline = content.hotline()
    local = moment.astimezone(ZoneInfo(hotline.opening_hours.timezone) if hotline else dt.timezone.utc)
    month = content.say("date_months", language).split()[local.month - 1]
    return content.say("date_long", language, day=local.day, month=month, year=local.year)


def matchable(text: str) -> bool:
    """Whether a published ``text`` can be found word for word in an answer (long enough, no placeholders)."""
    return len(text.strip()) >= MIN_MATCH_CHARS and "{" not in text


def updated_line(content: FrontDoorContent, published_at: dt.datetime, note: Optional[str], language: str) -> str:
    """"Updated on 2 December 2026." or, with the publisher's note to customers, "Updated on
    2 December 2026: the hotline now also opens on Sundays." Raises KeyError when a phrase is missing."""
    date = long_date(content, published_at, language)
    if not note:
        return content.say("updated_on", language, date=date)
    note = note.strip()
    return content.say("updated_on_note", language, date=date,
                       note=note if note[-1] in ".!?" else f"{note}.")


def _published_in(text: str, changes: List[Any]) -> Optional[Any]:
    """The most recently published of ``changes`` whose text appears in ``text``, or None."""
    found = [change for change in changes if matchable(change.text) and change.text.strip() in text]
    return max(found, key=lambda change: change.published_at) if found else None


async def mark(deps: Deps, conversation: Conversation, replies: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """``replies`` (``{"text", "payload"}`` each) with the update note added to every text drawn from
    a field published after the customer's previous message. Without published changes in the
    conversation's language nothing is read from the database."""
    changes = deps.content_changes(conversation.language)
    if not changes or not any(reply.get("text") for reply in replies):
        return replies
    async with deps.sessions() as session:
        since = await conversations.previous_customer_message_at(session, conversation_id=conversation.id)
    if since is None:
        return replies
    fresh = [change for change in changes if change.published_at > since]
    marked = []
    for reply in replies:
        change = _published_in(reply.get("text") or "", fresh) if fresh else None
        if change is not None:
            try:
                note = updated_line(deps.content, change.published_at, change.note, conversation.language)
            except KeyError as error:  # a published frontdoor document older than these phrases
                logger.error("cannot word 'Updated on': phrase %s missing", error)
                note = ""
            reply = {**reply, "text": f"{reply['text']}\n\n{note}"} if note else reply
        marked.append(reply)
    return marked
