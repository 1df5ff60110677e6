"""The plain name of an intent made in the studio (English and German): required and plain text
on one line (refused otherwise, nothing made), stored with the intent (SQLite and PostgreSQL), and
served in section ``intents`` to the console, the intent editor, the inbox and the insights, whose
pages show an intent by its plain name. Real front door, real action server."""
from __future__ import annotations

import pytest

from handoff.agents import service as agents
from handoff.intents import answers
from tests.handoff.conftest import AGENT_PASSWORD, db_rows
from tests.handoff.console.conftest import login
from tests.handoff.intents.test_store import seeded
from tests.handoff.studio.conftest import studio_user

TITLES = {"en": "Questions about pets", "de": "Fragen zu Haustieren"}
BODY = {"name": "pet_questions", "titles": TITLES, "leads_to": "answer",
        "answer": {"en": "Pets cannot read your data.", "de": "Haustiere können Ihre Daten nicht lesen."}}


@pytest.mark.parametrize("titles, code", [
    ({"en": "Questions about pets"}, "title_missing"), ({"en": "  ", "de": "Fragen"}, "title_missing"),
    ({"en": "x" * 81, "de": "Fragen"}, "title_too_long"), ({"en": "Pets\ndata", "de": "Fragen"}, "title_not_plain"),
    ({"en": "<b>Pets</b>", "de": "Fragen"}, "title_not_plain"), ({"en": "Pets\u202e", "de": "Fragen"}, "title_not_plain")])
def test_a_plain_name_that_is_missing_too_long_or_not_plain_text_is_refused(titles, code):
    with pytest.raises(answers.IntentRefused) as refused:
        answers.check_titles(titles)
    assert refused.value.code == code


async def test_the_plain_name_is_stored_with_the_intent(database_url: str):
    engine, sessions = await seeded(database_url)
    async with sessions() as session:
        editor = await agents.create(session, username="edda", password=AGENT_PASSWORD, role="comms_editor")
        await answers.create_intent(session, agent=editor, name="pet_questions", leads_to="answer",
                                    answers=BODY["answer"], titles={"en": " Questions  about pets ", "de": TITLES["de"]})
        await session.commit()
    async with sessions() as session:
        assert await answers.titles(session) == {"pet_questions": TITLES}  # the repo's intents: in ui.yml
    await engine.dispose()


async def test_a_new_intent_without_a_plain_name_is_not_made(studio_sqlite):
    editor = await studio_user(studio_sqlite, "clara", "comms_editor")
    for titles, status, code in [(None, 422, "title_missing"), ({"en": "Pets"}, 422, "title_missing"),
                                 ({"en": "Pets\ndata", "de": "Tiere"}, 422, "title_not_plain"),
                                 ({"en": "<i>Pets</i>", "de": "Tiere"}, 400, "html"),
                                 ({"en": "Pets\x07", "de": "Tiere"}, 400, "unprintable"),
                                 ({"en": "x" * 81, "de": "Tiere"}, 413, "too_long")]:
        reply = await editor.post("/intents", {**BODY, "titles": titles})
        found = await reply.json()
        assert (reply.status, found["code"]) == (status, code), titles
        assert found["error"]
        if status == 422:
            assert found["field"] == "title"
    assert await db_rows(studio_sqlite.database_url, "SELECT id FROM intents WHERE name = 'pet_questions'") == []
    await editor.close()


async def test_every_page_that_names_intents_gets_the_plain_name(studio):
    editor = await studio_user(studio, "clara", "comms_editor")
    assert (await editor.post("/intents", BODY)).status == 201
    for path in ("/intents/texts", "/inbox/texts", "/insights/texts"):
        reply = await editor.get(path)
        assert reply.status == 200, path
        served = (await reply.json())["intents"]
        assert served["pet_questions"] == TITLES, path
        assert served["greet"]["en"] == "Greeting", path  # ui.yml's names stay
    supervisor = await login(studio, "olga", "supervisor")
    async with supervisor.http.get(f"{studio.url}/console/api/texts") as reply:
        assert reply.status == 200
        assert (await reply.json())["intents"]["pet_questions"] == TITLES
    await supervisor.http.close(), await editor.close()
