"""The insights' numbers on SQLite and PostgreSQL, from conversations the front door's own use cases
made: per UTC day (a chat started a second before midnight counts on the day before), per language,
containment and handoffs by reason, waits (median, p90), satisfaction; each drill-down lists exactly
the conversations behind its number; a purged conversation leaves the numbers and the lists."""
from __future__ import annotations

import datetime as dt

from handoff.db import utcnow
from handoff.insights.numbers import cell, percentile
from handoff.keys import DEPS
from handoff.retention import service as retention
from tests.handoff.clients import Customer
from tests.handoff.conftest import logged_in_agent
from tests.handoff.insights.conftest import MIDNIGHT, Chat, make_all, reader
from tests.handoff.seed import queued_chats

SECOND = dt.timedelta(seconds=1)
PERIOD = {"from": "2026-12-01", "to": "2026-12-02"}
CHATS = {
    "a": Chat(MIDNIGHT - dt.timedelta(hours=14), intents=["am_i_affected", "am_i_affected", "what_happened"],
              helpful=[True, False]),
    "b": Chat(MIDNIGHT - 30 * SECOND, reason="low_confidence", wait_seconds=120, score=4,
              intents=["nlu_fallback", "nlu_fallback"]),
    "c": Chat(MIDNIGHT + 30 * SECOND, reason="customer_request", wait_seconds=60, score=2, intents=["request_human"]),
    "d": Chat(MIDNIGHT + dt.timedelta(hours=9), language="de", intents=["am_i_affected", "nlu_fallback"], helpful=[True]),
    "e": Chat(MIDNIGHT + dt.timedelta(hours=11), language="de", reason="customer_request"),
    "f": Chat(MIDNIGHT + dt.timedelta(hours=12), language="de", reason="fraud_reported", wait_seconds=600),
    "before": Chat(MIDNIGHT - dt.timedelta(days=1) - SECOND),
    "after": Chat(MIDNIGHT + dt.timedelta(days=1)),
}


async def test_numbers_per_day_and_language_and_the_conversations_behind_them(door):
    ids = await make_all(door, CHATS)
    clara = await reader(door, "clara")
    numbers = await clara.json(**PERIOD)

    total = numbers["total"]
    assert (total["conversations"], total["contained"], total["handed_off"]) == (6, 2, 4)
    assert total["containment"] == round(2 / 6, 4) and total["handoff_rate"] == round(4 / 6, 4)
    assert {k: v for k, v in total["by_reason"].items() if v} == {
        "low_confidence": 1, "customer_request": 2, "fraud_reported": 1}
    assert total["wait"] == {"claims": 3, "median_seconds": 120, "p90_seconds": 600}
    assert total["satisfaction"] == {"ratings": 2, "average": 3.0}
    assert total["answers"] == {"helpful": 2, "unhelpful": 1}
    assert total["unclear"] == 3
    assert total["topics"] == [{"intent": "am_i_affected", "messages": 3, "conversations": 2},
                               {"intent": "request_human", "messages": 1, "conversations": 1},
                               {"intent": "what_happened", "messages": 1, "conversations": 1}]

    first, second = numbers["by_day"]
    assert first["day"] == "2026-12-01" and second["day"] == "2026-12-02"
    assert first["total"]["conversations"] == 2 and first["by_language"]["en"]["handed_off"] == 1
    assert first["by_language"]["de"]["conversations"] == 0
    assert first["total"]["wait"]["median_seconds"] == 120
    assert second["total"]["conversations"] == 4
    assert second["by_language"]["en"]["conversations"] == 1 and second["by_language"]["de"]["conversations"] == 3
    assert second["by_language"]["de"]["by_reason"]["fraud_reported"] == 1
    assert numbers["by_language"]["de"]["wait"] == {"claims": 1, "median_seconds": 600, "p90_seconds": 600}
    assert first["total"]["unclear"] == 2 and second["by_language"]["de"]["unclear"] == 1
    assert second["by_language"]["de"]["topics"] == [{"intent": "am_i_affected", "messages": 1, "conversations": 1}]

    async def listed(**params):
        return await clara.listed(**PERIOD, **params)

    assert await listed(metric="conversations") == [ids[name] for name in "abcdef"]
    assert await listed(metric="contained") == [ids["a"], ids["d"]]
    assert await listed(metric="handed_off", key="customer_request") == [ids["c"], ids["e"]]
    assert await listed(metric="handed_off", key="customer_request", day="2026-12-01") == []
    assert await listed(metric="conversations", day="2026-12-01") == [ids["a"], ids["b"]]
    assert await listed(metric="conversations", language="de") == [ids["d"], ids["e"], ids["f"]]
    assert await listed(metric="waited", day="2026-12-02", language="de") == [ids["f"]]
    assert await listed(metric="satisfaction") == [ids["b"], ids["c"]]
    assert await listed(metric="satisfaction", key="2") == [ids["c"]]
    assert await listed(metric="topic", key="am_i_affected") == [ids["a"], ids["d"]]
    assert await listed(metric="topic", key="am_i_affected", language="en") == [ids["a"]]
    assert await listed(metric="unclear") == [ids["b"], ids["d"]]
    assert await listed(metric="unclear", day="2026-12-02") == [ids["d"]]
    assert await listed(metric="answers", key="unhelpful") == [ids["a"]]
    assert await listed(metric="answers", key="helpful") == [ids["a"], ids["d"]]
    await clara.close()


