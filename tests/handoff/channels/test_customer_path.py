"""A customer's conversation through the whole path: socket or REST -> front door -> real Rasa."""
from __future__ import annotations

import secrets

import aiohttp

from tests.handoff.clients import Customer
from tests.handoff.conftest import db_rows


def is_bot(data) -> bool:
    return data.get("sender") == "bot"


async def test_english_conversation_over_socketio(front_door):
    customer = Customer(front_door.url, "en")
    session_id = await customer.connect()
    assert len(session_id) >= 32
    await customer.say("what happened?")
    _, ack = await customer.wait_for("message_ack")
    assert ack["id"] == 1
    replies = await customer.bot_texts_until(lambda d: "logged into some customer accounts" in d.get("text", ""))
    assert all(reply["sender"] == "bot" for reply in replies)
    assert [reply["id"] for reply in replies] == list(range(2, 2 + len(replies)))
    await customer.close()


async def test_german_conversation_over_rest(front_door):
    chosen = secrets.token_urlsafe(24)
    sender = None
    async with aiohttp.ClientSession() as http:
        # Catching up first (as a client does after a restart) must not create an English conversation.
        catch_up = await http.post(f"{front_door.url}/webhooks/rest/messages", json={"sender": chosen, "after": 0})
        assert await catch_up.json() == []

        async def say(text):
            nonlocal sender
            response = await http.post(f"{front_door.url}/webhooks/rest/webhook", json={
                "sender": sender or chosen, "message": text, "metadata": {"language": "de"}})
            assert response.status == 200
            sender = response.headers["X-Session-Token"]
            return await response.json()
        greeting = await say("Hallo")
        # A token the client chose is never accepted: the server issued its own.
        assert sender != chosen and greeting[0]["recipient_id"] == sender
        assert "Chat-Assistent" in greeting[0]["text"]
        assert any(b["payload"] == "/what_happened" for b in greeting[0]["buttons"])
        when = " ".join(reply["text"] for reply in await say("wann war das denn"))
        assert "Es begann am" in when
    rows = await db_rows(front_door.settings.database_url, "SELECT count(*) AS n FROM conversations")
    assert rows == [{"n": 1}]  # both messages went to the one conversation


async def test_transcript_is_stored_in_order_with_the_session_only_as_hash(front_door):
    customer = Customer(front_door.url, "en")
    session_id = await customer.connect()
    await customer.say("hello")
    await customer.wait_for("bot_uttered")
    rows = await db_rows(front_door.settings.database_url,
                         "SELECT c.session_hash, m.seq, m.sender FROM conversations c "
                         "JOIN messages m ON m.conversation_id = c.id ORDER BY m.seq")
    assert rows[0]["sender"] == "customer" and rows[1]["sender"] == "bot"
    assert [row["seq"] for row in rows] == list(range(1, len(rows) + 1))
    assert session_id not in {row["session_hash"] for row in rows}
    await customer.close()


async def test_hostile_rest_bodies_get_a_clear_400_never_a_500(front_door_sqlite):
    """Security review: deeply nested JSON and ``after`` values that overflow the database or are
    booleans answered 500."""
    async with aiohttp.ClientSession() as http:
        nested = await http.post(f"{front_door_sqlite.url}/webhooks/rest/webhook", data="[" * 30_000 + "]" * 30_000,  # under the 64 KiB body limit
                                 headers={"Content-Type": "application/json"})
        assert nested.status == 400, await nested.text()
        first = await http.post(f"{front_door_sqlite.url}/webhooks/rest/webhook", json={"message": "hello"})
        sender = first.headers["X-Session-Token"]
        for after in (2**70, -1, True, "3", 1.5):
            response = await http.post(f"{front_door_sqlite.url}/webhooks/rest/messages",
                                       json={"sender": sender, "after": after})
            assert response.status == 400, (after, response.status)
            assert (await response.json())["error"] == "after must be a non-negative integer"
