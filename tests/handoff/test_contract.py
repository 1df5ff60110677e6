"""The front door's side of the shared contract (data/contract.json)."""
from __future__ import annotations

import json

import yaml

import contract
from contract import notice_code
from tests.conftest import ROOT
from tests.handoff.clients import Customer
from tests.handoff.conftest import db_rows


def test_the_front_doors_texts_hold_no_button_labels():
    phrases = yaml.safe_load((ROOT / "data" / "content" / "frontdoor.yml").read_text())["phrases"]
    assert not [key for key in phrases if key.startswith("button_")]
    assert contract.front_door_payloads() == {"/request_human": "request_human", "/callback": "callback",
                                              "/email": "email", "/continue_with_bot": "continue_with_bot"}


def test_every_reason_and_placeholder_has_a_label_in_both_languages():
    spec = contract.load()
    for labels in list(spec["handoff_reasons"]["labels"].values()) + [
            v for k, v in spec["redaction_kinds"].items() if not k.startswith("$")]:
        assert set(contract.languages()) <= set(labels)
    assert contract.redaction_label("IBAN", "de") == "[IBAN entfernt]"
    assert contract.redaction_label("SOMETHING_NEW", "en") == "[removed]"


def test_masking_covers_every_spelling():
    for typed in ("K7QX-4MPD-9TRA", "k7qx 4mpd 9tra", "K7QX4MPD9TRA", "ABCD-EFGH-JKMN"):
        assert notice_code.mask(f"code {typed} ok") == "code <NOTICE_CODE> ok"
    assert notice_code.mask("what does this mean") == "what does this mean"


async def test_a_code_typed_with_spaces_is_checked_by_the_bot_and_stored_masked(front_door_sqlite, rasa):
    customer = Customer(front_door_sqlite.url, "en")
    await customer.connect()
    await customer.say("my code is p7rw 3mxk 9dqa")
    _, answer = await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "bot")
    assert "health data" in answer["text"]  # the bot recognised and checked the real code
    stored = await db_rows(front_door_sqlite.settings.database_url,
                           "SELECT text FROM messages WHERE sender = 'customer'")
    assert stored == [{"text": "my code is <NOTICE_CODE>"}]
    await customer.close()


async def test_no_notice_code_reaches_rasas_tracker_in_clear(front_door_sqlite, rasa):
    customer = Customer(front_door_sqlite.url, "en")
    await customer.connect()
    await customer.say("here it is: P7RW-3MXK-9DQA")
    _, answer = await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "bot")
    assert "health data" in answer["text"]  # checked through the keyed hash
    conversation_id = (await db_rows(front_door_sqlite.settings.database_url, "SELECT id FROM conversations"))[0]["id"]
    tracker = json.dumps(rasa.tracker(conversation_id)).upper().replace("-", "").replace(" ", "")
    assert "P7RW3MXK9DQA" not in tracker
    assert notice_code.stand_in().replace("-", "") in tracker  # what Rasa saw instead
    await customer.close()


def test_every_studio_page_of_the_nav_is_a_route_for_known_roles_that_the_front_doors_checks_use():
    from aiohttp import web

    from handoff import pages as page_routes
    from handoff.agents.models import CONSOLE_ROLES, ROLES
    from handoff.inbox import decide, views as inbox_views
    from handoff.insights import READERS as insights_readers
    from handoff.intents import editing
    from handoff.studio import flow
    from handoff.suggestions import service as suggestions
    from handoff.training import queue

    pages = contract.load()["studio_pages"]["pages"]
    app = web.Application()
    page_routes.setup(app)
    inbox_views.setup(app)
    routes = {resource.canonical for resource in app.router.resources()}
    for entry in pages:
        assert entry["path"] in routes, entry
        assert set(entry["roles"]) and set(entry["roles"]) <= set(ROLES) - CONSOLE_ROLES | {"supervisor"}, entry
    checks = {"texts": flow.READERS, "intents": editing.READERS, "inbox": decide.READERS,
              "suggestions": suggestions.READERS, "insights": insights_readers, "models": queue.READERS}
    assert {entry["page"]: frozenset(entry["roles"]) for entry in pages} == checks
    assert editing.EDITORS < editing.READERS  # whoever may change examples may read them
