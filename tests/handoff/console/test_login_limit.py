"""Guessing console passwords is limited per username and per client address (finding 2)."""
from __future__ import annotations

import asyncio
import os
import secrets

import pytest
import redis.asyncio

from handoff.config import Settings
from handoff.console.login_limit import LoginLimiter

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


async def test_with_redis_every_process_counts_together():
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        client = redis.asyncio.from_url(url)
        await client.ping()
        await client.aclose()
    except (OSError, redis.exceptions.RedisError) as error:
        pytest.skip(f"Redis not reachable at {url}: {error}")
    settings = Settings(redis_url=url)
    first, second = LoginLimiter(settings), LoginLimiter(settings)  # two front door processes
    name = "limit-probe-" + secrets.token_hex(4)
    for n in range(5):
        assert await (first if n % 2 else second).attempt(username=name, address=f"10.0.0.{n}") == 0
    assert await first.attempt(username=name, address="10.0.0.9") > 0
    assert await second.attempt(username=name, address="10.0.0.9") > 0
    await first.close()
    await second.close()
