"""The session table's rules without HTTP: limits, revocation, only hashes stored."""
from __future__ import annotations

import datetime as dt

from handoff.agents import service as agents
from handoff.agents import sessions
from handoff.agents.models import LoginSession
from handoff.db import make_engine, make_sessionmaker

T0 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.timezone.utc)


async def test_limits_and_revocation(database_url):
    engine = make_engine(database_url)
    async with make_sessionmaker(engine)() as db:
        agent = await agents.create(db, username="lea", password="long enough password")
        token = await sessions.create(db, agent_id=agent.id, data={"agent_id": agent.id}, now=T0)
        assert await db.get(LoginSession, token) is None  # stored under its hash only
        assert (await sessions.load(db, token=token, now=T0 + dt.timedelta(minutes=30)))[0] == {"agent_id": agent.id}
        assert await sessions.load(db, token=token, now=T0 + dt.timedelta(minutes=61)) is None  # idle
        assert await sessions.load(db, token=token, now=T0) is None  # deleted, not just refused
        busy = await sessions.create(db, agent_id=agent.id, data={}, now=T0)
        for minute in range(20, 12 * 60, 20):
            assert await sessions.load(db, token=busy, now=T0 + dt.timedelta(minutes=minute)) is not None
        assert await sessions.load(db, token=busy, now=T0 + dt.timedelta(hours=12, minutes=1)) is None  # absolute
        first = await sessions.create(db, agent_id=agent.id, data={}, now=T0)
        await sessions.create(db, agent_id=agent.id, data={}, now=T0)
        assert await agents.set_password(db, username="lea", password="another long password") == 2
        assert await sessions.load(db, token=first, now=T0) is None
        await db.commit()
    await engine.dispose()
