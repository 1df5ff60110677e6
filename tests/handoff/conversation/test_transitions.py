"""The state machine: every allowed and every forbidden change, the event each change emits, and the
claim race with the compare-and-set path really exercised, on SQLite and PostgreSQL."""
from __future__ import annotations

import asyncio
import itertools

import pytest

from handoff.conversation import service
from handoff.conversation.events import pending_events
from handoff.conversation.models import Transition
from handoff.conversation.service import Conflict
from handoff.conversation.states import ALLOWED, State, TRANSITIONS
from handoff.db import make_engine, make_sessionmaker
from sqlalchemy import func, select, update

EXPECTED_EVENTS = {
    (State.bot, State.waiting): "conversation.queued",
    (State.bot, State.resolved): "conversation.resolved",
    (State.waiting, State.agent): "conversation.claimed",
    (State.waiting, State.bot): "conversation.continued_with_bot",
    (State.waiting, State.resolved): "conversation.resolved",
    (State.agent, State.bot): "conversation.handed_back",
    (State.agent, State.resolved): "conversation.resolved",
    (State.agent, State.waiting): "conversation.requeued",
    (State.resolved, State.bot): "conversation.reopened",
}
ALL_PAIRS = [(old, new) for old, new in itertools.product(State, State) if old != new]


def test_the_table_is_the_documented_one():
    assert TRANSITIONS == EXPECTED_EVENTS
    assert ALLOWED == {state: {new for (old, new) in EXPECTED_EVENTS if old == state} for state in State}


async def _conversation_in(sessions, state: State) -> str:
    async with sessions() as session:
        conversation = await service.create(session, session_hash=service.new_session_token(),
                                            language="de", incident_id=None)
        await session.execute(update(type(conversation)).where(type(conversation).id == conversation.id)
                              .values(state=state.value))
        await session.commit()
        return conversation.id


@pytest.mark.parametrize("old,new", ALL_PAIRS, ids=[f"{o.value}->{n.value}" for o, n in ALL_PAIRS])
async def test_every_pair_is_allowed_with_its_event_or_refused(database_url, old, new):
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    conversation_id = await _conversation_in(sessions, old)
    async with sessions() as session:
        if (old, new) in EXPECTED_EVENTS:
            event = await service.transition(session, conversation_id=conversation_id, expected={old}, new=new,
                                             actor="agent:7", reason="test")
            await session.commit()
            assert pending_events(session) == [event]
            assert (event.name, event.from_state, event.to_state, event.agent_id) == (
                EXPECTED_EVENTS[(old, new)], old.value, new.value, 7)
            assert event.conversation.state == new.value
        else:
            with pytest.raises(Conflict):
                await service.transition(session, conversation_id=conversation_id, expected={old}, new=new,
                                         actor="system")
            assert pending_events(session) == []
    async with sessions() as session:
        stored = await service.get(session, conversation_id=conversation_id)
        rows = await session.scalar(select(func.count()).select_from(Transition)
                                    .where(Transition.conversation_id == conversation_id))
    assert stored.state == (new if (old, new) in EXPECTED_EVENTS else old).value
    assert rows == (1 if (old, new) in EXPECTED_EVENTS else 0)
    await engine.dispose()


async def test_claim_race_is_decided_by_the_conditional_update(database_url):
    """Both claims pass the pre-check (they are held at a barrier right after reading ``waiting``),
    so the loser can only be stopped by the ``UPDATE ... WHERE state = 'waiting'`` row count."""
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    conversation_id = await _conversation_in(sessions, State.waiting)
    barrier = asyncio.Barrier(2)
    read_before_barrier = []

    async def claim(agent_id: int):
        async with sessions() as session:
            original = session.scalar

            async def scalar_then_wait(*args, **kwargs):
                value = await original(*args, **kwargs)
                if len(read_before_barrier) < 2 and not getattr(session, "_held", False):
                    session._held = True
                    read_before_barrier.append(value)
                    await asyncio.wait_for(barrier.wait(), 10)
                return value

            session.scalar = scalar_then_wait
            await service.transition(session, conversation_id=conversation_id, expected={State.waiting},
                                     new=State.agent, actor=f"agent:{agent_id}", agent_id=None)
            await session.commit()
            return agent_id

    results = await asyncio.gather(claim(1), claim(2), return_exceptions=True)
    assert read_before_barrier == ["waiting", "waiting"]  # both pre-checks saw a waiting conversation
    winners = [r for r in results if isinstance(r, int)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert losers[0].current == State.agent.value
    async with sessions() as session:
        claims = await session.scalar(select(func.count()).select_from(Transition).where(
            Transition.conversation_id == conversation_id, Transition.to_state == State.agent.value))
    assert claims == 1
    await engine.dispose()
