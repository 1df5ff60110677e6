"""Scaling out: several front door processes share PostgreSQL and fan socket messages out through
Redis; several Rasa processes each always serve the same conversations."""
from __future__ import annotations

import os
import secrets
import socket
import urllib.parse

import pytest

from handoff.rasa_client.client import pick_url
from tests.conftest import service_missing
from tests.handoff.clients import Agent, Customer
from tests.handoff.conftest import AGENT_PASSWORD, start_front_door

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
REDIS = (urllib.parse.urlsplit(REDIS_URL).hostname, urllib.parse.urlsplit(REDIS_URL).port or 6379)


def redis_reachable() -> bool:
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex(REDIS) == 0


def test_each_conversation_always_goes_to_the_same_rasa():
    urls = ["http://127.0.0.1:5005", "http://127.0.0.1:5006", "http://127.0.0.1:5007"]
    ids = [secrets.token_hex(16) for _ in range(300)]
    first = [pick_url(urls, conversation_id) for conversation_id in ids]
    assert first == [pick_url(list(urls), conversation_id) for conversation_id in ids]
    counts = {url: first.count(url) for url in urls}
    assert min(counts.values()) > 60  # spread over every process


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_agent_on_one_process_reaches_a_customer_on_another(database_url, redactor, rasa):
    if not redis_reachable():
        service_missing(f"Redis is not running at {REDIS_URL}")
    secret = secrets.token_bytes(32)
    first = await start_front_door(database_url, redactor, [rasa.rasa_url], rasa.rasa_token,
                                   redis_url=REDIS_URL, session_secret=secret)
    second = await start_front_door(database_url, redactor, [rasa.rasa_url], rasa.rasa_token,
                                    redis_url=REDIS_URL, session_secret=secret)
    try:
        await second.create_agent("lena")
        agent = Agent(second.url)
        assert (await agent.login("lena", AGENT_PASSWORD)).status == 200
        await agent.connect_socket()
        assert (await agent.post("/availability", {"available": True})).status == 200
        customer = Customer(first.url, "en")
        await customer.connect()
        await customer.say("/request_human")
        conversation_id = (await agent.wait_for("handoff.requested"))["conversation_id"]  # via Redis
        assert (await agent.post(f"/conversations/{conversation_id}/claim")).status == 200
        assert (await agent.post(f"/conversations/{conversation_id}/messages", {"text": "Lena here"})).status == 200
        _, reply = await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "agent")
        assert reply["text"] == "Lena here"
        await customer.close()
        await agent.close()
    finally:
        await first.runner.cleanup()
        await second.runner.cleanup()
