"""The review inbox's API, attacks first: no session, an agent, no CSRF token, a supervisor who may
only read; then what annotators do: list the groups, open a conversation (audited), move, confirm,
ignore, propose a new intent, in bulk; every action in the audit. SQLite and PostgreSQL, no bot."""
from __future__ import annotations

import aiohttp

from tests.handoff.conftest import db_rows
from tests.handoff.console.conftest import login
from tests.handoff.inbox.seed import UNCLEAR, chat, sure

API = "/studio/api/inbox"


async def get(browser, path: str = "") -> aiohttp.ClientResponse:
    return await browser.http.get(f"{browser.url}{API}{path}")


async def post(browser, body, csrf: bool = True) -> aiohttp.ClientResponse:
    headers = {"X-CSRF-Token": browser.csrf} if csrf else {}
    return await browser.http.post(f"{browser.url}{API}/decide", json=body, headers=headers)


async def test_without_a_session_an_agent_or_a_csrf_token_nothing_is_read_or_decided(door_any_db):
    url = door_any_db.database_url
    conversation_id, (message_id,) = await chat(url, [("can my hamster read my data", UNCLEAR)])
    async with aiohttp.ClientSession() as anonymous:
        for path in ("", "/activity", "/texts", f"/conversations/{conversation_id}"):
            assert (await anonymous.get(f"{door_any_db.url}{API}{path}")).status == 401, path
        answer = await anonymous.post(f"{door_any_db.url}{API}/decide", json={"message_ids": [message_id],
                                                                             "action": "ignore"})
        assert answer.status == 401
    agent = await login(door_any_db, "agnes", "agent")
    for path in ("", "/activity", "/texts", f"/conversations/{conversation_id}"):
        assert (await get(agent, path)).status == 403, path
    assert (await post(agent, {"message_ids": [message_id], "action": "ignore"})).status == 403
    annotator = await login(door_any_db, "anna", "annotator")
    refused = await post(annotator, {"message_ids": [message_id], "action": "ignore"}, csrf=False)
    assert refused.status == 403 and (await refused.json())["code"] == "csrf"
    supervisor = await login(door_any_db, "sven", "supervisor")
    assert (await get(supervisor)).status == 200  # supervisors read ...
    read_only = await post(supervisor, {"message_ids": [message_id], "action": "ignore"})
    assert read_only.status == 403 and (await read_only.json())["code"] == "inbox_read_only"  # ... only
    assert await db_rows(url, "SELECT id FROM inbox_decisions") == []
    assert await db_rows(url, "SELECT id FROM audit_log WHERE action LIKE 'inbox.%'") == []
    page = await agent.http.get(f"{door_any_db.url}/studio/inbox")
    assert page.status == 200 and "Content-Security-Policy" in page.headers
    for browser in (agent, annotator, supervisor):
        await browser.http.close()


async def test_the_inbox_lists_what_needs_a_look_with_the_bots_guesses_in_groups(door_any_db):
    url = door_any_db.database_url
    unclear, ids = await chat(url, [("hi", sure("greet")), ("can my hamster read my data", UNCLEAR),
                                    ("what happened", sure("what_happened")), ("what happened?", sure("what_happened"))])
    similar_one, (similar_id,) = await chat(url, [("Could my hamster read the data?", UNCLEAR)])
    handed, handed_ids = await chat(url, [("I need my pension statement <IBAN>", sure("what_data_affected", 0.41))],
                                    handed_off_after=0)
    rated, rated_ids = await chat(url, [("when was it", sure("when_did_it_happen"))], unhelpful=[0])
    fine, _ = await chat(url, [("what happened", sure("what_happened")), ("thanks", sure("thanks")),
                               ("thanks", sure("thanks"))])
    annotator = await login(door_any_db, "anna", "annotator")
    answer = await get(annotator)
    assert answer.status == 200
    listing = await answer.json()
    assert listing["can_decide"] is True
    items = {item["message_id"]: item for group in listing["groups"] for item in group["items"]}
    assert set(items) == {ids[1], ids[3], similar_id, handed_ids[0], rated_ids[0]}
    assert items[ids[1]]["reasons"] == ["unclear"] and items[ids[3]]["reasons"] == ["repeated"]
    assert items[handed_ids[0]]["reasons"] == ["handed_off"] and items[rated_ids[0]]["reasons"] == ["unhelpful"]
    assert "<IBAN>" in items[handed_ids[0]]["text"]  # only the redacted text, as stored
    hamsters = next(group for group in listing["groups"] if ids[1] in [i["message_id"] for i in group["items"]])
    assert hamsters["count"] == 2 and {i["message_id"] for i in hamsters["items"]} == {ids[1], similar_id}
    assert hamsters["guesses"][0] == {"name": "what_happened", "confidence": 0.21}
    assert listing["groups"][0] is not None and listing["groups"][0]["count"] == 2  # the largest group first
    await annotator.http.close()


