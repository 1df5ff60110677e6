"""Suggestions from the console to the studio, on SQLite and PostgreSQL: what is stored is redacted,
accepting makes a draft (never a publish) of a new canned reply or of the chosen text, which agents
get only after approval and publishing; declining needs a reason; every step is audited; erasing
the conversation takes its suggestion along."""
from __future__ import annotations

import asyncio

from handoff.db import make_engine, make_sessionmaker
from handoff.retention import service as retention
from tests.handoff.conftest import db_rows
from tests.handoff.console.conftest import login, user_id
from tests.handoff.studio.conftest import studio_user
from tests.handoff.suggestions.conftest import chat

EMAIL = "max.mustermann@example.org"
ANSWER = "You get your money back within 14 days. Write to us at " + EMAIL + " if it takes longer."


async def _suggest(browser, conversation_id: str, seq: int, **body):
    reply = await browser.post(f"/conversations/{conversation_id}/messages/{seq}/suggest", body)
    return reply.status, await reply.json()


async def _canned(agent, language: str) -> list:
    reply = await agent.get(f"/canned?language={language}")
    assert reply.status == 200
    return await reply.json()


async def test_an_email_the_agent_typed_is_redacted_in_the_suggestion_and_its_question(studio):
    jana = await login(studio, "jana")
    jana_id = await user_id(studio, "jana")
    # As stored by a release before answers were redacted (or typed where the reply's own-name rule kept it).
    conversation_id = await chat(studio, agent_id=jana_id, question=f"I am {EMAIL}, where is my money?",
                                 answers=[(jana_id, ANSWER)])
    status, body = await _suggest(jana, conversation_id, 2, kind="canned", note=f"customer {EMAIL} liked it")
    assert status == 201 and EMAIL not in body["text"] and "<EMAIL>" in body["text"]
    rows = await db_rows(studio.database_url, "SELECT question, text, note, language FROM suggestions")
    assert len(rows) == 1 and all(EMAIL not in (rows[0][name] or "") for name in ("question", "text", "note"))
    assert "<EMAIL>" in rows[0]["question"] and rows[0]["language"] == "en"
    await jana.http.close()


async def test_an_accepted_canned_reply_is_a_draft_until_approved_and_published_then_agents_get_it(studio):
    jana = await login(studio, "jana")
    jana_id = await user_id(studio, "jana")
    conversation_id = await chat(studio, agent_id=jana_id, language="de", question="Wann kommt mein Geld?",
                                 answers=[(jana_id, "Sie bekommen Ihr Geld in 14 Tagen zurück.")])
    status, _ = await _suggest(jana, conversation_id, 2, kind="canned", note="oft gefragt")
    assert status == 201
    editor = await studio_user(studio, "clara", "comms_editor")
    listed = await (await editor.get("/suggestions")).json()
    suggestion = listed["suggestions"][0]
    assert listed["may_decide"] and suggestion["text"] == "Sie bekommen Ihr Geld in 14 Tagen zurück."
    assert suggestion["question"] == "Wann kommt mein Geld?" and suggestion["suggested_by"] == "jana"

    accepted = await editor.post(f"/suggestions/{suggestion['id']}/accept",
                                 {"title": "Geld zurück", "text": "Ihr Geld ist in 14 Tagen zurück."})
    assert accepted.status == 201, await accepted.text()
    draft = await accepted.json()
    assert draft["status"] == "draft" and draft["version"] == 2
    assert (await editor.post(f"/suggestions/{suggestion['id']}/accept", {"title": "x", "text": "y"})).status == 409
    assert all(item["title"] != "Geld zurück" for item in await _canned(jana, "de"))  # a draft: not offered

    fields = await (await editor.get("/fields", document="canned")).json()
    paths = {entry["path"]: entry["languages"] for entry in fields["fields"]}
    assert set(paths) == {"replies.geld_zurueck_1.title", "replies.geld_zurueck_1.text"}
    assert paths["replies.geld_zurueck_1.text"]["de"]["latest"]["text"] == "Ihr Geld ist in 14 Tagen zurück."
    assert paths["replies.geld_zurueck_1.text"]["en"]["latest"]["text"] == ""  # to translate, in the studio

    approver = await studio_user(studio, "arne", "approver")
    for path in paths:
        field_id = paths[path]["de"]["field_id"]
        assert (await approver.post(f"/fields/{field_id}/versions/2/approve")).status == 200
        assert (await editor.post(f"/fields/{field_id}/versions/2/publish")).status == 200
    wanted = {"title": "Geld zurück", "text": "Ihr Geld ist in 14 Tagen zurück."}
    for _ in range(50):  # the front door's published-content poll (1 s)
        if wanted in await _canned(jana, "de"):
            break
        await asyncio.sleep(0.1)
    assert wanted in await _canned(jana, "de")
    assert wanted not in await _canned(jana, "en")

    audit = await db_rows(studio.database_url, "SELECT action, agent_id FROM audit_log WHERE action LIKE "
                          "'suggestion.%' ORDER BY id")
    assert [row["action"] for row in audit] == ["suggestion.made", "suggestion.accepted"]
    saved = await db_rows(studio.database_url, "SELECT a.action, g.username FROM content_audit a JOIN agents g "
                          "ON g.id = a.agent_id WHERE a.action = 'draft.saved'")
    assert saved == [{"action": "draft.saved", "username": "clara"}] * 2
    await jana.http.close(), await editor.close(), await approver.close()


