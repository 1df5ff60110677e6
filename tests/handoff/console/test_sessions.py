"""Agent sessions live on the server: logout, idle and absolute limits and a password change end
them for every copy of the cookie (finding 1)."""
from __future__ import annotations

import asyncio
import os
import sys

import aiohttp

from handoff.agents import service as agents
from handoff.db import make_engine, make_sessionmaker
from tests.conftest import ROOT
from tests.handoff.conftest import AGENT_PASSWORD, db_rows
from tests.handoff.console.conftest import login


async def _status_with_cookie(door, cookie: str, path: str = "/queue") -> int:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{door.url}/console/api{path}", headers={"Cookie": cookie}) as response:
            return response.status


async def test_a_cookie_copied_before_logout_is_refused_after_it(door_any_db):
    agent = await login(door_any_db, "ada")
    stolen = agent.cookie_header()
    assert await _status_with_cookie(door_any_db, stolen) == 200
    assert (await agent.post("/logout")).status == 200
    assert await _status_with_cookie(door_any_db, stolen) == 401
    assert await _status_with_cookie(door_any_db, stolen, "/me") == 401
    await agent.close()


async def test_logging_in_again_ends_the_browsers_earlier_session(door):
    agent = await login(door, "abe")
    earlier = agent.cookie_header()
    assert (await agent.login("abe", AGENT_PASSWORD)).status == 200
    assert agent.cookie_header() != earlier
    assert await _status_with_cookie(door, earlier) == 401
    assert (await agent.get("/queue")).status == 200
    await agent.close()


async def test_the_cookie_is_a_random_id_and_only_its_hash_is_stored(door_any_db):
    agent = await login(door_any_db, "bea")
    cookie = next(c for c in agent.http.cookie_jar if c.key == "agent_session")
    rows = await db_rows(door_any_db.database_url, "SELECT id_hash, data FROM agent_sessions")
    assert len(rows) == 1 and cookie.value not in str(rows[0]) and len(rows[0]["id_hash"]) == 64
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    await agent.close()


async def test_a_session_ends_after_30_minutes_unused(door):
    agent = await login(door, "cem")
    door.clock.advance(minutes=29)
    assert (await agent.get("/queue")).status == 200  # use renews the idle limit
    door.clock.advance(minutes=29)
    assert (await agent.get("/queue")).status == 200
    door.clock.advance(minutes=30, seconds=1)
    assert (await agent.get("/queue")).status == 401
    assert await db_rows(door.database_url, "SELECT id_hash FROM agent_sessions") == []
    await agent.close()


async def test_a_session_ends_12_hours_after_login_however_busy(door):
    agent = await login(door, "dov")
    minutes, status = 0, 200
    while status == 200 and minutes <= 13 * 60:
        door.clock.advance(minutes=20)  # never idle for long
        minutes += 20
        status = (await agent.get("/queue")).status
    assert status == 401 and 12 * 60 < minutes <= 12 * 60 + 20
    await agent.close()


async def test_a_password_change_ends_every_session_of_that_user_only(door):
    laptop = await login(door, "eli")
    phone = await login(door, "eli", create=False)
    other = await login(door, "fay")
    engine = make_engine(door.database_url)
    async with make_sessionmaker(engine)() as session:
        ended = await agents.set_password(session, username="eli", password="a brand new passphrase")
        await session.commit()
    await engine.dispose()
    assert ended == 2
    assert (await laptop.get("/queue")).status == 401
    assert (await phone.get("/queue")).status == 401
    assert (await other.get("/queue")).status == 200
    assert (await laptop.login("eli", AGENT_PASSWORD)).status == 401
    assert (await laptop.login("eli", "a brand new passphrase")).status == 200
    for browser in (laptop, phone, other):
        await browser.close()


async def test_set_password_command_ends_the_users_sessions(door):
    agent = await login(door, "gil")
    env = {**os.environ, "DATABASE_URL": door.database_url, "PYTHONPATH": str(ROOT)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "handoff", "set-password", "gil", env=env, stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await process.communicate(b"another long passphrase\n")
    assert process.returncode == 0, err.decode()
    assert b"1 session(s) ended" in out
    assert (await agent.get("/queue")).status == 401
    await agent.close()
