"""A new intent made from a proposal of the review inbox: attacks first (no session, wrong role, no
CSRF token: nothing made, the proposal stays), then the proposal's messages becoming the new
intent's examples (a refused one back in the inbox with the reason), the proposal leaving the
inbox, the audit. Real front door, real action server, SQLite and PostgreSQL."""
from __future__ import annotations

import aiohttp

from tests.handoff.conftest import db_rows
from tests.handoff.inbox.seed import UNCLEAR, chat
from tests.handoff.studio.conftest import StudioUser, studio_user

ANSWER = {"en": "Pets cannot read your data.", "de": "Haustiere können Ihre Daten nicht lesen."}
NEW = {"name": "pet_questions", "titles": {"en": "Questions about pets", "de": "Fragen zu Haustieren"},
       "leads_to": "answer", "answer": ANSWER, "proposal": "pet_questions"}


async def _propose(door, texts) -> list:
    """Customer messages ``[(text, language)]`` proposed by an annotator as ``pet_questions``."""
    ids = []
    for text, language in texts:
        ids += (await chat(door.database_url, [(text, UNCLEAR)], language=language))[1]
    annotator = await studio_user(door, "anna", "annotator")
    decided = await annotator.post("/inbox/decide", {"message_ids": ids, "action": "new_intent",
                                                     "intent": "pet_questions"})
    assert decided.status == 200, await decided.text()
    await annotator.close()
    return ids


async def _open_proposals(user: StudioUser) -> list:
    return (await (await user.get("/inbox")).json())["proposals"]


async def test_no_one_but_comms_editors_and_approvers_makes_an_intent_from_a_proposal(studio_sqlite):
    await _propose(studio_sqlite, [("can my hamster read my data", "en")])
    async with aiohttp.ClientSession() as anonymous:
        async with anonymous.get(f"{studio_sqlite.url}/studio/api/proposals/pet_questions") as reply:
            assert reply.status == 401
    agent = await studio_user(studio_sqlite, "anton", "agent")
    assert (await agent.get("/proposals/pet_questions")).status == 403
    assert (await agent.post("/intents", NEW)).status == 403
    annotator = await studio_user(studio_sqlite, "ann", "annotator")
    assert (await annotator.get("/proposals/pet_questions")).status == 200  # reads what it proposed
    refused = await annotator.post("/intents", NEW)
    assert refused.status == 403 and (await refused.json())["code"] == "intent_creators_only"
    editor = await studio_user(studio_sqlite, "clara", "comms_editor")
    assert (await editor.post("/intents", NEW, csrf=False)).status == 403
    assert await db_rows(studio_sqlite.database_url, "SELECT id FROM intents WHERE name = 'pet_questions'") == []
    assert await _open_proposals(editor) == [{"name": "pet_questions", "count": 1}]
    for user in (agent, annotator, editor):
        await user.close()


async def test_the_proposals_messages_become_the_new_intents_examples(studio):
    url = studio.database_url
    editor = await studio_user(studio, "clara", "comms_editor")
    greet = (await (await editor.get("/intents/greet")).json())["examples"]["en"][0]["text"]
    hamster, katze, taken = await _propose(studio, [("can my hamster read my data", "en"),
                                                    ("kann meine Katze meine Daten lesen", "de"), (greet, "en")])
    shown = await editor.get("/proposals/pet_questions")
    assert shown.status == 200
    assert [(one["message_id"], one["language"], one["text"]) for one in (await shown.json())["messages"]] == [
        (hamster, "en", "can my hamster read my data"), (katze, "de", "kann meine Katze meine Daten lesen"),
        (taken, "en", greet)]
    made = await editor.post("/intents", NEW)
    assert made.status == 201, await made.text()
    adopted = (await made.json())["adopted"]
    assert adopted["added"] == 2
    assert [(one["message_id"], one["reason"], one["intent"]) for one in adopted["refused"]] == [
        (taken, "in_other_intent", "greet")]
    assert adopted["refused"][0]["error"]
    examples = (await (await editor.get("/intents/pet_questions")).json())["examples"]
    assert [one["text"] for one in examples["en"]] == ["can my hamster read my data"]
    assert [one["text"] for one in examples["de"]] == ["kann meine Katze meine Daten lesen"]
    inbox = await (await editor.get("/inbox")).json()
    assert inbox["proposals"] == []  # left the inbox ...
    assert [item["message_id"] for group in inbox["groups"] for item in group["items"]] == [taken]  # ... but this
    decisions = await db_rows(url, "SELECT message_id, action, intent FROM inbox_decisions ORDER BY message_id")
    assert [(row["message_id"], row["action"], row["intent"]) for row in decisions] == [
        (hamster, "moved", "pet_questions"), (katze, "moved", "pet_questions")]
    trail = await db_rows(url, "SELECT note FROM content_audit WHERE action = 'inbox.adopted'")
    assert [row["note"] for row in trail] == [
        "proposal pet_questions -> pet_questions: 2 message(s) added, 1 back in the inbox"]
    assert len(await db_rows(url, "SELECT id FROM audit_log WHERE action = 'inbox.adopted'")) == 3
    gone = await editor.get("/proposals/pet_questions")
    assert gone.status == 404 and (await gone.json())["code"] == "proposal_gone"
    await editor.close()


async def test_a_proposal_made_meanwhile_makes_nothing(studio_sqlite):
    await _propose(studio_sqlite, [("can my hamster read my data", "en")])
    approver = await studio_user(studio_sqlite, "paula", "approver")
    assert (await approver.post("/intents", NEW)).status == 201
    again = await approver.post("/intents", {**NEW, "name": "pet_questions_two"})
    assert again.status == 422 and (await again.json())["code"] == "proposal_gone"
    assert await db_rows(studio_sqlite.database_url, "SELECT id FROM intents WHERE name = 'pet_questions_two'") == []
    await approver.close()
