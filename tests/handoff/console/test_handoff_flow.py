"""Handoff to a person and back, with the real Rasa deciding when to hand off."""
from __future__ import annotations

import asyncio
import json

from tests.handoff.clients import Customer
from tests.handoff.conftest import db_rows, logged_in_agent


async def ask_for_person(customer: Customer, text: str = "I want to talk to a real person") -> dict:
    await customer.say(text)
    _, status = await customer.wait_for("handoff_status", lambda d: d.get("state") == "waiting")
    return status


async def test_explicit_handoff_claim_reply_note_hand_back(front_door, rasa):
    agent = await logged_in_agent(front_door, "jana")
    customer = Customer(front_door.url, "en")
    await customer.connect()
    status = await ask_for_person(customer)
    assert status["position"] == 1 and "number 1 in the queue" in status["text"]

    alert = await agent.wait_for("handoff.requested")
    conversation_id = alert["conversation_id"]
    assert alert["reason"] == "customer_request" and alert["language"] == "en"
    queue = await (await agent.get("/queue")).json()
    assert [item["conversation_id"] for item in queue["items"]] == [conversation_id]

    assert (await agent.post(f"/conversations/{conversation_id}/claim")).status == 200
    watched = await agent.watch(conversation_id)
    assert watched["messages"][0]["text"] == "I want to talk to a real person"
    _, joined = await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "system" and "Jana" in d["text"])
    transcript = await (await agent.get(f"/conversations/{conversation_id}")).json()
    assert transcript["reason"] == "customer_request"
    assert transcript["intent_ranking"][-1]["intent"] == "request_human"
    assert transcript["messages"][0] == {**transcript["messages"][0], "sender": "customer",
                                         "text": "I want to talk to a real person"}

    assert (await agent.post(f"/conversations/{conversation_id}/notes", {"text": "asked about card"})).status == 200
    assert (await agent.post(f"/conversations/{conversation_id}/messages",
                             {"text": "Hello, this is Jana. How can I help?"})).status == 200
    _, reply = await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "agent")
    assert reply["text"] == "Hello, this is Jana. How can I help?"

    # The customer's next message goes to the agent, not to Rasa.
    await customer.say("my card was used in Spain")
    message = await agent.wait_for("message.created", lambda d: d["message"]["sender"] == "customer"
                                   and "Spain" in d["message"]["text"])
    assert message["conversation_id"] == conversation_id
    rasa_texts = [e.get("text") for e in rasa.tracker(conversation_id)["events"] if e["event"] == "user"]
    assert "my card was used in Spain" not in rasa_texts

    assert (await agent.post(f"/conversations/{conversation_id}/hand-back")).status == 200
    greeting = await customer.bot_texts_until(lambda d: d.get("sender") == "bot" and "chat assistant" in d["text"])
    assert any("assistant again" in item["text"] for item in greeting)
    assert not any("asked about card" in str(item) for _, item in customer.received)  # notes stay private

    stored = await db_rows(front_door.settings.database_url,
                           "SELECT from_state, to_state, actor FROM transitions WHERE conversation_id = :id ORDER BY id",
                           id=conversation_id)
    assert [(row["from_state"], row["to_state"]) for row in stored] == [("bot", "waiting"), ("waiting", "agent"),
                                                                        ("agent", "bot")]
    assert stored[0]["actor"] == "bot" and stored[1]["actor"].startswith("agent:")
    audit = await db_rows(front_door.settings.database_url,
                          "SELECT action FROM audit_log WHERE conversation_id = :id", id=conversation_id)
    assert {"action": "transcript.opened"} in audit
    await customer.close()
    await agent.close()


