"""A publish reaches the running bot without retraining or restart: the real Rasa (its fixed
responses through ``bot/nlg.py``) and the real action server (the incident notice) read the
front door's database; the customer's next answer within 5 seconds carries the new text, and a
rollback brings the old one back; a customer who asked before an update is told the answer was
updated, with the date and what changed; a customer in an open chat is told at the publish, once.
SQLite (embedded default) and PostgreSQL."""
from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from typing import List, Optional, Tuple
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from handoff import keys

from tests.handoff.clients import Customer
from tests.handoff.console.conftest import login
from tests.handoff.studio.bot import USERS, answers, bot_with_content, within_publish_time
from tests.handoff.studio.conftest import StudioUser, incident_document

NEW_GREETING = "Guten Tag! Ich bin der Chat-Assistent und beantworte Ihre Fragen zum Datenleck. Was möchten Sie wissen?"
NEW_SUMMARY = "Fremde sind in einige Konten gelangt. Sie kannten Mail-Adresse und Passwort. Wir haben die Konten gesperrt."

running_bot = pytest.fixture(scope="module", params=["sqlite", "postgresql"])(bot_with_content)


async def _publish(editor: StudioUser, approver: StudioUser, document: str, path: str, text: str,
                   language: str = "de", customer_note: Optional[str] = None) -> int:
    field = await editor.field(document, path, language)
    saved = await editor.post(f"/fields/{field['field_id']}/drafts",
                              {"text": text, "base_version": field["latest"]["version"]})
    assert saved.status == 201, await saved.text()
    version = (await saved.json())["version"]
    assert (await approver.post(f"/fields/{field['field_id']}/versions/{version}/approve")).status == 200
    published = await approver.post(f"/fields/{field['field_id']}/versions/{version}/publish",
                                    {"customer_note": customer_note})
    assert published.status == 200, await published.text()
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


UPDATED_SUMMARY = ("Fremde sind in einige Konten gelangt. Sie kannten Mail-Adresse und Passwort. "
                   "Wir haben die Konten gesperrt und alle Betroffenen informiert.")
UPDATED_NOTE = "Alle Betroffenen sind jetzt informiert."  # what changed, from the publisher
QUESTION = "was genau ist bei Ihnen schiefgelaufen"
MONATE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]


async def ask_as(url: str, token: Optional[str], text: str) -> Tuple[str, List[str]]:
    """A German customer's answers to ``text``; ``token`` None starts a new customer. Returns their token."""
    async with aiohttp.ClientSession() as http:
        reply = await http.post(f"{url}/webhooks/rest/webhook", json={
            "sender": token or secrets.token_urlsafe(24), "message": text, "metadata": {"language": "de"}})
        assert reply.status == 200
        return reply.headers.get("X-Session-Token") or token, [m.get("text", "") for m in await reply.json()]


async def test_a_customer_who_asked_before_an_update_is_told_the_answer_was_updated(running_bot):
    door, _bot = running_bot
    editor, approver = [StudioUser(await login(door, username, role, create=False)) for username, role in USERS[:2]]
    earlier, first = await ask_as(door.url, None, QUESTION)
    assert first and not any("Aktualisiert am" in answer for answer in first)  # a first visit: nothing to compare

    await _publish(editor, approver, incident_document(), "what_happened.summary", UPDATED_SUMMARY,
                   customer_note=UPDATED_NOTE)
    today = dt.datetime.now(ZoneInfo("Europe/Berlin"))
    await within_publish_time(door.url, QUESTION, lambda found: any(UPDATED_SUMMARY in a for a in found))
    for _ in range(50):  # the front door's copy of the published content (refreshed every second)
        if any(change.text == UPDATED_SUMMARY for change in door.server.app[keys.PUBLISHED].changes_in("de")):
            break
        await asyncio.sleep(0.1)

    _, again = await ask_as(door.url, earlier, QUESTION)
    note = f"Aktualisiert am {today.day}. {MONATE[today.month - 1]} {today.year}: {UPDATED_NOTE}"
    assert any(UPDATED_SUMMARY in answer and answer.endswith(note) for answer in again), again

    later, after = await ask_as(door.url, None, QUESTION)  # asked only after the update
    _, repeated = await ask_as(door.url, later, QUESTION)
    assert any(UPDATED_SUMMARY in answer for answer in after + repeated)
    assert not any("Aktualisiert am" in answer for answer in after + repeated)
    await editor.close(), await approver.close()


