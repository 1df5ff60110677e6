"""Typing indicators over the real sockets: a flood of typing events reaches the other side as one
event per window, and only the agent who holds the chat can show typing to its customer."""
from __future__ import annotations

import asyncio

from tests.handoff.clients import Customer
from tests.handoff.conftest import logged_in_agent


async def test_a_flood_of_typing_events_reaches_the_agent_throttled(front_door_sqlite):
    agent = await logged_in_agent(front_door_sqlite, "tara")
    customer = Customer(front_door_sqlite.url, "en")
    await customer.connect()
    await customer.say("/request_human")
    conversation_id = (await agent.wait_for("handoff.requested"))["conversation_id"]
    assert (await agent.post(f"/conversations/{conversation_id}/claim")).status == 200
    assert "messages" in await agent.watch(conversation_id)
    while not agent.events.empty():
        agent.events.get_nowait()
    for _ in range(300):  # an attacker's page sends typing events as fast as it can
        await customer.sio.emit("typing", {})
    await asyncio.sleep(1.0)
    seen = []
    while not agent.events.empty():
        name, data = agent.events.get_nowait()
        if name == "customer.typing":
            seen.append(data)
    assert seen and len(seen) <= 1  # 300 sent within one 2-second window: one reached the agent
    assert seen[0] == {"conversation_id": conversation_id}  # no text, nothing else
    await customer.close()
    await agent.close()


async def test_only_the_agent_holding_the_chat_shows_typing_to_the_customer(front_door_sqlite):
    holder = await logged_in_agent(front_door_sqlite, "ulla")
    other = await logged_in_agent(front_door_sqlite, "vera")
    customer = Customer(front_door_sqlite.url, "en")
    await customer.connect()
    await customer.say("/request_human")
    conversation_id = (await holder.wait_for("handoff.requested"))["conversation_id"]
    await other.sio.emit("typing", {"conversation_id": conversation_id}, namespace="/agent")  # not theirs yet
    assert (await holder.post(f"/conversations/{conversation_id}/claim")).status == 200
    await asyncio.sleep(2.1)  # a new throttle window
    await other.sio.emit("typing", {"conversation_id": conversation_id}, namespace="/agent")
    await asyncio.sleep(0.5)
    assert not [data for name, data in customer.received if name == "agent_typing"]
    await asyncio.sleep(2.1)
    await holder.sio.emit("typing", {"conversation_id": conversation_id}, namespace="/agent")
    _, typing = await customer.wait_for("agent_typing")
    assert typing == {"agent": "Ulla"}
    await customer.close()
    await holder.close()
    await other.close()
