"""The intent editor's API: attacks first (no session, wrong role, no CSRF token), then adding,
editing, moving and deleting examples with their refusals, concurrent edits (409, no lost update),
a new intent with its answer as drafts, the audit trail. Real front door, real action server
(the answer's checks), SQLite and PostgreSQL."""
from __future__ import annotations

import asyncio

import aiohttp
import pytest

from tests.handoff.conftest import db_rows
from tests.handoff.studio.conftest import StudioUser, studio_user

ROUTES = [("GET", "/intents"), ("GET", "/intents/greet"), ("GET", "/intents/texts"), ("POST", "/intents"),
          ("POST", "/intents/greet/examples"), ("POST", "/examples/1"), ("POST", "/examples/1/move"),
          ("POST", "/examples/1/delete")]
CHANGES = [("/intents/greet/examples", {"language": "en", "text": "hiya folks"}),
           ("/examples/1", {"text": "hello hello", "version": 1}),
           ("/examples/1/move", {"intent": "goodbye", "version": 1}), ("/examples/1/delete", {"version": 1}),
           ("/intents", {"name": "pet_data", "titles": {"en": "Pet data", "de": "Tierdaten"}, "leads_to": "answer",
                         "answer": {"en": "No pets.", "de": "Keine Tiere."}})]


async def _example(user: StudioUser, intent: str, language: str, text: str) -> dict:
    reply = await user.get(f"/intents/{intent}")
    assert reply.status == 200, await reply.text()
    return next(item for item in (await reply.json())["examples"][language] if item["text"] == text)


async def _changed_rows(url: str) -> list:
    return await db_rows(url, "SELECT id FROM intent_examples WHERE source <> 'repo' OR version > 1 "
                              "OR deleted_at IS NOT NULL UNION SELECT id FROM intents WHERE leads_to IS NOT NULL")


async def test_without_a_session_every_route_answers_401(studio_sqlite):
    async with aiohttp.ClientSession() as anonymous:
        for method, path in ROUTES:
            async with anonymous.request(method, f"{studio_sqlite.url}/studio/api{path}", json={}) as reply:
                assert reply.status == 401, (method, path)
    assert (await anonymous_page(studio_sqlite.url)) == 200  # the page itself shows the login


async def anonymous_page(url: str) -> int:
    async with aiohttp.ClientSession() as anonymous:
        async with anonymous.get(f"{url}/studio/intents") as reply:
            return reply.status


async def test_agents_get_403_everywhere_and_change_nothing(studio_sqlite):
    agent = await studio_user(studio_sqlite, "anton", "agent")
    for method, path in ROUTES:
        reply = await (agent.get(path) if method == "GET" else agent.post(path, {}))
        assert reply.status == 403, (method, path)
    for path, body in CHANGES:
        assert (await agent.post(path, body)).status == 403, path
    await agent.close()
    assert await _changed_rows(studio_sqlite.database_url) == []


async def test_a_change_without_the_csrf_token_is_refused(studio_sqlite):
    editor = await studio_user(studio_sqlite, "clara", "comms_editor")
    for path, body in CHANGES:
        assert (await editor.post(path, body, csrf=False)).status == 403, path
    await editor.close()
    assert await _changed_rows(studio_sqlite.database_url) == []


async def test_supervisors_read_and_annotators_edit_examples_but_make_no_intents(studio_sqlite):
    supervisor = await studio_user(studio_sqlite, "olga", "supervisor")
    assert (await supervisor.get("/intents")).status == 200
    for path, body in CHANGES:
        assert (await supervisor.post(path, body)).status == 403, path
    annotator = await studio_user(studio_sqlite, "anna", "annotator")
    assert (await annotator.post(*CHANGES[-1])).status == 403
    assert (await annotator.post("/intents/greet/examples", {"language": "en", "text": "hiya folks"})).status == 201
    await supervisor.close(), await annotator.close()


async def test_examples_are_added_edited_moved_and_deleted_with_an_audit_trail(studio):
    annotator = await studio_user(studio, "anna", "annotator")
    reply = await annotator.post("/intents/what_data_affected/examples",
                                 {"language": "de", "text": "  Sind  meine Tierdaten betroffen? "})
    assert reply.status == 201 and (await reply.json())["texts"] == ["Sind meine Tierdaten betroffen?"]
    added = await _example(annotator, "what_data_affected", "de", "Sind meine Tierdaten betroffen?")
    edited = await annotator.post(f"/examples/{added['id']}", {"text": "Sind die Daten meiner Katze betroffen?",
                                                                "version": added["version"]})
    assert edited.status == 200, await edited.text()
    moved = await annotator.post(f"/examples/{added['id']}/move", {"intent": "what_happened", "version": 2})
    assert moved.status == 200 and (await moved.json())["intent"] == "what_happened"
    assert (await _example(annotator, "what_happened", "de", "Sind die Daten meiner Katze betroffen?"))["version"] == 3
    assert (await annotator.post(f"/examples/{added['id']}/delete", {"version": 3})).status == 200
    listing = await (await annotator.get("/intents/what_happened")).json()
    assert "Sind die Daten meiner Katze betroffen?" not in [item["text"] for item in listing["examples"]["de"]]
    await annotator.close()
    audit = await db_rows(studio.database_url, "SELECT a.action, g.username FROM content_audit a JOIN agents g "
                                               "ON g.id = a.agent_id WHERE a.action LIKE 'example.%' ORDER BY a.id")
    assert audit == [{"action": action, "username": "anna"} for action in
                     ("example.added", "example.changed", "example.moved", "example.removed")]


