"""The running product with the studio's content for end-to-end tests: the real Rasa, the real
action server and the front door sharing one database (``CONTENT_DATABASE_URL``), plus helpers that
speak to the bot as a customer."""
from __future__ import annotations

import asyncio
import secrets
import time
from typing import AsyncIterator, Callable, List, Tuple

import aiohttp
import pytest

from handoff import migrations
from handoff.agents import service as agents
from handoff.db import make_engine, make_sessionmaker
from tests import servers
from tests.handoff.conftest import AGENT_PASSWORD, drop_postgres_database, fresh_postgres_database, start_front_door
from tests.handoff.console.conftest import Clock, Door

# (username, role) of the accounts every such product has; dora is a second editor.
USERS = [("clara", "comms_editor"), ("arne", "approver"), ("dora", "comms_editor")]
PUBLISH_SECONDS = 5.0  # issue 12, item 7: a publish reaches every process within 5 seconds


async def bot_with_content(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                           redactor) -> AsyncIterator[Tuple[Door, servers.Servers]]:
    """Fixture body (``request.param``: "sqlite" or "postgresql"); yields the front door and the bot."""
    workdir = tmp_path_factory.mktemp("runtime")
    if request.param == "sqlite":
        url, admin, name = f"sqlite+aiosqlite:///{workdir / 'handoff.sqlite3'}", None, None
    else:
        admin = request.getfixturevalue("postgres_server")
        name, url = await fresh_postgres_database(admin)
    await asyncio.to_thread(migrations.upgrade, url)
    # Accounts first, as production does before it starts (`make user`, another process).
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session:
        for username, role in USERS:
            await agents.create(session, username=username, password=AGENT_PASSWORD, role=role)
        await session.commit()
    await engine.dispose()
    bot = await asyncio.to_thread(servers.start_test_incident, workdir, {"CONTENT_DATABASE_URL": url})
    try:
        server = await start_front_door(url, redactor, [bot.rasa_url], bot.rasa_token,
                                        action_server_url=bot.actions_url, action_server_token=bot.actions_token)
    except BaseException:
        await asyncio.to_thread(bot.stop)
        raise
    yield Door(server, Clock()), bot
    await server.runner.cleanup()
    await asyncio.to_thread(bot.stop)
    if admin:
        await drop_postgres_database(admin, name)


async def answers(url: str, text: str, language: str = "de") -> List[str]:
    """A new customer's first answers to ``text`` through the front door's REST channel (a German
    customer unless ``language`` says otherwise)."""
    async with aiohttp.ClientSession() as http:
        reply = await http.post(f"{url}/webhooks/rest/webhook", json={
            "sender": secrets.token_urlsafe(24), "message": text, "metadata": {"language": language}})
        assert reply.status == 200
        return [message.get("text", "") for message in await reply.json()]


async def within_publish_time(url: str, text: str, wanted: Callable[[List[str]], bool]) -> List[str]:
    """Ask until an answer is ``wanted``; the last try is a message sent after ``PUBLISH_SECONDS``
    (how long Rasa takes to answer under load does not count: the message was sent late enough)."""
    deadline = time.monotonic() + PUBLISH_SECONDS
    while True:
        sent_late_enough = time.monotonic() > deadline
        found = await answers(url, text)
        if wanted(found) or sent_late_enough:
            return found
        await asyncio.sleep(0.5)