async def test_ignore_and_a_new_intent_take_messages_out_for_good_and_are_audited(door_any_db):
    url = door_any_db.database_url
    first, (one,) = await chat(url, [("can my hamster read my data", UNCLEAR)])
    second, (two,) = await chat(url, [("can my hamster see my data", UNCLEAR)])
    third, (three,) = await chat(url, [("tell me about the parrot", UNCLEAR)])
    annotator = await login(door_any_db, "anna", "annotator")
    for bad in ({"message_ids": [one], "action": "new_intent", "intent": "Pets!"},
                {"message_ids": [one], "action": "new_intent", "intent": "what_happened"},
                {"message_ids": [one], "action": "new_intent", "intent": "nlu_fallback"},
                {"message_ids": [one], "action": "explode"}, {"message_ids": [], "action": "ignore"},
                {"message_ids": [one, one], "action": "ignore"}, {"message_ids": ["1"], "action": "ignore"},
                {"message_ids": [one], "action": "move", "intent": "no_such_intent"}):
        refused = await post(annotator, bad)
        assert refused.status in (400, 422), bad
        assert (await refused.json())["error"], bad
    moved = await post(annotator, {"message_ids": [one, two], "action": "new_intent", "intent": "pet_questions"})
    assert moved.status == 200, await moved.text()
    assert sorted((await moved.json())["decided"]) == sorted([one, two])
    assert (await post(annotator, {"message_ids": [three], "action": "ignore"})).status == 200
    again = await post(annotator, {"message_ids": [three], "action": "ignore"})
    assert again.status == 422 and (await again.json())["code"] == "inbox_gone"
    assert (await (await get(annotator)).json())["groups"] == []
    decisions = await db_rows(url, "SELECT message_id, action, intent FROM inbox_decisions ORDER BY message_id")
    assert [(row["action"], row["intent"]) for row in decisions] == [
        ("new_intent", "pet_questions"), ("new_intent", "pet_questions"), ("ignored", None)]
    audit = await db_rows(url, "SELECT action, conversation_id FROM audit_log WHERE action LIKE 'inbox.%'")
    assert {(row["action"], row["conversation_id"]) for row in audit} == {
        ("inbox.new_intent", first), ("inbox.new_intent", second), ("inbox.ignored", third)}
    activity = (await (await get(annotator, "/activity")).json())["entries"]
    assert [(entry["who"], entry["action"], entry["note"]) for entry in activity] == [
        ("anna", "ignored", "1 message(s)"), ("anna", "new_intent", "2 message(s) -> pet_questions")]
    await annotator.http.close()


