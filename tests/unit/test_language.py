"""The conversation language: from metadata at session start, switched on request."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.language import ActionSessionStart, ActionSwitchLanguage
from tests.unit.conftest import make_tracker, payloads, run_action, texts


def session_start(metadata, previous_slots=None):
    slots = {"session_started_metadata": metadata, "language": None, "notice_code_attempts": None}
    slots.update(previous_slots or {})
    tracker = Tracker("s", slots, {}, [], False, None, {}, "action_listen")
    return asyncio.run(ActionSessionStart().run(CollectingDispatcher(), tracker, {}))


@pytest.mark.parametrize("metadata, language", [
    ({"language": "de"}, "de"), ({"language": "de-AT"}, "de"), ({"language": "en_GB"}, "en"),
    ({"language": "tr"}, "en"), ({}, "en"), (None, "en"),
])
def test_session_language_comes_from_metadata(metadata, language):
    events = session_start(metadata)
    assert events[0]["event"] == "session_started"
    assert {"event": "slot", "name": "language", "value": language} in \
        [{key: event.get(key) for key in ("event", "name", "value")} for event in events]
    assert events[-1]["name"] == "action_listen"


def test_new_session_keeps_language_and_wrong_code_count_without_metadata():
    events = session_start({}, {"language": "de", "notice_code_attempts": 3.0})
    values = {event["name"]: event["value"] for event in events if event["event"] == "slot"}
    assert values == {"language": "de", "notice_code_attempts": 3.0}


@pytest.mark.parametrize("value, language, reply", [
    ("de", "de", "Gern, wir schreiben ab jetzt auf Deutsch."),
    ("en", "en", "Okay, we can continue in English."),
])
def test_switching_language(nordlicht, value, language, reply):
    entity = {"entity": "language", "value": value}
    messages, events = run_action(ActionSwitchLanguage(),
                                  make_tracker("switch_language", "en" if value == "de" else "de",
                                               entities=[entity]))
    assert texts(messages).startswith(reply)
    assert events[0]["name"] == "language" and events[0]["value"] == language


def test_unsupported_language_offers_the_two_we_have(nordlicht):
    entity = {"entity": "language", "value": "turkish"}
    messages, events = run_action(ActionSwitchLanguage(), make_tracker("switch_language", "de", entities=[entity]))
    assert "nur auf Deutsch und Englisch" in texts(messages)
    assert payloads(messages) == ['/switch_language{"language": "en"}', '/switch_language{"language": "de"}']
    assert events == []
