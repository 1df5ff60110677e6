"""Customer sessions (security review): tokens are issued by the server only and stored as an HMAC;
one socket cannot create many conversations, one address only a limited number per hour."""
from __future__ import annotations

import hashlib

from sqlalchemy import event

from handoff.keys import DEPS
from handoff.queue import service as queue
from tests.handoff.clients import Customer
from tests.handoff.conftest import db_rows, start_front_door


async def test_a_token_the_client_chose_is_never_accepted(front_door_sqlite):
    chosen = "my-own-very-guessable-token-0001"
    customer = Customer(front_door_sqlite.url, "en", session_id=chosen)
    issued = await customer.connect()
    assert issued != chosen
    stored = [row["session_hash"] for row in await db_rows(front_door_sqlite.settings.database_url,
                                                           "SELECT session_hash FROM conversations")]
    assert len(stored) == 1
    # Neither the chosen token nor the issued one is stored, nor their plain SHA-256 (an HMAC is).
    for token in (chosen, issued):
        assert token not in stored and hashlib.sha256(token.encode()).hexdigest() not in stored
    # The issued token finds the same conversation again.
    again = Customer(front_door_sqlite.url, "en", session_id=issued)
    assert await again.connect() == issued
    assert len(await db_rows(front_door_sqlite.settings.database_url, "SELECT id FROM conversations")) == 1
    await again.close()
    await customer.close()


async def test_one_socket_starts_one_conversation(front_door_sqlite):
    customer = Customer(front_door_sqlite.url, "en")
    first = await customer.connect()
    for _ in range(100):
        await customer.sio.emit("session_request", {"session_id": None, "extended": True})
    for _ in range(100):
        _, confirmed = await customer.wait_for("session_confirm")
        assert confirmed == first
    assert len(await db_rows(front_door_sqlite.settings.database_url, "SELECT id FROM conversations")) == 1
    await customer.close()


async def test_session_requests_sent_at_once_open_one_conversation_in_the_language_asked_last(front_door_sqlite):
    # A page that switches to German while its first session request is still on its way sends the
    # second before the first is answered (the flake of the both-languages browser test).
    customer = Customer(front_door_sqlite.url)
    await customer.sio.connect(front_door_sqlite.url, transports=["websocket"])
    for language in ("en", "de"):
        await customer.sio.emit("session_request", {"session_id": None, "extended": True, "last_seen_id": 0,
                                                    "customData": {"language": language}})
    confirmed = {(await customer.wait_for("session_confirm"))[1] for _ in range(2)}
    told = [(await customer.wait_for("language"))[1]["language"] for _ in range(2)]
    stored = await db_rows(front_door_sqlite.settings.database_url, "SELECT language FROM conversations")
    assert len(confirmed) == 1 and [row["language"] for row in stored] == ["de"]
    assert told[-1] == "de"  # the page's texts end in the language the customer chose
    await customer.close()


async def test_new_conversations_per_address_are_limited(sqlite_url, redactor, rasa):
    door = await start_front_door(sqlite_url, redactor, [rasa.rasa_url], rasa.rasa_token,
                                  new_conversations_per_hour=3)
    customers = [Customer(door.url, "de") for _ in range(3)]
    for customer in customers:
        await customer.connect()
    refused = Customer(door.url, "de")
    await refused.sio.connect(door.url, transports=["websocket"])
    await refused.sio.emit("session_request", {"session_id": None, "extended": True, "customData": {"language": "de"}})
    _, message = await refused.wait_for("bot_uttered")
    assert message["error"] == "error_too_many_chats" and "zu viele Chats" in message["text"]
    assert not [name for name, _ in refused.received if name == "session_confirm"]
    assert len(await db_rows(sqlite_url, "SELECT id FROM conversations")) == 3
    for customer in customers + [refused]:
        await customer.close()
    await door.runner.cleanup()


async def test_telling_the_queue_their_positions_costs_the_same_queries_at_any_length(front_door_sqlite):
    """Flooding the queue must not slow every agent's console: the queries per status push do not
    grow with the number of waiting customers (it was one estimate query per waiting customer)."""
    deps = front_door_sqlite.app[DEPS]
    engine = deps.sessions.kw["bind"]
    statements = []

    def count(*_args):
        statements.append(1)

    async def queries_with(waiting: int) -> int:
        customers = [Customer(front_door_sqlite.url, "en") for _ in range(waiting)]
        for customer in customers:
            await customer.connect()
            await customer.say("/request_human")
            await customer.wait_for("handoff_status", lambda d: d.get("state") == "waiting")
        statements.clear()
        event.listen(engine.sync_engine, "before_cursor_execute", count)
        await queue.push_status(deps)
        event.remove(engine.sync_engine, "before_cursor_execute", count)
        for customer in customers:
            await customer.close()
        return len(statements)

    few = await queries_with(2)
    many = await queries_with(20)
    # One statement per waiting customer would make it 18 more; allow one for a connection check.
    assert many - few <= 1 and many <= 5, (few, many)
