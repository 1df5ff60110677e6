"""The studio's preview against the running product (real Rasa, real action server, the front door's
SQLite database): a saved draft, not yet approved, answers in the preview in both languages (a fixed
response through Rasa's NLG, the incident notice through the actions), while a customer asking the
same at the same time gets the published text; after a publish, customers get it while a newer draft
is in the preview only (SQLite and PostgreSQL). Customers' input limits apply; only studio roles with
the session's CSRF token may use it; nothing of a preview is stored as a customer conversation."""
from __future__ import annotations

import asyncio
import secrets
from typing import List

import aiohttp
import pytest

from tests.handoff.conftest import db_rows
from tests.handoff.console.conftest import login
from tests.handoff.studio.bot import USERS, bot_with_content, within_publish_time
from tests.handoff.studio.conftest import StudioUser, incident_document

running_bot = pytest.fixture(scope="module", params=["sqlite", "postgresql"])(bot_with_content)

DRAFT_GREETING_DE = "Guten Tag! Hier ist der Chat-Assistent (ein Programm). Fragen Sie mich zum Datenleck."
DRAFT_GREETING_EN = "Good day! This is the chat assistant (a program). Ask me about the data breach."
PUBLISHED_DE = "Chat-Assistent, also ein Computerprogramm"
PUBLISHED_EN = "I am a chat assistant, a computer program"
NEWER_GREETING_DE = "Guten Tag! Hier schreibt der Chat-Assistent. Was möchten Sie zum Datenleck wissen?"
DRAFT_SUMMARY = "Fremde sind in einige Konten gelangt. Sie kannten Mail-Adresse und Passwort. Wir sperren die Konten."
QUESTION = "was genau ist bei Ihnen schiefgelaufen"


async def customer_answers(url: str, text: str, language: str) -> List[str]:
    """A new customer's first answers through the front door's REST channel."""
    async with aiohttp.ClientSession() as http:
        reply = await http.post(f"{url}/webhooks/rest/webhook", json={
            "sender": secrets.token_urlsafe(24), "message": text, "metadata": {"language": language}})
        assert reply.status == 200
        return [message.get("text", "") for message in await reply.json()]


async def _draft(editor: StudioUser, document: str, path: str, language: str, text: str) -> tuple:
    """Save ``text`` as a draft; return ``(field id, version)``."""
    field = await editor.field(document, path, language)
    saved = await editor.post(f"/fields/{field['field_id']}/drafts",
                              {"text": text, "base_version": field["latest"]["version"]})
    assert saved.status == 201, await saved.text()
    return field["field_id"], (await saved.json())["version"]


async def _preview(user: StudioUser, **body) -> dict:
    reply = await user.post("/preview", body)
    assert reply.status == 200, await reply.text()
    return await reply.json()


def _texts(answer: dict) -> List[str]:
    return [reply["text"] for reply in answer["replies"]]


