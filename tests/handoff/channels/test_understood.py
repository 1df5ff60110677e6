"""What the bot understood of each customer message is stored with it (the review inbox and the
insights read it), and "Was this helpful?" per answer: real Rasa, SQLite and PostgreSQL."""
from __future__ import annotations

from tests.handoff.clients import Customer
from tests.handoff.conftest import db_rows


async def test_each_classified_customer_message_keeps_the_bots_intent_confidence_and_top_3(front_door):
    url = front_door.settings.database_url
    customer = Customer(front_door.url, "en")
    await customer.connect()
    await customer.say("what happened?")
    await customer.wait_for("bot_uttered")
    await customer.say("can my goldfish read my data")
    await customer.wait_for("bot_uttered", lambda d: d.get("id", 0) > 3)
    await customer.say("my IBAN is DE89 3704 0044 0532 0130 00, is it safe?")
    await customer.wait_for("bot_uttered", lambda d: d.get("id", 0) > 5)
    rows = await db_rows(url, "SELECT sender, text, intent, intent_confidence, intent_ranking FROM messages "
                              "ORDER BY seq")
    customers = [row for row in rows if row["sender"] == "customer"]
    assert customers[0]["intent"] == "what_happened" and customers[0]["intent_confidence"] > 0.5
    ranking = customers[0]["intent_ranking"]
    ranking = ranking if isinstance(ranking, list) else __import__("json").loads(ranking)
    assert len(ranking) == 3 and ranking[0]["name"] == "what_happened"
    assert all(set(guess) == {"name", "confidence"} for guess in ranking)
    # An unclear message: the bot fell back, and its real guesses are kept for the inbox.
    assert customers[1]["intent"] == "nlu_fallback" and customers[1]["intent_confidence"] == 0.3
    unsure = customers[1]["intent_ranking"]
    unsure = unsure if isinstance(unsure, list) else __import__("json").loads(unsure)
    assert len(unsure) == 3 and "nlu_fallback" not in [guess["name"] for guess in unsure]
    # Rasa saw (and the database keeps) the redacted text only.
    assert customers[2]["intent"] == "payment_card_safety"
    assert "3704" not in customers[2]["text"] and "<IBAN>" in customers[2]["text"]
    assert all(row["intent"] is None for row in rows if row["sender"] != "customer")
    await customer.close()


async def test_a_customer_rates_an_answer_helpful_or_not_once(front_door):
    url = front_door.settings.database_url
    customer = Customer(front_door.url, "de")
    await customer.connect()
    await customer.say("Was ist passiert?")
    _, answer = await customer.wait_for("bot_uttered")
    for bad in ({"id": answer["id"], "helpful": "no"}, {"id": "1", "helpful": True}, {"helpful": False}):
        assert "error" in await customer.sio.call("rate_answer", bad, timeout=10), bad
    # Not an answer of the bot: the customer's own message (id 1) cannot be rated.
    assert await customer.sio.call("rate_answer", {"id": 1, "helpful": False}, timeout=10) == {
        "error": "nothing_to_rate"}
    assert await customer.sio.call("rate_answer", {"id": answer["id"], "helpful": True}, timeout=10) == {"ok": True}
    assert await customer.sio.call("rate_answer", {"id": answer["id"], "helpful": False}, timeout=10) == {"ok": True}
    rows = await db_rows(url, "SELECT r.helpful, r.language, m.sender, m.seq FROM answer_ratings r "
                              "JOIN messages m ON m.id = r.message_id")
    assert len(rows) == 1 and not rows[0]["helpful"] and rows[0]["language"] == "de"
    assert rows[0]["sender"] == "bot" and rows[0]["seq"] == answer["id"]
    await customer.close()
