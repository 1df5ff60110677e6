"""Security behaviour, tested like features: logins, cookies, CSRF, origins, who sees what."""
from __future__ import annotations

import aiohttp
import pytest
import socketio

from tests.handoff.clients import Agent, Customer, close_refused
from tests.handoff.conftest import AGENT_PASSWORD, db_rows, logged_in_agent


async def test_wrong_password_is_refused_and_passwords_are_argon2_hashes(front_door_sqlite):
    await front_door_sqlite.create_agent("fiona")
    agent = Agent(front_door_sqlite.url)
    assert (await agent.login("fiona", "wrong password!!")).status == 401
    assert (await agent.login("nobody", AGENT_PASSWORD)).status == 401
    assert (await agent.get("/queue")).status == 401
    rows = await db_rows(front_door_sqlite.settings.database_url, "SELECT password_hash FROM agents")
    assert rows[0]["password_hash"].startswith("$argon2id$") and AGENT_PASSWORD not in rows[0]["password_hash"]
    await agent.close()


async def test_session_cookie_is_httponly_and_samesite(front_door_sqlite):
    await front_door_sqlite.create_agent("gus")
    async with aiohttp.ClientSession() as http:
        response = await http.post(f"{front_door_sqlite.url}/console/api/login",
                                   json={"username": "gus", "password": AGENT_PASSWORD})
        cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


async def test_post_without_csrf_token_or_from_a_foreign_origin_is_refused(front_door_sqlite):
    agent = await logged_in_agent(front_door_sqlite, "hana", available=False)
    assert (await agent.post("/availability", {"available": True}, csrf=False)).status == 403
    foreign = await agent.http.post(f"{front_door_sqlite.url}/console/api/availability", json={"available": True},
                                    headers={"X-CSRF-Token": agent.csrf, "Origin": "https://evil.example"})
    assert foreign.status == 403
    assert (await agent.post("/availability", {"available": True})).status == 200
    assert (await agent.post("/logout")).status == 200
    assert (await agent.get("/queue")).status == 401
    await agent.close()


async def test_agent_socket_needs_an_agent_login(front_door_sqlite):
    customer = Customer(front_door_sqlite.url, "en")
    await customer.connect()
    intruder = socketio.AsyncClient(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        # A customer's session is worth nothing on the agent namespace.
        await intruder.connect(front_door_sqlite.url, namespaces=["/agent"], transports=["websocket"],
                               headers={"Cookie": f"agent_session={customer.session_id}"})
    await close_refused(intruder)
    await customer.close()


async def test_customer_socket_from_a_foreign_origin_is_refused(front_door_sqlite):
    customer = Customer(front_door_sqlite.url, "en")
    with pytest.raises(socketio.exceptions.ConnectionError):
        await customer.connect(headers={"Origin": "https://evil.example"})
    await close_refused(customer.sio)


async def test_customers_only_see_their_own_conversation(front_door_sqlite):
    alice, bob = Customer(front_door_sqlite.url, "en"), Customer(front_door_sqlite.url, "en")
    await alice.connect()
    await bob.connect()
    await alice.say("my secret question")
    await alice.wait_for("bot_uttered", lambda d: d.get("sender") == "bot")
    # Bob guesses a short session id: he gets a new, own conversation instead.
    guesser = Customer(front_door_sqlite.url, "en", session_id="1")
    assert await guesser.connect() != "1"
    await guesser.close()
    assert not any("secret" in str(data) for _, data in bob.received)
    await alice.close()
    await bob.close()


async def test_transcript_reads_are_audited_and_unknown_ids_are_404(front_door_sqlite):
    agent = await logged_in_agent(front_door_sqlite, "ivan")
    assert (await agent.get("/conversations/does-not-exist")).status == 404
    assert (await agent.post("/conversations/does-not-exist/claim")).status == 404
    await agent.close()
