"""Scaling out: several front door processes share PostgreSQL and fan socket messages out through
Redis; several Rasa processes each always serve the same conversations."""
from __future__ import annotations

import secrets

import pytest

from handoff.rasa_client.client import pick_url
from tests.handoff.clients import Agent, Customer
from tests.handoff.conftest import AGENT_PASSWORD, start_front_door

def test_each_conversation_always_goes_to_the_same_rasa():
    urls = ["http://127.0.0.1:5005", "http://127.0.0.1:5006", "http://127.0.0.1:5007"]
    ids = [secrets.token_hex(16) for _ in range(300)]
    first = [pick_url(urls, conversation_id) for conversation_id in ids]
    assert first == [pick_url(list(urls), conversation_id) for conversation_id in ids]
    counts = {url: first.count(url) for url in urls}
    assert min(counts.values()) > 60  # spread over every process


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_agent_on_one_process_reaches_a_customer_on_another(redis_url, database_url, redactor, rasa):
    secret = secrets.token_bytes(32)
    first = await start_front_door(database_url, redactor, [rasa.rasa_url], rasa.rasa_token,
                                   redis_url=redis_url, session_secret=secret)
    second = await start_front_door(database_url, redactor, [rasa.rasa_url], rasa.rasa_token,
                                    redis_url=redis_url, session_secret=secret)
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