async def test_refusals_are_worded_for_the_field_they_are_about(studio_sqlite):
    editor = await studio_user(studio_sqlite, "clara", "comms_editor")
    duplicate = await editor.post("/intents/greet/examples", {"language": "en", "text": "Good  Evening"})
    assert duplicate.status == 422
    assert (await duplicate.json())["code"] == "duplicate" and (await duplicate.json())["field"] == "text"
    other = await editor.post("/intents/goodbye/examples", {"language": "en", "text": "good evening"})
    body = await other.json()
    assert (other.status, body["code"], body["intent"]) == (422, "in_other_intent", "greet")
    assert "greet" in body["error"]
    german = await editor.browser.http.post(f"{editor.browser.url}/studio/api/intents/greet/examples",
                                            json={"language": "en", "text": " "},
                                            headers={"X-CSRF-Token": editor.browser.csrf, "Accept-Language": "de"})
    assert (await german.json())["error"] == "Der Beispielsatz ist leer."
    assert (await editor.post("/intents/greet/examples", {"language": "en", "text": "<b>hi</b>"})).status == 400
    example = await _example(editor, "greet", "en", "good evening")
    moved = await editor.post(f"/examples/{example['id']}/move", {"intent": "no_such_intent", "version": 1})
    assert moved.status == 422 and (await moved.json())["code"] == "unknown_intent"
    assert (await editor.post("/examples/99999999/delete", {"version": 1})).status == 404
    await editor.close()


async def test_typed_examples_are_redacted_before_they_are_stored(studio_sqlite):
    editor = await studio_user(studio_sqlite, "clara", "comms_editor")
    reply = await editor.post("/intents/am_i_affected/examples",
                              {"language": "en", "text": "is jane.doe@example.com affected"})
    assert reply.status == 201
    stored = (await reply.json())["texts"][0]
    assert "jane.doe" not in stored and "<EMAIL>" in stored
    # The redaction's placeholder is not markup: the example stays editable.
    example = await _example(editor, "am_i_affected", "en", stored)
    edited = await editor.post(f"/examples/{example['id']}", {"text": f"{stored} now", "version": 1})
    assert edited.status == 200, await edited.text()
    await editor.close()
    rows = await db_rows(studio_sqlite.database_url, "SELECT text FROM intent_examples WHERE source = 'studio'")
    assert rows == [{"text": f"{stored} now"}]


async def test_two_people_editing_one_example_get_a_conflict_not_a_lost_update(studio):
    first, second = await studio_user(studio, "anna", "annotator"), await studio_user(studio, "clara", "comms_editor")
    example = await _example(first, "greet", "en", "good evening")
    replies = await asyncio.gather(
        first.post(f"/examples/{example['id']}", {"text": "good evening to you", "version": 1}),
        second.post(f"/examples/{example['id']}", {"text": "good evening everyone", "version": 1}))
    statuses = sorted(reply.status for reply in replies)
    assert statuses == [200, 409]
    lost = next(reply for reply in replies if reply.status == 409)
    won = next(reply for reply in replies if reply.status == 200)
    current = (await lost.json())["current"]
    assert current["text"] == (await won.json())["text"] and current["version"] == 2
    stale_move = await second.post(f"/examples/{example['id']}/move", {"intent": "goodbye", "version": 1})
    assert stale_move.status == 409
    await first.close(), await second.close()
    rows = await db_rows(studio.database_url, f"SELECT text, version FROM intent_examples WHERE id = {example['id']}")
    assert rows == [{"text": current["text"], "version": 2}]


async def test_a_new_intent_comes_with_its_answer_as_drafts_to_approve(studio):
    editor = await studio_user(studio, "clara", "comms_editor")
    body = {"name": "pet_data", "leads_to": "hand_off", "titles": {"en": "Pet data", "de": "Tierdaten"},
            "answer": {"en": "We never stored data about pets.", "de": "Daten über Haustiere hatten wir nie."}}
    for broken, code, field in [({"name": "Pet Data"}, "bad_name", "name"), ({"leads_to": "sing"}, "bad_leads_to", "leads_to"),
                                ({"answer": {"en": "Only English."}}, "answer_missing", "answer"),
                                ({"name": "greet"}, "exists", "name")]:
        reply = await editor.post("/intents", {**body, **broken})
        assert (reply.status, (await reply.json())["code"], (await reply.json())["field"]) == (422, code, field)
    created = await editor.post("/intents", body)
    assert created.status == 201, await created.text()
    assert (await editor.post("/intents", body)).status == 422  # exists now
    assert (await editor.post("/intents/pet_data/examples", {"language": "en", "text": "is my dog's data gone"})).status == 201
    detail = await (await editor.get("/intents/pet_data")).json()
    assert detail["leads_to"] == "hand_off"
    assert {language: state["published"] for language, state in detail["answer"]["languages"].items()} == \
        {"en": False, "de": False}
    overview = await (await editor.get("/intents")).json()
    entry = next(item for item in overview["intents"] if item["name"] == "pet_data")
    assert entry["counts"] == {"en": 1, "de": 0}
    assert {"kind": "missing_language", "language": "de"} in entry["warnings"]
    assert {"kind": "too_few", "language": "en", "count": 1, "minimum": 20} in entry["warnings"]
    answer = await editor.field("responses", "responses.utter_pet_data.text", "de")
    assert answer["published"] is None and answer["latest"]["status"] == "draft"
    await editor.close()