async def test_an_annotator_reads_an_inbox_conversation_and_the_read_is_audited(door_any_db):
    url = door_any_db.database_url
    in_inbox, _ = await chat(url, [("can my hamster read my data", UNCLEAR)])
    not_in_inbox, _ = await chat(url, [("what happened", sure("what_happened"))])
    annotator = await login(door_any_db, "anna", "annotator")
    assert (await get(annotator, f"/conversations/{not_in_inbox}")).status == 404
    assert (await get(annotator, "/conversations/" + "x" * 40)).status == 404
    answer = await get(annotator, f"/conversations/{in_inbox}")
    assert answer.status == 200
    messages = (await answer.json())["messages"]
    assert [m["sender"] for m in messages] == ["customer", "bot"]
    assert messages[0]["text"] == "can my hamster read my data"
    audit = await db_rows(url, "SELECT action, conversation_id FROM audit_log WHERE action = 'transcript.opened'")
    assert [(row["action"], row["conversation_id"]) for row in audit] == [("transcript.opened", in_inbox)]
    await annotator.http.close()


async def test_confirm_and_move_add_training_examples_in_one_bulk_action(door_any_db):
    url = door_any_db.database_url
    _, (guessed,) = await chat(url, [("what did the hackers do exactly", sure("what_happened", 0.52))],
                               handed_off_after=0)
    _, (one, two) = await chat(url, [("can my hamster read my data", UNCLEAR),
                                     ("could my hamster read the data?", UNCLEAR)])
    _, (taken,) = await chat(url, [("good evening", UNCLEAR)])  # already an example of greet
    _, (german,) = await chat(url, [("Kann mein Hamster meine Daten lesen", UNCLEAR)], language="de")
    annotator = await login(door_any_db, "anna", "annotator")
    confirmed = await post(annotator, {"message_ids": [guessed], "action": "confirm"})
    assert (await confirmed.json()) == {"decided": [guessed], "refused": []}
    moved = await post(annotator, {"message_ids": [one, two, taken, german], "action": "move",
                                   "intent": "out_of_scope"})
    assert moved.status == 200
    outcome = await moved.json()
    assert sorted(outcome["decided"]) == sorted([one, two, german])
    assert outcome["refused"] == [{"message_id": taken, "reason": "in_other_intent"}]
    rows = await db_rows(url, "SELECT i.name, e.language, e.text FROM intent_examples e JOIN intents i "
                              "ON i.id = e.intent_id WHERE e.source = 'inbox' ORDER BY e.id")
    assert [(row["name"], row["language"], row["text"]) for row in rows] == [
        ("what_happened", "en", "what did the hackers do exactly"),
        ("out_of_scope", "en", "can my hamster read my data"),
        ("out_of_scope", "en", "could my hamster read the data?"),
        ("out_of_scope", "de", "Kann mein Hamster meine Daten lesen")]
    left = [item["message_id"] for group in (await (await get(annotator)).json())["groups"] for item in group["items"]]
    assert left == [taken]  # refused: it stays, to be moved elsewhere or ignored
    await annotator.http.close()


async def test_erasure_and_retention_take_inbox_items_ratings_and_decisions_with_them(door_any_db):
    from handoff.db import make_engine, make_sessionmaker
    from handoff.retention import service as retention

    url = door_any_db.database_url
    erased, (first,) = await chat(url, [("can my hamster read my data", UNCLEAR)], unhelpful=[0])
    kept, (second,) = await chat(url, [("can my parrot read my data", UNCLEAR)])
    annotator = await login(door_any_db, "anna", "annotator")
    assert (await post(annotator, {"message_ids": [first], "action": "ignore"})).status == 200
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session:
        assert await retention.erase(session, conversation_id=erased)
        await session.commit()
    for table in ("inbox_decisions", "answer_ratings", "messages"):
        assert await db_rows(url, f"SELECT id FROM {table} WHERE conversation_id = :id", id=erased) == [], table
    left = [item["message_id"] for group in (await (await get(annotator)).json())["groups"] for item in group["items"]]
    assert left == [second]
    async with make_sessionmaker(engine)() as session:
        assert await retention.purge(session, older_than_days=0) == 1  # the other one, now old enough
        await session.commit()
    await engine.dispose()
    assert (await (await get(annotator)).json())["groups"] == []
    assert (await get(annotator, f"/conversations/{kept}")).status == 404
    await annotator.http.close()
