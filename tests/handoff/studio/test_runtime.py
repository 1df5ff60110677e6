"""A publish reaches the running bot without retraining or restart: the real Rasa (its fixed
responses through ``bot/nlg.py``) and the real action server (the incident notice) read the
front door's database; the customer's next answer within 5 seconds carries the new text, and a
rollback brings the old one back. SQLite (embedded default) and PostgreSQL."""
from __future__ import annotations

import pytest

from tests.handoff.console.conftest import login
from tests.handoff.studio.bot import USERS, answers, bot_with_content, within_publish_time
from tests.handoff.studio.conftest import StudioUser, incident_document

NEW_GREETING = "Guten Tag! Ich bin der Chat-Assistent und beantworte Ihre Fragen zum Datenleck. Was möchten Sie wissen?"
NEW_SUMMARY = "Fremde sind in einige Konten gelangt. Sie kannten Mail-Adresse und Passwort. Wir haben die Konten gesperrt."

running_bot = pytest.fixture(scope="module", params=["sqlite", "postgresql"])(bot_with_content)


async def _publish(editor: StudioUser, approver: StudioUser, document: str, path: str, text: str) -> int:
    field = await editor.field(document, path, "de")
    saved = await editor.post(f"/fields/{field['field_id']}/drafts",
                              {"text": text, "base_version": field["latest"]["version"]})
    assert saved.status == 201, await saved.text()
    version = (await saved.json())["version"]
    assert (await approver.post(f"/fields/{field['field_id']}/versions/{version}/approve")).status == 200
    assert (await approver.post(f"/fields/{field['field_id']}/versions/{version}/publish")).status == 200
    return field["field_id"]


async def test_a_publish_reaches_the_running_bot_and_a_rollback_restores_it(running_bot):
    door, _bot = running_bot
    editor, approver = [StudioUser(await login(door, username, role, create=False)) for username, role in USERS[:2]]
    before = await answers(door.url, "Hallo")
    assert "Chat-Assistent, also ein Computerprogramm" in before[0]

    greeting = await _publish(editor, approver, "responses", "responses.utter_greet.text", NEW_GREETING)
    after = await within_publish_time(door.url, "Hallo", lambda found: NEW_GREETING in found)
    assert NEW_GREETING in after  # a fixed response of the domain, no retraining

    await _publish(editor, approver, incident_document(), "what_happened.summary", NEW_SUMMARY)
    told = await within_publish_time(door.url, "was genau ist bei Ihnen schiefgelaufen",
                                     lambda found: any(NEW_SUMMARY in answer for answer in found))
    assert any(NEW_SUMMARY in answer for answer in told)  # the incident notice, from the action server

    assert (await approver.post(f"/fields/{greeting}/versions/1/rollback")).status == 200
    restored = await within_publish_time(door.url, "Hallo", lambda found: NEW_GREETING not in found)
    assert "Chat-Assistent, also ein Computerprogramm" in restored[0]
    await editor.close(), await approver.close()
