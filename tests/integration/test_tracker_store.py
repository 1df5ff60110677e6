"""Rasa's SQL tracker store: a conversation's slots and events survive ``kill -9`` of Rasa and a
restart, on SQLite (the embedded default) and on PostgreSQL (production)."""
from __future__ import annotations

import os
import secrets
import signal
from pathlib import Path
from typing import Iterator

import psycopg2
import pytest

from tests import servers

POSTGRES_ADMIN_DSN = os.environ.get("TEST_POSTGRES_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(params=["sqlite", "postgresql"])
def tracker_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty tracker store: an SQLite file, or a fresh database on the local PostgreSQL (skipped
    when unreachable, except with CI=true, where a missing PostgreSQL fails)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rasa-tracker.sqlite3'}"
        return
    try:
        admin = psycopg2.connect(POSTGRES_ADMIN_DSN, connect_timeout=5)
    except psycopg2.OperationalError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required with CI=true and not reachable at {POSTGRES_ADMIN_DSN}: {error}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_DSN}: {error}")
    admin.autocommit = True
    name = "rasa_tracker_" + secrets.token_hex(5)
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield f"{POSTGRES_ADMIN_DSN.rsplit('/', 1)[0]}/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def stored_senders(url: str) -> set:
    """The conversation ids that really are in the tracker store's ``events`` table."""
    if url.startswith("sqlite"):
        import sqlite3

        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    else:
        connection = psycopg2.connect(url)
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT DISTINCT sender_id FROM events")
        return {row[0] for row in cursor.fetchall()}
    finally:
        connection.close()


def test_conversation_survives_kill_9_and_restart(tracker_store_url, tmp_path):
    bot = servers.start_test_incident(tmp_path, {"TRACKER_STORE_URL": tracker_store_url})
    try:
        sender = "persist-" + secrets.token_hex(6)
        bot.say(sender, "hallo", "de")
        for wrong in ("AAAA-BBBB-CCCC", "DDDD-EEEE-FFFF"):
            bot.say(sender, f"my code is {wrong}")
        before = bot.tracker(sender)
        assert before["slots"]["language"] == "de"
        assert before["slots"]["notice_code_attempts"] == 2
        assert sender in stored_senders(tracker_store_url)

        rasa = bot.processes[1]
        os.kill(rasa.pid, signal.SIGKILL)
        assert rasa.wait(timeout=30) == -signal.SIGKILL  # really killed, not stopped cleanly
        assert not Path(f"/proc/{rasa.pid}").exists()
        restarted = bot.restart(1)
        assert restarted.pid != rasa.pid

        after = bot.tracker(sender)
        assert after["slots"]["language"] == "de"
        assert after["slots"]["notice_code_attempts"] == 2
        assert [(e["event"], e.get("timestamp")) for e in after["events"]] == \
            [(e["event"], e.get("timestamp")) for e in before["events"]]
        # The conversation goes on where it was: codes 3 and 4 leave tries, the 5th is the last.
        for wrong in ("GGGG-HHHH-JJJJ", "KKKK-MMMM-NNNN"):
            bot.say(sender, f"my code is {wrong}")
        assert bot.tracker(sender)["slots"]["notice_code_attempts"] == 4
        bot.say(sender, "my code is PPPP-QQQQ-RRRR")
        assert bot.tracker(sender)["slots"]["notice_code_attempts"] == 5
        assert bot.tracker(sender)["slots"]["language"] == "de"
    finally:
        bot.stop()