def _today(language: str) -> str:
    today = dt.datetime.now(ZoneInfo("Europe/Berlin"))
    if language == "de":
        return f"{today.day}. {MONATE[today.month - 1]} {today.year}"
    return today.strftime("%-d %B %Y")


UPDATE_MARKS = ("Aktualisiert am", "Updated on")


def _is_note(data: dict) -> bool:
    """A system message about an update (not, say, "your answer is coming" under load)."""
    return data.get("sender") == "system" and any(mark in data.get("text", "") for mark in UPDATE_MARKS)


def _notes(customer: Customer) -> List[str]:
    return [data["text"] for event, data in customer.received if event == "bot_uttered" and _is_note(data)]


OPEN_CHAT_SUMMARY = ("Fremde sind in einige Konten gelangt. Sie kannten Mail-Adresse und Passwort. Wir haben "
                     "die Konten gesperrt. Die Polizei ermittelt.")
NOTE_DE = "Die Polizei ermittelt jetzt."
NOTE_EN = "We added who can see the data now"
ENGLISH_SUMMARY = ("Someone logged into some customer accounts in our online shop. They used the right email "
                   "address and password. We have locked these accounts and told the police.")


async def test_a_customer_in_an_open_chat_is_told_once_when_an_answer_they_got_is_republished(running_bot):
    door, _bot = running_bot
    editor, approver = [StudioUser(await login(door, username, role, create=False)) for username, role in USERS[:2]]
    asked, greeted, english = Customer(door.url, "de"), Customer(door.url, "de"), Customer(door.url, "en")
    for customer, question, answered in ((asked, QUESTION, "Konten"), (greeted, "Hallo", ""),
                                         (english, "what exactly happened", "accounts")):
        await customer.connect()
        await customer.say(question)
        await customer.bot_texts_until(lambda data: data.get("sender") == "bot" and answered in data["text"],
                                       timeout=30)

    await _publish(editor, approver, incident_document(), "what_happened.summary", OPEN_CHAT_SUMMARY,
                   customer_note=NOTE_DE)
    _, note = await asked.wait_for("bot_uttered", _is_note, timeout=15)
    assert f"Aktualisiert am {_today('de')}: {NOTE_DE}" in note["text"]  # in the customer's language
    assert "Fremde sind in einige Konten gelangt." in note["text"]  # the new text's first words

    # A second publish (the English text, which the English customer got): when its note arrives, every
    # process has gone through the first publish's round and the one after it.
    await _publish(editor, approver, incident_document(), "what_happened.summary", ENGLISH_SUMMARY,
                   language="en", customer_note=NOTE_EN)
    _, told = await english.wait_for("bot_uttered", _is_note, timeout=15)
    assert f"Updated on {_today('en')}: {NOTE_EN}." in told["text"]
    assert _notes(greeted) == []  # never got the text: nothing
    assert len(_notes(asked)) == 1 and len(_notes(english)) == 1  # once, and only their language's field

    again = Customer(door.url, "de", session_id=asked.session_id)  # a reload shows the note again, once
    await again.connect(last_seen_id=0)
    _, history = await again.wait_for("history")
    assert [m["text"] for m in history["messages"] if _is_note(m)] == [note["text"]]
    for customer in (asked, greeted, english, again):
        await customer.close()
    await editor.close(), await approver.close()
