"""Answers drawn from a text the comms team published since the customer's previous message say so
(issue 12, item 6): "Updated on 2 December 2026." under the answer, in the customer's language.

Which text an answer was drawn from is read from the answer itself: a published field (a version
after the repo's seed, ``handoff.studio.store.Change``) whose text appears in it word for word. Texts
shorter than ``MIN_MATCH_CHARS`` (labels, single words) or with ``{placeholders}`` (filled in by the
bot, so never verbatim in an answer) are not matched. The customer's previous message is their last
visit; on their first message there is nothing they could have read before. The phrases
``updated_on``, ``date_long`` and ``date_months`` are in ``data/content/frontdoor.yml``.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional
from zoneinfo import ZoneInfo

from handoff.content.store import FrontDoorContent
from handoff.conversation import service as conversations
from handoff.conversation.models import Conversation
from handoff.deps import Deps

MIN_MATCH_CHARS = 20


def long_date(content: FrontDoorContent, moment: dt.datetime, language: str) -> str:
    """``moment`` as a date in ``language`` ("2 December 2026", "2. Dezember 2026") in the hotline's
    time zone (UTC without a notice). Raises KeyError when a phrase is missing."""
    hotline = content.hotline()
    local = moment.astimezone(ZoneInfo(hotline.opening_hours.timezone) if hotline else dt.timezone.utc)
    month = content.say("date_months", language).split()[local.month - 1]
    return content.say("date_long", language, day=local.day, month=month, year=local.year)


def _published_in(text: str, changes: List[Any]) -> Optional[dt.datetime]:
    """When the newest of ``changes`` whose text appears in ``text`` was published, or None."""
    found = [change.published_at for change in changes
             if len(change.text.strip()) >= MIN_MATCH_CHARS and "{" not in change.text
             and change.text.strip() in text]
    return max(found) if found else None


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
        published = _published_in(reply.get("text") or "", fresh) if fresh else None
        if published is not None:
            note = deps.content.say("updated_on", conversation.language,
                                    date=long_date(deps.content, published, conversation.language))
            reply = {**reply, "text": f"{reply['text']}\n\n{note}"}
        marked.append(reply)
    return marked
