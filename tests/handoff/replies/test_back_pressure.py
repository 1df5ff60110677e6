"""A saturated bot makes answers slower, not apologies: turns wait their turn in the front door, in
the order they came, and a customer who waits is told the answer is coming (issue 9, item 5)."""
from __future__ import annotations

import asyncio

from tests.handoff.clients import Customer
from tests.handoff.conftest import start_front_door
from tests.handoff.replies.test_failures import SlowRasa

CUSTOMERS = 6


async def _ask(customer: Customer, text: str) -> list:
    await customer.say(text)
    collected = await customer.bot_texts_until(lambda d: d.get("sender") == "bot", timeout=30)
    return [data["text"] for data in collected]


async def test_a_saturated_bot_answers_everyone_in_order_and_says_the_answer_is_coming(sqlite_url, redactor):
    # One message at a time, 0.6 s each: six at once would take 3.6 s, past the 2 s request timeout.
    rasa = SlowRasa(delay=0.6, replies=[{"recipient_id": "x", "text": "THE ANSWER"}], serial=True)
    runner = await rasa.start()
    door = await start_front_door(sqlite_url, redactor, [f"http://127.0.0.1:{rasa.port}"], "token",
                                  rasa_timeout_seconds=2, rasa_concurrency=1, answer_coming_seconds=1.5)
    customers = [Customer(door.url, "en") for _ in range(CUSTOMERS)]
    try:
        for customer in customers:
            await customer.connect()
        asking = []
        for number, customer in enumerate(customers):
            asking.append(asyncio.create_task(_ask(customer, f"question {number}")))
            await asyncio.sleep(0.05)  # a known order of arrival
        heard = await asyncio.gather(*asking)

        assert all(texts[-1] == "THE ANSWER" for texts in heard)
        assert not any("cannot answer right now" in text for texts in heard for text in texts)
        assert [body["message"] for body in rasa.received] == [f"question {n}" for n in range(CUSTOMERS)]
        assert rasa.most_in_flight == 1  # the turns really queued in the front door, not in the bot
        told = ["on its way" in " ".join(texts) for texts in heard]
        assert not told[0] and all(told[3:])  # the first waited 0.6 s; the last ones 2 s and more
    finally:
        for customer in customers:
            await customer.close()
        await door.runner.cleanup()
        await runner.cleanup()


async def test_without_back_pressure_the_same_load_times_out_into_apologies(sqlite_url, redactor):
    """The attack on the old behaviour, kept as the control: with every turn sent at once the bot's
    queue grows past the request timeout."""
    rasa = SlowRasa(delay=0.6, replies=[{"recipient_id": "x", "text": "THE ANSWER"}], serial=True)
    runner = await rasa.start()
    door = await start_front_door(sqlite_url, redactor, [f"http://127.0.0.1:{rasa.port}"], "token",
                                  rasa_timeout_seconds=2, rasa_concurrency=CUSTOMERS, answer_coming_seconds=30)
    customers = [Customer(door.url, "en") for _ in range(CUSTOMERS)]
    try:
        for customer in customers:
            await customer.connect()
        for number, customer in enumerate(customers):
            await customer.say(f"question {number}")
        apologies = 0
        for customer in customers:
            _, first = await customer.wait_for("bot_uttered", lambda d: d.get("sender") in ("bot", "system"))
            apologies += "cannot answer right now" in first["text"]
        assert rasa.most_in_flight > 3 and apologies >= 1
    finally:
        for customer in customers:
            await customer.close()
        await door.runner.cleanup()
        await runner.cleanup()
