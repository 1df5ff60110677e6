"""The exact client protocol of docs/front-door.md ("Client protocol"), one test per rule."""
from __future__ import annotations

import asyncio
import datetime as dt
import secrets

import aiohttp

from tests.handoff.clients import Customer
from tests.handoff.conftest import db_rows, logged_in_agent


async def test_message_ack_comes_before_the_bot_answers(front_door_sqlite):
    customer = Customer(front_door_sqlite.url, "en")
    await customer.connect()
    await customer.say("what happened?", client_message_id="m-1")
    await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "bot")
    order = [name for name, data in customer.received if name in ("message_ack", "bot_uttered")]
    assert order[0] == "message_ack", order
    ack = next(data for name, data in customer.received if name == "message_ack")
    assert ack == {"client_message_id": "m-1", "id": 1, "duplicate": False}
    await customer.close()


async def test_a_rejection_names_the_message_it_rejects(front_door_sqlite):
    customer = Customer(front_door_sqlite.url, "en")
    await customer.connect()
    await customer.say("   ", client_message_id="empty-one")
    _, rejection = await customer.wait_for("bot_uttered", lambda d: d.get("error"))
    assert rejection["error"] == "error_empty" and rejection["client_message_id"] == "empty-one"
    async with aiohttp.ClientSession() as http:
        response = await http.post(f"{front_door_sqlite.url}/webhooks/rest/webhook", json={
            "sender": secrets.token_urlsafe(24), "message": "x" * 5_000, "message_id": "too-long-one"})
        body = await response.json()
    assert response.status == 400 and body["client_message_id"] == "too-long-one"
    await customer.close()


def _utc(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    assert parsed.utcoffset() == dt.timedelta(0), value  # UTC, with its offset written out
    return parsed


async def test_messages_carry_utc_times_and_the_agents_name_which_survives_a_reload(front_door):
    agent = await logged_in_agent(front_door, "jana")
    customer = Customer(front_door.url, "en")
    await customer.connect()
    await customer.say("/request_human")
    conversation_id = (await agent.wait_for("handoff.requested"))["conversation_id"]
    assert (await agent.post(f"/conversations/{conversation_id}/claim")).status == 200
    assert (await agent.post(f"/conversations/{conversation_id}/messages", {"text": "Hi, Jana here."})).status == 200
    _, reply = await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "agent")
    assert reply["agent_name"] == "Jana"
    _utc(reply["created_at"])
    # A reload (a new socket with the same session) catches up with the name still there.
    again = Customer(front_door.url, "en", session_id=customer.session_id)
    await again.connect(last_seen_id=0)
    _, history = await again.wait_for("history")
    agent_messages = [m for m in history["messages"] if m["sender"] == "agent"]
    assert [m["agent_name"] for m in agent_messages] == ["Jana"]
    assert all(_utc(m["created_at"]) for m in history["messages"])
    await again.close()
    await customer.close()
    await agent.close()


async def test_button_clicks_are_stored_and_shown_as_their_label(front_door_sqlite):
    customer = Customer(front_door_sqlite.url, "de")
    await customer.connect()
    await customer.say("/request_human")
    await customer.wait_for("handoff_status", lambda d: d.get("state") == "waiting")
    stored = await db_rows(front_door_sqlite.settings.database_url,
                           "SELECT text FROM messages WHERE sender = 'customer'")
    assert stored == [{"text": "Mit einem Menschen sprechen"}]
    await customer.close()


async def test_redactions_reach_plain_clients_as_readable_placeholders(front_door_sqlite):
    async with aiohttp.ClientSession() as http:
        first = await http.post(f"{front_door_sqlite.url}/webhooks/rest/webhook", json={
            "message": "Ist meine IBAN DE89 3704 0044 0532 0130 00 betroffen?", "metadata": {"language": "de"}})
        sender = first.headers["X-Session-Token"]
        history = await (await http.post(f"{front_door_sqlite.url}/webhooks/rest/messages",
                                          json={"sender": sender, "after": 0})).json()
    assert history[0]["text"] == "Ist meine IBAN [IBAN entfernt] betroffen?"
    stored = await db_rows(front_door_sqlite.settings.database_url,
                           "SELECT text FROM messages WHERE sender = 'customer'")
    assert stored == [{"text": "Ist meine IBAN <IBAN> betroffen?"}]


async def test_the_language_in_custom_data_is_honoured_on_every_message(front_door_sqlite):
    customer = Customer(front_door_sqlite.url, "en")
    await customer.connect()
    await customer.sio.emit("user_uttered", {"message": "Bist du ein Bot?", "session_id": customer.session_id,
                                             "customData": {"language": "de"}})
    _, answer = await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "bot")
    rows = await db_rows(front_door_sqlite.settings.database_url, "SELECT language FROM conversations")
    assert rows == [{"language": "de"}]
    assert "Chat-Assistent" in answer["text"], answer["text"]
    await customer.close()


async def test_going_on_with_the_assistant_updates_the_status(front_door_sqlite):
    customer = Customer(front_door_sqlite.url, "en")
    await customer.connect()
    await customer.say("/request_human")
    await customer.wait_for("handoff_status", lambda d: d.get("state") == "waiting")
    await customer.say("/continue_with_bot")
    _, status = await customer.wait_for("handoff_status", lambda d: d.get("state") == "bot")
    assert status == {"state": "bot"}
    _, message = await customer.wait_for("bot_uttered", lambda d: "assistant again" in d.get("text", ""))
    transitions = await db_rows(front_door_sqlite.settings.database_url,
                                "SELECT from_state, to_state, reason FROM transitions ORDER BY id")
    assert transitions[-1] == {"from_state": "waiting", "to_state": "bot", "reason": "continue_with_bot"}
    await customer.close()


async def test_a_reopened_conversation_is_written_once_with_one_reason(front_door_sqlite):
    agent = await logged_in_agent(front_door_sqlite, "ivo")
    customer = Customer(front_door_sqlite.url, "en")
    await customer.connect()
    await customer.say("/request_human")
    conversation_id = (await agent.wait_for("handoff.requested"))["conversation_id"]
    await customer.wait_for("handoff_status", lambda d: d.get("state") == "waiting")
    # (closed unanswered from the queue: the agent confirms it, docs/front-door.md "Finishing a chat")
    assert (await agent.post(f"/conversations/{conversation_id}/resolve", {"confirm_unanswered": True})).status == 200
    await customer.wait_for("handoff_status", lambda d: d.get("state") == "resolved")
    await customer.say("/request_human")
    assert (await agent.wait_for("handoff.requested"))["conversation_id"] == conversation_id
    reopened = await db_rows(front_door_sqlite.settings.database_url,
                             "SELECT reason FROM transitions WHERE from_state = 'resolved'")
    assert reopened == [{"reason": "customer_wrote_again"}]
    # The audit listener runs after the ones that tell the agents and the waiting customers.
    await customer.wait_for("handoff_status", lambda d: d.get("state") == "waiting")
    for _ in range(50):
        audit = await db_rows(front_door_sqlite.settings.database_url,
                              "SELECT action FROM audit_log WHERE conversation_id = :id ORDER BY id", id=conversation_id)
        if len(audit) >= 4:
            break
        await asyncio.sleep(0.1)
    assert [row["action"] for row in audit] == ["conversation.queued", "conversation.resolved",
                                                "conversation.reopened", "conversation.queued"]
    await customer.close()
    await agent.close()