async def test_a_purged_conversation_leaves_the_numbers_and_the_lists(door):
    ids = await make_all(door, {name: CHATS[name] for name in "bdf"})
    clara = await reader(door, "clara")
    before = (await clara.json(**PERIOD))["total"]
    assert (before["conversations"], before["unclear"]) == (3, 3)
    assert (await clara.get(f"/conversations/{ids['b']}")).status == 200

    deps = door.server.app[DEPS]
    async with deps.transaction() as session:  # b was last touched 3.5 minutes after midnight; d and f hours later
        assert await retention.purge(session, older_than_days=30, now=MIDNIGHT + dt.timedelta(days=30, minutes=4)) == 1
    numbers = await clara.json(**PERIOD)
    assert numbers["total"]["conversations"] == 2
    assert numbers["total"]["wait"]["claims"] == 1 and numbers["total"]["satisfaction"]["ratings"] == 0
    assert numbers["by_day"][0]["total"]["conversations"] == 0
    assert numbers["total"]["unclear"] == 1 and numbers["total"]["answers"] == {"helpful": 1, "unhelpful": 0}
    assert await clara.listed(**PERIOD, metric="unclear") == [ids["d"]]
    assert ids["b"] not in await clara.listed(**PERIOD, metric="conversations")
    assert await clara.listed(**PERIOD, metric="waited") == [ids["f"]]
    assert await clara.listed(**PERIOD, metric="satisfaction") == []
    assert (await clara.get(f"/conversations/{ids['b']}")).status == 404
    csv_text = await (await clara.get("/conversations.csv", **PERIOD, metric="conversations")).text()
    assert ids["b"] not in csv_text and ids["f"] in csv_text
    await clara.close()


async def test_many_conversations_count_right_on_both_days_and_their_lists_are_complete(door):
    # 1200 queued chats written through the tables (tests/handoff/seed.py), one a minute back from
    # noon on 2 December: more than one batch of the loader's conversation ids.
    chats = await queued_chats(door.database_url, 1200, spacing_seconds=60, now=MIDNIGHT + dt.timedelta(hours=12))
    started = {chat.id: (chat.waiting_since - dt.timedelta(minutes=5)).date().isoformat() for chat in chats}
    clara = await reader(door, "clara")
    numbers = await clara.json(**PERIOD)
    assert numbers["total"]["conversations"] == numbers["total"]["handed_off"] == 1200
    assert set(numbers["total"]["by_reason"].values()) == {200}
    assert [day["total"]["conversations"] for day in numbers["by_day"]] == [
        sum(1 for day in started.values() if day == "2026-12-01"), sum(1 for day in started.values() if day == "2026-12-02")]
    assert numbers["by_language"]["de"]["conversations"] == sum(1 for chat in chats if chat.language == "de")
    fraud = [chat.id for chat in chats if chat.reason == "fraud_reported"]
    listing = await clara.json("/conversations", **PERIOD, metric="handed_off", key="fraud_reported")
    assert listing["total"] == 200 and {item["conversation_id"] for item in listing["conversations"]} == set(fraud)
    everything = await clara.json("/conversations", **PERIOD, metric="conversations")
    assert everything["total"] == 1200 and len(everything["conversations"]) == 500  # the CSV has them all
    exported = await (await clara.get("/conversations.csv", **PERIOD, metric="conversations")).text()
    assert len(exported.strip().splitlines()) == 1 + 1200
    await clara.close()


def test_the_90th_percentile_is_the_nearest_rank_and_the_median_the_middle():
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert percentile(list(range(1, 12)), 0.9) == 10
    assert percentile([5.0], 0.9) == 5.0 and percentile([], 0.9) is None
    assert cell([])["wait"] == {"claims": 0, "median_seconds": None, "p90_seconds": None}


async def test_a_chat_through_the_real_front_door_shows_its_handoff_wait_and_rating(door):
    # The customer's socket, the "talk to a person" button, an agent's claim and close over HTTP,
    # the rating over the socket: what production does, with the real clock (today, UTC).
    agent = await logged_in_agent(door.server, "wanda")
    customer = Customer(door.url, "de")
    await customer.connect()
    await customer.say("Ich möchte mit jemandem sprechen")
    await customer.wait_for("message_ack")
    await customer.say("/request_human")
    conversation_id = (await agent.wait_for("handoff.requested"))["conversation_id"]
    assert (await agent.post(f"/conversations/{conversation_id}/claim")).status == 200
    assert (await agent.post(f"/conversations/{conversation_id}/resolve", {"confirm_unanswered": True})).status == 200
    await customer.wait_for("handoff_status", lambda data: data.get("state") == "resolved")
    assert await customer.sio.call("rate", {"score": 5}, timeout=10) == {"ok": True}
    await customer.close()
    await agent.close()

    clara = await reader(door, "clara", "approver")
    days = {"from": (utcnow() - dt.timedelta(days=1)).date().isoformat(), "to": utcnow().date().isoformat()}
    numbers = await clara.json(**days)  # (yesterday too: the test may run across midnight)
    german = numbers["by_language"]["de"]
    assert (german["conversations"], german["handed_off"], german["by_reason"]["customer_request"]) == (1, 1, 1)
    assert german["satisfaction"] == {"ratings": 1, "average": 5.0}
    assert german["wait"]["claims"] == 1 and 0 <= german["wait"]["median_seconds"] < 60
    assert numbers["by_language"]["en"]["conversations"] == 0
    for metric in ("conversations", "handed_off", "waited", "satisfaction"):
        assert await clara.listed(**days, metric=metric, language="de") == [conversation_id]
    await clara.close()
