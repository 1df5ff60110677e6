"""Suggestions, attacks first: no session, no CSRF token, wrong roles, an agent forging another
agent's message id or a customer's, messages of chats the agent may not read, floods. Every refusal
stores nothing (and a forged id is in the audit log)."""
from __future__ import annotations

import aiohttp
import pytest

from handoff.suggestions.service import MAX_PER_HOUR
from tests.handoff.conftest import db_rows
from tests.handoff.console.conftest import login, user_id
from tests.handoff.studio.conftest import studio_user
from tests.handoff.suggestions.conftest import chat

ROUTES = [("POST", "/console/api/conversations/{c}/messages/2/suggest"), ("GET", "/console/api/suggestions/intents"),
          ("GET", "/console/api/conversations/{c}/suggestions"),
          ("GET", "/studio/api/suggestions"), ("GET", "/studio/api/suggestions/1/targets"),
          ("POST", "/studio/api/suggestions/1/accept"), ("POST", "/studio/api/suggestions/1/decline")]


async def _suggest(browser, conversation_id: str, seq: int, csrf: bool = True, **body) -> aiohttp.ClientResponse:
    return await browser.post(f"/conversations/{conversation_id}/messages/{seq}/suggest",
                              {"kind": "canned", **body}, csrf=csrf)


async def _stored(door) -> list:
    return await db_rows(door.database_url, "SELECT conversation_id, message_seq, text FROM suggestions")


async def test_without_a_session_every_route_answers_401(studio_sqlite):
    async with aiohttp.ClientSession() as anonymous:  # a customer's browser has no staff session
        for method, path in ROUTES:
            async with anonymous.request(method, studio_sqlite.url + path.format(c="0" * 32), json={}) as reply:
                assert reply.status == 401, (method, path)
    assert await _stored(studio_sqlite) == []


async def test_a_suggestion_without_the_csrf_token_is_refused_and_stores_nothing(studio_sqlite):
    jana = await login(studio_sqlite, "jana")
    conversation_id = await chat(studio_sqlite, agent_id=await user_id(studio_sqlite, "jana"),
                                 answers=[(await user_id(studio_sqlite, "jana"), "You get a refund within 14 days.")])
    assert (await _suggest(jana, conversation_id, 2, csrf=False)).status == 403
    assert await _stored(studio_sqlite) == []
    assert (await _suggest(jana, conversation_id, 2)).status == 201  # the same with the token
    await jana.http.close()


@pytest.mark.parametrize("role", ["comms_editor", "approver", "annotator"])
async def test_studio_roles_cannot_suggest(studio_sqlite, role):
    jana = await login(studio_sqlite, "jana")
    jana_id = await user_id(studio_sqlite, "jana")
    conversation_id = await chat(studio_sqlite, agent_id=jana_id, answers=[(jana_id, "A refund takes 14 days.")])
    other = await login(studio_sqlite, f"{role}_x", role)
    assert (await _suggest(other, conversation_id, 2)).status == 403
    assert await _stored(studio_sqlite) == []
    await jana.http.close(), await other.http.close()


async def test_an_agent_cannot_suggest_another_agents_message_and_the_attempt_is_audited(studio_sqlite):
    jana, mark = await login(studio_sqlite, "jana"), await login(studio_sqlite, "mark")
    jana_id, mark_id = await user_id(studio_sqlite, "jana"), await user_id(studio_sqlite, "mark")
    # Mark handled this chat earlier (he may read it), but message 2 is Jana's.
    conversation_id = await chat(studio_sqlite, agent_id=jana_id, answers=[(jana_id, "Jana's answer."),
                                                                           (mark_id, "Mark's answer.")])
    assert (await _suggest(mark, conversation_id, 2)).status == 403
    assert (await _suggest(mark, conversation_id, 3)).status == 201  # his own is fine
    assert [row["message_seq"] for row in await _stored(studio_sqlite)] == [3]
    eve = await login(studio_sqlite, "eve")  # who never handled the chat may not see what was suggested
    assert (await eve.get(f"/conversations/{conversation_id}/suggestions")).status == 403
    seen = await jana.get(f"/conversations/{conversation_id}/suggestions")
    assert seen.status == 200 and (await seen.json())["messages"] == [3]
    await eve.http.close()
    refused = await db_rows(studio_sqlite.database_url, "SELECT agent_id FROM audit_log WHERE action = "
                            "'suggestion.refused' AND conversation_id = :c", c=conversation_id)
    assert refused == [{"agent_id": mark_id}]
    await jana.http.close(), await mark.http.close()


