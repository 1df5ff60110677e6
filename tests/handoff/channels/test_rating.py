"""Satisfaction ratings over the customer socket, on SQLite and PostgreSQL: only after a person's
part ended, a score 1-5 stored at once, a comment redacted and added to the same rating."""
from __future__ import annotations

from tests.handoff.clients import Customer
from tests.handoff.conftest import db_rows, logged_in_agent


async def rate(customer: Customer, data) -> dict:
    return await customer.sio.call("rate", data, timeout=10)


async def test_a_rating_is_stored_once_per_stretch_with_a_person(front_door):
    url = front_door.settings.database_url
    agent = await logged_in_agent(front_door, "wanda")
    customer = Customer(front_door.url, "de")
    await customer.connect()
    assert await rate(customer, {"score": 5}) == {"error": "nothing_to_rate"}  # nobody has helped yet
    await customer.say("/request_human")
    conversation_id = (await agent.wait_for("handoff.requested"))["conversation_id"]
    assert (await agent.post(f"/conversations/{conversation_id}/claim")).status == 200
    assert await rate(customer, {"score": 5}) == {"error": "nothing_to_rate"}  # still with the person
    assert (await agent.post(f"/conversations/{conversation_id}/hand-back")).status == 200
    _, status = await customer.wait_for("handoff_status", lambda d: d.get("state") == "bot")
    assert status["rate"] is True

    for bad in ({"score": 0}, {"score": 6}, {"score": "5"}, {"score": True}, {}, {"score": 3, "comment": "x" * 1001}):
        assert "error" in await rate(customer, bad), bad
    assert await db_rows(url, "SELECT id FROM satisfaction_ratings") == []
    assert await rate(customer, {"score": 2}) == {"ok": True}
    assert await rate(customer, {"score": 3, "comment": "Meine Nummer ist 0151 23456789, bitte anrufen"}) == {"ok": True}
    rows = await db_rows(url, "SELECT score, comment, language, handoff_reason, agent_id FROM satisfaction_ratings")
    assert len(rows) == 1
    assert rows[0]["score"] == 3 and rows[0]["language"] == "de" and rows[0]["handoff_reason"] == "customer_request"
    assert "<PHONE>" in rows[0]["comment"] and "23456789" not in rows[0]["comment"]
    assert rows[0]["agent_id"] is not None

    # A second stretch with a person, closed by the agent: a second rating.
    await customer.say("/request_human")
    await agent.wait_for("handoff.requested")
    assert (await agent.post(f"/conversations/{conversation_id}/claim")).status == 200
    # The customer's last message is unanswered: resolving needs the agent's confirmation.
    assert (await agent.post(f"/conversations/{conversation_id}/resolve",
                             {"confirm_unanswered": True})).status == 200
    _, status = await customer.wait_for("handoff_status", lambda d: d.get("state") == "resolved")
    assert status["rate"] is True
    assert await rate(customer, {"score": 5}) == {"ok": True}
    assert sorted(r["score"] for r in await db_rows(url, "SELECT score FROM satisfaction_ratings")) == [3, 5]
    await customer.close()
    await agent.close()