async def test_an_accepted_response_is_a_draft_of_the_chosen_text_and_a_stale_choice_is_refused(studio):
    jana = await login(studio, "jana")
    jana_id = await user_id(studio, "jana")
    conversation_id = await chat(studio, agent_id=jana_id, answers=[(jana_id, "Nobody can open your account now.")])
    status, _ = await _suggest(jana, conversation_id, 2, kind="response", intent="what_happened")
    assert status == 201
    editor = await studio_user(studio, "clara", "comms_editor")
    targets = (await (await editor.get("/suggestions/1/targets")).json())["fields"]
    first = targets[0]
    assert first["match"] and "what_happened" in first["path"] and all(t["document"] != "canned" for t in targets)
    german = await editor.field(first["document"], first["path"], "de")
    assert (await editor.post("/suggestions/1/accept", {"text": "Nobody can open it.",
                                                       "field_id": german["field_id"], "base_version": 1})).status == 400
    stale = await editor.post("/suggestions/1/accept", {"text": "Nobody can open it.", "field_id": first["field_id"],
                                                       "base_version": first["version"] + 1})
    assert stale.status == 409
    accepted = await editor.post("/suggestions/1/accept", {"text": "Nobody can open your account now.",
                                                          "field_id": first["field_id"],
                                                          "base_version": first["version"]})
    assert accepted.status == 201 and (await accepted.json())["status"] == "draft"
    field = await editor.field(first["document"], first["path"], "en")
    assert field["latest"]["text"] == "Nobody can open your account now." and field["latest"]["status"] == "draft"
    assert field["published"]["version"] == first["version"]  # customers still get the published text
    decided = await (await editor.get("/suggestions", status="accepted")).json()
    assert decided["suggestions"][0]["draft_version"] == first["version"] + 1
    await jana.http.close(), await editor.close()


async def test_declining_needs_a_reason_and_is_audited(studio):
    jana = await login(studio, "jana")
    jana_id = await user_id(studio, "jana")
    conversation_id = await chat(studio, agent_id=jana_id, answers=[(jana_id, "Try turning it off and on.")])
    assert (await _suggest(jana, conversation_id, 2, kind="canned"))[0] == 201
    approver = await studio_user(studio, "arne", "approver")
    assert (await approver.post("/suggestions/1/decline", {"reason": "  "})).status == 400
    assert (await approver.post("/suggestions/1/decline", {"reason": "Not about the incident."})).status == 200
    assert (await approver.post("/suggestions/1/decline", {"reason": "again"})).status == 409
    declined = (await (await approver.get("/suggestions", status="declined")).json())["suggestions"]
    assert declined[0]["reason"] == "Not about the incident." and declined[0]["decided_by"] == "arne"
    assert (await (await approver.get("/suggestions")).json())["suggestions"] == []
    audit = await db_rows(studio.database_url, "SELECT action FROM audit_log WHERE action = 'suggestion.declined'")
    assert len(audit) == 1
    await jana.http.close(), await approver.close()


async def test_erasing_the_conversation_erases_its_suggestions(studio):
    jana = await login(studio, "jana")
    jana_id = await user_id(studio, "jana")
    conversation_id = await chat(studio, agent_id=jana_id, answers=[(jana_id, "Your card is blocked now.")])
    assert (await _suggest(jana, conversation_id, 2, kind="canned"))[0] == 201
    engine = make_engine(studio.database_url)
    async with make_sessionmaker(engine)() as session:
        assert await retention.erase(session, conversation_id=conversation_id)
        await session.commit()
    await engine.dispose()
    assert await db_rows(studio.database_url, "SELECT id FROM suggestions") == []
    await jana.http.close()
