"""bot/tracker_retention.py against a tracker store written by Rasa's own SQLTrackerStore."""
from __future__ import annotations

import asyncio
import sqlite3
import time

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import tracker_retention

DAY = 86400


@pytest.fixture
def store_url(tmp_path):
    """An SQLite tracker store with an old conversation (40 days) and a recent one (1 day)."""
    url = f"sqlite:///{tmp_path / 'rasa-tracker.sqlite3'}"
    store = SQLTrackerStore(Domain.empty(), host=url)
    now = time.time()
    for sender, age in (("old-conversation", 40), ("recent-conversation", 1)):
        tracker = DialogueStateTracker.from_events(sender, [
            UserUttered("hello", timestamp=now - age * DAY), SlotSet("language", "de", timestamp=now - age * DAY)])
        asyncio.run(store.save(tracker))
    store.engine.dispose()
    return url


def senders(url: str) -> set:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        return {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}


def test_purge_deletes_only_conversations_past_retention(store_url):
    assert senders(store_url) == {"old-conversation", "recent-conversation"}
    assert tracker_retention.purge(store_url, older_than_days=30) == 1
    assert senders(store_url) == {"recent-conversation"}
    assert tracker_retention.purge(store_url, older_than_days=30) == 0


def test_erase_deletes_one_conversation(store_url):
    assert tracker_retention.erase(store_url, "recent-conversation") is True
    assert senders(store_url) == {"old-conversation"}
    assert tracker_retention.erase(store_url, "recent-conversation") is False


def test_command_line_uses_tracker_store_url(store_url, monkeypatch, capsys):
    monkeypatch.setenv("TRACKER_STORE_URL", store_url)
    assert tracker_retention.main(["purge", "--days", "30"]) == 0
    assert "deleted 1 conversation(s)" in capsys.readouterr().out
    assert senders(store_url) == {"recent-conversation"}


def test_retention_must_be_positive(store_url):
    with pytest.raises(ValueError):
        tracker_retention.purge(store_url, older_than_days=0)


def test_purge_before_rasa_created_its_store_deletes_nothing(tmp_path):
    # make run starts the hourly purge next to Rasa, which creates the events table on its first start.
    assert tracker_retention.purge(f"sqlite:///{tmp_path / 'not-yet.sqlite3'}", 30) == 0
