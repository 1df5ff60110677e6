"""An agent socket ends with its login session: logout (at once), the idle and absolute limits, a
password change. Before, a socket opened with a copied cookie kept receiving live message texts
after the owner logged out (finding 1 of the security issue, socket half)."""
from __future__ import annotations

import asyncio

import pytest
import socketio

from handoff.agents import service as agents
from handoff.db import make_engine, make_sessionmaker
from tests.handoff.clients import Agent, close_refused
from tests.handoff.console.conftest import Door, _door, conversation, login


@pytest.fixture
async def door(sqlite_url, redactor):
    """The front door without a bot, checking agent sockets against their sessions every 0.2 s."""
    running = await _door(sqlite_url, redactor, agent_session_check_seconds=0.2)
    yield running
    await running.server.runner.cleanup()


async def _socket_with(door: Door, cookie: str) -> Agent:
    """Another browser whose agent socket carries ``cookie`` (a copy of someone's login cookie)."""
    thief = Agent(door.url)
    try:
        await thief.sio.connect(door.url, namespaces=["/agent"], transports=["websocket"],
                                headers={"Cookie": cookie})
    except socketio.exceptions.ConnectionError:
        await close_refused(thief.sio)
        await thief.close()
        raise
    return thief


async def _disconnected(agent: Agent, timeout: float = 10) -> bool:
    deadline = asyncio.get_running_loop().time() + timeout
    while agent.sio.connected and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
    return not agent.sio.connected


async def _agent_reply_reaches(door: Door, conversation_id: str) -> None:
    """A second agent claims the chat and writes; wait until their own watching socket got it."""
    writer = await login(door, "wes")
    await writer.connect_socket()
    await writer.watch(conversation_id)
    assert (await writer.post(f"/conversations/{conversation_id}/claim")).status == 200
    assert (await writer.post(f"/conversations/{conversation_id}/messages", {"text": "secret reply"})).status == 200
    await writer.wait_for("message.created", lambda d: d["message"]["text"] == "secret reply")
    await writer.close()


async def test_logout_disconnects_every_socket_of_the_session_and_they_get_no_more_texts(door):
    owner = await login(door, "sue", role="supervisor")
    await owner.connect_socket()
    stolen = owner.cookie_header()
    thief = await _socket_with(door, stolen)
    waiting = await conversation(door, state="waiting")
    assert "messages" in await thief.watch(waiting)

    assert (await owner.post("/logout")).status == 200
    assert await _disconnected(owner) and await _disconnected(thief)
    await _agent_reply_reaches(door, waiting)
    await asyncio.sleep(0.3)
    assert thief.events.empty()  # the reply reached the writer's socket, not the thief's
    with pytest.raises(socketio.exceptions.ConnectionError):
        await _socket_with(door, stolen)  # the copied cookie opens no new socket either
    await thief.close()
    await owner.close()


async def test_a_socket_ends_when_its_session_passes_the_idle_limit(door):
    agent = await login(door, "ida")
    await agent.connect_socket()
    door.clock.advance(minutes=29)
    await asyncio.sleep(0.6)  # three checks while the session is still valid
    assert agent.sio.connected
    door.clock.advance(minutes=2)
    assert await _disconnected(agent)
    await agent.close()


async def test_a_socket_ends_when_the_password_changes(door):
    agent = await login(door, "pat")
    await agent.connect_socket()
    other = await login(door, "oli")
    await other.connect_socket()
    engine = make_engine(door.database_url)
    async with make_sessionmaker(engine)() as session:
        await agents.set_password(session, username="pat", password="another long passphrase")
        await session.commit()
    await engine.dispose()
    assert await _disconnected(agent)
    await asyncio.sleep(0.6)
    assert other.sio.connected  # only that user's sockets end
    await agent.close()
    await other.close()
