"""Guessing console passwords is limited per username and per client address (finding 2)."""
from __future__ import annotations

import asyncio

from tests.handoff.clients import Agent
from tests.handoff.conftest import AGENT_PASSWORD
from tests.handoff.console.conftest import create_user


async def test_thirty_wrong_passwords_then_the_right_one_is_refused(door):
    await create_user(door, "hal")
    browser = Agent(door.url)
    statuses = await asyncio.gather(*(browser.login("hal", f"guess number {n:03d}") for n in range(30)))
    codes = sorted(response.status for response in statuses)
    assert codes.count(401) == 5 and codes.count(429) == 25
    right = await browser.login("hal", AGENT_PASSWORD)
    assert right.status == 429
    assert 1 <= int(right.headers["Retry-After"]) <= 15 * 60
    assert (await browser.get("/queue")).status == 401
    await browser.close()


async def test_the_lock_is_per_username_not_for_everyone(door):
    await create_user(door, "ida")
    await create_user(door, "jon")
    browser = Agent(door.url)
    for n in range(5):
        assert (await browser.login("ida", f"wrong guess {n:03d}")).status == 401
    assert (await browser.login("IDA", AGENT_PASSWORD)).status == 429  # names differing in case count together
    assert (await browser.login("jon", AGENT_PASSWORD)).status == 200
    await browser.close()


async def test_one_address_trying_many_usernames_is_locked(door):
    await create_user(door, "kim")
    browser = Agent(door.url)
    for n in range(20):
        assert (await browser.login(f"user{n}", "wrong password!!")).status == 401
    assert (await browser.login("kim", AGENT_PASSWORD)).status == 429
    await browser.close()