async def test_an_agent_cannot_suggest_in_a_chat_they_may_not_read_nor_a_customers_or_the_bots_message(studio_sqlite):
    jana, eve = await login(studio_sqlite, "jana"), await login(studio_sqlite, "eve")
    jana_id = await user_id(studio_sqlite, "jana")
    conversation_id = await chat(studio_sqlite, agent_id=jana_id, answers=[(jana_id, "Jana's answer.")])
    assert (await _suggest(eve, conversation_id, 2)).status == 403  # not hers to read
    assert (await _suggest(eve, conversation_id, 1)).status == 403  # not even the customer's message
    assert (await _suggest(jana, conversation_id, 1)).status == 404  # the customer's message is no answer
    assert (await _suggest(jana, conversation_id, 99)).status == 404
    assert (await _suggest(jana, "f" * 32, 2)).status == 404
    assert (await _suggest(jana, conversation_id, 2, kind="publish")).status == 400
    assert (await _suggest(jana, conversation_id, 2, kind="response", intent="no_such_intent")).status == 400
    assert (await _suggest(jana, conversation_id, 2, note=["x"])).status == 400
    assert await _stored(studio_sqlite) == []
    await jana.http.close(), await eve.http.close()


async def test_a_supervisor_may_suggest_any_agents_message(studio_sqlite):
    jana, olga = await login(studio_sqlite, "jana"), await login(studio_sqlite, "olga", "supervisor")
    jana_id = await user_id(studio_sqlite, "jana")
    conversation_id = await chat(studio_sqlite, agent_id=jana_id, answers=[(jana_id, "Jana's answer.")])
    assert (await _suggest(olga, conversation_id, 2)).status == 201
    assert (await _suggest(jana, conversation_id, 2)).status == 409  # suggested once only
    await jana.http.close(), await olga.http.close()


async def test_suggestions_are_limited_per_hour(studio_sqlite):
    jana = await login(studio_sqlite, "jana")
    jana_id = await user_id(studio_sqlite, "jana")
    conversation_id = await chat(studio_sqlite, agent_id=jana_id,
                                 answers=[(jana_id, f"Answer number {n}.") for n in range(MAX_PER_HOUR + 1)])
    for seq in range(2, MAX_PER_HOUR + 2):
        assert (await _suggest(jana, conversation_id, seq)).status == 201, seq
    assert (await _suggest(jana, conversation_id, MAX_PER_HOUR + 2)).status == 429
    assert len(await _stored(studio_sqlite)) == MAX_PER_HOUR
    await jana.http.close()


async def test_the_studio_refuses_wrong_roles_and_posts_without_csrf(studio_sqlite):
    jana = await login(studio_sqlite, "jana")
    jana_id = await user_id(studio_sqlite, "jana")
    conversation_id = await chat(studio_sqlite, agent_id=jana_id, answers=[(jana_id, "A refund takes 14 days.")])
    assert (await _suggest(jana, conversation_id, 2)).status == 201
    agent = await studio_user(studio_sqlite, "agent_x", "agent")
    assert (await agent.get("/suggestions")).status == 403
    body = {"title": "Refunds", "text": "A refund takes 14 days."}
    for role in ("annotator", "supervisor"):
        reader = await studio_user(studio_sqlite, f"{role}_y", role)
        assert (await reader.get("/suggestions")).status == 200  # they read
        assert (await reader.post("/suggestions/1/accept", body)).status == 403
        assert (await reader.post("/suggestions/1/decline", {"reason": "no"})).status == 403
        await reader.close()
    editor = await studio_user(studio_sqlite, "clara", "comms_editor")
    assert (await editor.post("/suggestions/1/accept", body, csrf=False)).status == 403
    assert (await editor.post("/suggestions/1/decline", {"reason": "no"}, csrf=False)).status == 403
    rows = await db_rows(studio_sqlite.database_url, "SELECT status FROM suggestions")
    assert rows == [{"status": "open"}]
    assert await db_rows(studio_sqlite.database_url, "SELECT id FROM content_fields WHERE document = 'canned'") == []
    await agent.close(), await editor.close(), await jana.http.close()
