"""What agents write is redacted like what customers write (security review: agent replies and notes
were stored in clear)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from handoff.console import service as console
from tests.handoff.clients import Customer
from tests.handoff.conftest import db_rows, logged_in_agent

IBAN = "DE89 3704 0044 0532 0130 00"


async def test_agent_replies_and_notes_are_stored_and_sent_redacted(front_door_sqlite):
    agent = await logged_in_agent(front_door_sqlite, "jana")
    customer = Customer(front_door_sqlite.url, "en")
    await customer.connect()
    await customer.say("/request_human")
    conversation_id = (await agent.wait_for("handoff.requested"))["conversation_id"]
    assert (await agent.post(f"/conversations/{conversation_id}/claim")).status == 200
    assert (await agent.post(f"/conversations/{conversation_id}/messages",
                             {"text": f"I see the IBAN {IBAN} on file."})).status == 200
    # The company's own contact data from the notice and the agent's own name stay.
    assert (await agent.post(f"/conversations/{conversation_id}/messages",
                             {"text": "Call us on +49 40 0000 7700 or write to a customer on jana@example.com"})).status == 200
    assert (await agent.post(f"/conversations/{conversation_id}/messages", {"text": "Hi, this is Jana."})).status == 200
    assert (await agent.post(f"/conversations/{conversation_id}/notes",
                             {"text": "customer wrote from erika.muster@example.com"})).status == 200
    _, reply = await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "agent")
    assert reply["text"] == "I see the IBAN <IBAN> on file."
    stored = await db_rows(front_door_sqlite.settings.database_url, "SELECT text FROM messages WHERE sender = 'agent'")
    notes = await db_rows(front_door_sqlite.settings.database_url, "SELECT text FROM notes")
    assert stored == [{"text": "I see the IBAN <IBAN> on file."},
                      {"text": "Call us on +49 40 0000 7700 or write to a customer on <EMAIL>"},
                      {"text": "Hi, this is Jana."}]
    assert notes == [{"text": "customer wrote from <EMAIL>"}]
    await customer.close()
    await agent.close()


@pytest.mark.parametrize("text, language", [
    ("Your customer number for Jana is 44712290.", "en"),
    ("Ihre Kundennummer laut Jana: 44712290", "de"),
])
def test_a_kept_name_does_not_cut_the_cue_from_the_number_after_it(redactor, text, language):
    """The whole reply is analysed at once: keeping the agent's name between a cue and a customer
    number must not leave the number in clear (it did when the text was cut at the kept name)."""
    kept = console.redact_except(SimpleNamespace(redactor=redactor), text, language, ("Jana",))
    assert "44712290" not in kept and "Jana" in kept
