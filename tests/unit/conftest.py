"""Fixtures for the action tests: a content store per incident, trackers built from dicts."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import common, config
from actions import notice_codes
from tests.conftest import FIXTURES, INCIDENTS


def use_incident(monkeypatch: pytest.MonkeyPatch, incident_id: str, codes_dir: Path) -> None:
    """Point the actions at ``incident_id`` and a notice-code folder, and drop cached settings."""
    monkeypatch.setenv("INCIDENT_ID", incident_id)
    monkeypatch.setenv("INCIDENTS_DIR", str(INCIDENTS[incident_id]))
    monkeypatch.setenv("NOTICE_CODES_DIR", str(codes_dir))
    config.settings.cache_clear()
    common.content.cache_clear()


@pytest.fixture(params=sorted(INCIDENTS))
def incident_id(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """Each incident in turn (the shipped one and the test one)."""
    use_incident(monkeypatch, request.param, tmp_path / "codes")
    yield request.param
    config.settings.cache_clear()
    common.content.cache_clear()


@pytest.fixture
def kiebitz(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """The test incident, with its notice codes hashed into a temporary folder."""
    codes_dir = tmp_path / "codes"
    use_incident(monkeypatch, "kiebitz-2026-09", codes_dir)
    status = notice_codes.main([
        "--incident", "kiebitz-2026-09", "--csv", str(FIXTURES / "notice_codes" / "kiebitz-2026-09.csv"),
        "--incidents-dir", str(INCIDENTS["kiebitz-2026-09"]), "--out", str(codes_dir / "kiebitz-2026-09.json"),
    ])
    assert status == 0
    yield "kiebitz-2026-09"
    config.settings.cache_clear()
    common.content.cache_clear()


@pytest.fixture
def nordlicht(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """The shipped incident (without notice codes)."""
    use_incident(monkeypatch, "nordlicht-2026-11", tmp_path / "codes")
    yield "nordlicht-2026-11"
    config.settings.cache_clear()
    common.content.cache_clear()


MORE = [{"entity": "detail", "value": "more"}]  # what the "More detail" button sends


def user_event(intent: str, confidence: float = 0.95, text: str = "...",
               ranking: Optional[List[Dict[str, Any]]] = None,
               entities: Iterable[Dict[str, Any]] = ()) -> Dict[str, Any]:
    """A ``user`` event as Rasa sends it to the action server."""
    return {
        "event": "user", "text": text,
        "parse_data": {
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
            "entities": list(entities), "text": text,
        },
    }


def make_tracker(intent: str = "greet", language: Optional[str] = "en", text: str = "...",
                 confidence: float = 0.95, ranking: Optional[List[Dict[str, Any]]] = None,
                 entities: Iterable[Dict[str, Any]] = (), history: Iterable[Dict[str, Any]] = (),
                 slots: Optional[Dict[str, Any]] = None) -> Tracker:
    """A tracker whose latest message has ``intent``, after the events in ``history``."""
    latest = user_event(intent, confidence, text, ranking, entities)
    all_slots = {"language": language, "notice_code_attempts": 0.0}
    all_slots.update(slots or {})
    return Tracker(
        sender_id="test-conversation", slots=all_slots, latest_message=latest["parse_data"] | {"text": text},
        events=[*history, latest], paused=False, followup_action=None, active_loop={},
        latest_action_name="action_listen",
    )


def run_action(action: Action, tracker: Tracker):
    """Run ``action``; return ``(messages sent, events returned)``."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def texts(messages: List[Dict[str, Any]]) -> str:
    """All message texts joined, for assertions on what the customer reads."""
    return "\n".join(message.get("text") or "" for message in messages)


def payloads(messages: List[Dict[str, Any]]) -> List[str]:
    """The payloads of every button in ``messages``."""
    return [button["payload"] for message in messages for button in message.get("buttons") or []]
