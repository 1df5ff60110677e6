"""The queue of trainings on SQLite and PostgreSQL: one runs at a time, more requests wait in order,
the queue has a limit, and a training left running by a stopped worker is marked failed."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from handoff.agents import service as agents
from handoff.db import make_engine, make_sessionmaker
from handoff.training import queue
from handoff.training.models import TrainingJob
from tests.handoff.conftest import AGENT_PASSWORD, db_rows


@pytest.fixture
async def sessions(database_url):
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def _user(sessions, username: str, role: str):
    async with sessions() as session:
        user = await agents.create(session, username=username, password=AGENT_PASSWORD, role=role)
        await session.commit()
        return user


async def test_one_training_runs_while_the_next_waits_in_order(sessions, database_url):
    clara = await _user(sessions, "clara", "comms_editor")
    async with sessions() as session:
        first = await queue.request(session, agent=clara)
        second = await queue.request(session, agent=clara, note="new refund examples")
        await session.commit()
        assert [await queue.position(session, job) for job in (first, second)] == [1, 2]
    async with sessions() as session:
        claimed = await queue.claim_next(session, pid=111)
    assert claimed.id == first.id and claimed.state == "running" and claimed.stage == "exporting"
    async with sessions() as session:
        assert await queue.claim_next(session, pid=222) is None  # one at a time
        assert await queue.position(session, await queue.get(session, second.id)) == 1
    async with sessions() as session:
        assert await queue.finish(session, first.id, state="passed", log="done", report={"decision": "passed"})
        await session.commit()
    async with sessions() as session:
        assert (await queue.claim_next(session, pid=222)).id == second.id
    rows = await db_rows(database_url, "SELECT id, state, progress FROM training_jobs ORDER BY id")
    assert rows == [{"id": first.id, "state": "passed", "progress": 100},
                    {"id": second.id, "state": "running", "progress": 0}]
    audit = await db_rows(database_url, "SELECT action FROM audit_log WHERE agent_id = :id", id=clara.id)
    assert [row["action"] for row in audit] == ["training.requested", "training.requested"]


async def test_the_database_refuses_a_second_running_training(sessions):
    async with sessions() as session:
        session.add(TrainingJob(state="running", progress=10, log_tail=""))
        await session.commit()
    with pytest.raises(IntegrityError):
        async with sessions() as session:
            session.add(TrainingJob(state="running", progress=10, log_tail=""))
            await session.commit()


async def test_a_full_queue_refuses_another_request_and_other_roles_may_not_train(sessions):
    arne = await _user(sessions, "arne", "approver")
    olga = await _user(sessions, "olga", "supervisor")
    async with sessions() as session:
        for _ in range(queue.MAX_QUEUED):
            await queue.request(session, agent=arne)
        with pytest.raises(queue.Refused, match="queue_full"):
            await queue.request(session, agent=arne)
        with pytest.raises(queue.Forbidden):
            await queue.request(session, agent=olga)


async def test_a_training_left_running_by_a_stopped_worker_is_failed_not_stuck(sessions, database_url):
    async with sessions() as session:
        session.add(TrainingJob(state="running", stage="training_nlu", progress=40, log_tail="Epochs: 50%"))
        session.add(TrainingJob(state="queued", progress=0, log_tail=""))
        await session.commit()
    async with sessions() as session:
        assert await queue.recover(session) == 1
        await session.commit()
    rows = await db_rows(database_url, "SELECT state, failure FROM training_jobs ORDER BY id")
    assert rows == [{"state": "failed", "failure": "worker_stopped"}, {"state": "queued", "failure": None}]


def test_the_log_tail_keeps_the_last_whole_lines_within_its_limit():
    log = "\n".join(f"line {number}" for number in range(10_000))
    kept = queue.tail(log)
    assert len(kept) <= queue.LOG_TAIL_CHARS
    assert kept.endswith("line 9999") and kept.startswith("line ")
