"""The Rasa rotation shared by every front door through the database (SQLite and PostgreSQL): two
front doors (two Rasa clients following the same database) stop sending to a draining process, the
activator waits for both, a second activation is refused while one runs, and a lease nobody renews
(the activating process died) puts every process back into rotation."""
from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import update

from handoff.activation import rotation
from handoff.activation.models import RotationState
from handoff.db import make_engine, make_sessionmaker
from handoff.rasa_client.client import RasaClient
from tests.handoff.conftest import free_port

URLS = ["http://127.0.0.1:9", "http://127.0.0.1:10", "http://127.0.0.1:11"]


async def _until(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "did not happen in time"
        await asyncio.sleep(0.05)


@pytest.fixture
async def sessions(database_url):
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def test_every_front_door_lets_go_of_a_draining_process_and_only_its_conversations_move(sessions):
    async with aiohttp.ClientSession() as http:
        doors = [RasaClient(http, URLS, "token", 1.0) for _ in range(2)]
        followers = [asyncio.create_task(rotation.follow(sessions, door, instance=f"door-{n}", interval=0.1))
                     for n, door in enumerate(doors)]
        try:
            conversations = [f"conversation-{n}" for n in range(60)]
            before = {c: doors[0].pick(c) for c in conversations}
            async with rotation.hold(sessions, target="m.tar.gz", actor="arne") as lease:
                assert (await rotation.current(sessions))["actor"] == "arne"
                with pytest.raises(rotation.Busy):  # one activation at a time, whichever process asks
                    async with rotation.hold(sessions, target="other.tar.gz", actor="olga"):
                        pass
                generation = await lease.set_draining([URLS[1]])
                await asyncio.wait_for(lease.wait_released(generation), 10)
                for door in doors:
                    assert door.draining == {URLS[1]}
                    after = {c: door.pick(c) for c in conversations}
                    assert URLS[1] not in after.values()
                    moved = {c for c in conversations if after[c] != before[c]}
                    assert moved == {c for c in conversations if before[c] == URLS[1]} and moved
            # Released: both front doors route to every process again before hold() returns.
            assert all(door.draining == frozenset() for door in doors)
            assert {c: doors[1].pick(c) for c in conversations} == before
            assert await rotation.current(sessions) is None
        finally:
            for task in followers:
                task.cancel()
            await asyncio.gather(*followers, return_exceptions=True)


async def test_the_activator_waits_while_a_front_door_still_has_a_turn_on_the_process(sessions):
    answer = asyncio.Event()

    async def slow_webhook(_request: web.Request) -> web.Response:
        await answer.wait()
        return web.json_response([{"text": "late but fine"}])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", slow_webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    slow = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as http:
        door = RasaClient(http, [slow, URLS[0]], "token", 30.0)
        follower = asyncio.create_task(rotation.follow(sessions, door, instance="door", interval=0.1))
        conversation = next(f"c{n}" for n in range(100) if door.pick(f"c{n}") == slow)
        try:
            async with rotation.hold(sessions, target="m.tar.gz", actor="arne") as lease:
                turn = asyncio.create_task(door.send(conversation, "hello", "en"))  # sent just before
                await _until(lambda: door.busy([slow]) == 1)
                generation = await lease.set_draining([slow])
                with pytest.raises(TimeoutError):
                    await lease.wait_released(generation, timeout=1.5)
                answer.set()
                assert await turn == [{"text": "late but fine"}]  # the turn in flight is answered
                await asyncio.wait_for(lease.wait_released(generation), 10)
        finally:
            follower.cancel()
            await asyncio.gather(follower, return_exceptions=True)
            await runner.cleanup()


async def test_a_lease_nobody_renews_puts_every_process_back(sessions):
    async with aiohttp.ClientSession() as http:
        door = RasaClient(http, URLS, "token", 1.0)
        follower = asyncio.create_task(rotation.follow(sessions, door, instance="door", interval=0.1))
        try:
            async with sessions() as session:
                await rotation.state(session)
                await session.execute(update(RotationState).where(RotationState.id == 1).values(
                    holder="dead", lease_until=time.time() + 1.0, draining=[URLS[2]],
                    generation=RotationState.generation + 1))
                await session.commit()
            await _until(lambda: door.draining == {URLS[2]})
            await _until(lambda: door.draining == frozenset())  # the activating process died: lease ran out
            async with rotation.hold(sessions, target="m.tar.gz", actor="arne"):
                pass  # and the next activation may take over
        finally:
            follower.cancel()
            await asyncio.gather(follower, return_exceptions=True)