async def test_two_agents_claiming_at_once_one_wins(front_door):
    first = await logged_in_agent(front_door, "ada")
    second = await logged_in_agent(front_door, "ben")
    customer = Customer(front_door.url, "de")
    await customer.connect()
    await ask_for_person(customer, "Ich möchte mit einem Menschen sprechen")
    conversation_id = (await first.wait_for("handoff.requested"))["conversation_id"]
    results = await asyncio.gather(first.post(f"/conversations/{conversation_id}/claim"),
                                   second.post(f"/conversations/{conversation_id}/claim"))
    assert sorted(response.status for response in results) == [200, 409]
    loser = next(response for response in results if response.status == 409)
    assert (await loser.json())["state"] == "agent"
    claims = await db_rows(front_door.settings.database_url,
                           "SELECT count(*) AS n FROM transitions WHERE to_state = 'agent'")
    assert claims[0]["n"] == 1
    await customer.close()
    await first.close()
    await second.close()


async def test_two_unclear_messages_hand_off_with_low_confidence(front_door_sqlite):
    customer = Customer(front_door_sqlite.url, "en")
    await customer.connect()
    await customer.say("qzx vlorp")
    await customer.wait_for("bot_uttered", lambda d: "not sure what you mean" in d.get("text", ""))
    await customer.say("mmh brrk fnord")
    await customer.wait_for("handoff_status", lambda d: d.get("state") == "waiting")
    rows = await db_rows(front_door_sqlite.settings.database_url, "SELECT handoff_reason FROM conversations")
    assert rows == [{"handoff_reason": "low_confidence"}]
    await customer.close()


async def test_without_available_agents_the_customer_gets_hotline_callback_and_bot(front_door_sqlite):
    customer = Customer(front_door_sqlite.url, "en")
    await customer.connect()
    await customer.say("/request_human")
    _, notice = await customer.wait_for("bot_uttered", lambda d: "nobody from our team" in d.get("text", ""))
    assert "+49 40" in notice["text"]
    assert notice["waiting"] == "nobody"
    assert [b["payload"] for b in notice["buttons"]] == ["/callback", "/email", "/continue_with_bot"]
    await customer.say("/callback")
    await customer.wait_for("bot_uttered", lambda d: "phone number we should call" in d.get("text", ""))
    await customer.say("hmm no")
    await customer.wait_for("bot_uttered", lambda d: "does not look like a phone number" in d.get("text", ""))
    await customer.say("030 1234567")
    await customer.wait_for("bot_uttered", lambda d: "We will call you back" in d.get("text", ""))
    stored = await db_rows(front_door_sqlite.settings.database_url, "SELECT phone, status FROM callback_requests")
    assert stored == [{"phone": "+49301234567", "status": "open"}]
    texts = await db_rows(front_door_sqlite.settings.database_url, "SELECT text FROM messages WHERE sender='customer'")
    assert "030 1234567" not in str(texts)  # the transcript keeps only a placeholder
    await customer.say("/continue_with_bot")
    await customer.wait_for("bot_uttered", lambda d: "assistant again" in d.get("text", ""))
    await customer.say("what happened?")
    await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "bot")
    await customer.close()


async def test_a_waiting_customer_leaves_an_email_address_kept_only_for_the_reply(front_door_sqlite, rasa, caplog):
    caplog.set_level("INFO")  # what production logs (the database driver's DEBUG echoes SQL parameters)
    address = "erika.muster@example.org"
    customer = Customer(front_door_sqlite.url, "de")
    await customer.connect()
    await customer.say("/request_human")
    await customer.wait_for("bot_uttered", lambda d: d.get("waiting") == "nobody")
    await customer.say("/email")
    _, asked = await customer.wait_for("bot_uttered", lambda d: "Mail-Adresse, an die wir schreiben" in d.get("text", ""))
    assert f"nach {front_door_sqlite.settings.retention_days} Tagen" in asked["text"]  # how long it is kept
    await customer.say("erika at example")
    await customer.wait_for("bot_uttered", lambda d: "nicht wie eine Mail-Adresse" in d.get("text", ""))
    await customer.say(f"  {address} ")
    await customer.wait_for("bot_uttered", lambda d: "Wir schreiben Ihnen" in d.get("text", ""))
    url = front_door_sqlite.settings.database_url
    assert await db_rows(url, "SELECT channel, email, phone, status FROM callback_requests WHERE status='open'") == [
        {"channel": "email", "email": address, "phone": None, "status": "open"}]
    stored = await db_rows(url, "SELECT text FROM messages")
    assert address not in str(stored) and "<EMAIL>" in str(stored)  # the transcript keeps a placeholder
    conversation_id = (await db_rows(url, "SELECT id FROM conversations"))[0]["id"]
    assert address not in json.dumps(rasa.tracker(conversation_id))  # Rasa never saw it
    assert address not in caplog.text  # nor did any log
    agent = await logged_in_agent(front_door_sqlite, "fiona")
    details = await (await agent.get(f"/conversations/{conversation_id}")).json()
    assert details["callback_email"] == address  # the agent sees where to write
    await customer.close()
    await agent.close()


