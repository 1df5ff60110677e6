"""Two front door processes on one database (SQLite and PostgreSQL) and one Redis: a publish in one
tells a customer whose socket is on the other that an answer they got has changed, exactly once,
although both processes notice the publish (the running bot's path: ``test_runtime.py``)."""
from __future__ import annotations

import asyncio
import secrets

import yaml

from handoff import keys
from handoff.conversation import service as conversations
from handoff.db import make_engine, make_sessionmaker
from tests.handoff.clients import Customer
from tests.handoff.conftest import db_rows
from tests.handoff.console.conftest import _door, login
from tests.handoff.studio.conftest import GERMAN_SUMMARY, StudioUser, incident_document
from tests.handoff.studio.conftest import test_incident_file as incident_file

NEW_DE = "Fremde sind in einige Konten gelangt. Sie kannten Mail-Adresse und Passwort. Die Polizei ermittelt."
NOTE_DE = "Die Polizei ermittelt jetzt"
SUPPLIER_DE = "Das alles geschah in unserem eigenen Shop. Keine andere Firma hatte damit zu tun."


async def _as_the_bot_said(url: str, conversation_id: str, text: str) -> None:
    """The bot's answer with the published summary, as Rasa would have given it (no Rasa here)."""
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session:
        assert await conversations.add_message(session, conversation_id=conversation_id, sender="bot", text=text)
        await session.commit()
    await engine.dispose()


async def _publish(editor: StudioUser, approver: StudioUser, path: str, text: str, **extra) -> None:
    field = await editor.field(incident_document(), path, "de")
    saved = await editor.post(f"/fields/{field['field_id']}/drafts",
                              {"text": text, "base_version": field["latest"]["version"]})
    assert saved.status == 201, await saved.text()
    version = (await saved.json())["version"]
    assert (await approver.post(f"/fields/{field['field_id']}/versions/{version}/approve")).status == 200
    published = await approver.post(f"/fields/{field['field_id']}/versions/{version}/publish", extra)
    assert published.status == 200, await published.text()


async def test_a_publish_in_one_process_tells_a_customer_on_another_once(database_url, redis_url, redactor,
                                                                          action_server):
    secret = secrets.token_bytes(32)
    options = dict(redis_url=redis_url, session_secret=secret, action_server_url=action_server.actions_url,
                   action_server_token=action_server.actions_token)
    first = await _door(database_url, redactor, **options)
    second = await _door(database_url, redactor, **options)
    try:
        seed = yaml.safe_load(incident_file().read_text(encoding="utf-8"))["what_happened"]["summary"]["de"]
        customer = Customer(first.url, "de")
        await customer.connect()
        await customer.say("Was ist passiert?")  # no bot here: the front door apologises
        await customer.wait_for("bot_uttered")
        conversation_id = (await db_rows(database_url, "SELECT id FROM conversations"))[0]["id"]
        await _as_the_bot_said(database_url, conversation_id, seed)

        editor = StudioUser(await login(second, "clara", "comms_editor"))
        approver = StudioUser(await login(second, "arne", "approver"))
        await _publish(editor, approver, GERMAN_SUMMARY, NEW_DE, customer_note=NOTE_DE)
        _, note = await customer.wait_for("bot_uttered", lambda data: NOTE_DE in data.get("text", ""))
        assert f"{NOTE_DE}." in note["text"] and "Fremde sind in einige Konten gelangt." in note["text"]

        # Another publish: once both processes hold its revision, each has been through the first one.
        await _publish(editor, approver, "what_happened.supplier", SUPPLIER_DE)
        revision = (await db_rows(database_url, "SELECT revision FROM content_revision"))[0]["revision"]
        for _ in range(100):
            if all(door.server.app[keys.PUBLISHED].snapshot.revision == revision for door in (first, second)):
                break
            await asyncio.sleep(0.1)
        stored = await db_rows(database_url, "SELECT text FROM messages WHERE conversation_id = :c AND "
                                             "sender = 'system'", c=conversation_id)
        assert [row["text"] for row in stored].count(note["text"]) == 1
        assert len([data for event, data in customer.received
                    if event == "bot_uttered" and NOTE_DE in data.get("text", "")]) == 1
        await customer.close(), await editor.close(), await approver.close()
    finally:
        await first.server.runner.cleanup()
        await second.server.runner.cleanup()