async def test_the_preview_answers_from_drafts_while_customers_get_the_published_text(running_bot):
    door, _bot = running_bot
    editor = StudioUser(await login(door, USERS[0][0], USERS[0][1], create=False))
    greeting, version = await _draft(editor, "responses", "responses.utter_greet.text", "de", DRAFT_GREETING_DE)
    await _draft(editor, "responses", "responses.utter_greet.text", "en", DRAFT_GREETING_EN)
    await _draft(editor, incident_document(), "what_happened.summary", "de", DRAFT_SUMMARY)
    conversations_before = await db_rows(door.database_url, "SELECT COUNT(*) AS n FROM conversations")

    # The preview and a customer at the same time, in each language.
    german, customer_de, english, customer_en = await asyncio.gather(
        _preview(editor, text="Hallo", language="de"), customer_answers(door.url, "Hallo", "de"),
        _preview(editor, text="Hello", language="en"), customer_answers(door.url, "Hello", "en"))
    assert DRAFT_GREETING_DE in _texts(german)
    assert PUBLISHED_DE in customer_de[0] and DRAFT_GREETING_DE not in customer_de
    assert DRAFT_GREETING_EN in _texts(english)
    assert PUBLISHED_EN in customer_en[0] and DRAFT_GREETING_EN not in customer_en
    assert german["replies"][0]["buttons"]  # the draft keeps the response's buttons

    # The same preview conversation goes on; the actions answer from the draft notice too.
    told = await _preview(editor, text=QUESTION, language="de", conversation=german["conversation"])
    assert told["conversation"] == german["conversation"]
    assert any(DRAFT_SUMMARY in text for text in _texts(told))
    assert not any(DRAFT_SUMMARY in text for text in await customer_answers(door.url, QUESTION, "de"))

    # Asking for a person is shown as a note: no queue, no conversation row.
    person = await _preview(editor, payload="/request_human", language="de", conversation=german["conversation"])
    assert person["handoff"] is True and person["replies"] == []
    after = await db_rows(door.database_url, "SELECT COUNT(*) AS n FROM conversations")
    assert after[0]["n"] == conversations_before[0]["n"] + 3  # the three customers only

    # Published: customers get it within the publish time, while a newer draft is in the preview only.
    approver = StudioUser(await login(door, USERS[1][0], USERS[1][1], create=False))
    assert (await approver.post(f"/fields/{greeting}/versions/{version}/approve")).status == 200
    assert (await approver.post(f"/fields/{greeting}/versions/{version}/publish")).status == 200
    await _draft(editor, "responses", "responses.utter_greet.text", "de", NEWER_GREETING_DE)
    customer = await within_publish_time(door.url, "Hallo", lambda found: DRAFT_GREETING_DE in found)
    assert DRAFT_GREETING_DE in customer and NEWER_GREETING_DE not in customer
    assert NEWER_GREETING_DE in _texts(await _preview(editor, text="Hallo", language="de"))
    await editor.close(), await approver.close()


async def test_the_preview_keeps_the_customer_limits_and_the_studio_rules(running_bot):
    door, _bot = running_bot
    editor = StudioUser(await login(door, USERS[0][0], USERS[0][1], create=False))
    empty = await editor.post("/preview", {"text": "   ", "language": "de"})
    assert empty.status == 400 and (await empty.json())["error"] == "Ihre Nachricht war leer. Bitte schreiben Sie Ihre Frage."
    too_long = await editor.post("/preview", {"text": "a" * 2001, "language": "en"})
    assert too_long.status == 400 and "under 2000 characters" in (await too_long.json())["error"]
    wrong_token = await editor.post("/preview", {"text": "Hallo", "language": "de", "conversation": "../x"})
    assert wrong_token.status == 400
    not_a_button = await editor.post("/preview", {"payload": "/restart<script>", "language": "de"})
    assert not_a_button.status == 400
    assert (await editor.post("/preview", {"text": "Hallo", "language": "de"}, csrf=False)).status == 403

    agent = StudioUser(await login(door, "ulla", "agent"))
    assert (await agent.post("/preview", {"text": "Hallo", "language": "de"})).status == 403
    async with aiohttp.ClientSession() as anonymous:
        reply = await anonymous.post(f"{door.url}/studio/api/preview", json={"text": "Hallo"})
        assert reply.status == 401
    supervisor = StudioUser(await login(door, "sven", "supervisor"))
    assert (await _preview(supervisor, text="Hallo", language="de"))["replies"]  # supervisors may look
    # A notice code goes in as typed text (redacted), never in clear as a button's entity.
    coded = await supervisor.post("/preview", {"payload": '/provide_notice_code{"notice_code": "K7QX-4MPD-9TRA"}',
                                               "language": "en"})
    assert coded.status == 400
    # The flood limit is per user: starting a new preview with every message gets no fresh budget
    # (the limiter is asked before the bot, so requests sent at once all meet it).
    flooder = StudioUser(await login(door, "rita", "comms_editor"))
    answers = await asyncio.gather(*[flooder.post("/preview", {"text": "Hallo", "language": "de"}) for _ in range(12)])
    assert sorted(answer.status for answer in answers).count(429) >= 12 - door.server.settings.rate_limit_messages
    await editor.close(), await agent.close(), await supervisor.close(), await flooder.close()
