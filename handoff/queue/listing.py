"""A page of the agent console's queue: waiting chats (and the agent's own), filtered, searched and
paged by a keyset cursor, each with a preview of the customer's last message and who handled it before.

Cost: a fixed number of statements whatever the queue's length (a count, the page, the previews, the
earlier agents' names, the chats offered to the asking agent), each reading one page's rows at most
but the count (``benchmarks/console_queue.py`` prints them).

Privacy: a page holds waiting chats, which every agent may read, and the asking agent's own
(``handoff.console.access``); previews are the stored, redacted text, cut to ``PREVIEW_CHARS``.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, Iterable, List, Optional

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from handoff.agents.models import Agent
from handoff.conversation.models import Conversation, Message
from handoff.conversation.service import aware
from handoff.conversation.states import State
from handoff.db import utcnow
from handoff.deps import Deps
from handoff.queue.query import QueueQuery, encode_cursor
from handoff.queue.routing import LATEST_CLAIM, agent_id_of, offer_seconds_left
from handoff.queue.service import entry

PREVIEW_CHARS = 160
# Older rows (tests' fixtures, imports) may lack waiting_since; they sort by when they were created.
SORT_KEY = func.coalesce(Conversation.waiting_since, Conversation.created_at)


def _scope(query: QueueQuery, agent: Agent):
    waiting = Conversation.state == State.waiting.value
    mine = and_(Conversation.state == State.agent.value, Conversation.agent_id == agent.id)
    return {"unassigned": waiting, "mine": mine, "all": or_(waiting, mine)}[query.assigned]


def _filters(query: QueueQuery, agent: Agent, now: dt.datetime) -> List[Any]:
    conditions = [_scope(query, agent)]
    if query.language:
        conditions.append(Conversation.language == query.language)
    if query.reason:
        conditions.append(Conversation.handoff_reason == query.reason)
    if query.min_wait_minutes:
        conditions.append(SORT_KEY <= now - dt.timedelta(minutes=query.min_wait_minutes))
    if query.search:
        said = select(Message.id).where(Message.conversation_id == Conversation.id, Message.sender == "customer",
                                        Message.text.icontains(query.search, autoescape=True))
        found = [said.exists()]
        if all(char in "0123456789abcdef" for char in query.search.lower()) and len(query.search) >= 4:
            found.append(Conversation.id.startswith(query.search.lower(), autoescape=True))
        conditions.append(or_(*found))
    return conditions


def preview_text(text: str) -> str:
    """``text`` cut to ``PREVIEW_CHARS`` at most, never inside a placeholder such as ``<IBAN>``."""
    if len(text) <= PREVIEW_CHARS:
        return text
    cut = text[:PREVIEW_CHARS - 1]
    opening = cut.rfind("<")
    if opening > cut.rfind(">"):
        cut = cut[:opening]
    return cut.rstrip() + "…"


async def _previews(session: AsyncSession, ids: Iterable[str]) -> Dict[str, str]:
    ids = list(ids)
    if not ids:
        return {}
    last = (select(Message.conversation_id, func.max(Message.seq).label("seq"))
            .where(Message.conversation_id.in_(ids), Message.sender == "customer")
            .group_by(Message.conversation_id).subquery())
    rows = await session.execute(select(Message.conversation_id, Message.text).join(
        last, and_(Message.conversation_id == last.c.conversation_id, Message.seq == last.c.seq)))
    return {conversation_id: preview_text(text) for conversation_id, text in rows}


async def _agents(session: AsyncSession, ids: Iterable[Optional[int]]) -> Dict[int, Agent]:
    wanted = {agent_id for agent_id in ids if agent_id is not None}
    if not wanted:
        return {}
    return {agent.id: agent for agent in (await session.execute(select(Agent).where(Agent.id.in_(wanted)))).scalars()}


async def _offered_to(session: AsyncSession, agent: Agent, window: float, now: dt.datetime) -> List[Any]:
    """Waiting chats offered to ``agent`` now (returning customers of theirs), oldest first."""
    if not agent.available:
        return []
    rows = await session.execute(
        select(Conversation, LATEST_CLAIM).where(
            Conversation.state == State.waiting.value, LATEST_CLAIM == f"agent:{agent.id}",
            Conversation.waiting_since > now - dt.timedelta(seconds=window))
        .order_by(Conversation.waiting_since, Conversation.id))
    return list(rows)


def _item(conversation: Conversation, actor: Optional[str], agents: Dict[int, Agent], previews: Dict[str, str],
          window: float, now: dt.datetime) -> Dict[str, Any]:
    # A held chat's latest claim is its holder's: who handled it before shows in its transcript.
    previous = agents.get(agent_id_of(actor)) if conversation.state == State.waiting.value else None
    left = offer_seconds_left(conversation, previous, window=window, now=now)
    return {**entry(conversation), "agent_id": conversation.agent_id,
            "preview": previews.get(conversation.id),
            "handled_before": {"agent_id": previous.id, "name": previous.display_name} if previous else None,
            "offered_to": ({"agent_id": previous.id, "name": previous.display_name, "seconds_left": round(left)}
                           if left is not None else None)}


async def page(deps: Deps, *, agent: Agent, query: QueueQuery) -> Dict[str, Any]:
    """One page of the queue for ``agent``.

    Returns ``{"items", "next", "total", "waiting", "offered"}``: up to ``query.limit`` chats oldest
    first (queue entries plus ``agent_id``, ``preview``, ``handled_before`` ``{agent_id, name}`` and
    ``offered_to`` ``{agent_id, name, seconds_left}``); the cursor of the next page or None; how
    many chats match; how many wait in all; the chats offered to ``agent`` first (any page, any filter).
    """
    now = utcnow()  # real time, like waiting_since (deps.clock is pinned in tests for the hotline)
    window = deps.preferred_agent_seconds
    conditions = _filters(query, agent, now)
    async with deps.sessions() as session:
        total = await session.scalar(select(func.count()).select_from(Conversation).where(*conditions))
        unfiltered = query.assigned == "unassigned" and len(conditions) == 1
        waiting = total if unfiltered else await session.scalar(
            select(func.count()).select_from(Conversation).where(Conversation.state == State.waiting.value))
        statement = select(Conversation, LATEST_CLAIM, SORT_KEY).where(*conditions)
        if query.after is not None:
            key, last_id = query.after
            statement = statement.where(or_(SORT_KEY > key, and_(SORT_KEY == key, Conversation.id > last_id)))
        rows = list(await session.execute(statement.order_by(SORT_KEY, Conversation.id).limit(query.limit + 1)))
        more, rows = len(rows) > query.limit, rows[:query.limit]
        offered = await _offered_to(session, agent, window, now)
        agents = await _agents(session, [agent_id_of(row[1]) for row in rows + offered])
        previews = await _previews(session, {row[0].id for row in rows + offered})
    items = [_item(row[0], row[1], agents, previews, window, now) for row in rows]
    last = rows[-1] if rows else None
    return {"items": items, "total": total, "waiting": waiting,
            "next": encode_cursor(aware(last[2]), last[0].id) if more and last is not None else None,
            "offered": [item for item in (_item(row[0], row[1], agents, previews, window, now) for row in offered)
                        if item["offered_to"] is not None]}
