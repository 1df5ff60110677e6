"""A dead or slow bot: the customer is told and offered a person; nothing is lost; no bot reply
slips in after a person took over."""
from __future__ import annotations

import asyncio

from aiohttp import web

from tests import servers
from tests.handoff.clients import Customer
from tests.handoff.conftest import db_rows, free_port, start_front_door


async def test_action_server_and_then_rasa_stopped_mid_conversation(sqlite_url, redactor, tmp_path):
    """The real action server, then the real Rasa, are stopped between messages."""
    own = servers.start_test_incident(tmp_path)  # a Rasa of this test's own, to stop
    try:
        door = await start_front_door(sqlite_url, redactor, [own.rasa_url], own.rasa_token, rasa_timeout_seconds=3)
        customer = Customer(door.url, "en")
        await customer.connect()
        await customer.say("hello")
        await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "bot")
        own.processes[0].terminate()  # the action server: Rasa then answers 200 with []
        own.processes[0].wait(timeout=20)
        await customer.say("when did it happen?")
        _, apology = await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "system")
        assert "cannot answer right now" in apology["text"]
        own.processes[1].terminate()  # Rasa itself
        own.processes[1].wait(timeout=20)
        await customer.say("what happened?")
        _, apology = await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "system"
                                             and d["id"] > apology["id"])
        assert "cannot answer right now" in apology["text"]
        assert [b["payload"] for b in apology["buttons"]] == ["/request_human"]
        await customer.say("/request_human")  # works without the bot
        await customer.wait_for("handoff_status", lambda d: d.get("state") == "waiting")
        stored = await db_rows(sqlite_url, "SELECT text FROM messages WHERE sender='customer' ORDER BY seq")
        # The button click is stored as its label (client protocol).
        assert [row["text"] for row in stored] == ["hello", "when did it happen?", "what happened?", "Talk to a person"]
        await customer.close()
        await door.runner.cleanup()
    finally:
        own.stop()


class SlowRasa:
    """A stand-in for Rasa that answers late or with nothing: slowness cannot be caused on the real one
    reliably. ``serial``: one message at a time, like a Rasa whose one core is saturated; ``in_flight``
    and ``most_in_flight`` count the requests it holds."""

    def __init__(self, delay: float, replies, serial: bool = False) -> None:
        self.delay, self.replies, self.received, self.answered = delay, replies, [], 0
        self.port = free_port()
        self.busy = asyncio.Lock() if serial else None
        self.in_flight = self.most_in_flight = 0

    async def start(self) -> web.AppRunner:
        async def webhook(request: web.Request) -> web.Response:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            try:
                self.received.append(await request.json())
                if self.busy is not None:
                    async with self.busy:
                        await asyncio.sleep(self.delay)
                else:
                    await asyncio.sleep(self.delay)
                self.answered += 1
                return web.json_response(self.replies)
            finally:
                self.in_flight -= 1

        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", self.port).start()
        return runner


async def test_bot_reply_in_flight_during_handoff_is_dropped(sqlite_url, redactor):
    slow = SlowRasa(delay=2.0, replies=[{"recipient_id": "x", "text": "LATE BOT ANSWER"}])
    runner = await slow.start()
    door = await start_front_door(sqlite_url, redactor, [f"http://127.0.0.1:{slow.port}"], "token",
                                  rasa_timeout_seconds=10)
    try:
        customer = Customer(door.url, "en")
        await customer.connect()
        await customer.say("what happened?")
        while not slow.received:
            await asyncio.sleep(0.05)
        await customer.say("/request_human")  # while the bot is still thinking
        await customer.wait_for("handoff_status", lambda d: d.get("state") == "waiting")
        await asyncio.sleep(2.5)  # the late answer arrives now
        assert slow.answered == 1  # the late answer really reached the front door ...
        assert not any("LATE BOT ANSWER" in str(data) for _, data in customer.received)
        stored = await db_rows(sqlite_url, "SELECT sender, text FROM messages ORDER BY seq")
        assert "LATE BOT ANSWER" not in str(stored)
        assert stored[0] == {"sender": "customer", "text": "what happened?"}  # ... and was dropped
        await customer.close()
    finally:
        await door.runner.cleanup()
        await runner.cleanup()


async def test_timeout_and_empty_answers_get_an_apology(sqlite_url, redactor):
    silent = SlowRasa(delay=0, replies=[])
    runner = await silent.start()
    door = await start_front_door(sqlite_url, redactor, [f"http://127.0.0.1:{silent.port}"], "token",
                                  rasa_timeout_seconds=1)
    try:
        customer = Customer(door.url, "en")
        await customer.connect()
        await customer.say("hello")
        _, apology = await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "system")
        assert "cannot answer right now" in apology["text"]
        silent.delay = 3  # longer than the timeout
        await customer.say("hello again")
        await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "system" and d["id"] > 2)
        assert silent.received[0]["metadata"] == {"language": "en"}
        await customer.close()
    finally:
        await door.runner.cleanup()
        await runner.cleanup()