async def test_disconnected_agents_chats_return_to_the_queue(sqlite_url, redactor, rasa):
    from tests.handoff.conftest import start_front_door

    server = await start_front_door(sqlite_url, redactor, [rasa.rasa_url], rasa.rasa_token, agent_grace_seconds=1.0)
    try:
        agent = await logged_in_agent(server, "cleo")
        customer = Customer(server.url, "en")
        await customer.connect()
        await ask_for_person(customer)
        conversation_id = (await agent.wait_for("handoff.requested"))["conversation_id"]
        assert (await agent.post(f"/conversations/{conversation_id}/claim")).status == 200
        await agent.sio.disconnect()
        _, status = await customer.wait_for("handoff_status", lambda d: d.get("state") == "waiting", timeout=10)
        assert status["position"] == 1
        rows = await db_rows(sqlite_url, "SELECT state, agent_id FROM conversations")
        assert rows == [{"state": "waiting", "agent_id": None}]
        await customer.close()
        await agent.close()
    finally:
        await server.runner.cleanup()


async def test_queue_position_and_estimate_follow_real_waits(front_door_sqlite):
    agent = await logged_in_agent(front_door_sqlite, "dora")
    customers, statuses = [], []
    for _ in range(3):
        customer = Customer(front_door_sqlite.url, "en")
        await customer.connect()
        await customer.say("/request_human")
        statuses.append((await customer.wait_for("handoff_status", lambda d: d.get("state") == "waiting"))[1])
        customers.append(customer)
    assert [status["position"] for status in statuses] == [1, 2, 3]
    assert statuses[2]["estimated_wait_seconds"] is None  # no real waits measured yet: no made-up figure
    queue = await (await agent.get("/queue")).json()
    first_id = queue["items"][0]["conversation_id"]
    assert (await agent.post(f"/conversations/{first_id}/claim")).status == 200
    _, moved_up = await customers[2].wait_for("handoff_status", lambda d: d.get("position") == 2)
    assert "number 2" in moved_up["text"]
    for customer in customers:
        await customer.close()
    await agent.close()


async def test_estimated_wait_comes_from_recent_real_waits(front_door_sqlite):
    agent = await logged_in_agent(front_door_sqlite, "emil")
    for _ in range(3):  # three real waits, each claimed after about a second
        customer = Customer(front_door_sqlite.url, "en")
        await customer.connect()
        await customer.say("/request_human")
        conversation_id = (await agent.wait_for("handoff.requested"))["conversation_id"]
        await asyncio.sleep(1)
        assert (await agent.post(f"/conversations/{conversation_id}/claim")).status == 200
        await customer.close()
    waiting = Customer(front_door_sqlite.url, "de")
    await waiting.connect()
    await waiting.say("/request_human")
    _, status = await waiting.wait_for("handoff_status", lambda d: d.get("state") == "waiting")
    assert 1.0 <= status["estimated_wait_seconds"] < 5
    assert status["text"] == "Sie sind Nummer 1 in der Warteschlange. Wartezeit: etwa 1 Min."
    await waiting.close()
    await agent.close()
